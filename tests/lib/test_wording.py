"""twitchdiary.lib.wording: the one duration format of every page."""

import pytest

from twitchdiary.lib.wording import duration


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (59.5, "1 min"),  # a median between 59 and 60 s rounds up
        (60, "1 min"),
        (90, "1 min 30 s"),
        (90.5, "1 min 31 s"),
        (600, "10 min"),
        (3599, "59 min 59 s"),
        (3600, "1 h"),
        (3929, "1 h 5 min"),
        (3930, "1 h 6 min"),  # from an hour on, to the nearest minute
        (5400, "1 h 30 min"),
        (86400, "24 h"),
    ],
)
def test_a_duration_reads_in_seconds_minutes_and_hours(seconds, text):
    assert duration(seconds) == text


@pytest.mark.parametrize("seconds", [None, float("nan")])
def test_an_unknown_duration_is_a_dash(seconds):
    assert duration(seconds) == "–"
