"""Rules: the two-week persistence clock, the other "see a GP" flags and the red flags.

Clinical rules sections 3, 4 and 5, as plain typed functions on small frozen
values: no database, no pandas. The dashboard (diary.status) and the reports
feed them the same facts, so the two never disagree.

Inputs
------
twitch_dates: local dates with twitching (an episode or a "yes" check-in);
    duplicates and order do not matter, dates after ``today`` are ignored.
    A ``datetime`` counts on its own (wall-clock) date.
onset: the date the person recalls first noticing the twitching of the current
    run (section 3, "Onset before the diary"), or None.
no_twitch_dates: local dates of "no twitching today" check-ins: the only
    evidence against a recalled onset (an unlogged day says nothing).
episodes: ``EpisodeFact`` values, one per episode.
medications: ``Medicine`` values.
today: the local date the rules are evaluated on; for a report of a past
    period, pass the period's end.

Sites. A site is side × muscle, named by its label ("Left calf"). An episode
without both touches no site; one on "both" sides touches the left and the
right site (twitching in both legs is more than one place). The caller splits
them: ``EpisodeFact.sites`` already holds the labels.
"""

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import clinical
from .clinical import Level
from .dates import fmt_date
from .wording import join_names, plural

NHS_PERSISTENCE_LINE = "The NHS advises seeing a GP if a twitch lasts more than 2 weeks."


# --- inputs --------------------------------------------------------------------


@dataclass(frozen=True)
class EpisodeFact:
    """What the rules read of one episode."""

    date: dt.date  # the local date it started on
    started: dt.datetime | None = None  # the local start, when known
    sites: tuple[str, ...] = ()  # site labels it touches, "both" already split
    intensity: int | None = None
    symptoms: tuple[str, ...] = ()  # ticked symptom codes


