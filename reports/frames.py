"""Select: one user's diary rows as pandas frames indexed by the user's local dates.

The only step of the reports pipeline that reads the database. Every function
reads one user's rows with a fixed number of queries (one per table, through
``values_list``), whatever the length of the period; time-zone conversion and
daily aggregation run vectorised in pandas.

Public interface
----------------
``load_diary(*, user, start, end, tz) -> DiaryData``
    The period start..end (local dates, both included): ``daily``, ``episodes``,
    ``caffeine_events`` and ``medications``. Nine queries.
``load_medications(*, user, start=None, end=None) -> list[Medicine]``
    Medicines and supplements taken at some time in start..end. One query
    (``diary.status.load_medications``).
``episode_facts(episodes) -> list[EpisodeFact]``
    An episode frame as the plain values the rules of ``twitchdiary.lib.rules``
    read. The twitch history the persistence clock needs comes from
    ``diary.status.load_history``, the same as the dashboard's.

Conventions (they also belong in the report's methods note)
-------------------------------------------------------------
Dates. A day is the user's local calendar day in ``tz``. An episode belongs to
the local date on which it started: 23:30 in New York on 1 March is 1 March,
though it is 2 March in UTC. Sleep belongs to the day the person woke up, so
``sleep_hours`` on a date is the night before it.

Index. ``DiaryData.daily`` is indexed by a tz-naive ``DatetimeIndex`` named
``"date"`` with one row for every calendar date start..end (freq ``"D"``);
each timestamp is local midnight. Use ``ts.date()`` for display
(``twitchdiary.lib.dates.fmt_date``). Date columns of the event frames (``date``) use the
same tz-naive midnight timestamps; datetimes (``started``, ``taken``) are
tz-aware in the user's zone.

Missing is not zero. The outcome of a day is known ("logged") when the person
logged at least one episode that day or answered the daily check-in:

- ``episodes``: the number of episodes; 0 only on a day with a "no twitching"
  check-in and no episode; missing (NaN) on days without either. A "yes"
  check-in with no episode logged makes a twitch day whose count is unknown:
  ``twitch_day`` is True, ``logged`` is True, ``episodes`` stays NaN (so the
  episode-rate analysis skips that day and the twitch-day analysis keeps it).
  An episode outweighs a contradicting "no twitching" check-in.
- ``twitch_day`` (nullable boolean): True with an episode or a "yes"
  check-in, False with a "no" check-in and no episode, <NA> otherwise.
- ``intensity_mean``/``intensity_max``: over that day's episodes that carry an
  intensity; NaN on days without one.
- ``duration_total_s``: sum of the known durations; 0 on twitch-free days;
  NaN on unlogged days and on episode days where no duration was given.
- ``caffeine_mg``, ``alcohol_units``, ``exercise_min``: the day's total. On a
  day the person kept the lifestyle diary (a check-in, or any caffeine, fluids,
  sleep, stress, exercise or alcohol entry) no entry counts as 0, but only for
  a kind the person used at least once in the period (someone who never logs
  alcohol gets "missing", not "0 units"). Other days without entries stay NaN:
  a day with nothing but a "Twitch now" tap says nothing about caffeine. A day
  with entries always has its total.
- ``fluids_ml``, ``sleep_hours``, ``sleep_quality``, ``stress_mean``: NaN
  whenever nothing was logged (a day without a fluids entry is not a day
  without drinking).
- ``checkin`` (nullable boolean): the check-in answer, <NA> without one.
- ``red_flag_level``: the highest ``clinical.Level`` (0-3) among the symptoms
  ticked with that day's episodes; 0 when none.
"""

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from django.contrib.auth.models import User

from diary.models import (
    Alcohol,
    Caffeine,
    CheckIn,
    Entry,
    Episode,
    Exercise,
    Fluid,
    Muscle,
    Side,
    Sleep,
    Stress,
)
from diary.status import episode_sites, load_medications
from twitchdiary.lib import clinical
from twitchdiary.lib.dates import range_bounds
from twitchdiary.lib.rules import EpisodeFact, Medicine

