"""Form widgets and fields shared by more than one app (imports only Django).

Dates and times are typed into the browser's own pickers and read as the
user's wall-clock time. Numbers are typed into text inputs and read by the
parsers in twitchdiary.lib.units, so "1,5" is 1.5 and "2 cups" is refused.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .units import (
    UnitParseError,
    parse_decimal,
    parse_duration_seconds,
    parse_hours,
    parse_whole_number,
)

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
_T = TypeVar("_T")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATETIME_LOCAL_FORMAT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


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


def _parsed(parse: Callable[[str], _T], value: Any) -> _T:
    """Run a units parser on typed text; its message becomes the field's error."""
    try:
        return parse(str(value))
    except UnitParseError as error:
        raise ValidationError(str(error), code="invalid") from None


class _TextNumberMixin:
    """A number typed into a text input (GOV.UK: no type=number; inputmode brings the keypad).

    Values that are already numbers (initial data, the import's JSON) pass as they are.
    """

    inputmode = "decimal"

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs: dict[str, Any] = super().widget_attrs(widget)  # type: ignore[misc]
        attrs.update({"inputmode": self.inputmode, "autocomplete": "off"})
        return attrs


class DecimalTextField(_TextNumberMixin, forms.DecimalField):
    """A decimal where "1.5" and "1,5" mean the same; ambiguous text is refused."""

    widget = forms.TextInput
    unit = ""

    def __init__(self, *args: Any, unit: str = "", **kwargs: Any) -> None:
        self.unit = unit
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return super().to_python(value)
        return _parsed(lambda text: parse_decimal(text, unit=self.unit), value)


class IntegerTextField(_TextNumberMixin, forms.IntegerField):
    """A whole number typed as text; "1,5" is refused rather than read as 15."""

    widget = forms.TextInput
    inputmode = "numeric"

    def __init__(self, *args: Any, unit: str = "", **kwargs: Any) -> None:
        self.unit = unit
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return _parsed(lambda text: parse_whole_number(text, unit=self.unit), value)


class DurationTextField(IntegerTextField):
    """Whole seconds from "90", "90 s", "1:30", "1.5 min" (see units.parse_duration_seconds)."""

    inputmode = "text"

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return _parsed(parse_duration_seconds, value)


class _NotRequiredInBrowser(forms.TextInput):
    """A text input without the required attribute: the server says what is missing."""

    def use_required_attribute(self, initial: Any) -> bool:
        return False


class HoursTextField(DecimalTextField):
    """Hours from "7.3", "7,3" or "7:30" (hours:minutes).

    The sleep form takes bed and wake times instead of the hours, so the browser
    must not insist on the hours before the server can compute them.
    """

    widget = _NotRequiredInBrowser
    inputmode = "text"

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return forms.DecimalField.to_python(self, value)
        return _parsed(parse_hours, value)
