import datetime as dt
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from twitchdiary.lib import clinical
from twitchdiary.lib.dates import FIRST_DAY, fmt_date
from twitchdiary.lib.forms import DateInput

from .models import DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS, MIN_EXPIRY_DAYS

# A report covers at most five years, or the whole diary when it is shorter (but never less
# than the longest preset): what a doctor would ask for, and a bound on one request's work.
MAX_REPORT_YEARS = 5

PRESET_WEEKS = (2, 4, 8, 12)
# Up to a year is always allowed, even before the diary starts ("the last 12 months" from a
# nine-month diary); beyond it, no longer than the whole diary.
ALWAYS_ALLOWED_DAYS = 366


class PeriodForm(forms.Form):
    """The report period: the last N weeks up to today, or custom start and end dates."""

    weeks = forms.TypedChoiceField(
        label="Period",
        choices=[(str(w), f"Last {w} weeks") for w in PRESET_WEEKS] + [("", "Custom dates")],
        coerce=int,
        empty_value=None,
        required=False,
        initial=str(clinical.DEFAULT_REPORT_WEEKS),
    )
    start = forms.DateField(
        required=False, widget=DateInput(), label="From", validators=[MinValueValidator(FIRST_DAY)]
    )
    end = forms.DateField(
        required=False, widget=DateInput(), label="To", validators=[MinValueValidator(FIRST_DAY)]
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        today: dt.date,
        default_weeks: int = clinical.DEFAULT_REPORT_WEEKS,
        first_day: Callable[[], dt.date | None] = lambda: None,
    ) -> None:
        """first_day: returns the diary's first local date (None when empty); only called
        to check a custom period."""
        self.today = today
        self.default_weeks = default_weeks
        self.first_day = first_day
        super().__init__(data)
        self.fields["end"].validators.append(
            MaxValueValidator(today, message="The end date cannot be after today.")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start or end:
            end = end or self.today
            start = start or end - dt.timedelta(weeks=self.default_weeks) + dt.timedelta(days=1)
            if end < start:
                self.add_error(
                    "end",
                    forms.ValidationError(
                        "The end date is before the start date.", code="end_before_start"
                    ),
                )
            else:
                self._check_length(start, end)
            cleaned["period"] = (start, end)
        else:
            weeks = cleaned.get("weeks") or self.default_weeks
            cleaned["period"] = (
                self.today - dt.timedelta(weeks=weeks) + dt.timedelta(days=1),
                self.today,
            )
        return cleaned

    def _check_length(self, start: dt.date, end: dt.date) -> None:
        days = (end - start).days + 1
        five_years = (end - _years_before(end, MAX_REPORT_YEARS)).days
        if days > five_years:
            self.add_error(
                "start",
                forms.ValidationError(
                    f"Choose a period of at most {MAX_REPORT_YEARS} years, starting on or after "
                    f"{fmt_date(_years_before(end, MAX_REPORT_YEARS) + dt.timedelta(days=1))}.",
                    code="too_long",
                ),
            )
            return
        if days <= ALWAYS_ALLOWED_DAYS:
            return
        first = self.first_day()
        if first is None:
            message = "Your diary is empty so far: choose a period of at most a year."
        elif days > max((self.today - first).days + 1, ALWAYS_ALLOWED_DAYS):
            message = (
                f"Your diary starts on {fmt_date(first)}: choose a period no longer than the "
                "whole diary."
            )
        else:
            return
        self.add_error("start", forms.ValidationError(message, code="longer_than_diary"))

    def period(self) -> tuple[dt.date, dt.date]:
        """The chosen period, or the default one when the input is invalid."""
        if self.is_bound and self.is_valid():
            period: tuple[dt.date, dt.date] = self.cleaned_data["period"]
            return period
        return (
            self.today - dt.timedelta(weeks=self.default_weeks) + dt.timedelta(days=1),
            self.today,
        )


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same date `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class QuestionsForm(forms.Form):
    questions = forms.CharField(
        label="Your questions or notes for the visit",
        required=False,
        max_length=clinical.MAX_VISIT_QUESTIONS_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Printed on page 1 of the report (up to {clinical.MAX_VISIT_QUESTIONS_CHARS} "
            "characters, to keep it one page)."
        ),
        error_messages={
            "max_length": (
                f"Questions can be at most {clinical.MAX_VISIT_QUESTIONS_CHARS} characters "
                "(these have %(show_value)d). Shorten them to save."
            )
        },
    )


MAX_SHARE_DAYS = 366  # a shared report covers at most a year: it is built on every opening


class ShareForm(forms.Form):
    """A share link: the report's period and how long the link opens."""

    start = forms.DateField(
        widget=DateInput(),
        label="From",
        validators=[MinValueValidator(FIRST_DAY)],
        error_messages={
            "required": "Enter the first day of the report.",
            "invalid": "Enter a date.",
        },
    )
    end = forms.DateField(
        widget=DateInput(),
        label="To",
        validators=[MinValueValidator(FIRST_DAY)],
        error_messages={
            "required": "Enter the last day of the report.",
            "invalid": "Enter a date.",
        },
    )
    expires_days = forms.IntegerField(
        label="The link stops working after (days)",
        initial=DEFAULT_EXPIRY_DAYS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*", "size": 3}),
        help_text="From 1 day to 28 days (4 weeks).",
        error_messages={
            "required": "Enter how many days the link should work, from 1 to 28.",
            "invalid": "Enter a whole number of days, from 1 to 28.",
        },
    )
    paper = forms.ChoiceField(
        choices=[("a4", "A4"), ("letter", "US Letter")], required=False, widget=forms.HiddenInput
    )
    with_code = forms.BooleanField(
        label="Also ask for a 6-digit code",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text="You tell the code to the clinician; the link alone then shows nothing.",
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        today: dt.date,
        initial: MutableMapping[str, Any] | None = None,
    ) -> None:
        self.today = today
        super().__init__(data, initial=initial)
        self.fields["end"].validators.append(
            MaxValueValidator(today, message="The end date cannot be after today.")
        )
        for name in ("start", "end", "expires_days"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean_expires_days(self) -> int:
        days: int = self.cleaned_data["expires_days"]
        if not MIN_EXPIRY_DAYS <= days <= MAX_EXPIRY_DAYS:
            raise forms.ValidationError(
                "Choose between 1 and 28 days (4 weeks).", code="expiry_out_of_range"
            )
        return days

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error(
                    "end",
                    forms.ValidationError(
                        "The end date is before the start date.", code="end_before_start"
                    ),
                )
            elif (end - start).days + 1 > MAX_SHARE_DAYS:
                self.add_error(
                    "start",
                    forms.ValidationError(
                        "A shared report covers at most one year; choose a later start date.",
                        code="too_long",
                    ),
                )
        cleaned["paper"] = cleaned.get("paper") or "a4"
        return cleaned


class ShareCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 6}
        ),
        error_messages={"required": "Enter the 6-digit code you were given."},
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].replace(" ", "")
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError("Enter the 6 digits of the code.", code="format")
        return code