DAILY_COLUMNS = (
    "episodes",
    "twitch_day",
    "logged",
    "checkin",
    "intensity_mean",
    "intensity_max",
    "duration_total_s",
    "red_flag_level",
    "caffeine_mg",
    "fluids_ml",
    "sleep_hours",
    "sleep_quality",
    "stress_mean",
    "exercise_min",
    "alcohol_units",
)
EPISODE_COLUMNS = (
    "id",
    "started",
    "date",
    "side",
    "muscle",
    "site",
    "intensity",
    "duration_seconds",
    "twitch_count",
    "activity",
    "symptoms",
    "level",
)
CAFFEINE_COLUMNS = ("taken", "date", "mg", "source")
# The episode fields read from the database, after its start time.
_EPISODE_FIELDS = (
    "id",
    "side",
    "muscle",
    "intensity",
    "duration_seconds",
    "twitch_count",
    "activity",
    "symptoms",
)


@dataclass
class DiaryData:
    """One user's diary for the local dates start..end (see the module docstring).

    daily: one row per calendar date, columns DAILY_COLUMNS.
    episodes: one row per episode, columns EPISODE_COLUMNS, ordered by start:
        started (tz-aware local), date (local midnight, tz-naive), side, muscle
        (stored codes, "" when not given), site (label such as "Left calf", ""
        when unknown), intensity, duration_seconds, twitch_count (floats, NaN
        when not given), activity, symptoms (list of codes), level (int 0-3).
    caffeine_events: one row per caffeine entry, columns CAFFEINE_COLUMNS:
        taken (tz-aware local), date, mg, source.
    medications: medicines and supplements taken at some time in the period.
    """

    start: dt.date
    end: dt.date
    tz: ZoneInfo
    daily: pd.DataFrame
    episodes: pd.DataFrame
    caffeine_events: pd.DataFrame
    medications: list[Medicine] = field(default_factory=list)

    @property
    def calendar_days(self) -> int:
        return len(self.daily)

    @property
    def logged_days(self) -> int:
        return int(self.daily["logged"].sum())

    @property
    def coverage(self) -> float:
        """Logged days / calendar days (0 for an empty period)."""
        return self.logged_days / self.calendar_days if self.calendar_days else 0.0


def load_diary(*, user: User, start: dt.date, end: dt.date, tz: ZoneInfo) -> DiaryData:
    """One user's diary for local dates start..end (both included). Nine queries."""
    if end < start:
        raise ValueError("end must not be before start")
    lo, hi = range_bounds(start, end, tz)
    index = pd.date_range(start, end, freq="D", name="date")

    # _default_manager is each model's `objects`, which the abstract Entry does not declare.
    def timed(model: type[Entry], fields: Sequence[str]) -> list[tuple[Any, ...]]:
        name = model.time_field
        return list(
            model._default_manager.filter(user=user, **{f"{name}__gte": lo, f"{name}__lt": hi})
            .order_by(name, "pk")
            .values_list(name, *fields)
        )

    def dated(model: type[Entry], fields: Sequence[str]) -> list[tuple[Any, ...]]:
        name = model.time_field
        return list(
            model._default_manager.filter(
                user=user, **{f"{name}__gte": start, f"{name}__lte": end}
            ).values_list(name, *fields)
        )

    episodes = _episode_frame(
        timed(Episode, _EPISODE_FIELDS),
        tz,
    )
    caffeine = _timed_frame(timed(Caffeine, ["mg", "source"]), ["taken", "mg", "source"], tz)
    fluids = _timed_frame(timed(Fluid, ["ml"]), ["taken", "ml"], tz)
    stress = _timed_frame(timed(Stress, ["level"]), ["taken", "level"], tz)
    exercise = _timed_frame(timed(Exercise, ["minutes"]), ["taken", "minutes"], tz)
    alcohol = _timed_frame(timed(Alcohol, ["units"]), ["taken", "units"], tz)
    alcohol["units"] = alcohol["units"].astype(float)  # Decimal → float
    sleep = _dated_frame(dated(Sleep, ["hours", "quality"]), ["date", "hours", "quality"])
    checkins = _dated_frame(dated(CheckIn, ["twitching"]), ["date", "twitching"])
    medications = load_medications(user=user, start=start, end=end)

    daily = _daily_frame(
        index=index,
        episodes=episodes,
        checkins=checkins,
        sums={
            "caffeine_mg": (caffeine, "mg", True),
            "alcohol_units": (alcohol, "units", True),
            "exercise_min": (exercise, "minutes", True),
            "fluids_ml": (fluids, "ml", False),
        },
        sleep=sleep,
        stress=stress,
    )
    return DiaryData(
        start=start,
        end=end,
        tz=tz,
        daily=daily,
        episodes=episodes,
        caffeine_events=caffeine[list(CAFFEINE_COLUMNS)],
        medications=medications,
    )


