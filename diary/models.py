"""The diary: every row belongs to one user and is indexed by (user, time).

Times are stored in UTC; the user's local date is derived with their profile
time zone when needed (so changing time zone never leaves stale dates behind).
Queries order explicitly with order_by(); no model sets Meta.ordering.
Saving or deleting an entry calls accounts.cache.invalidate, so no cached report
or status shows the old diary; code that writes in bulk (bulk_create,
queryset.update/delete) must call it itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse

from accounts import cache
from twitchdiary.lib import clinical


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class Muscle(models.TextChoices):
    QUADRICEPS = "quadriceps", "Front of thigh (quadriceps)"
    HAMSTRING = "hamstring", "Back of thigh (hamstring)"
    CALF = "calf", "Calf"
    KNEECAP = "kneecap", "Around the kneecap"
    SHIN = "shin", "Shin"
    OTHER = "other", "Other"


class Activity(models.TextChoices):
    RESTING = "resting", "Resting"
    SITTING = "sitting", "Sitting"
    STANDING = "standing", "Standing"
    WALKING = "walking", "Walking"
    EXERCISING = "exercising", "Exercising"
    AFTER_EXERCISE = "after_exercise", "After exercise"
    LYING_IN_BED = "lying_in_bed", "Lying in bed"


class Entry(models.Model):
    """What every kind of diary entry shares."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The field that places the entry in time (a datetime or a date).
    time_field: str = ""
    # The URL segment of this kind's pages: /<url_slug>/...
    url_slug: str = ""
    # Whether the persistence clock and GP flags read this kind (see accounts.cache).
    affects_status = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.invalidate(self.user_id, status=self.affects_status)

    def get_absolute_url(self):
        return reverse(f"diary:{self.url_slug}-edit", args=[self.pk])

    def get_delete_url(self):
        return reverse(f"diary:{self.url_slug}-delete", args=[self.pk])

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.invalidate(self.user_id, status=self.affects_status)
        return result

    @property
    def when(self):
        return getattr(self, self.time_field)


class Episode(Entry):
    started_at = models.DateTimeField("started at")
    # Blank only for a one-tap "Twitch now" entry whose details are still to come.
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    muscle = models.CharField("muscle or area", max_length=10, choices=Muscle.choices, blank=True)
    duration_seconds = models.PositiveIntegerField("duration (seconds)", null=True, blank=True)
    intensity = models.PositiveSmallIntegerField(null=True, blank=True)
    twitch_count = models.PositiveIntegerField("number of twitches", null=True, blank=True)
    symptoms = models.JSONField(default=list, blank=True)
    activity = models.CharField(
        "what you were doing", max_length=16, choices=Activity.choices, blank=True
    )
    notes = models.TextField(blank=True, max_length=clinical.MAX_EPISODE_NOTES_CHARS)

    time_field = "started_at"
    url_slug = "episodes"
    affects_status = True

    class Meta:
        indexes = [models.Index(fields=["user", "started_at"], name="episode_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(intensity__isnull=True) | Q(intensity__gte=1, intensity__lte=10),
                name="episode_intensity_1_10",
            ),
            models.CheckConstraint(
                condition=Q(duration_seconds__isnull=True)
                | Q(duration_seconds__lte=clinical.MAX_EPISODE_DURATION_SECONDS),
                name="episode_duration_max_one_day",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("notes"), clinical.MAX_EPISODE_NOTES_CHARS),
                name="episode_notes_max_length",
            ),
        ]

    def __str__(self):
        return f"Episode at {self.started_at:%Y-%m-%d %H:%M} UTC"

    @property
    def site(self) -> str:
        """Side and muscle together, e.g. "Left calf"; "" while not yet said."""
        if not (self.side or self.muscle):
            return ""
        parts = [self.get_side_display(), self.get_muscle_display().split(" (")[0].lower()]
        return " ".join(p for p in parts if p).capitalize()

    @property
    def needs_details(self) -> bool:
        return not (self.side and self.muscle and self.intensity)

    @property
    def symptom_labels(self) -> list[str]:
        return [
            clinical.SYMPTOMS_BY_CODE[c].label
            for c in self.symptoms
            if c in clinical.SYMPTOMS_BY_CODE
        ]

    @property
    def level(self) -> clinical.Level:
        return clinical.symptom_level(self.symptoms)

    @property
    def level_message(self) -> str:
        return clinical.LEVEL_MESSAGES.get(self.level, "")

    @property
    def flagged_symptom_labels(self) -> list[str]:
        """Labels of the ticked symptoms that carry an urgency level."""
        return [
            clinical.SYMPTOMS_BY_CODE[c].label
            for c in self.symptoms
            if c in clinical.SYMPTOMS_BY_CODE and clinical.SYMPTOMS_BY_CODE[c].level
        ]


