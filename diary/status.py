"""The dashboard's status: the persistence clock and the current flags, from the diary rows.

Plain Python on ``values_list`` rows, a fixed number of queries and no pandas,
so the dashboard stays light. The reports read the twitch history through
``load_history`` and decide the flags through ``compute_status`` too, so a
report shows the same clock as the dashboard.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache as memoize
from zoneinfo import ZoneInfo

from accounts import cache
from twitchdiary.lib.dates import day_bounds
from twitchdiary.lib.rules import EpisodeFact, Flag, Medicine, Persistence, flags_for, persistence

from .models import CheckIn, Episode, Medication, Onset, Side


@dataclass(frozen=True)
class History:
    """Every twitch date and episode up to a local date, as the rules read them."""

    twitch_dates: tuple[dt.date, ...]  # sorted, unique: an episode or a "yes" check-in
    episodes: tuple[EpisodeFact, ...]  # ordered by start
    no_twitch_dates: tuple[dt.date, ...] = ()  # sorted: "no twitching today" check-ins


@dataclass(frozen=True)
class Status:
    """What the dashboard shows of the rules: the persistence clock and current flags."""

    clock: Persistence
    flags: tuple[Flag, ...]


@memoize
def _site_label(side: str, muscle: str) -> str:
    return Episode(side=side, muscle=muscle).site


def episode_sites(side: str, muscle: str) -> tuple[str, ...]:
    """The site labels an episode touches: none without both side and muscle, and an
    episode on both sides touches the left and the right site."""
    if not (side and muscle):
        return ()
    sides = ("left", "right") if side == Side.BOTH else (side,)
    return tuple(_site_label(s, muscle) for s in sides)


def load_history(*, user, tz: ZoneInfo, until: dt.date, since: dt.date | None = None) -> History:
    """Twitch dates and episodes up to local date ``until``. Two queries.

    The whole history by default, because a run that "comes and goes" can reach
    back any distance; ``since`` bounds it when the caller knows better. An
    episode counts on the local date it started on.
    """
    episodes_qs = Episode.objects.filter(user=user, started_at__lt=day_bounds(until, tz)[1])
    checkins_qs = CheckIn.objects.filter(user=user, date__lte=until)
    if since is not None:
        episodes_qs = episodes_qs.filter(started_at__gte=day_bounds(since, tz)[0])
        checkins_qs = checkins_qs.filter(date__gte=since)
    episodes = []
    for started_at, side, muscle, intensity, symptoms in episodes_qs.order_by(
        "started_at", "pk"
    ).values_list("started_at", "side", "muscle", "intensity", "symptoms"):
        local = started_at.astimezone(tz)
        episodes.append(
            EpisodeFact(
                date=local.date(),
                started=local,
                sites=episode_sites(side, muscle),
                intensity=intensity,
                symptoms=tuple(symptoms or ()),
            )
        )
    # Both answers in the one query: "no" check-ins are the evidence against a recalled onset.
    checkins = list(checkins_qs.order_by("date").values_list("date", "twitching"))
    dates = {e.date for e in episodes} | {day for day, yes in checkins if yes}
    return History(
        twitch_dates=tuple(sorted(dates)),
        episodes=tuple(episodes),
        no_twitch_dates=tuple(day for day, yes in checkins if not yes),
    )


def load_onset(*, user, until: dt.date) -> dt.date | None:
    """The recalled onset that applies on local date ``until`` (None for "I don't
    remember" or no answer). One query."""
    onset = Onset.current(user, until=until)
    return onset.first_noticed if onset else None


def load_medications(
    *, user, start: dt.date | None = None, end: dt.date | None = None
) -> list[Medicine]:
    """Medicines and supplements taken at some time in start..end (either end open)."""
    qs = Medication.objects.filter(user=user)
    if end is not None:
        qs = qs.filter(started_on__lte=end)
    if start is not None:
        qs = qs.exclude(stopped_on__lt=start)
    labels = dict(Medication.Category.choices)
    return [
        Medicine(
            name=name,
            kind=kind,
            category=category,
            category_label=labels.get(category, category),
            dose=dose,
            started_on=started_on,
            stopped_on=stopped_on,
            suspected=suspected,
        )
        for name, kind, category, dose, started_on, stopped_on, suspected in qs.order_by(
            "started_on", "pk"
        ).values_list("name", "kind", "category", "dose", "started_on", "stopped_on", "suspected")
    ]


def compute_status(
    *,
    history: History,
    medications: list[Medicine],
    today: dt.date,
    stiffness_since: dt.date | None = None,
    onset: dt.date | None = None,
) -> Status:
    """The persistence clock and every flag on ``today`` (no database).

    stiffness_since: see lib.rules.rule_flags (a report passes its period's start).
    onset: the recalled first-noticed date (``load_onset``), see lib.rules.persistence.
    """
    clock = persistence(
        twitch_dates=history.twitch_dates,
        today=today,
        onset=onset,
        no_twitch_dates=history.no_twitch_dates,
    )
    flags = flags_for(
        clock=clock,
        episodes=history.episodes,
        medications=medications,
        stiffness_since=stiffness_since,
    )
    return Status(clock=clock, flags=tuple(flags))


def current_status(*, user, tz: ZoneInfo, today: dt.date) -> Status:
    """The clock and flags as of ``today``. Four queries."""
    return compute_status(
        history=load_history(user=user, tz=tz, until=today),
        medications=load_medications(user=user, end=today),
        today=today,
        onset=load_onset(user=user, until=today),
    )


def get_status(*, user, profile, today: dt.date) -> Status:
    """current_status, kept in the per-person cache until an episode, check-in or medicine
    changes (the profile's status_version), the time zone changes, or the day does."""
    return cache.get_or_build(
        profile,
        cache.status_key(profile, today=today),
        lambda: current_status(user=user, tz=profile.tzinfo, today=today),
    )