def episode_facts(episodes: pd.DataFrame) -> list[EpisodeFact]:
    """Rows of an episode frame (columns started, date, side, muscle, intensity,
    symptoms) as the facts the rules read."""
    return [
        EpisodeFact(
            date=_timestamp(date).date(),
            started=_timestamp(started).to_pydatetime(),
            sites=episode_sites(_text(side), _text(muscle)),
            intensity=None if pd.isna(intensity) else int(number_cell(intensity)),
            symptoms=tuple(codes_cell(symptoms)),
        )
        for date, started, side, muscle, intensity, symptoms in episodes[
            ["date", "started", "side", "muscle", "intensity", "symptoms"]
        ].itertuples(index=False)
    ]


# A cell read back from a frame is typed as any pandas scalar; these narrow it to what
# the column holds (see _episode_frame), and fail loudly if a frame breaks that contract.


def _timestamp(value: object) -> pd.Timestamp:
    if not isinstance(value, pd.Timestamp):
        raise TypeError(f"expected a timestamp, got {value!r}")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r}")
    return value


def number_cell(value: object) -> float:
    """An int or float cell (numpy's own scalars included), not missing."""
    if not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def codes_cell(value: object) -> list[str]:
    """A symptoms cell: the list of ticked codes stored in the JSON field."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise TypeError(f"expected a list of symptom codes, got {value!r}")
    return value


def optional_number_cell(value: object) -> float | None:
    """A number cell that may be missing: None for None, NaN and <NA>."""
    if value is None or value is pd.NA:
        return None
    known = number_cell(value)
    return None if math.isnan(known) else known


# --- building blocks (pure pandas, no database) ------------------------------


def local_times(values: Iterable[dt.datetime], tz: ZoneInfo) -> pd.DatetimeIndex:
    """Aware datetimes (any zone) → a tz-aware DatetimeIndex in ``tz``, vectorised."""
    return pd.DatetimeIndex(pd.to_datetime(list(values), utc=True)).tz_convert(tz)


def local_dates(times: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """Local tz-aware times → their local calendar dates as tz-naive midnights."""
    return times.tz_localize(None).normalize()


def site_labels() -> dict[tuple[str, str], str]:
    """(side, muscle) → the label Episode.site shows, e.g. ("left", "calf") → "Left calf"."""
    return {
        (side, muscle): Episode(side=side, muscle=muscle).site
        for side in ["", *Side.values]
        for muscle in ["", *Muscle.values]
    }


def _timed_frame(rows: list[tuple[Any, ...]], columns: list[str], tz: ZoneInfo) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=columns)
    times = local_times(frame[columns[0]], tz)
    frame[columns[0]] = times
    frame["date"] = local_dates(times)
    return frame


def _dated_frame(rows: list[tuple[Any, ...]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _episode_frame(rows: list[tuple[Any, ...]], tz: ZoneInfo) -> pd.DataFrame:
    frame = _timed_frame(rows, ["started", *_EPISODE_FIELDS], tz)
    for name in ("intensity", "duration_seconds", "twitch_count"):
        frame[name] = frame[name].astype(float)
    labels = site_labels()
    keys = pd.MultiIndex.from_arrays([frame["side"], frame["muscle"]])
    frame["site"] = pd.Series(keys.map(labels.get), index=frame.index).fillna("").astype(str)
    frame["level"] = symptom_levels(frame["symptoms"])
    return frame[list(EPISODE_COLUMNS)]


def symptom_levels(symptoms: pd.Series) -> pd.Series:
    """The highest clinical.Level (as int) of each row's list of symptom codes."""
    if symptoms.empty:
        return pd.Series([], dtype=int, index=symptoms.index)
    levels = {s.code: int(s.level) for s in clinical.SYMPTOMS}
    exploded = symptoms.explode()
    mapped = exploded.map(levels).fillna(0)
    return mapped.groupby(level=0).max().reindex(symptoms.index, fill_value=0).astype(int)


