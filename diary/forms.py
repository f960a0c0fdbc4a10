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
from django.utils import timezone

from twitchdiary.lib import clinical
from twitchdiary.lib.dates import FIRST_DAY, LAST_DAY
from twitchdiary.lib.forms import (
    DATETIME_LOCAL_FORMAT,
    DateInput,
    DateTimeLocalInput,
    LocalDateTimeField,
)
from twitchdiary.lib.units import ML_PER_US_FL_OZ

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


def _int_field(form_field, low, high, message):
    """Tighten a model's integer form field with a clear range message."""
    form_field.validators += [
        MinValueValidator(low, message=message),
        MaxValueValidator(high, message=message),
    ]
    form_field.widget.attrs.update({"min": low, "max": high})


class EpisodeForm(EntryForm):
    symptoms = forms.MultipleChoiceField(
        choices=clinical.SYMPTOM_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Did anything come with it?",
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
        help_texts = {
            "duration_seconds": "Roughly how long it lasted, in seconds (a minute is 60).",
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
        if "first_noticed" not in self.fields:
            return cleaned
        started_at = cleaned.get("started_at")
        day = timezone.localtime(started_at).date() if started_at else None
        if day is not None and FIRST_DAY < day < LAST_DAY:
            self.starts_run = starts_run(self.user, day, exclude=self.instance.pk)
        noticed = cleaned.get("first_noticed")
        if noticed is None or cleaned.get("dont_remember"):
            return cleaned
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
        return cleaned

    def save(self, commit=True):
        episode = super().save(commit=commit)
        if commit:
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


class FluidForm(EntryForm):
    """Amount in ml; people who chose US fl oz type fluid ounces in `floz` instead."""

    floz = forms.DecimalField(
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _int_field(
            self.fields["ml"],
            1,
            clinical.MAX_FLUID_ML_PER_ENTRY,
            f"Enter an amount from 1 to {clinical.MAX_FLUID_ML_PER_ENTRY:,} ml (5 litres). "
            "For more, log each drink.",
        )
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
    not_future = ("date",)

    class Meta:
        model = Sleep
        fields = ["date", "hours", "quality"]
        help_texts = {
            "date": "The day you woke up: the night before it is the one you are logging.",
            "quality": "1 is very poor, 5 is very good.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hours = self.fields["hours"]
        hours.validators += [
            MinValueValidator(0, message="Hours of sleep cannot be negative."),
            MaxValueValidator(
                clinical.MAX_SLEEP_HOURS, message="A night's sleep is at most 24 hours."
            ),
        ]
        hours.widget.attrs.update({"min": 0, "max": clinical.MAX_SLEEP_HOURS, "step": "0.25"})
        _int_field(self.fields["quality"], 1, 5, "Quality is a number from 1 to 5.")

    def clean(self):
        cleaned = super().clean()
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


class StressForm(EntryForm):
    not_future = ("recorded_at",)

    class Meta:
        model = Stress
        fields = ["recorded_at", "level", "note"]
        help_texts = {"level": "1 is calm, 5 is the most stressed you get."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _int_field(self.fields["level"], 1, 5, "Stress level is a number from 1 to 5.")


class ExerciseForm(EntryForm):
    not_future = ("started_at",)

    class Meta:
        model = Exercise
        fields = ["started_at", "minutes", "intensity", "kind"]
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
        self.fields["units"].widget.attrs.update({"min": "0.1", "step": "0.1"})


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
        return cleaned


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
