"""The dashboard's status (the persistence clock and current flags), cached per person.

What is left of the old build module once the report moved to report.py, pipeline.py
and chart_names.py; the status is to move out of reports (to diary) next.
"""

import datetime as dt
from dataclasses import dataclass

from accounts import cache

from . import frames, rules


@dataclass(frozen=True)
class Status:
    """What the dashboard shows of the rules: the persistence clock and current flags."""

    clock: rules.Persistence
    flags: list[rules.Flag]


def get_status(*, user, profile, today: dt.date) -> Status:
    """The persistence clock and rule flags as of today (three queries, then cached)."""

    def build() -> Status:
        tz = profile.tzinfo
        history = frames.load_twitch_history(user=user, tz=tz, until=today)
        medications = frames.load_medications(user=user, end=today)
        return Status(
            clock=rules.persistence(twitch_dates=history.twitch_dates, today=today),
            flags=rules.rule_flags(
                twitch_dates=history.twitch_dates,
                episodes=history.episodes,
                medications=medications,
                today=today,
            ),
        )

    return cache.get_or_build(profile, cache.status_key(profile, today=today), build)
