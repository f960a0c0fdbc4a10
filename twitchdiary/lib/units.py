"""Units the diary shows and converts, and the numbers people type.

Every parser here is a pure function of the typed text: it returns the value the
person meant or raises ``UnitParseError`` with a message saying how to write it.
Nothing is guessed: text that could mean two numbers ("1,500": fifteen hundred or
one and a half?) or that holds words ("2 cups") is refused, never turned into
another number.

What is accepted:

- decimals: "1.5" and "1,5" both mean 1.5; a leading "-" is kept so that the
  range check can say what is allowed. A separator followed by exactly three
  digits ("1,500", "2.000") is refused as ambiguous unless the whole part is 0
  ("0.125"); so are thousands groups ("1.500,5"), fractions and words.
- durations, in whole seconds: a bare number is seconds ("90"); a number with a
  unit ("90 s", "90 sec", "1.5 min", "2 mins", "1 h", "1 hour"); several of them
  ("1 min 30 s", "1 h 5 min"); a clock form "1:30" (minutes:seconds) or
  "1:02:03" (hours:minutes:seconds).
- hours of sleep: a decimal ("7.3", "7,3", "7.5 h") or hours:minutes ("7:30"
  is 7.5 hours); or the time between going to bed and waking, across midnight.
"""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

ML_PER_US_FL_OZ = 29.5735

SECONDS_PER_UNIT: dict[str, int] = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
}

DURATION_EXAMPLES = "30 s, 1:30, 2 min"
HOURS_EXAMPLES = "7.5 or 7:30"

_NUMBER = re.compile(r"-?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)")
_DURATION_PART = re.compile(r"([0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)\s*([a-z]+)")
_CLOCK = re.compile(r"([0-9]{1,2}):([0-5][0-9])(?::([0-5][0-9]))?")


class UnitParseError(ValueError):
    """Typed text that is not a number the diary can read; str() says how to fix it."""


class NotANumberError(UnitParseError):
    """Text with no number in it at all ("lots", "2 cups", "NaN")."""


def parse_decimal(text: str, *, unit: str = "") -> Decimal:
    """The number typed, with "." or "," as the decimal mark.

    ``unit`` (e.g. "mg") may follow the number: "95 mg" is 95.
    """
    cleaned = text.strip().lower()
    if unit and cleaned.endswith(unit):
        cleaned = cleaned[: -len(unit)].rstrip()
    if not cleaned:
        raise UnitParseError("Enter a number.")
    if not _NUMBER.fullmatch(cleaned):
        if re.fullmatch(r"-?[0-9]{1,3}([.,][0-9]{3})+[.,][0-9]+", cleaned) or re.fullmatch(
            r"-?[0-9]{1,3}([.,][0-9]{3}){2,}", cleaned
        ):
            raise UnitParseError(
                "Write the number without a thousands separator, for example 1500 or 1.5."
            )
        raise NotANumberError(
            "Enter a number. Use digits only, such as 2 or 1.5 (a dot or a comma for "
            "decimals), without other words."
        )
    whole, _, fraction = cleaned.lstrip("-").replace(",", ".").partition(".")
    if len(fraction) == 3 and whole not in ("", "0"):
        raise UnitParseError(
            f"“{text.strip()}” could mean a thousand or more, or a decimal. "
            "Write it without a separator (1500) or with fewer decimals (1.5)."
        )
    return Decimal(cleaned.replace(",", "."))


def parse_whole_number(text: str, *, unit: str = "") -> int:
    """A whole number typed as text ("95", "95 mg"); "1,5" is refused, not rounded."""
    try:
        value = parse_decimal(text, unit=unit)
    except NotANumberError:
        raise NotANumberError(
            "Enter a whole number. Use digits only, such as 95, without other words."
        ) from None
    if value != value.to_integral_value():
        raise UnitParseError("Enter a whole number. Leave out the decimals.")
    return int(value)


def parse_duration_seconds(text: str) -> int:
    """Whole seconds from "90", "90 s", "1:30", "1.5 min", "1 h 5 min" and so on."""
    cleaned = text.strip().lower()
    if not cleaned:
        raise UnitParseError("Enter a duration.")
    if ":" in cleaned:
        clock = _CLOCK.fullmatch(cleaned.replace(" ", ""))
        if not clock:
            raise UnitParseError(
                f"Write minutes and seconds as 1:30, or hours as 1:02:03 (examples: "
                f"{DURATION_EXAMPLES})."
            )
        first, second, third = clock.groups()
        if third is None:
            return int(first) * 60 + int(second)
        return int(first) * 3600 + int(second) * 60 + int(third)
    if _NUMBER.fullmatch(cleaned):
        seconds = parse_decimal(cleaned)
        if seconds != seconds.to_integral_value():
            raise UnitParseError(
                f"A number alone means seconds; enter whole seconds, or add a unit "
                f"(examples: {DURATION_EXAMPLES}, 1.5 min)."
            )
        return int(seconds)
    parts = _DURATION_PART.findall(cleaned)
    rest = _DURATION_PART.sub("", cleaned).replace(" ", "")
    if not parts or rest or any(unit not in SECONDS_PER_UNIT for _, unit in parts):
        raise UnitParseError(
            f"Enter a duration with seconds, minutes or hours (examples: {DURATION_EXAMPLES})."
        )
    total = sum(
        (Decimal(number.replace(",", ".")) * SECONDS_PER_UNIT[unit] for number, unit in parts),
        Decimal(0),
    )
    return int(total.to_integral_value(rounding=ROUND_HALF_UP))


def parse_hours(text: str) -> Decimal:
    """Hours from "7.3", "7,3", "7.5 h" or "7:30" (hours:minutes, so 7.5)."""
    cleaned = text.strip().lower()
    if ":" in cleaned:
        clock = re.fullmatch(r"([0-9]{1,2})\s*:\s*([0-5][0-9])", cleaned)
        if not clock:
            raise UnitParseError("Write hours and minutes as 7:30, or hours as 7.5.")
        return _hours_from_minutes(int(clock.group(1)) * 60 + int(clock.group(2)))
    try:
        return parse_decimal(cleaned, unit="h")
    except UnitParseError as error:
        raise UnitParseError(f"{error} Hours can be written as {HOURS_EXAMPLES}.") from None


def hours_between(bed: dt.time, wake: dt.time) -> Decimal:
    """Hours from going to bed to waking; a wake time earlier than bed is the next day."""
    minutes = (wake.hour * 60 + wake.minute) - (bed.hour * 60 + bed.minute)
    return _hours_from_minutes(minutes % (24 * 60))


def _hours_from_minutes(minutes: int) -> Decimal:
    # Two decimals: what the diary stores for a night's sleep.
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
