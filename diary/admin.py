from django.contrib import admin

from accounts import cache

from .models import (
    Alcohol,
    Caffeine,
    CheckIn,
    Episode,
    Exercise,
    Fluid,
    Medication,
    Onset,
    Sleep,
    Stress,
    SubmissionKey,
)


class EntryAdmin(admin.ModelAdmin):
    list_select_related = ["user"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # An entry never moves to another person's diary.
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    def delete_queryset(self, request, queryset):
        # "Delete selected" skips Entry.delete(): invalidate the owners' cached reports here.
        users = set(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        for user_id in users:
            cache.invalidate(user_id, status=queryset.model.affects_status)


@admin.register(Episode)
class EpisodeAdmin(EntryAdmin):
    list_display = ["started_at", "user", "side", "muscle", "intensity", "duration_seconds"]
    list_filter = ["side", "muscle", "activity", "intensity"]
    date_hierarchy = "started_at"


@admin.register(Caffeine)
class CaffeineAdmin(EntryAdmin):
    list_display = ["taken_at", "user", "mg", "source"]
    list_filter = ["source"]
    date_hierarchy = "taken_at"


@admin.register(Fluid)
class FluidAdmin(EntryAdmin):
    list_display = ["taken_at", "user", "ml", "drink"]
    list_filter = ["drink"]
    date_hierarchy = "taken_at"


@admin.register(Sleep)
class SleepAdmin(EntryAdmin):
    list_display = ["date", "user", "hours", "quality"]
    list_filter = ["quality"]
    date_hierarchy = "date"


@admin.register(Stress)
class StressAdmin(EntryAdmin):
    list_display = ["recorded_at", "user", "level", "note"]
    list_filter = ["level"]
    date_hierarchy = "recorded_at"


@admin.register(Exercise)
class ExerciseAdmin(EntryAdmin):
    list_display = ["started_at", "user", "minutes", "intensity", "kind"]
    list_filter = ["intensity"]
    date_hierarchy = "started_at"


@admin.register(Alcohol)
class AlcoholAdmin(EntryAdmin):
    list_display = ["taken_at", "user", "units"]
    date_hierarchy = "taken_at"


@admin.register(Medication)
class MedicationAdmin(EntryAdmin):
    list_display = [
        "name",
        "user",
        "kind",
        "category",
        "dose",
        "started_on",
        "stopped_on",
        "suspected",
    ]
    list_filter = ["kind", "category", "suspected"]
    search_fields = ["user__username", "name"]


@admin.register(CheckIn)
class CheckInAdmin(EntryAdmin):
    list_display = ["date", "user", "twitching", "note"]
    list_filter = ["twitching"]
    date_hierarchy = "date"


@admin.register(SubmissionKey)
class SubmissionKeyAdmin(admin.ModelAdmin):
    """Read-only: a key is the server's memory that a queued entry was already saved."""

    list_display = ["created_at", "user", "key", "result_url"]
    list_select_related = ["user"]
    search_fields = ["user__username", "key"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Onset)
class OnsetAdmin(admin.ModelAdmin):
    list_display = ["run_date", "user", "first_noticed", "dont_remember", "recorded_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "episode"]
    readonly_fields = ["recorded_at"]
    date_hierarchy = "run_date"

    def delete_queryset(self, request, queryset):
        # "Delete selected" skips the model's own invalidation: clear the owners' clocks here.
        users = set(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        for user_id in users:
            cache.invalidate(user_id)