class Caffeine(Entry):
    class Source(models.TextChoices):
        COFFEE = "coffee", "Coffee"
        ESPRESSO = "espresso", "Espresso"
        TEA = "tea", "Tea"
        ENERGY_DRINK = "energy_drink", "Energy drink"
        SODA = "soda", "Soda / cola"
        PRE_WORKOUT = "pre_workout", "Pre-workout"
        MEDICINE = "medicine", "Medicine"
        OTHER = "other", "Other"

    taken_at = models.DateTimeField("time")
    mg = models.PositiveIntegerField("caffeine (mg)")
    source = models.CharField(max_length=12, choices=Source.choices)

    time_field = "taken_at"
    url_slug = "caffeine"

    class Meta:
        verbose_name = "caffeine entry"
        verbose_name_plural = "caffeine entries"
        indexes = [models.Index(fields=["user", "taken_at"], name="caffeine_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(mg__lte=clinical.MAX_CAFFEINE_MG_PER_ENTRY),
                name="caffeine_mg_max",
            ),
        ]

    def __str__(self):
        return f"{self.mg} mg caffeine ({self.get_source_display()})"


class Fluid(Entry):
    class Drink(models.TextChoices):
        WATER = "water", "Water"
        ELECTROLYTE = "electrolyte", "Electrolyte drink"
        OTHER = "other", "Other"

    taken_at = models.DateTimeField("time")
    ml = models.PositiveIntegerField("amount (ml)")
    drink = models.CharField(max_length=12, choices=Drink.choices, default=Drink.WATER)

    time_field = "taken_at"
    url_slug = "fluids"

    class Meta:
        verbose_name = "fluid entry"
        verbose_name_plural = "fluid entries"
        indexes = [models.Index(fields=["user", "taken_at"], name="fluid_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ml__gte=1, ml__lte=clinical.MAX_FLUID_ML_PER_ENTRY),
                name="fluid_ml_range",
            ),
        ]

    def __str__(self):
        return f"{self.ml} ml {self.get_drink_display().lower()}"


class Sleep(Entry):
    date = models.DateField("date woken up")
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    quality = models.PositiveSmallIntegerField()

    time_field = "date"
    url_slug = "sleep"

    class Meta:
        verbose_name = "night's sleep"
        verbose_name_plural = "sleep"
        indexes = [models.Index(fields=["user", "date"], name="sleep_user_date")]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="sleep_one_per_day"),
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=clinical.MAX_SLEEP_HOURS),
                name="sleep_hours_0_24",
            ),
            models.CheckConstraint(
                condition=Q(quality__gte=1, quality__lte=5), name="sleep_quality_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.hours.normalize():f} h sleep, quality {self.quality}/5"


class Stress(Entry):
    recorded_at = models.DateTimeField("time")
    level = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=500, blank=True)

    time_field = "recorded_at"
    url_slug = "stress"

    class Meta:
        verbose_name = "stress entry"
        verbose_name_plural = "stress entries"
        indexes = [models.Index(fields=["user", "recorded_at"], name="stress_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="stress_level_1_5"
            ),
        ]

    def __str__(self):
        return f"Stress {self.level}/5"


class Exercise(Entry):
    class Intensity(models.TextChoices):
        LIGHT = "light", "Light"
        MODERATE = "moderate", "Moderate"
        VIGOROUS = "vigorous", "Vigorous"

    started_at = models.DateTimeField("started at")
    minutes = models.PositiveIntegerField()
    intensity = models.CharField(max_length=8, choices=Intensity.choices)
    kind = models.CharField("kind of exercise", max_length=100, blank=True)

    time_field = "started_at"
    url_slug = "exercise"

    class Meta:
        verbose_name = "exercise or exertion"
        verbose_name_plural = "exercise"
        indexes = [models.Index(fields=["user", "started_at"], name="exercise_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=clinical.MAX_EXERCISE_MINUTES),
                name="exercise_minutes_range",
            ),
        ]

    def __str__(self):
        kind = f" {self.kind}" if self.kind else ""
        return f"{self.minutes} min {self.get_intensity_display().lower()}{kind}"


