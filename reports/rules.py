"""Rules: the two-week persistence clock, the other "see a GP" flags and the red flags.

CLINICAL.md sections 3, 4 and 5. Pure functions on plain values and pandas
frames (no database): feed them from ``reports.frames`` or from hand-made data.

Inputs
------
twitch_dates: any iterable of dates (``datetime.date``, ``pd.Timestamp`` or a
    ``DatetimeIndex``) with twitching; duplicates and order do not matter.
    ``frames.TwitchHistory.twitch_dates`` is made for it (episodes and "yes"
    check-ins up to the report's end).
episodes: a frame with one row per episode and at least ``date`` (local date);
    the site rules also read ``side`` and ``muscle`` (stored codes, "" when
    not given), worsening reads ``intensity``, red flags and stiffness read
    ``symptoms`` (list of codes) and, when present, ``started`` (local time).
    ``TwitchHistory.episodes`` and ``DiaryData.episodes`` both fit.
today: the local date the rules are evaluated on; for a report of a past
    period, pass the period's end.

Public interface
----------------
``persistence(*, twitch_dates, today) -> Persistence``: runs, current run,
    flag, the clock (first day, days so far, day 15, days until day 15) and
    the section 3 message.
``persistence_by_site(*, episodes, today) -> dict[str, Persistence]``.
``more_than_one_place``, ``spreading``, ``worsening``, ``medicine``,
    ``stiffness``: each returns a ``Flag`` or None.
``rule_flags(...) -> list[Flag]``: the persistence flag and all of the above.
``red_flags(*, episodes) -> list[RedFlag]``: ticked symptoms that carry a
    level, most urgent first, then newest first.
``highest_level(*, red_flags=(), flags=()) -> clinical.Level``.

Sites. A site is side × muscle; an episode without both is left out of the
site rules. An episode on "both" sides counts for the left and the right site
(twitching in both legs is more than one place).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from twitchdiary.lib import clinical
from twitchdiary.lib.clinical import Level
from twitchdiary.lib.dates import fmt_date
from twitchdiary.lib.wording import join_names, plural

from .frames import Medicine, site_labels

NHS_PERSISTENCE_LINE = "The NHS advises seeing a GP if a twitch lasts more than 2 weeks."


@dataclass(frozen=True)
class Flag:
    """A rule-based flag. code: persistence | more_than_one_place | spreading |
    worsening | medicine | stiffness."""

    code: str
    level: Level
    title: str
    detail: str


@dataclass(frozen=True)
class RedFlag:
    """A ticked symptom that carries an urgency level (CLINICAL.md section 5)."""

    date: dt.date
    when: dt.datetime | None  # the episode's local start, when known
    code: str
    item: str  # the symptom's label
    level: Level

    @property
    def message(self) -> str:
        return clinical.LEVEL_MESSAGES[self.level]


@dataclass(frozen=True)
class Run:
    """Twitch dates no more than GAP_BREAK_DAYS apart."""

    first: dt.date
    last: dt.date
    twitch_days: int  # dates with twitching in the run

    @property
    def span(self) -> int:
        """Days from first to last, counting both ends."""
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Persistence:
    """The persistence clock on ``today`` (overall, or for one site)."""

    today: dt.date
    runs: tuple[Run, ...]  # oldest first, every run up to today
    current: Run | None  # the last run, if today - its last date < CURRENT_RUN_DAYS
    site: str = ""  # "" overall, else the site label

    @property
    def flagged(self) -> bool:
        return self.current is not None and self.current.span >= clinical.PERSISTENCE_FLAG_DAYS

    @property
    def since(self) -> dt.date | None:
        """First day of the current run."""
        return self.current.first if self.current else None

    @property
    def days_so_far(self) -> int:
        """The current run's span (0 without a current run)."""
        return self.current.span if self.current else 0

    @property
    def day15(self) -> dt.date | None:
        """The date on which the current run would reach PERSISTENCE_FLAG_DAYS."""
        if not self.current:
            return None
        return self.current.first + dt.timedelta(days=clinical.PERSISTENCE_FLAG_DAYS - 1)

    @property
    def days_until_day15(self) -> int | None:
        """Days from today until day 15 (0 once reached or flagged; None without a run)."""
        if not self.current:
            return None
        if self.flagged:
            return 0
        return max(0, (self.day15 - self.today).days)

    @property
    def message(self) -> str:
        """CLINICAL.md section 3 wording; "" without a current run."""
        if not self.current:
            return ""
        return (
            f"Your twitching has come and gone for {plural(self.days_so_far, 'day')} "
            f"since {fmt_date(self.current.first)}. {NHS_PERSISTENCE_LINE}"
        )

    @property
    def clock_text(self) -> str:
        """The clock for pages before the flag: days so far and when day 15 falls."""
        if not self.current:
            return ""
        if self.flagged:
            return self.message
        return (
            f"Your twitching has come and gone for {plural(self.days_so_far, 'day')} "
            f"since {fmt_date(self.current.first)}. Day {clinical.PERSISTENCE_FLAG_DAYS} "
            f"would be {fmt_date(self.day15)}: the NHS advises seeing a GP if a twitch lasts "
            "more than 2 weeks."
        )

    def runs_between(self, start: dt.date, end: dt.date) -> list[Run]:
        """Runs that overlap the local dates start..end (for a report period)."""
        return [r for r in self.runs if r.first <= end and r.last >= start]

    def flag(self) -> Flag | None:
        if not self.flagged:
            return None
        where = f" ({self.site})" if self.site else ""
        return Flag(
            "persistence",
            Level.ROUTINE,
            f"Twitching for more than 2 weeks{where}",
            self.message,
        )


