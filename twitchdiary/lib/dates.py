"""Local-day helpers: a day is the user's own calendar day (docs/clinical-rules.md §2)."""

import datetime as dt
from zoneinfo import ZoneInfo


def day_bounds(day: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The [start, end) instants of a local calendar day, DST-aware."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def range_bounds(start: dt.date, end: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The [start, end) instants covering local dates start..end, both included."""
    return day_bounds(start, tz)[0], day_bounds(end, tz)[1]


def fmt_date(day: dt.date) -> str:
    """One unambiguous date format for every report: "03 Mar 2026"."""
    return day.strftime("%d %b %Y")


# The dates the diary accepts anywhere (URLs, filters, forms). The upper end
# leaves room for "the day after" in any time zone; beyond either end Python's
# dates overflow when a local day is turned into UTC instants.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(9998, 12, 31)