class Alcohol(Entry):
    taken_at = models.DateTimeField("time")
    units = models.DecimalField(max_digits=4, decimal_places=1)

    time_field = "taken_at"
    url_slug = "alcohol"

    class Meta:
        verbose_name = "alcohol entry"
        verbose_name_plural = "alcohol entries"
        indexes = [models.Index(fields=["user", "taken_at"], name="alcohol_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(units__gt=0, units__lte=clinical.MAX_ALCOHOL_UNITS_PER_ENTRY),
                name="alcohol_units_range",
            ),
        ]

    def __str__(self):
        return f"{self.units} units of alcohol"


class Medication(Entry):
    class Kind(models.TextChoices):
        MEDICINE = "medicine", "Medicine"
        SUPPLEMENT = "supplement", "Supplement"

    class Category(models.TextChoices):
        DIURETIC = "diuretic", "Diuretic (water tablet)"
        CORTICOSTEROID = "corticosteroid", "Corticosteroid"
        ESTROGEN = "estrogen", "Estrogen"
        STIMULANT = "stimulant", "Stimulant (incl. ADHD medicines)"
        STATIN = "statin", "Statin"
        PSYCHIATRIC = "psychiatric", "Psychiatric medicine"
        MAGNESIUM = "magnesium", "Magnesium"
        POTASSIUM = "potassium", "Potassium"
        CALCIUM = "calcium", "Calcium"
        VITAMIN_D = "vitamin_d", "Vitamin D"
        VITAMIN_B = "vitamin_b", "Vitamin B (B6, B12)"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    category = models.CharField("class", max_length=14, choices=Category.choices)
    dose = models.CharField(max_length=100, blank=True)
    started_on = models.DateField("start date")
    stopped_on = models.DateField("stop date", null=True, blank=True)
    suspected = models.BooleanField("I suspect this one", default=False)

    time_field = "started_on"
    url_slug = "medications"
    affects_status = True

    class Meta:
        verbose_name = "medicine or supplement"
        verbose_name_plural = "medicines and supplements"
        indexes = [models.Index(fields=["user", "started_on"], name="medication_user_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True) | Q(stopped_on__gte=models.F("started_on")),
                name="medication_stop_after_start",
            ),
        ]

    def __str__(self):
        return self.name


class CheckIn(Entry):
    date = models.DateField()
    twitching = models.BooleanField("any twitching today?")
    note = models.CharField(max_length=500, blank=True)

    time_field = "date"
    url_slug = "checkins"
    affects_status = True

    class Meta:
        verbose_name = "daily check-in"
        indexes = [models.Index(fields=["user", "date"], name="checkin_user_date")]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="checkin_one_per_day"),
        ]

    def __str__(self):
        return "Check-in: twitching today" if self.twitching else "Check-in: no twitching today"


class SubmissionKey(models.Model):
    """A one-tap log or entry form sent with an idempotency key (by the phone's offline queue).

    The key is unique across all users, not only per user: a key sent again by the same
    person replays the first result, and one sent by anybody else is refused without
    creating anything (see diary.idempotency).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Where the first request sent the person (the saved entry, or the page they came from).
    result_url = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"], name="submissionkey_user_time")]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="submissionkey_key_unique"),
        ]

    def __str__(self):
        return f"Submission {self.key}"


class Onset(models.Model):
    """When the person recalls first noticing the twitching of a run (clinical rules §3,
    "Onset before the diary").

    Asked with the twitch that starts a run, and changeable later. The newest answer
    (by ``run_date``, then ``recorded_at``) is the one that applies: a later run's
    answer replaces an earlier run's. "I don't remember" is an answer too, and
    leaves the run to start on its first logged date.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    # The local date of the twitch the answer was given with (or the day it was changed).
    run_date = models.DateField()
    first_noticed = models.DateField("first noticed", null=True, blank=True)
    dont_remember = models.BooleanField("I don't remember", default=False)
    # Kept if that twitch is deleted: the recollection is still the person's answer.
    episode = models.ForeignKey(Episode, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "run_date"], name="onset_user_run")]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_noticed__isnull=False) | Q(dont_remember=True),
                name="onset_date_or_dont_remember",
            ),
            models.CheckConstraint(
                condition=Q(first_noticed__isnull=True)
                | Q(first_noticed__lte=models.F("run_date")),
                name="onset_not_after_its_run",
            ),
        ]

    def __str__(self):
        if self.first_noticed is None:
            return "First noticed: not remembered"
        return f"First noticed on {self.first_noticed:%d %b %Y}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.invalidate(self.user_id)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.invalidate(self.user_id)
        return result

    @classmethod
    def current(cls, user, *, until) -> "Onset | None":
        """The answer that applies on local date ``until``: the newest one. One query."""
        return (
            cls.objects.filter(user=user, run_date__lte=until)
            .order_by("-run_date", "-recorded_at", "-pk")
            .first()
        )
