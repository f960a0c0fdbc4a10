"""Forms for every kind of diary entry.

Validation lives here (crispy-forms only lays out). Every limit comes from
twitchdiary.lib.clinical so the numbers are reviewed in one place; the date and
time widgets shared with other apps live in twitchdiary.lib.forms.
"""

import contextlib
import datetime as dt
from decimal import ROUND_DOWN, Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
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

from .models import Alcohol, Caffeine, CheckIn, Episode, Exercise, Fluid, Medication, Sleep, Stress


def local_now() -> dt.datetime:
    """Now, in the active (the user's) time zone, to the minute."""
    return timezone.localtime().replace(second=0, microsecond=0)


class EntryForm(forms.ModelForm):
    """Base form: the user comes from the view, never from the POST data."""

    # Fields that must not be in the future (datetime or date).
    not_future: tuple[str, ...] = ()
    submit_label = "Save"

    def __init__(self, *args, user, **kwargs):
        self.user = user
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

    def clean(self):
        cleaned = super().clean()
        for name in self.not_future:
            value = cleaned.get(name)
            if value is None:
                continue
            day = value.date() if isinstance(value, dt.datetime) else value
            if day < FIRST_DAY:
                self.add_error(
                    name,
                    forms.ValidationError(
                        f"Enter a date from {FIRST_DAY.year} onwards.", code="too_early"
                    ),
                )
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
        return cleaned


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
    symptoms = forms.MultipleChoiceField(
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
        for name in ("side", "muscle", "intensity"):
            self.fields[name].required = True
        self.fields["side"].choices = [("", "Choose…")] + list(self.fields["side"].choices)[1:]
        self.fields["muscle"].choices = [("", "Choose…")] + list(self.fields["muscle"].choices)[1:]
        self.fields["activity"].choices = [("", "Not said")] + list(
            self.fields["activity"].choices
        )[1:]
        self.fields["notes"].widget.attrs["rows"] = 2
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

    def clean(self):
        cleaned = super().clean()
        started = cleaned.get("started_at")
        if started is None or "started_at" in self.errors:
            return cleaned
        day = timezone.localtime(started).date()
        checkin = CheckIn.objects.filter(user=self.user, date=day, twitching=False).first()
        if checkin is None:
            return cleaned
        if cleaned.get("change_checkin"):
            self.checkin_to_flip = checkin
            return cleaned
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
        return cleaned

    def save(self, commit=True):
        episode = super().save(commit=commit)
        if commit and self.checkin_to_flip is not None:
            self.checkin_to_flip.twitching = True
            self.checkin_to_flip.save(update_fields=["twitching", "updated_at"])
        return episode


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
        self.uses_floz = bool(profile and profile.fluid_unit == "floz")
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


class SleepForm(EntryForm):
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
        day = cleaned.get("date")
        if (
            day
            and Sleep.objects.filter(user=self.user, date=day).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error(
                "date",
                forms.ValidationError(
                    "You already logged sleep for this date. Edit that entry instead.",
                    code="duplicate",
                ),
            )
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


class CheckInForm(EntryForm):
    twitching = forms.TypedChoiceField(
        label="Any twitching today?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    not_future = ("date",)
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
        if (
            day
            and CheckIn.objects.filter(user=self.user, date=day)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "date",
                forms.ValidationError(
                    "You already checked in for this date. Edit that check-in instead.",
                    code="duplicate",
                ),
            )
        if day and cleaned.get("twitching") is False:
            count = episodes_on(self.user, day).count()
            if count:
                self.add_error("twitching", self._contradiction(day, count))
        return cleaned

    def _contradiction(self, day, count):
        twitches = "1 twitch" if count == 1 else f"{count} twitches"
        return forms.ValidationError(
            format_html(
                "You logged {} on {}. If you twitched that day, choose “Yes”; if those "
                'were logged by mistake, change them on <a href="{}">that day’s page</a>.',
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
