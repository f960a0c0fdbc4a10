"""Forms for every kind of diary entry.

Validation lives here (crispy-forms only lays out). Every limit comes from
twitchdiary.lib.clinical so the numbers are reviewed in one place; the date and
time widgets shared with other apps live in twitchdiary.lib.forms.
"""

import contextlib
import copy
import datetime as dt
from decimal import ROUND_DOWN, Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import construct_instance
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from twitchdiary.lib import clinical
from twitchdiary.lib.dates import FIRST_DAY, LAST_DAY, day_bounds
from twitchdiary.lib.forms import (
    DATETIME_LOCAL_FORMAT,
    DateInput,
    DateTimeLocalInput,
    DecimalTextField,
    DurationTextField,
    HoursTextField,
    IntegerTextField,
    LocalDateTimeField,
    TimeInput,
)
from twitchdiary.lib.units import ML_PER_US_FL_OZ, hours_between

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
)
from .onset import ASK_FIRST_ONSET, ASK_NEW_RUN_ONSET, has_twitched, starts_run

# A restored backup (restoring=True) skips the "not in the future" rule, because it brings back
# what the diary held; this range only keeps out dates that no diary holds and that some
# databases cannot store (year 1 in UTC+5).
RESTORE_YEARS = range(1900, 2101)


def local_now() -> dt.datetime:
    """Now, in the active (the user's) time zone, to the minute."""
    return timezone.localtime().replace(second=0, microsecond=0)


class EntryForm(forms.ModelForm):
    """Base form: the user comes from the view, never from the POST data.

    restoring=True is the backup import's form: the same fields and rules, except that dates
    may be in the future (within RESTORE_YEARS), and a "Twitch now" episode may lack details.
    """

    # Fields that must not be in the future (datetime or date).
    not_future: tuple[str, ...] = ()
    submit_label = "Save"

    def __init__(self, *args, user, restoring=False, **kwargs):
        self.user = user
        self.restoring = restoring
        super().__init__(*args, **kwargs)
        self.instance.user = user
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", self.submit_label))
        for name, field in list(self.fields.items()):
            if isinstance(field, forms.DateTimeField):
                self.fields[name] = field = LocalDateTimeField(
                    label=field.label,
                    required=field.required,
                    help_text=field.help_text,
                    widget=DateTimeLocalInput(),
                    input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
                )
                if not self.is_bound and not self.instance.pk and name not in self.initial:
                    self.initial[name] = local_now()
            elif isinstance(field, forms.DateField):
                field.widget = DateInput()
                if not self.is_bound and not self.instance.pk and field.required:
                    self.initial.setdefault(name, timezone.localdate())

    def for_another_row(self, data) -> "EntryForm":
        """This restoring form, bound to another row of a backup.

        A backup holds tens of thousands of rows and building a form (its fields copied,
        widgets and validators set up) costs more than checking one: the import builds one
        form per kind and binds each row to a copy that shares its fields.
        """
        assert self.restoring
        form = copy.copy(self)
        form.data = data
        form.is_bound = True
        form._errors = None
        form._bound_fields_cache = {}
        form.instance = self._meta.model(user=self.user)
        return form

    def _post_clean(self):
        if not self.restoring:
            return super()._post_clean()
        # The model's check constraints repeat the fields' validators, and checking them here
        # costs a query per constraint and row; the database still enforces them on insert.
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
            self.instance.full_clean(
                exclude=self._get_validation_exclusions(),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self._update_errors(error)

    def clean(self):
        cleaned = super().clean()
        if self.restoring:
            self._check_restore_years(cleaned)
        else:
            self._check_not_future(cleaned)
        return cleaned

    def _check_restore_years(self, cleaned):
        for name, value in list(cleaned.items()):
            if isinstance(value, dt.date) and value.year not in RESTORE_YEARS:
                self.add_error(
                    name,
                    forms.ValidationError(
                        f"Enter a date between {RESTORE_YEARS[0]} and {RESTORE_YEARS[-1]}.",
                        code="out_of_range",
                    ),
                )

    def _check_not_future(self, cleaned):
        for name in self.not_future:
            value = cleaned.get(name)
            if value is None:
                continue
            # A time must fall on a local day from FIRST_DAY, and also its instant: 00:00 UTC
            # on that day is the first moment a backup can hold, whatever the time zone.
            day = value.date() if isinstance(value, dt.datetime) else value
            if day < FIRST_DAY:
                self.add_error(
                    name,
                    forms.ValidationError(
                        f"Enter a date from {FIRST_DAY.year} onwards.", code="too_early"
                    ),
                )
            elif day == FIRST_DAY and _before_first_moment(value):
                self.add_error(name, _before_first_moment(value))
            elif isinstance(value, dt.datetime):
                if value > timezone.now() + clinical.FUTURE_TOLERANCE:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            "This time is in the future. Log things once they have happened.",
                            code="future",
                        ),
                    )
            elif value > timezone.localdate():
                self.add_error(
                    name, forms.ValidationError("This date is in the future.", code="future")
                )