def persistence(*, twitch_dates: Iterable, today: dt.date, site: str = "") -> Persistence:
    """Runs of twitch dates up to ``today`` and the current run (CLINICAL.md section 3)."""
    days = _day_numbers(twitch_dates)
    days = np.unique(days[days <= _day_number(today)])
    runs: list[Run] = []
    if days.size:
        breaks = np.flatnonzero(np.diff(days) > clinical.GAP_BREAK_DAYS) + 1
        starts = np.r_[0, breaks]
        ends = np.r_[breaks, days.size] - 1
        runs = [
            Run(first=_date(days[s]), last=_date(days[e]), twitch_days=int(e - s + 1))
            for s, e in zip(starts, ends, strict=True)
        ]
    current = None
    if runs and (today - runs[-1].last).days < clinical.CURRENT_RUN_DAYS:
        current = runs[-1]
    return Persistence(today=today, runs=tuple(runs), current=current, site=site)


def persistence_by_site(*, episodes: pd.DataFrame, today: dt.date) -> dict[str, Persistence]:
    """The persistence clock of each site (side × muscle), keyed and ordered by label."""
    sites = located_sites(episodes)
    return {
        label: persistence(twitch_dates=group["date"], today=today, site=label)
        for label, group in sorted(sites.groupby("site"), key=lambda item: item[0])
    }


def located_sites(episodes: pd.DataFrame) -> pd.DataFrame:
    """Columns date, site: one row per episode and site, "both" split into left and right."""
    located = episodes.loc[(episodes["side"] != "") & (episodes["muscle"] != ""), ["date"]]
    sides = episodes.loc[located.index, "side"]
    muscles = episodes.loc[located.index, "muscle"]
    both = sides == "both"
    frame = pd.concat(
        [
            located.assign(side=sides, muscle=muscles)[~both],
            located.assign(side="left", muscle=muscles)[both],
            located.assign(side="right", muscle=muscles)[both],
        ]
    )
    labels = site_labels()
    keys = pd.MultiIndex.from_arrays([frame["side"], frame["muscle"]])
    frame["site"] = np.asarray(keys.map(labels.get), dtype=object)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame[["date", "site"]]


# --- CLINICAL.md section 4 ---------------------------------------------------


def more_than_one_place(*, episodes: pd.DataFrame, today: dt.date) -> Flag | None:
    """Two or more sites in the last MULTI_SITE_WINDOW_DAYS days (today included) [NHS]."""
    window = clinical.MULTI_SITE_WINDOW_DAYS
    sites = located_sites(_between(episodes, today - dt.timedelta(days=window - 1), today))
    names = sorted(sites["site"].unique())
    if len(names) < clinical.MULTI_SITE_MIN_SITES:
        return None
    return Flag(
        "more_than_one_place",
        Level.ROUTINE,
        "Twitching in more than one place",
        f"In the last {window} days you logged twitching in {len(names)} places: "
        f"{join_names(names)}. The NHS advises seeing a GP if you have a twitch in more "
        "than 1 place.",
    )


def spreading(*, episodes: pd.DataFrame, current_run: Run | None) -> Flag | None:
    """A site first seen in the current run at least SPREADING_AFTER_DAYS after it began,
    while another site had been logged earlier in the run [Seeds]."""
    if current_run is None:
        return None
    sites = located_sites(_between(episodes, current_run.first, current_run.last))
    if sites.empty:
        return None
    first_seen = sites.groupby("site")["date"].min().sort_values()
    began = pd.Timestamp(current_run.first)
    late = first_seen[
        (first_seen - began >= pd.Timedelta(days=clinical.SPREADING_AFTER_DAYS))
        & (first_seen > first_seen.iloc[0])
    ]
    if late.empty:
        return None
    parts = [
        f"{site} first appeared on {fmt_date(day.date())}, "
        f"{plural((day - began).days, 'day')} after this run began on "
        f"{fmt_date(current_run.first)}"
        for site, day in late.items()
    ]
    return Flag(
        "spreading",
        Level.ROUTINE,
        "Twitching in a new place",
        f"{'; '.join(parts)}. Twitching that spreads is worth discussing with a GP.",
    )


def worsening(*, episodes: pd.DataFrame, today: dt.date) -> Flag | None:
    """More episodes or stronger twitching in the last week than the week before [Seeds].

    Either the last WORSENING_WINDOW_DAYS days have at least WORSENING_RATIO times
    the previous window's episodes and WORSENING_MIN_EXTRA more, or the median
    intensity rose by WORSENING_INTENSITY_POINTS with at least
    WORSENING_MIN_EPISODES_PER_WEEK rated episodes in each window.
    """
    w = clinical.WORSENING_WINDOW_DAYS
    last = _between(episodes, today - dt.timedelta(days=w - 1), today)
    prev = _between(episodes, today - dt.timedelta(days=2 * w - 1), today - dt.timedelta(days=w))
    reasons = []
    n_last, n_prev = len(last), len(prev)
    if (
        n_last >= clinical.WORSENING_RATIO * n_prev
        and n_last - n_prev >= clinical.WORSENING_MIN_EXTRA
    ):
        reasons.append(
            f"{plural(n_last, 'episode')} in the last {w} days against {n_prev} in the "
            f"{w} days before"
        )
    rated_last = last["intensity"].dropna() if "intensity" in last else pd.Series(dtype=float)
    rated_prev = prev["intensity"].dropna() if "intensity" in prev else pd.Series(dtype=float)
    minimum = clinical.WORSENING_MIN_EPISODES_PER_WEEK
    if len(rated_last) >= minimum and len(rated_prev) >= minimum:
        m_last, m_prev = rated_last.median(), rated_prev.median()
        if m_last - m_prev >= clinical.WORSENING_INTENSITY_POINTS:
            reasons.append(
                f"a median intensity of {m_last:g} in the last {w} days against {m_prev:g} "
                f"in the {w} days before"
            )
    if not reasons:
        return None
    return Flag(
        "worsening",
        Level.ROUTINE,
        "Twitching getting worse",
        f"You logged {' and '.join(reasons)}. Twitching that gets worse is worth discussing "
        "with a GP.",
    )


def medicine(
    *, medications: Sequence[Medicine], current_run: Run | None, today: dt.date
) -> Flag | None:
    """A medicine the person suspects, or one of a listed class started no more than
    MEDICINE_RECENT_START_DAYS before the current run began [NHS] [Seeds].

    A suspected medicine counts while it is taken, or if it was stopped after the
    current run began. Always ends with clinical.NHS_MEDICINE_LINE.
    """
    reference = current_run.first if current_run else today
    parts = []
    for med in medications:
        if med.started_on > today:
            continue
        if med.suspected and (med.stopped_on is None or med.stopped_on >= reference):
            parts.append(f"You marked {med.name} as a medicine you suspect.")
        elif (
            current_run is not None
            and med.listed
            and 0
            <= (current_run.first - med.started_on).days
            <= clinical.MEDICINE_RECENT_START_DAYS
        ):
            gap = (current_run.first - med.started_on).days
            parts.append(
                f"{med.name} ({med.category_label.lower()}) was started on "
                f"{fmt_date(med.started_on)}, {plural(gap, 'day')} before this run of "
                "twitching began; medicines of this class are sometimes linked with twitching."
            )
    if not parts:
        return None
    return Flag(
        "medicine",
        Level.ROUTINE,
        "A medicine to discuss",
        " ".join(parts)
        + " The NHS advises seeing a GP if you think a medicine may be behind a twitch. "
        + clinical.NHS_MEDICINE_LINE,
    )


