"""Form widgets and fields shared by more than one app (imports only Django).

Dates and times are typed into the browser's own pickers and read as the
user's wall-clock time.
"""

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATETIME_LOCAL_FORMAT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time in the user's time zone.

    In the hour that repeats when the clocks go back, Django refuses the time as
    ambiguous; a diary must accept it (a "Twitch now" tap at 01:30 that night
    needs its details), so it takes the first of the two moments. A time that
    does not exist (the hour skipped when clocks go forward) is still refused.
    """

    def to_python(self, value: str | dt.datetime | dt.date | None) -> dt.datetime | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            # Only typed text is re-read below; an ambiguous datetime object (never what
            # the browser sends) keeps Django's error instead of failing on .strip().
            if error.code != "ambiguous_timezone" or not isinstance(value, str):
                raise
            # The parent parses with self.strptime, which for this field returns a
            # datetime or raises; its stub types the result as Any | None.
            naive = cast(dt.datetime, forms.fields.BaseTemporalField.to_python(self, value))
            tz = timezone.get_current_timezone()
            aware = naive.replace(tzinfo=tz, fold=0)
            if aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != naive:
                raise  # skipped by the clock change: no such moment
            return aware
