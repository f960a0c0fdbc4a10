"""The recalled onset of a run (clinical rules §3, "Onset before the diary"): when to ask,
and the small form that changes the answer later."""

import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from twitchdiary.lib import clinical
from twitchdiary.lib.dates import FIRST_DAY, day_bounds
from twitchdiary.lib.forms import DateInput

from .models import CheckIn, Episode, Onset

ASK_FIRST_ONSET = "When did you first notice this twitching?"
ASK_NEW_RUN_ONSET = "Is this new, or has it been going on? Since when?"


def has_twitched(user, *, exclude=None) -> bool:
    """Whether anything but this episode says the person has twitched before."""
    return (
        Episode.objects.filter(user=user).exclude(pk=exclude).exists()
        or CheckIn.objects.filter(user=user, twitching=True).exists()
    )


def starts_run(user, day: dt.date, *, exclude=None) -> bool:
    """Whether a twitch on local date ``day`` would start a run: no other twitch date in
    the GAP_BREAK_DAYS before it, nor another on the same day (clinical rules §3)."""
    since = day - dt.timedelta(days=clinical.GAP_BREAK_DAYS)
    tz = timezone.get_current_timezone()
    return not (
        Episode.objects.filter(
            user=user,
            started_at__gte=day_bounds(since, tz)[0],
            started_at__lt=day_bounds(day, tz)[1],
        )
        .exclude(pk=exclude)
        .exists()
        or CheckIn.objects.filter(
            user=user, twitching=True, date__gte=since, date__lte=day
        ).exists()
    )


class OnsetForm(forms.Form):
    """Change the recalled onset of the current run (from the dashboard or the profile)."""

    first_noticed = forms.DateField(
        required=False,
        widget=DateInput(),
        label=ASK_FIRST_ONSET,
        help_text="Your best guess is fine.",
    )
    dont_remember = forms.BooleanField(required=False, label="I don't remember")

    def __init__(self, *args, user, today: dt.date, **kwargs):
        self.user, self.today = user, today
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save"))

    def clean(self):
        cleaned = super().clean()
        noticed = cleaned.get("first_noticed")
        if cleaned.get("dont_remember"):
            cleaned["first_noticed"] = None
        elif noticed is None:
            self.add_error(
                "first_noticed",
                forms.ValidationError(
                    'Enter a date, or tick "I don\'t remember".', code="required"
                ),
            )
        elif noticed < FIRST_DAY:
            self.add_error(
                "first_noticed",
                forms.ValidationError(
                    f"Enter a date from {FIRST_DAY.year} onwards.", code="too_early"
                ),
            )
        elif noticed > self.today:
            self.add_error(
                "first_noticed",
                forms.ValidationError("This date is in the future.", code="future"),
            )
        return cleaned

    def save(self) -> Onset:
        # A new answer, never an edit of an old one: the newest applies (Onset.current).
        return Onset.objects.create(
            user=self.user,
            run_date=self.today,
            first_noticed=self.cleaned_data.get("first_noticed"),
            dont_remember=bool(self.cleaned_data.get("dont_remember")),
        )
