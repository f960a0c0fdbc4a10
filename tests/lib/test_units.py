"""The parsers behind every number field: what is accepted, and what is refused with a fix."""

import datetime as dt
from decimal import Decimal

import pytest

from twitchdiary.lib.units import (
    UnitParseError,
    hours_between,
    parse_decimal,
    parse_duration_seconds,
    parse_hours,
    parse_whole_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5", Decimal("1.5")),
        ("1,5", Decimal("1.5")),
        (" 2 ", Decimal("2")),
        (".5", Decimal("0.5")),
        (",5", Decimal("0.5")),
        ("0.125", Decimal("0.125")),
        ("0,125", Decimal("0.125")),
        ("1500", Decimal("1500")),
        ("-1", Decimal("-1")),
        ("7.50", Decimal("7.50")),
    ],
)
def test_parse_decimal_reads_a_dot_or_a_comma_as_the_decimal_mark(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a number."),
        ("2 cups", "without other words"),
        ("lots", "without other words"),
        ("1 1/2", "without other words"),
        ("1,500", "could mean a thousand or more"),
        ("2.000", "could mean a thousand or more"),
        ("1.500,5", "without a thousands separator"),
        ("1,000,000", "without a thousands separator"),
        ("1.5.2", "without other words"),
        ("NaN", "without other words"),
        ("1e3", "without other words"),
        ("1 5", "without other words"),
    ],
)
def test_parse_decimal_refuses_ambiguous_text_and_says_how_to_fix_it(text, message):
    with pytest.raises(UnitParseError, match=message):
        parse_decimal(text)


def test_parse_decimal_accepts_the_fields_own_unit_after_the_number():
    assert parse_decimal("95 mg", unit="mg") == 95
    assert parse_decimal("95mg", unit="mg") == 95


def test_parse_whole_number_refuses_decimals_rather_than_rounding():
    assert parse_whole_number("250 ml", unit="ml") == 250
    with pytest.raises(UnitParseError, match="whole number"):
        parse_whole_number("1,5")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90", 90),
        ("90 s", 90),
        ("90s", 90),
        ("90 sec", 90),
        ("90 seconds", 90),
        ("1:30", 90),
        ("0:05", 5),
        ("1:02:03", 3723),
        ("1.5 min", 90),
        ("1,5 min", 90),
        ("2 min", 120),
        ("2 mins", 120),
        ("2m", 120),
        ("1 min 30 s", 90),
        ("1 h", 3600),
        ("1 h 5 min", 3900),
        ("2 hours", 7200),
    ],
)
def test_parse_duration_reads_seconds_minutes_and_clock_forms(text, seconds):
    assert parse_duration_seconds(text) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a duration."),
        ("0,5", "A number alone means seconds"),
        ("1.5", "A number alone means seconds"),
        ("2 cups", "seconds, minutes or hours"),
        ("a while", "seconds, minutes or hours"),
        ("1:2", "1:30"),
        ("1:75", "1:30"),
        ("1,500", "without a separator"),
    ],
)
def test_parse_duration_refuses_other_text_with_examples(text, message):
    with pytest.raises(UnitParseError, match=message):
        parse_duration_seconds(text)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("7.3", Decimal("7.3")),
        ("7,3", Decimal("7.3")),
        ("7.25", Decimal("7.25")),
        ("7:30", Decimal("7.5")),
        ("7:20", Decimal("7.33")),
        ("0:45", Decimal("0.75")),
        ("7.5 h", Decimal("7.5")),
        ("8", Decimal("8")),
    ],
)
def test_parse_hours_reads_decimals_and_hours_colon_minutes(text, hours):
    assert parse_hours(text) == hours


@pytest.mark.parametrize("text", ["7:3", "7:60", "about 7", "7 1/2", "7,300"])
def test_parse_hours_refuses_other_text(text):
    with pytest.raises(UnitParseError):
        parse_hours(text)


@pytest.mark.parametrize(
    ("bed", "wake", "hours"),
    [
        (dt.time(23, 30), dt.time(7, 0), Decimal("7.5")),
        (dt.time(1, 0), dt.time(8, 20), Decimal("7.33")),
        (dt.time(22, 0), dt.time(22, 0), Decimal("0")),
        (dt.time(13, 0), dt.time(15, 15), Decimal("2.25")),
    ],
)
def test_hours_between_counts_across_midnight(bed, wake, hours):
    assert hours_between(bed, wake) == hours