def _before_first_moment(value) -> forms.ValidationError | None:
    """The error for a time on the first local day whose instant is still before it in UTC
    (a zone ahead of UTC); None for a date or a later time."""
    if not isinstance(value, dt.datetime) or value.astimezone(dt.UTC).date() >= FIRST_DAY:
        return None
    first = dt.datetime.combine(FIRST_DAY, dt.time.min, tzinfo=dt.UTC)
    local_first = timezone.localtime(first, value.tzinfo)
    return forms.ValidationError(
        f"Enter a time from {local_first:%d %b %Y, %H:%M} onwards: the diary starts at "
        f"midnight on 1 January {FIRST_DAY.year}, UTC.",
        code="too_early",
    )


class SymptomsField(forms.MultipleChoiceField):
    """Symptom codes from the list, each at most once (a repeated code counts once)."""

    def clean(self, value):
        return list(dict.fromkeys(super().clean(value)))


def episodes_on(user, day: dt.date):
    """The user's episodes on a local day (in the active time zone)."""
    start, end = day_bounds(day, timezone.get_current_timezone())
    return Episode.objects.filter(user=user, started_at__gte=start, started_at__lt=end)


def _int_field(form_field, low, high, message):
    """Tighten a model's integer form field with a clear range message."""
    form_field.validators += [
        MinValueValidator(low, message=message),
        MaxValueValidator(high, message=message),
    ]


