"""Compose the pipeline into one report: frames → rules → triggers → charts.

The views call ``get_report`` (cached) or ``build_report``; templates read the
plain values of ``Report``. No pandas leaves this module except the frames the
CSV export and the appendices need.
"""

import base64
import datetime as dt
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from diary.status import compute_status, load_history, load_onset
from twitchdiary.lib import clinical, rules
from twitchdiary.lib.clinical import Level
from twitchdiary.lib.dates import fmt_date
from twitchdiary.lib.wording import duration, number, plural

from . import charts, frames, triggers
from .wording import methods_note

CACHE_SECONDS = 60 * 60
# Lines of varying content page 1 holds in the normal print layout (see page_one_is_crowded).
PAGE_ONE_SPARE_LINES = 14


@dataclass(frozen=True)
class KeyNumber:
    label: str
    current: str
    previous: str


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str

    @property
    def data_uri(self) -> str:
        """The SVG as an <img> source: its inline styles then fall outside the page's CSP."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass
class Report:
    start: dt.date
    end: dt.date
    today: dt.date
    tz_name: str
    data: frames.DiaryData
    clock: rules.Persistence
    site_clocks: dict[str, rules.Persistence]
    past_runs: list[rules.Run]
    flags: list[rules.Flag]
    red_flags: list[rules.RedFlag]
    level: Level
    analysis: triggers.TriggerAnalysis
    timing: triggers.TimingView
    key_numbers: list[KeyNumber]
    previous_start: dt.date
    previous_end: dt.date
    medicines: list[frames.Medicine]
    _charts: dict[str, Chart] = field(default_factory=dict, repr=False)

    def chart(self, name: str) -> Chart:
        """A chart, drawn on first use (matplotlib is most of a report's cost)."""
        if name not in self._charts:
            self._charts[name] = make_chart(self, name)
        return self._charts[name]

    @property
    def charts(self) -> dict[str, Chart]:
        """Every chart that has something to show, by name."""
        return {name: c for name in CHART_NAMES if (c := self.chart(name)).svg}

    @property
    def daily_chart(self) -> Chart:
        return self.chart("daily")

    @property
    def factor_chart(self) -> Chart:
        return self.chart("factors")

    @property
    def ratio_chart(self) -> Chart:
        return self.chart("ratios")

    @cached_property
    def has_factor_chart(self) -> bool:
        """Whether the factor panels have data, without drawing them."""
        return charts.factor_charts_have_data(self.data.daily)

    @cached_property
    def has_ratio_chart(self) -> bool:
        return bool(_ratio_rows(self))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def period_text(self) -> str:
        weeks = f" ({plural(self.days // 7, 'week')})" if self.days % 7 == 0 else ""
        return f"{fmt_date(self.start)} – {fmt_date(self.end)}{weeks}"

    @property
    def coverage_text(self) -> str:
        d = self.data
        return (
            f"{d.logged_days} of {d.calendar_days} days logged ({d.coverage:.0%}). Days without "
            "an episode or a check-in count as missing, not as twitch-free."
        )

    @cached_property
    def patterns(self) -> list[triggers.FactorResult]:
        return self.analysis.top(3)

    @property
    def level_message(self) -> str:
        return clinical.LEVEL_MESSAGES.get(self.level, "")

    @property
    def methods(self) -> list[str]:
        return methods_note()

    @cached_property
    def episode_log(self) -> list[dict]:
        """The episode appendix: one dict per episode, oldest first."""
        frame = self.data.episodes
        labels = {s.code: s.label for s in clinical.SYMPTOMS}
        return [
            {
                "when": row.started,
                "site": row.site or "not given",
                "intensity": "–" if pd.isna(row.intensity) else int(row.intensity),
                "duration": duration(row.duration_seconds),
                "activity": row.activity,
                "symptoms": ", ".join(labels.get(c, c) for c in row.symptoms) or "–",
                "level": Level(int(row.level)),
            }
            for row in frame.itertuples(index=False)
        ]

    @cached_property
    def lifestyle_rows(self) -> list[dict]:
        """The daily lifestyle appendix; "–" for missing, never 0."""
        daily = self.data.daily
        return [
            {
                "date": ts.date(),
                "episodes": _cell(row.episodes, 0),
                "caffeine": _cell(row.caffeine_mg, 0),
                "fluids": _cell(row.fluids_ml, 0),
                "sleep": _cell(row.sleep_hours, 1),
                "sleep_quality": _cell(row.sleep_quality, 0),
                "stress": _cell(row.stress_mean, 1),
                "exercise": _cell(row.exercise_min, 0),
                "alcohol": _cell(row.alcohol_units, 1),
                "red_flag": bool(row.red_flag_level),
            }
            for ts, row in zip(daily.index, daily.itertuples(index=False), strict=True)
        ]

    def medicine_change(self, medicine: frames.Medicine) -> str:
        """What changed in the period: "started 05 Mar 2026, stopped 12 Mar 2026"."""
        changes = []
        if medicine.started_between(self.start, self.end):
            changes.append(f"started {fmt_date(medicine.started_on)}")
        if medicine.stopped_between(self.start, self.end):
            changes.append(f"stopped {fmt_date(medicine.stopped_on)}")
        return ", ".join(changes)

    @cached_property
    def page_one_is_crowded(self) -> bool:
        """Whether page 1 needs the denser print layout to stay one page.

        A rough count of the printed lines that vary from report to report (at
        about 110 characters a line); the fixed parts take the rest of the page.
        """
        flags = [f for f in self.flags if f.code != "persistence"]
        lines = (
            min(len(self.red_flags), 5)
            + sum(1 + len(f.detail) // 110 for f in flags)
            + sum(1 + len(r.text) // 110 for r in self.patterns)
            + len(self.medicines) * 1.5
        )
        return lines > PAGE_ONE_SPARE_LINES

    @cached_property
    def medicine_rows(self) -> list[dict]:
        return [
            {"medicine": m, "change": self.medicine_change(m), "current": m.active_on(self.end)}
            for m in self.medicines
        ]


def _cell(value, decimals: int) -> str:
    if value is None or pd.isna(value):
        return "–"
    return number(float(value), decimals)


def key_numbers(current: frames.DiaryData, previous: pd.DataFrame, prev_episodes) -> list:
    """CLINICAL.md §7 key numbers, this period against the previous one of equal length."""

    def numbers(daily: pd.DataFrame, episodes: pd.DataFrame) -> list[str]:
        logged = int(daily["logged"].sum())
        twitch_days = int(daily["twitch_day"].fillna(False).astype(bool).sum())
        count = len(episodes)
        intensity = episodes["intensity"].dropna()
        durations = episodes["duration_seconds"].dropna()
        sites = len(rules.sites_of(frames.episode_facts(episodes)))  # as the rules count them
        return [
            f"{logged} of {len(daily)} days ({logged / len(daily):.0%})" if len(daily) else "–",
            str(twitch_days),
            str(count),
            number(count / twitch_days) if twitch_days else "–",
            number(float(np.median(intensity))) + "/10" if len(intensity) else "–",
            duration(float(np.median(durations))) if len(durations) else "–",
            str(sites),
        ]

    labels = [
        "Days logged",
        "Twitch days",
        "Episodes",
        "Episodes per twitch day",
        "Median intensity",
        "Median duration",
        "Sites",
    ]
    this = numbers(current.daily, current.episodes)
    before = numbers(previous, prev_episodes)
    return [KeyNumber(*row) for row in zip(labels, this, before, strict=True)]


def build_report(
    *,
    user,
    tz,
    tz_name: str,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    fluid_unit: str = "ml",
    with_charts: bool = False,
) -> Report:
    """Everything a report page shows, for local dates start..end."""
    days = (end - start).days + 1
    previous_end = start - dt.timedelta(days=1)
    previous_start = previous_end - dt.timedelta(days=days - 1)
    # One load covers both periods: the same nine queries, then two slices.
    both = frames.load_diary(user=user, start=previous_start, end=end, tz=tz)
    cut = pd.Timestamp(start)
    data = frames.DiaryData(
        start=start,
        end=end,
        tz=tz,
        daily=both.daily.loc[cut:],
        episodes=both.episodes[both.episodes["date"] >= cut],
        caffeine_events=both.caffeine_events[both.caffeine_events["date"] >= cut],
        medications=[m for m in both.medications if m.stopped_on is None or m.stopped_on >= start],
    )
    previous_daily = both.daily.loc[: pd.Timestamp(previous_end)]
    previous_episodes = both.episodes[both.episodes["date"] < cut]

    as_of = min(end, today)
    history = load_history(user=user, tz=tz, until=as_of)
    # The dashboard's computation, so the report shows the same clock and flags.
    status = compute_status(
        history=history,
        medications=data.medications,
        today=as_of,
        stiffness_since=start,
        onset=load_onset(user=user, until=as_of),
    )
    clock, flags = status.clock, list(status.flags)
    red = rules.red_flags(episodes=frames.episode_facts(data.episodes))
    analysis = triggers.analyse_triggers(daily=data.daily, fluid_unit=fluid_unit)
    timing = triggers.caffeine_timing(
        episodes=data.episodes, caffeine_events=data.caffeine_events, daily=data.daily
    )
    report = Report(
        start=start,
        end=end,
        today=today,
        tz_name=tz_name,
        data=data,
        clock=clock,
        site_clocks=rules.persistence_by_site(episodes=history.episodes, today=as_of),
        past_runs=[r for r in clock.runs_between(start, end) if r != clock.current],
        flags=flags,
        red_flags=red,
        level=rules.highest_level(red_flags=red, flags=flags),
        analysis=analysis,
        timing=timing,
        key_numbers=key_numbers(data, previous_daily, previous_episodes),
        previous_start=previous_start,
        previous_end=previous_end,
        medicines=data.medications,
    )
    if with_charts:
        report.charts  # noqa: B018  (draws them now, e.g. before caching)
    return report


CHART_NAMES = ("daily", "factors", "ratios")


def _ratio_rows(report: Report) -> list:
    return [
        charts.RatioRow(
            f"{r.title} ({'low' if r.factor.exposed == triggers.LOW else 'high'})",
            r.ratio,
            r.ci_low,
            r.ci_high,
            r.status == triggers.POSSIBLE_PATTERN,
        )
        for r in report.analysis.tested
    ]


def make_chart(report: Report, name: str) -> Chart:
    """One chart of the report (its svg is "" when there is nothing to draw)."""
    if name == "daily":
        run = report.clock.current or (report.past_runs[-1] if report.past_runs else None)
        return Chart(
            "Daily twitch episodes",
            charts.daily_episodes_chart(
                report.data.daily,
                run=(run.first, run.last) if run else None,
                red_flag_dates=sorted({f.date for f in report.red_flags}),
            ),
        )
    if name == "factors":
        return Chart("Each factor against daily episodes", charts.factor_charts(report.data.daily))
    if name == "ratios":
        return Chart(
            "Episodes a day on high and low days of each factor",
            charts.ratio_chart(_ratio_rows(report)),
        )
    raise ValueError(f"No chart named {name!r}")


class _ReportCache:
    """A small per-process LRU of built reports (and dashboard statuses).

    In memory rather than Django's cache framework: a report holds DataFrames
    and SVG charts, and pickling them would cost much of what caching saves.
    Keys carry the profile's data_version, so any new, edited or deleted entry
    (and any change of time zone or units) misses; entries also expire.
    """

    def __init__(self, size: int = 4, seconds: int = CACHE_SECONDS):
        self.size, self.seconds = size, seconds
        self._items: OrderedDict[tuple, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] < time.monotonic():
                self._items.pop(key, None)
                return None
            self._items.move_to_end(key)
            return item[1]

    def set(self, key: tuple, value) -> None:
        with self._lock:
            self._items[key] = (time.monotonic() + self.seconds, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


report_cache = _ReportCache()


def account_key(profile) -> tuple:
    """Who a cached report belongs to. The user id alone is not enough: a database may
    give a deleted account's id to the next new one, which must never see old reports."""
    return (profile.user_id, str(profile.cache_token))


def get_report(*, user, profile, start: dt.date, end: dt.date, today: dt.date) -> Report:
    """build_report, cached until the diary or the profile's zone/units change."""
    key = (
        *account_key(profile),
        profile.data_version,
        profile.timezone,
        profile.fluid_unit,
        start,
        end,
        today,
    )
    report = report_cache.get(key)
    if report is None:
        report = build_report(
            user=user,
            tz=profile.tzinfo,
            tz_name=profile.timezone,
            start=start,
            end=end,
            today=today,
            fluid_unit=profile.fluid_unit,
        )
        report_cache.set(key, report)
    return report
