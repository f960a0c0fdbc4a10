"""The tests' one clock: NOW, and frozen_at() behind the `frozen_clock` fixture (tests/conftest.py).

NOW is 10:00 on Monday 2 March 2026 in New York (EST, UTC-5), where the `user` fixture lives,
and 15:00 in London, where the `stranger` lives: the same local date, TODAY, for both.

REPORT_NOW is the report tests' moment: noon on Tuesday 31 March 2026 in New York (EDT, UTC-4),
four weeks after NOW, so a report period of a month lies wholly in the past and crosses the
change to summer time (8 March). tests/reports/conftest.py stops the clock there.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
TODAY = dt.date(2026, 3, 2)
REPORT_NOW = dt.datetime(2026, 3, 31, 16, 0, tzinfo=UTC)
REPORT_TODAY = dt.date(2026, 3, 31)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@contextmanager
def frozen_at(moment: dt.datetime = NOW) -> Iterator[time_machine.Traveller]:
    """The clock stopped at `moment`; move it with .move_to() on what this yields."""
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller
