"""The Report view-model: the plain values report pages and the doctor report print.

Built by reports.pipeline.build_report; holds the print-layout guesses too.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from twitchdiary.lib import clinical, rules
from twitchdiary.lib.clinical import Level
from twitchdiary.lib.dates import fmt_date
from twitchdiary.lib.wording import duration, number, plural

from . import chart_names, charts, frames, triggers
from .chart_names import Chart
from .wording import methods_note

# Lines of varying content page 1 holds in the normal print layout (see page_one_is_crowded).
PAGE_ONE_SPARE_LINES = 14


@dataclass(frozen=True)
class KeyNumber:
    label: str
    current: str
    previous: str


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
    medicines: list[rules.Medicine]
    _charts: dict[str, Chart] = field(default_factory=dict, repr=False)

    def chart(self, name: str) -> Chart:
        """A chart, drawn on first use (matplotlib is most of a report's cost)."""
        if name not in self._charts:
            self._charts[name] = chart_names.draw(self, name)
        return self._charts[name]

    @property
    def charts(self) -> dict[str, Chart]:
        """Every chart that has something to show, by name."""
        return {name: c for name in chart_names.CHARTS if (c := self.chart(name)).svg}

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
        return bool(chart_names.ratio_rows(self))

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
    def patterns(self) -> list[triggers.PossiblePattern]:
        return self.analysis.top(3)

    @property
    def level_message(self) -> str:
        return clinical.LEVEL_MESSAGES.get(self.level, "")

    @property
    def methods(self) -> list[str]:
        return methods_note()

    @cached_property
    def episode_log(self) -> list[dict[str, object]]:
        """The episode appendix: one dict per episode, oldest first."""
        frame = self.data.episodes
        labels = {s.code: s.label for s in clinical.SYMPTOMS}
        rows: list[dict[str, object]] = []
        for row in frame.itertuples(index=False):
            intensity = frames.optional_number_cell(row.intensity)
            symptoms = [labels.get(c, c) for c in frames.codes_cell(row.symptoms)]
            rows.append(
                {
                    "when": row.started,
                    "site": row.site or "not given",
                    "intensity": "–" if intensity is None else int(intensity),
                    "duration": duration(frames.optional_number_cell(row.duration_seconds)),
                    "activity": row.activity,
                    "symptoms": ", ".join(symptoms) or "–",
                    "level": Level(int(frames.number_cell(row.level))),
                }
            )
        return rows

    @cached_property
    def lifestyle_rows(self) -> list[dict[str, object]]:
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

    def medicine_change(self, medicine: rules.Medicine) -> str:
        """What changed in the period: "started 05 Mar 2026, stopped 12 Mar 2026"."""
        changes = []
        if medicine.started_between(self.start, self.end):
            changes.append(f"started {fmt_date(medicine.started_on)}")
        if medicine.stopped_on is not None and medicine.stopped_between(self.start, self.end):
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
    def medicine_rows(self) -> list[dict[str, object]]:
        return [
            {"medicine": m, "change": self.medicine_change(m), "current": m.active_on(self.end)}
            for m in self.medicines
        ]


def _cell(value: object, decimals: int) -> str:
    """A numeric cell as printed: "–" when missing."""
    known = frames.optional_number_cell(value)
    return "–" if known is None else number(known, decimals)
