import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from twitchdiary.lib import clinical
from twitchdiary.lib.dates import FIRST_DAY
from twitchdiary.lib.forms import DateInput

MAX_REPORT_DAYS = 10 * 366  # a decade is plenty, and bounds the work one request can ask for
PRESET_WEEKS = (2, 4, 8, 12)


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
    ) -> None:
        self.today = today
        self.default_weeks = default_weeks
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
            elif (end - start).days + 1 > MAX_REPORT_DAYS:
                self.add_error(
                    "start",
                    forms.ValidationError("Choose a period of at most 10 years.", code="too_long"),
                )
            cleaned["period"] = (start, end)
        else:
            weeks = cleaned.get("weeks") or self.default_weeks
            cleaned["period"] = (
                self.today - dt.timedelta(weeks=weeks) + dt.timedelta(days=1),
                self.today,
            )
        return cleaned

    def period(self) -> tuple[dt.date, dt.date]:
        """The chosen period, or the default one when the input is invalid."""
        if self.is_bound and self.is_valid():
            period: tuple[dt.date, dt.date] = self.cleaned_data["period"]
            return period
        return (
            self.today - dt.timedelta(weeks=self.default_weeks) + dt.timedelta(days=1),
            self.today,
        )


class QuestionsForm(forms.Form):
    questions = forms.CharField(
        label="Your questions or notes for the visit",
        required=False,
        max_length=800,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Printed on page 1 of the report (up to 800 characters, to keep it one page).",
    )