class EpisodeForm(EntryForm):
    symptoms = SymptomsField(
        choices=clinical.SYMPTOM_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Did anything come with it?",
    )
    # Shown only when the episode falls on a day checked in as "no twitching" (see clean()).
    change_checkin = forms.BooleanField(
        required=False,
        label="Change that day's check-in to 'twitching'",
        widget=forms.HiddenInput,
    )
    # The recalled onset (clinical rules §3, "Onset before the diary"): shown with a twitch
    # that starts a run, accepted always, stored only when the twitch does start one.
    first_noticed = forms.DateField(
        required=False,
        widget=DateInput(),
        label=ASK_NEW_RUN_ONSET,
        help_text="Leave the twitch's own date if it is new; your best guess if it has "
        "been going on for a while.",
    )
    dont_remember = forms.BooleanField(required=False, label="I don't remember")
    not_future = ("started_at",)

    class Meta:
        model = Episode
        fields = [
            "started_at",
            "side",
            "muscle",
            "duration_seconds",
            "intensity",
            "twitch_count",
            "symptoms",
            "activity",
            "notes",
        ]
        field_classes = {
            "duration_seconds": DurationTextField,
            "intensity": IntegerTextField,
            "twitch_count": IntegerTextField,
        }
        labels = {"duration_seconds": "Duration"}
        help_texts = {
            "duration_seconds": "Roughly how long it lasted, e.g. 30 s, 1:30, 2 min.",
            "intensity": "1 is barely noticeable, 10 is the strongest you can imagine.",
            "twitch_count": "Optional: how many twitches, if you counted.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A "Twitch now" tap saves an episode without these; a restored backup may hold one.
        for name in ("side", "muscle", "intensity"):
            self.fields[name].required = not self.restoring
        self.fields["side"].choices = [("", "Choose…")] + list(self.fields["side"].choices)[1:]
        self.fields["muscle"].choices = [("", "Choose…")] + list(self.fields["muscle"].choices)[1:]
        self.fields["activity"].choices = [("", "Not said")] + list(
            self.fields["activity"].choices
        )[1:]
        self.fields["notes"].widget.attrs["rows"] = 2
        # The model's limit; the message says how to fix it (nothing is ever cut short).
        self.fields["notes"].error_messages["max_length"] = (
            f"Notes can be at most {clinical.MAX_EPISODE_NOTES_CHARS:,} characters "
            "(these have %(show_value)d). Shorten them to save."
        )
        _int_field(self.fields["intensity"], 1, 10, "Intensity is a number from 1 to 10.")
        _int_field(
            self.fields["duration_seconds"],
            1,
            clinical.MAX_EPISODE_DURATION_SECONDS,
            "Enter a duration from 1 second to 24 hours (86,400 seconds).",
        )
        _int_field(
            self.fields["twitch_count"],
            1,
            clinical.MAX_TWITCH_COUNT,
            f"Enter a count from 1 to {clinical.MAX_TWITCH_COUNT:,}.",
        )
        self.checkin_to_flip = None
        self._ask_onset()

    def _ask_onset(self):
        """Show the onset question only with a twitch that would start a run.

        A bound form without an answer, or one without a person (the import's field
        list), skips the question and its queries.
        """
        answered = self.is_bound and any(
            self.data.get(self.add_prefix(name)) for name in ("first_noticed", "dont_remember")
        )
        self.starts_run = False
        day = self._episode_day(self.data.get(self.add_prefix("started_at")))
        if self.user is not None and (answered or not self.is_bound):
            self.starts_run = FIRST_DAY < day < LAST_DAY and starts_run(
                self.user, day, exclude=self.instance.pk
            )
        if not (self.starts_run or (answered and self.user is not None)):
            del self.fields["first_noticed"], self.fields["dont_remember"]
            return
        self.order_fields(["started_at", "first_noticed", "dont_remember"])
        if not has_twitched(self.user, exclude=self.instance.pk):
            self.fields["first_noticed"].label = ASK_FIRST_ONSET
        given = self.instance.pk and self.instance.onset_set.order_by("-recorded_at").first()
        if given:
            self.initial.setdefault("first_noticed", given.first_noticed)
            self.initial.setdefault("dont_remember", given.dont_remember)
        else:
            self.initial.setdefault("first_noticed", day)  # "today": new, by default

    def _episode_day(self, raw) -> dt.date:
        """The twitch's local date: the posted one when it parses, else as shown."""
        if raw:
            with contextlib.suppress(forms.ValidationError, ValueError, TypeError, OverflowError):
                value = self.fields["started_at"].clean(raw)
                if value is not None:
                    return timezone.localtime(value).date()
        if self.instance.started_at:
            return timezone.localtime(self.instance.started_at).date()
        return local_now().date()

    def clean(self):
        cleaned = super().clean()
        self._clean_onset(cleaned)
        self._clean_agreement(cleaned)
        return cleaned

    def _clean_onset(self, cleaned):
        if "first_noticed" not in self.fields:
            return
        started_at = cleaned.get("started_at")
        day = timezone.localtime(started_at).date() if started_at else None
        if day is not None and FIRST_DAY < day < LAST_DAY:
            self.starts_run = starts_run(self.user, day, exclude=self.instance.pk)
        noticed = cleaned.get("first_noticed")
        if noticed is None or cleaned.get("dont_remember"):
            return
        if noticed < FIRST_DAY:
            self.add_error(
                "first_noticed",
                forms.ValidationError(
                    f"Enter a date from {FIRST_DAY.year} onwards.", code="too_early"
                ),
            )
        elif noticed > timezone.localdate():
            self.add_error(
                "first_noticed",
                forms.ValidationError(
                    "This date is in the future. Enter the day you first noticed the "
                    "twitching, today or earlier.",
                    code="future",
                ),
            )
        elif day is not None and noticed > day:
            self.add_error(
                "first_noticed",
                forms.ValidationError(
                    f"This is after the twitch you are logging ({day:%d %b %Y}). Enter the "
                    "day you first noticed the twitching, on or before it.",
                    code="after_episode",
                ),
            )

    def _clean_agreement(self, cleaned):
        """A twitch on a day checked in as "no twitching": offer to change that check-in."""
        started = cleaned.get("started_at")
        # A restored backup brings back what the diary held (and would cost a query a row).
        if self.restoring or started is None or "started_at" in self.errors:
            return
        day = timezone.localtime(started).date()
        checkin = CheckIn.objects.filter(user=self.user, date=day, twitching=False).first()
        if checkin is None:
            return
        if cleaned.get("change_checkin"):
            self.checkin_to_flip = checkin
            return
        # Offer the fix in place: the tick box appears next to this message.
        self.fields["change_checkin"].widget = forms.CheckboxInput()
        self.add_error(
            "started_at",
            forms.ValidationError(
                format_html(
                    "On {} you checked in with “no twitching”. Tick “Change that day's "
                    "check-in to 'twitching'” below to save this twitch, "
                    'or <a href="{}">edit that check-in</a>.',
                    day.strftime("%d %b %Y"),
                    checkin.get_absolute_url(),
                ),
                code="contradicts_checkin",
            ),
        )

    def save(self, commit=True):
        episode = super().save(commit=commit)
        if commit:
            if self.checkin_to_flip is not None:
                self.checkin_to_flip.twitching = True
                self.checkin_to_flip.save(update_fields=["twitching", "updated_at"])
            self.save_onset(episode)
        return episode

    def save_onset(self, episode):
        """Store the answer when this twitch starts a run (one answer per twitch)."""
        if "first_noticed" not in self.fields or not self.starts_run:
            return
        dont_remember = bool(self.cleaned_data.get("dont_remember"))
        noticed = None if dont_remember else self.cleaned_data.get("first_noticed")
        if noticed is None and not dont_remember:
            return
        Onset.objects.update_or_create(
            user=self.user,
            episode=episode,
            defaults={
                "run_date": timezone.localtime(episode.started_at).date(),
                "first_noticed": noticed,
                "dont_remember": dont_remember,
            },
        )


class CaffeineForm(EntryForm):
    not_future = ("taken_at",)

    class Meta:
        model = Caffeine
        fields = ["taken_at", "mg", "source"]
        field_classes = {"mg": IntegerTextField}
        help_texts = {"mg": "A cup of coffee has about 95 mg, an espresso about 63 mg."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _int_field(
            self.fields["mg"],
            1,
            clinical.MAX_CAFFEINE_MG_PER_ENTRY,
            f"Enter an amount from 1 to {clinical.MAX_CAFFEINE_MG_PER_ENTRY:,} mg. "
            "For several drinks, log each one.",
        )
        self.fields["mg"].unit = "mg"


class FluidForm(EntryForm):
    """Amount in ml; people who chose US fl oz type fluid ounces in `floz` instead."""

    floz = DecimalTextField(
        label="Amount (US fl oz)",
        required=False,
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0.1"),
        # Rounded down, so that the largest amount accepted stays within the ml limit.
        max_value=(
            Decimal(clinical.MAX_FLUID_ML_PER_ENTRY) / Decimal(str(ML_PER_US_FL_OZ))
        ).quantize(Decimal("0.1"), rounding=ROUND_DOWN),
    )
    not_future = ("taken_at",)

    class Meta:
        model = Fluid
        fields = ["taken_at", "ml", "floz", "drink"]
        field_classes = {"ml": IntegerTextField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _int_field(
            self.fields["ml"],
            1,
            clinical.MAX_FLUID_ML_PER_ENTRY,
            f"Enter an amount from 1 to {clinical.MAX_FLUID_ML_PER_ENTRY:,} ml (5 litres). "
            "For more, log each drink.",
        )
        self.fields["ml"].unit = "ml"
        profile = getattr(self.user, "profile", None)
        # A backup holds millilitres, whatever unit the person reads in.
        self.uses_floz = bool(profile and profile.fluid_unit == "floz") and not self.restoring
        if self.uses_floz:
            self.fields["ml"].required = False
            self.fields["ml"].widget = forms.HiddenInput()
            ml = self.instance.ml if self.instance.pk else self.initial.get("ml")
            if ml and not self.is_bound and "floz" not in self.initial:
                with contextlib.suppress(ValueError):
                    self.initial["floz"] = round(float(ml) / ML_PER_US_FL_OZ, 1)
        else:
            del self.fields["floz"]

    def clean(self):
        cleaned = super().clean()
        if self.uses_floz and cleaned.get("floz") is not None:
            cleaned["ml"] = round(float(cleaned["floz"]) * ML_PER_US_FL_OZ)
            self.instance.ml = cleaned["ml"]
        elif self.uses_floz and cleaned.get("ml") is None and "floz" not in self.errors:
            self.add_error("floz", forms.ValidationError("Enter an amount.", code="required"))
        return cleaned


class OnePerDayForm(EntryForm):
    """A kind logged at most once a day (sleep, check-in): its `date` must be free."""

    duplicate_message = ""

    def __init__(self, *args, taken_days=None, **kwargs):
        # The backup import passes the days that the file's earlier rows hold. It skips a row
        # whose day the diary already has, so only the file's own rows can clash.
        self.taken_days = taken_days
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        if day and self.day_is_taken(day):
            self.add_error("date", forms.ValidationError(self.duplicate_message, code="duplicate"))
        return cleaned

    def day_is_taken(self, day: dt.date) -> bool:
        if self.taken_days is not None:
            return day in self.taken_days
        return (
            self._meta.model.objects.filter(user=self.user, date=day)
            .exclude(pk=self.instance.pk)
            .exists()
        )


class SleepForm(OnePerDayForm):
    """Hours slept, typed ("7.3", "7:30") or worked out from bed and wake times."""

    bed_time = forms.TimeField(
        label="Or: went to bed at",
        required=False,
        widget=TimeInput(),
        help_text="Instead of the hours, give the time you went to bed and woke up.",
    )
    wake_time = forms.TimeField(label="Woke up at", required=False, widget=TimeInput())
    not_future = ("date",)
    field_order = ["date", "hours", "bed_time", "wake_time", "quality"]
    duplicate_message = "You already logged sleep for this date. Edit that entry instead."

    class Meta:
        model = Sleep
        fields = ["date", "hours", "quality"]
        field_classes = {"hours": HoursTextField, "quality": IntegerTextField}
        help_texts = {
            "hours": "For example 7.5 or 7:30 (7 hours 30 minutes).",
            "date": "The day you woke up: the night before it is the one you are logging.",
            "quality": "1 is very poor, 5 is very good.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hours = self.fields["hours"]
        hours.error_messages["required"] = (
            "Enter the hours you slept, or the times you went to bed and woke up."
        )
        # The hours may be left out only when bed and wake times are given (the import,
        # which cleans field by field, never sends them, so hours stay required there).
        if self.is_bound and any(self.data.get(name) for name in ("bed_time", "wake_time")):
            hours.required = False
        hours.validators += [
            MinValueValidator(0, message="Hours of sleep cannot be negative."),
            MaxValueValidator(
                clinical.MAX_SLEEP_HOURS, message="A night's sleep is at most 24 hours."
            ),
        ]
        _int_field(self.fields["quality"], 1, 5, "Quality is a number from 1 to 5.")

    def clean(self):
        cleaned = super().clean()
        self._clean_hours(cleaned)
        return cleaned

    def _clean_hours(self, cleaned):
        if {"hours", "bed_time", "wake_time"} & set(self.errors):
            return
        bed, wake, hours = cleaned.get("bed_time"), cleaned.get("wake_time"), cleaned.get("hours")
        if bed is None and wake is None:
            return
        if bed is None or wake is None:
            missing = "bed_time" if bed is None else "wake_time"
            self.add_error(
                missing,
                forms.ValidationError(
                    "Enter both the time you went to bed and the time you woke up.",
                    code="required",
                ),
            )
            return
        slept = hours_between(bed, wake)
        if hours is not None and hours != slept:
            self.add_error(
                "hours",
                forms.ValidationError(
                    f"Bed and wake times make {slept.normalize():f} hours, not {hours:f}. "
                    "Clear the hours or the times.",
                    code="disagree",
                ),
            )
            return
        cleaned["hours"] = slept
        self.instance.hours = slept
        for validator in self.fields["hours"].validators:
            try:
                validator(slept)
            except forms.ValidationError as error:
                self.add_error("wake_time", error)
                return


class StressForm(EntryForm):
    not_future = ("recorded_at",)

    class Meta:
        model = Stress
        fields = ["recorded_at", "level", "note"]
        field_classes = {"level": IntegerTextField}
        help_texts = {"level": "1 is calm, 5 is the most stressed you get."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _int_field(self.fields["level"], 1, 5, "Stress level is a number from 1 to 5.")


class ExerciseForm(EntryForm):
    not_future = ("started_at",)

    class Meta:
        model = Exercise
        fields = ["started_at", "minutes", "intensity", "kind"]
        field_classes = {"minutes": IntegerTextField}
        help_texts = {"kind": "For example: running, gym, gardening, a long walk."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _int_field(
            self.fields["minutes"],
            1,
            clinical.MAX_EXERCISE_MINUTES,
            "Enter from 1 to 1,440 minutes (a whole day).",
        )


class AlcoholForm(EntryForm):
    not_future = ("taken_at",)

    class Meta:
        model = Alcohol
        fields = ["taken_at", "units"]
        field_classes = {"units": DecimalTextField}
        help_texts = {"units": "UK units: a pint of beer is about 2–3, a glass of wine about 2."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = (
            f"Enter from 0.1 to {clinical.MAX_ALCOHOL_UNITS_PER_ENTRY} units. "
            "For more, log each drink."
        )
        self.fields["units"].validators += [
            MinValueValidator(Decimal("0.1"), message=message),
            MaxValueValidator(clinical.MAX_ALCOHOL_UNITS_PER_ENTRY, message=message),
        ]


class MedicationForm(EntryForm):
    not_future = ("started_on",)

    class Meta:
        model = Medication
        fields = ["name", "kind", "category", "dose", "started_on", "stopped_on", "suspected"]
        help_texts = {
            "stopped_on": "Leave empty if you still take it.",
            "suspected": "Tick if you think this one might be linked to your twitching. "
            + clinical.NHS_MEDICINE_LINE,
        }

    def clean(self):
        cleaned = super().clean()
        start, stop = cleaned.get("started_on"), cleaned.get("stopped_on")
        if start and stop and stop < start:
            self.add_error(
                "stopped_on",
                forms.ValidationError(
                    "The stop date is before the start date.", code="stop_before_start"
                ),
            )
        return cleaned


class CheckInForm(OnePerDayForm):
    twitching = forms.TypedChoiceField(
        label="Any twitching today?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    not_future = ("date",)
    duplicate_message = "You already checked in for this date. Edit that check-in instead."
    submit_label = "Save check-in"

    class Meta:
        model = CheckIn
        fields = ["date", "twitching", "note"]
        help_texts = {
            "note": "Optional. A day you say 'no' counts as a twitch-free day in your report; "
            "a day without a check-in or an episode counts as not logged."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["twitching"] = "yes" if self.instance.twitching else "no"

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        if day and cleaned.get("twitching") is False and not self.restoring:
            count = episodes_on(self.user, day).count()
            if count:
                self.add_error("twitching", self._contradiction(day, count))
        return cleaned

    def _contradiction(self, day, count):
        twitches = "1 twitch" if count == 1 else f"{count} twitches"
        return forms.ValidationError(
            format_html(
                "You logged {} on {}, so it cannot be saved as a day without twitching. "
                'If those were logged by mistake, change them on <a href="{}">that day’s page</a>.',
                twitches,
                day.strftime("%d %b %Y"),
                reverse("diary:day", args=[day]),
            ),
            code="contradicts_episodes",
        )


class DateRangeForm(forms.Form):
    """The history pages' filter (local dates, both ends included)."""

    start = forms.DateField(
        required=False,
        widget=DateInput(),
        label="From",
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
    )
    end = forms.DateField(
        required=False,
        widget=DateInput(),
        label="To",
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                forms.ValidationError(
                    "The end date is before the start date.", code="end_before_start"
                ),
            )
        return cleaned
