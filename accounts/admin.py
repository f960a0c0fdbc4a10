from django.contrib import admin

from . import cache
from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "timezone", "fluid_unit"]
    list_filter = ["fluid_unit"]
    search_fields = ["user__username", "display_name"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cache.invalidate(obj.user_id)  # the reports print the profile

    def delete_queryset(self, request, queryset):
        users = list(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        for user_id in users:
            cache.invalidate(user_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        cache.invalidate(obj.user_id)