def _daily_frame(
    *,
    index: pd.DatetimeIndex,
    episodes: pd.DataFrame,
    checkins: pd.DataFrame,
    sums: dict[str, tuple[pd.DataFrame, str, bool]],
    sleep: pd.DataFrame,
    stress: pd.DataFrame,
) -> pd.DataFrame:
    daily = pd.DataFrame(index=index)
    by_day = episodes.groupby("date")
    count = by_day.size().reindex(index, fill_value=0)
    checkin = (
        checkins.set_index("date")["twitching"].astype("boolean").reindex(index)
        if not checkins.empty
        else pd.Series(pd.NA, index=index, dtype="boolean")
    )
    has_episode = count > 0
    said_no = checkin.eq(False).fillna(False).astype(bool) & ~has_episode
    said_yes = checkin.eq(True).fillna(False).astype(bool)

    twitch_day = pd.Series(pd.NA, index=index, dtype="boolean")
    twitch_day[said_no] = False
    twitch_day[has_episode | said_yes] = True
    logged = twitch_day.notna().to_numpy()

    daily["episodes"] = count.astype(float).where(has_episode | said_no)
    daily["twitch_day"] = twitch_day
    daily["logged"] = logged
    daily["checkin"] = checkin
    daily["intensity_mean"] = by_day["intensity"].mean().reindex(index)
    daily["intensity_max"] = by_day["intensity"].max().reindex(index)
    duration = by_day["duration_seconds"].sum(min_count=1).reindex(index)
    daily["duration_total_s"] = duration.where(~said_no, 0.0)
    daily["red_flag_level"] = by_day["level"].max().reindex(index, fill_value=0).astype(int)

    # A day the person kept the lifestyle diary: a check-in, or any lifestyle entry.
    # Only then does "no caffeine entry" mean none; a "Twitch now" tap alone says nothing.
    kept = checkin.notna().to_numpy()
    for frame in [f for f, _, _ in sums.values()] + [sleep, stress]:
        if not frame.empty:
            kept = kept | index.isin(pd.DatetimeIndex(frame["date"]))
    for column, (frame, value, zero_when_kept) in sums.items():
        total = frame.groupby("date")[value].sum().reindex(index).astype(float)
        if zero_when_kept and not frame.empty:
            total = total.where(total.notna() | ~kept, 0.0)
        daily[column] = total

    sleep_by_day = sleep.set_index("date") if not sleep.empty else None
    for column, value in (("sleep_hours", "hours"), ("sleep_quality", "quality")):
        daily[column] = (
            sleep_by_day[value].astype(float).reindex(index) if sleep_by_day is not None else np.nan
        )
    daily["stress_mean"] = stress.groupby("date")["level"].mean().reindex(index).astype(float)
    return daily[list(DAILY_COLUMNS)]
