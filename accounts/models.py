import uuid
import zoneinfo
from functools import cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from twitchdiary.lib import clinical
from twitchdiary.lib.units import ML_PER_US_FL_OZ


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(
        tz
        for tz in zoneinfo.available_timezones()
        # Skip legacy aliases ("US/Eastern", "Etc/GMT+5") that only confuse a list.
        if "/" in tz and not tz.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [("UTC", "UTC")] + [(tz, tz.replace("_", " ")) for tz in names]


def push_configured() -> bool:
    """Web Push reminders need the host's VAPID key pair (README, Configuration)."""
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


class Profile(models.Model):
    class FluidUnit(models.TextChoices):
        ML = "ml", "Millilitres (ml)"
        US_FL_OZ = "floz", "US fluid ounces (fl oz)"

    class ReminderChannel(models.TextChoices):
        EMAIL = "email", "E-mail"
        PUSH = "push", "Web push notification on this device"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=100, blank=True)
    timezone = models.CharField("time zone", max_length=64, default="UTC")
    fluid_unit = models.CharField(max_length=4, choices=FluidUnit.choices, default=FluidUnit.ML)
    date_of_birth = models.DateField(null=True, blank=True)

    # One-tap presets (typical caffeine per serving; editable, since drinks vary).
    coffee_mg = models.PositiveSmallIntegerField("coffee (mg per cup)", default=95)
    espresso_mg = models.PositiveSmallIntegerField("espresso (mg per shot)", default=63)
    tea_mg = models.PositiveSmallIntegerField("black tea (mg per cup)", default=47)
    energy_drink_mg = models.PositiveSmallIntegerField("energy drink (mg per can)", default=80)
    cola_mg = models.PositiveSmallIntegerField("cola (mg per can)", default=34)
    glass_ml = models.PositiveSmallIntegerField("a glass (ml)", default=250)
    bottle_ml = models.PositiveSmallIntegerField("a bottle (ml)", default=500)

    # A daily reminder at this local wall-clock time (empty: off); see reminders/.
    reminder_time = models.TimeField("daily reminder", null=True, blank=True)
    reminder_channel = models.CharField(
        max_length=8, choices=ReminderChannel.choices, default=ReminderChannel.EMAIL
    )

    # Printed on the doctor report.
    visit_questions = models.TextField(
        "questions for your doctor", blank=True, max_length=clinical.MAX_VISIT_QUESTIONS_CHARS
    )

    # The versions in every cache key; accounts.cache owns them and bumps them.
    # Bumped on every change to the diary (or to what its reports print).
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Bumped only by changes the dashboard's persistence clock and flags depend on
    # (episodes, check-ins, medicines), so logging a coffee leaves them cached.
    status_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Names this account in cache keys: ids can be reused after an account is deleted.
    cache_token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    # Bumped by "log out everywhere": sessions signed in under an older value end.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        indexes = [
            # The reminder pass reads (zone, time) pairs of people who asked for one.
            models.Index(
                fields=["timezone", "reminder_time"],
                name="profile_reminder_due",
                condition=Q(reminder_time__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(coffee_mg__lte=1000, espresso_mg__lte=1000, tea_mg__lte=1000)
                & Q(energy_drink_mg__lte=1000, cola_mg__lte=1000),
                name="profile_caffeine_presets_max",
            ),
            models.CheckConstraint(
                condition=Q(glass_ml__gte=1, glass_ml__lte=5000, bottle_ml__gte=1)
                & Q(bottle_ml__lte=5000),
                name="profile_fluid_presets_range",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    Length("visit_questions"), clinical.MAX_VISIT_QUESTIONS_CHARS
                ),
                name="profile_visit_questions_max_length",
            ),
        ]

    def __str__(self):
        return self.display_name or self.user.get_username()

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def caffeine_presets(self) -> list[tuple[str, str, int]]:
        """(key, label, mg) for the one-tap caffeine buttons; key is also the source."""
        return [
            ("coffee", "Coffee", self.coffee_mg),
            ("espresso", "Espresso", self.espresso_mg),
            ("tea", "Tea", self.tea_mg),
            ("energy_drink", "Energy drink", self.energy_drink_mg),
            ("soda", "Cola", self.cola_mg),
        ]

    def fluid_presets(self) -> list[tuple[str, str, int]]:
        return [("glass", "Glass", self.glass_ml), ("bottle", "Bottle", self.bottle_ml)]

    def format_fluid(self, ml: int | None) -> str:
        if ml is None:
            return "–"
        if self.fluid_unit == self.FluidUnit.US_FL_OZ:
            return f"{ml / ML_PER_US_FL_OZ:.1f} fl oz"
        return f"{ml} ml"


class CachedPage(models.Model):
    """One rendered piece of a person's reports (HTML, a chart, a small value).

    Kept in the database, per person, rather than in a shared cache: deleting an
    account deletes every rendered copy of its health data with it (CASCADE), and
    accounts.cache.invalidate deletes a person's rows after every edit. Every
    worker process shares it, on SQLite and PostgreSQL alike.
    """

    # The (user, key) unique index also serves queries by user alone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=80)
    value = models.BinaryField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="cachedpage_user_key_unique")
        ]

    def __str__(self):
        return f"{self.key} of user {self.user_id}"