@dataclass(frozen=True)
class Medicine:
    """A medicine or supplement, as the rules and reports need it (a plain value)."""

    name: str
    kind: str  # "medicine" | "supplement"
    category: str  # Medication.Category value
    category_label: str
    dose: str
    started_on: dt.date
    stopped_on: dt.date | None
    suspected: bool

    @property
    def listed(self) -> bool:
        """A class the sources list as possibly linked with twitching [Seeds] [NHS]."""
        return self.category in clinical.LISTED_MEDICINE_CATEGORIES

    def active_on(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.stopped_on is None or self.stopped_on >= day)

    def started_between(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.started_on <= end

    def stopped_between(self, start: dt.date, end: dt.date) -> bool:
        return self.stopped_on is not None and start <= self.stopped_on <= end


# --- results -------------------------------------------------------------------


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
    """A ticked symptom that carries an urgency level (section 5)."""

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
    recalled: bool = False  # ``first`` is the onset the person recalled, not a logged date

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
        day15 = self.day15
        if day15 is None:
            return None
        if self.flagged:
            return 0
        return max(0, (day15 - self.today).days)

    @property
    def recalled(self) -> bool:
        """Whether the current run starts on a recalled onset rather than a logged date."""
        return self.current is not None and self.current.recalled

    @property
    def since_text(self) -> str:
        """ "since 10 Nov 2026", naming a recalled start as such; "" without a current run."""
        if not self.current:
            return ""
        text = f"since {fmt_date(self.current.first)}"
        return f"{text} (when you first noticed it)" if self.current.recalled else text

    @property
    def message(self) -> str:
        """Section 3 wording; "" without a current run."""
        if not self.current:
            return ""
        return (
            f"Your twitching has come and gone for {plural(self.days_so_far, 'day')} "
            f"{self.since_text}. {NHS_PERSISTENCE_LINE}"
        )

    @property
    def clock_text(self) -> str:
        """The clock for pages before the flag: days so far and when day 15 falls."""
        if not self.current or self.day15 is None:
            return ""
        if self.flagged:
            return self.message
        return (
            f"Your twitching has come and gone for {plural(self.days_so_far, 'day')} "
            f"{self.since_text}. Day {clinical.PERSISTENCE_FLAG_DAYS} "
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


# --- section 3: persistence ------------------------------------------------------


def persistence(
    *,
    twitch_dates: Iterable[dt.date],
    today: dt.date,
    site: str = "",
    onset: dt.date | None = None,
    no_twitch_dates: Iterable[dt.date] = (),
) -> Persistence:
    """Runs of twitch dates up to ``today`` and the current run (section 3).

    A recalled ``onset`` starts a run that takes in every later twitch date,
    whatever the unlogged gaps, unless the logged run it would extend already
    began earlier, or "no twitching" check-ins speak against it (see
    ``_onset_contradicted``). Without an onset the runs are the logged ones.
    """
    days = sorted({d for d in map(_as_date, twitch_dates) if d <= today})
    runs = _logged_runs(days)
    if onset is not None and _onset_applies(onset, runs, days, no_twitch_dates, today):
        before = [r for r in runs if r.last < onset]
        later = [d for d in days if d >= onset]
        runs = [*before, Run(first=onset, last=later[-1], twitch_days=len(later), recalled=True)]
    current = None
    if runs and (today - runs[-1].last).days < clinical.CURRENT_RUN_DAYS:
        current = runs[-1]
    return Persistence(today=today, runs=tuple(runs), current=current, site=site)


def _logged_runs(days: Sequence[dt.date]) -> list[Run]:
    """Sorted unique dates split wherever two are more than GAP_BREAK_DAYS apart."""
    runs: list[Run] = []
    for day in days:
        if runs and (day - runs[-1].last).days <= clinical.GAP_BREAK_DAYS:
            run = runs[-1]
            runs[-1] = Run(first=run.first, last=day, twitch_days=run.twitch_days + 1)
        else:
            runs.append(Run(first=day, last=day, twitch_days=1))
    return runs


def _onset_applies(
    onset: dt.date,
    runs: Sequence[Run],
    days: Sequence[dt.date],
    no_twitch_dates: Iterable[dt.date],
    today: dt.date,
) -> bool:
    """A recalled onset counts when a twitch was logged on or after it, it is not later
    than the first date of the logged run it opens, and the diary holds no stretch of
    NO_TWITCHING_EVIDENCE_DAYS "no twitching" days in a row from it to today."""
    if onset > today:
        return False
    opened = next((r for r in runs if r.last >= onset), None)
    if opened is None or opened.first < onset:
        return False  # nothing logged since, or the logged run already began earlier
    return not _onset_contradicted(onset, days, no_twitch_dates, today)


def _onset_contradicted(
    onset: dt.date,
    days: Sequence[dt.date],
    no_twitch_dates: Iterable[dt.date],
    today: dt.date,
) -> bool:
    """NO_TWITCHING_EVIDENCE_DAYS consecutive "no twitching" days between the onset and
    today. A "no" on a day with twitching logged is no evidence (the entries disagree)."""
    twitching = set(days)
    said_no = sorted({d for d in map(_as_date, no_twitch_dates) if onset <= d <= today} - twitching)
    streak = 0
    previous: dt.date | None = None
    for day in said_no:
        streak = streak + 1 if previous is not None and (day - previous).days == 1 else 1
        if streak >= clinical.NO_TWITCHING_EVIDENCE_DAYS:
            return True
        previous = day
    return False


def persistence_by_site(
    *, episodes: Iterable[EpisodeFact], today: dt.date
) -> dict[str, Persistence]:
    """The persistence clock of each site, keyed and ordered by label."""
    dates: dict[str, list[dt.date]] = {}
    for episode in episodes:
        for site in episode.sites:
            dates.setdefault(site, []).append(episode.date)
    return {
        site: persistence(twitch_dates=dates[site], today=today, site=site)
        for site in sorted(dates)
    }


def sites_of(episodes: Iterable[EpisodeFact]) -> set[str]:
    """The distinct sites the episodes touch."""
    return {site for episode in episodes for site in episode.sites}


# --- section 4: the other flags ----------------------------------------------------


def more_than_one_place(*, episodes: Sequence[EpisodeFact], today: dt.date) -> Flag | None:
    """Two or more sites in the last MULTI_SITE_WINDOW_DAYS days (today included) [NHS]."""
    window = clinical.MULTI_SITE_WINDOW_DAYS
    names = sorted(sites_of(between(episodes, today - dt.timedelta(days=window - 1), today)))
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


def spreading(*, episodes: Sequence[EpisodeFact], current_run: Run | None) -> Flag | None:
    """A site first seen in the current run at least SPREADING_AFTER_DAYS after it began,
    while another site had been logged earlier in the run [Seeds]."""
    if current_run is None:
        return None
    first_seen: dict[str, dt.date] = {}
    for episode in between(episodes, current_run.first, current_run.last):
        for site in episode.sites:
            if site not in first_seen or episode.date < first_seen[site]:
                first_seen[site] = episode.date
    if not first_seen:
        return None
    earliest = min(first_seen.values())
    began = current_run.first
    late = sorted(
        (day, site)
        for site, day in first_seen.items()
        if (day - began).days >= clinical.SPREADING_AFTER_DAYS and day > earliest
    )
    if not late:
        return None
    parts = [
        f"{site} first appeared on {fmt_date(day)}, "
        f"{plural((day - began).days, 'day')} after this run began on {fmt_date(began)}"
        for day, site in late
    ]
    return Flag(
        "spreading",
        Level.ROUTINE,
        "Twitching in a new place",
        f"{'; '.join(parts)}. Twitching that spreads is worth discussing with a GP.",
    )


def worsening(*, episodes: Sequence[EpisodeFact], today: dt.date) -> Flag | None:
    """More episodes or stronger twitching in the last week than the week before [Seeds].

    Either the last WORSENING_WINDOW_DAYS days have at least WORSENING_RATIO times
    the previous window's episodes and WORSENING_MIN_EXTRA more, or the median
    intensity rose by WORSENING_INTENSITY_POINTS with at least
    WORSENING_MIN_EPISODES_PER_WEEK rated episodes in each window.
    """
    w = clinical.WORSENING_WINDOW_DAYS
    last = between(episodes, today - dt.timedelta(days=w - 1), today)
    prev = between(episodes, today - dt.timedelta(days=2 * w - 1), today - dt.timedelta(days=w))
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
    rated_last = [e.intensity for e in last if e.intensity is not None]
    rated_prev = [e.intensity for e in prev if e.intensity is not None]
    minimum = clinical.WORSENING_MIN_EPISODES_PER_WEEK
    if len(rated_last) >= minimum and len(rated_prev) >= minimum:
        m_last, m_prev = statistics.median(rated_last), statistics.median(rated_prev)
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
    *, medications: Iterable[Medicine], current_run: Run | None, today: dt.date
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


def stiffness(*, episodes: Sequence[EpisodeFact], start: dt.date, end: dt.date) -> Flag | None:
    """Stiffness in the area ticked with an episode between start and end [NHS]."""
    days = {e.date for e in between(episodes, start, end) if "stiffness" in e.symptoms}
    if not days:
        return None
    return Flag(
        "stiffness",
        Level.ROUTINE,
        "Stiffness in the area",
        f"You noted stiffness in the area on {plural(len(days), 'day')} (latest "
        f"{fmt_date(max(days))}). The NHS advises seeing a GP if the affected area feels stiff.",
    )


def rule_flags(
    *,
    twitch_dates: Iterable[dt.date],
    episodes: Sequence[EpisodeFact],
    medications: Iterable[Medicine],
    today: dt.date,
    stiffness_since: dt.date | None = None,
    onset: dt.date | None = None,
    no_twitch_dates: Iterable[dt.date] = (),
) -> list[Flag]:
    """Every section 3/4 flag that applies on ``today``, persistence first.

    stiffness_since: the first date for the stiffness flag; by default the last
    MULTI_SITE_WINDOW_DAYS days (for a report, pass the period's start).
    onset, no_twitch_dates: see ``persistence``.
    """
    clock = persistence(
        twitch_dates=twitch_dates, today=today, onset=onset, no_twitch_dates=no_twitch_dates
    )
    return flags_for(
        clock=clock,
        episodes=episodes,
        medications=medications,
        stiffness_since=stiffness_since,
    )


def flags_for(
    *,
    clock: Persistence,
    episodes: Sequence[EpisodeFact],
    medications: Iterable[Medicine],
    stiffness_since: dt.date | None = None,
) -> list[Flag]:
    """rule_flags for a clock already computed (its ``today`` is the rules' today)."""
    today = clock.today
    if stiffness_since is None:
        stiffness_since = today - dt.timedelta(days=clinical.MULTI_SITE_WINDOW_DAYS - 1)
    found = [
        clock.flag(),
        more_than_one_place(episodes=episodes, today=today),
        spreading(episodes=episodes, current_run=clock.current),
        worsening(episodes=episodes, today=today),
        medicine(medications=medications, current_run=clock.current, today=today),
        stiffness(episodes=episodes, start=stiffness_since, end=today),
    ]
    return [f for f in found if f is not None]


# --- section 5: red flags -----------------------------------------------------------


def red_flags(*, episodes: Iterable[EpisodeFact]) -> list[RedFlag]:
    """Ticked symptoms with a level, most urgent first, then newest first.

    A symptom ticked twice with one episode counts once.
    """
    found = [
        RedFlag(
            date=episode.date,
            when=episode.started,
            code=code,
            item=clinical.SYMPTOMS_BY_CODE[code].label,
            level=clinical.SYMPTOMS_BY_CODE[code].level,
        )
        for episode in episodes
        for code in dict.fromkeys(episode.symptoms)
        if code in clinical.SYMPTOMS_BY_CODE and clinical.SYMPTOMS_BY_CODE[code].level
    ]
    found.sort(key=lambda f: (f.level, f.date, f.when.timestamp() if f.when else 0.0), reverse=True)
    return found


def highest_level(*, red_flags: Iterable[RedFlag] = (), flags: Iterable[Flag] = ()) -> Level:
    """The most urgent level among red flags and rule flags (Level.NONE when none)."""
    return max([f.level for f in red_flags] + [f.level for f in flags], default=Level.NONE)


# --- helpers ------------------------------------------------------------------------


def between(episodes: Iterable[EpisodeFact], start: dt.date, end: dt.date) -> list[EpisodeFact]:
    """The episodes on local dates start..end, both included."""
    return [e for e in episodes if start <= e.date <= end]


def _as_date(value: dt.date) -> dt.date:
    """A date, or a datetime's own wall-clock date (a pandas Timestamp is a datetime)."""
    return value.date() if isinstance(value, dt.datetime) else value
