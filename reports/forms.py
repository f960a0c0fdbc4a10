import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from diary.forms import DateInput
from twitchdiary.lib import clinical
from twitchdiary.lib.dates import FIRST_DAY

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

    def __init__(self, data=None, *, today: dt.date, default_weeks=clinical.DEFAULT_REPORT_WEEKS):
        self.today = today
        self.default_weeks = default_weeks
        super().__init__(data)
        self.fields["end"].validators.append(
            MaxValueValidator(today, message="The end date cannot be after today.")
        )

    def clean(self):
        cleaned = super().clean()
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
            return self.cleaned_data["period"]
        return (
            self.today - dt.timedelta(weeks=self.default_weeks) + dt.timedelta(days=1),
            self.today,
        )


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