def stiffness(*, episodes: pd.DataFrame, start: dt.date, end: dt.date) -> Flag | None:
    """Stiffness in the area ticked with an episode between start and end [NHS]."""
    window = _between(episodes, start, end)
    if window.empty:
        return None
    stiff = window[window["symptoms"].map(lambda codes: "stiffness" in codes)]
    if stiff.empty:
        return None
    days = pd.to_datetime(stiff["date"]).dt.normalize().unique()
    latest = max(days).date()
    return Flag(
        "stiffness",
        Level.ROUTINE,
        "Stiffness in the area",
        f"You noted stiffness in the area on {plural(len(days), 'day')} (latest "
        f"{fmt_date(latest)}). The NHS advises seeing a GP if the affected area feels stiff.",
    )


def rule_flags(
    *,
    twitch_dates: Iterable,
    episodes: pd.DataFrame,
    medications: Sequence[Medicine],
    today: dt.date,
    stiffness_since: dt.date | None = None,
) -> list[Flag]:
    """Every section 3/4 flag that applies on ``today``, persistence first.

    stiffness_since: the first date for the stiffness flag; by default the last
    MULTI_SITE_WINDOW_DAYS days (for a report, pass the period's start).
    """
    clock = persistence(twitch_dates=twitch_dates, today=today)
    if stiffness_since is None:
        stiffness_since = today - dt.timedelta(days=clinical.MULTI_SITE_WINDOW_DAYS - 1)
    found = [
        clock.flag(),
        more_than_one_place(episodes=episodes, today=today),
        spreading(episodes=episodes, current_run=clock.current),
        worsening(episodes=episodes, today=today),
        medicine(medications=medications, current_run=clock.current, today=today),
        (
            stiffness(episodes=episodes, start=stiffness_since, end=today)
            if "symptoms" in episodes
            else None
        ),
    ]
    return [f for f in found if f is not None]


# --- CLINICAL.md section 5 ---------------------------------------------------


def red_flags(*, episodes: pd.DataFrame) -> list[RedFlag]:
    """Ticked symptoms with a level, most urgent first, then newest first."""
    if episodes.empty:
        return []
    columns = ["date", "symptoms"] + (["started"] if "started" in episodes else [])
    rows = episodes[columns].explode("symptoms")
    levels = {s.code: s.level for s in clinical.SYMPTOMS if s.level > Level.NONE}
    rows = rows[rows["symptoms"].isin(list(levels))]
    found = [
        RedFlag(
            date=pd.Timestamp(row.date).date(),
            when=row.started.to_pydatetime() if "started" in rows else None,
            code=row.symptoms,
            item=clinical.SYMPTOMS_BY_CODE[row.symptoms].label,
            level=levels[row.symptoms],
        )
        for row in rows.itertuples(index=False)
    ]
    found.sort(key=lambda f: (f.level, f.date, f.when.timestamp() if f.when else 0.0), reverse=True)
    return found


def highest_level(*, red_flags: Iterable[RedFlag] = (), flags: Iterable[Flag] = ()) -> Level:
    """The most urgent level among red flags and rule flags (Level.NONE when none)."""
    return max([f.level for f in red_flags] + [f.level for f in flags], default=Level.NONE)


# --- helpers -----------------------------------------------------------------

_EPOCH = dt.date(1970, 1, 1)


def _day_numbers(values: Iterable) -> np.ndarray:
    """Dates of any kind → days since 1970-01-01 (aware timestamps use their wall date)."""
    if not isinstance(values, pd.Index | pd.Series | np.ndarray):
        values = list(values)
    index = pd.DatetimeIndex(pd.to_datetime(values))
    if index.tz is not None:
        index = index.tz_localize(None)
    return index.values.astype("datetime64[D]").astype(np.int64)


def _day_number(day: dt.date) -> int:
    return (day - _EPOCH).days


def _date(number: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(number))


def _between(episodes: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    dates = pd.to_datetime(episodes["date"])
    return episodes[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))]
