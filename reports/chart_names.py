"""The report's charts by name: each name maps to the function that draws it."""

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import charts, triggers

if TYPE_CHECKING:
    from .report import Report


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str

    @property
    def data_uri(self) -> str:
        """The SVG as an <img> source: its inline styles then fall outside the page's CSP."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def ratio_rows(report: "Report") -> list[charts.RatioRow]:
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


def _daily(report: "Report") -> Chart:
    run = report.clock.current or (report.past_runs[-1] if report.past_runs else None)
    return Chart(
        "Daily twitch episodes",
        charts.daily_episodes_chart(
            report.data.daily,
            run=(run.first, run.last) if run else None,
            red_flag_dates=sorted({f.date for f in report.red_flags}),
        ),
    )


def _factors(report: "Report") -> Chart:
    return Chart("Each factor against daily episodes", charts.factor_charts(report.data.daily))


def _ratios(report: "Report") -> Chart:
    return Chart(
        "Episodes a day on high and low days of each factor", charts.ratio_chart(ratio_rows(report))
    )


CHARTS: dict[str, Callable[["Report"], Chart]] = {
    "daily": _daily,
    "factors": _factors,
    "ratios": _ratios,
}


def draw(report: "Report", name: str) -> Chart:
    """One chart of the report (its svg is "" when there is nothing to draw)."""
    if name not in CHARTS:
        raise ValueError(f"No chart named {name!r}")
    return CHARTS[name](report)
