"""Charts for the reports: matplotlib (Agg, no pyplot state) to inline SVG.

Every chart is vector, readable in grayscale (shapes, hatching and labels carry
the meaning, never colour alone) and scales to phone width (the SVG keeps its
viewBox and drops its fixed size).
"""

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: smaller, selectable, searchable in the PDF
        "svg.hashsalt": "twitch-diary",  # stable ids, so the same data gives the same SVG
        "font.family": "DejaVu Sans",
        "font.size": 10.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

INK = "#222222"
MID = "#777777"
LIGHT = "#d9d9d9"

FACTOR_LABELS = {
    "caffeine_mg": "Caffeine (mg)",
    "fluids_ml": "Fluids (ml)",
    "sleep_hours": "Sleep the night before (h)",
    "sleep_quality": "Sleep quality (1–5)",
    "stress_mean": "Stress (1–5)",
    "exercise_min": "Exercise (min)",
    "alcohol_units": "Alcohol (units)",
}


def to_svg(fig: Figure, *, title: str) -> str:
    """Inline SVG: no XML prolog, no fixed size, an accessible title."""
    buffer = io.StringIO()
    # Fixed margins (set by each chart), not bbox_inches="tight": the tight box
    # draws the figure twice and was most of the time a chart took.
    fig.savefig(buffer, format="svg", dpi=150, metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    svg = svg.replace(
        "<svg",
        f'<svg role="img" aria-label="{_escape(title)}" preserveAspectRatio="xMidYMid meet"',
        1,
    )
    return svg


def _margins(
    fig: Figure, *, left: float, right: float, top: float, bottom: float, **kw: float
) -> None:
    """Subplot margins in inches, whatever the figure's size."""
    width, height = fig.get_size_inches()
    fig.subplots_adjust(
        left=left / width,
        right=1 - right / width,
        top=1 - top / height,
        bottom=bottom / height,
        **kw,
    )


# Above this many points a chart draws its marks as an embedded image, so that the
# SVG of years of data stays small and quick (text and axes stay vector).
RASTER_ABOVE = 150


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _dates(index: pd.Index) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(index))


def daily_episodes_chart(
    daily: pd.DataFrame,
    *,
    run: tuple[dt.date, dt.date] | None = None,
    red_flag_dates: Iterable[dt.date] = (),
    width: float = 6.4,
    height: float = 2.3,
) -> str:
    """Episodes per local day.

    Bars: episodes on logged days. A "0" day (the person said no twitching) is a
    short open marker on the baseline; a missing day is a hatched grey band, so
    missing never looks like zero. The persistence run is bracketed, red-flag
    days carry a triangle above the bar.
    """
    dates = _dates(daily.index)
    episodes = daily["episodes"].to_numpy(dtype=float)
    logged = daily["logged"].to_numpy(dtype=bool)
    fig = Figure(figsize=(width, height))
    _margins(fig, left=0.6, right=0.12, top=0.3, bottom=0.85)
    ax = fig.add_subplot()
    top = max(1.0, np.nanmax(episodes) if np.isfinite(episodes).any() else 1.0)
    raster = len(dates) > RASTER_ABOVE

    # One collection per series (not one patch per day): years of days draw fast.
    missing = ~logged
    ax.fill_between(
        dates,
        0,
        top * 1.08,
        where=missing,
        step="mid",
        facecolor="white",
        edgecolor=LIGHT,
        hatch="////",
        linewidth=0,
        label="Not logged",
        zorder=1,
        rasterized=raster,
    )
    has = logged & (np.nan_to_num(episodes) > 0)
    axis_points = (width - 0.72) * 72
    bar_points = max(0.6, 0.8 * axis_points / max(len(dates) + 2, 1))
    ax.vlines(
        dates[has],
        0,
        episodes[has],
        colors=INK,
        linewidth=bar_points,
        label="Episodes",
        zorder=3,
        rasterized=raster,
    )
    zero = logged & (np.nan_to_num(episodes, nan=-1) == 0)
    ax.scatter(
        dates[zero],
        np.zeros(zero.sum()),
        marker="o",
        s=14,
        facecolors="white",
        edgecolors=INK,
        linewidths=0.9,
        label="No twitching (checked in)",
        zorder=4,
        clip_on=False,
        rasterized=raster,
    )

    if run is not None:
        first, last = pd.Timestamp(run[0]), pd.Timestamp(run[1])
        lo, hi = max(first, dates.min()), min(last, dates.max())
        if lo <= hi:
            y = top * 1.2
            ax.annotate(
                "",
                xy=(lo - pd.Timedelta(hours=12), y),
                xytext=(hi + pd.Timedelta(hours=12), y),
                arrowprops={"arrowstyle": "|-|", "color": MID, "lw": 1.2},
            )
            span = (last - first).days + 1
            # matplotlib's stubs say float for x; its date converter takes Timestamps.
            ax.text(
                lo + (hi - lo) / 2,  # type: ignore[arg-type]
                y * 1.04,
                f"twitching on and off for {span} days",
                ha="center",
                va="bottom",
                color=INK,
                fontsize=9.5,
            )

    flags = [pd.Timestamp(d) for d in red_flag_dates]
    if flags:
        heights = daily["episodes"].reindex(pd.DatetimeIndex(flags)).fillna(0).to_numpy()
        ax.scatter(
            flags,  # type: ignore[arg-type]  # dates, as for ax.text above
            heights + top * 0.08,
            marker="v",
            s=36,
            color=INK,
            label="Symptom to discuss (see list)",
            zorder=5,
        )

    ax.set_ylim(0, top * 1.35)
    first_day, last_day = dates.min(), dates.max()
    one_day = pd.Timedelta(days=1)
    ax.set_xlim(first_day - one_day, last_day + one_day)  # type: ignore[arg-type]  # dates
    ax.set_ylabel("Episodes")
    locator = ax.yaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # the default AutoLocator is one
        locator.set_params(integer=True)
    _date_axis(ax, dates)
    handles = [
        Patch(facecolor=INK, label="Episodes"),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor=INK,
            label="No twitching",
        ),
        Patch(facecolor="white", edgecolor=LIGHT, hatch="////", label="Not logged"),
    ]
    if flags:
        handles.append(Line2D([], [], marker="v", linestyle="", color=INK, label="Red flag"))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, -0.3),
        ncol=len(handles),
        frameon=False,
        fontsize=9.5,
    )
    return to_svg(fig, title="Daily twitch episodes")


def _date_axis(ax: Axes, dates: pd.DatetimeIndex) -> None:
    import matplotlib.dates as mdates

    days = (dates.max() - dates.min()).days + 1
    if days <= 70:
        locator: mdates.DateLocator = mdates.WeekdayLocator(byweekday=mdates.MO)
        fmt = "%d %b"
    elif days <= 400:
        locator = mdates.MonthLocator()
        fmt = "%b %Y"
    else:
        locator = mdates.MonthLocator(bymonth=[1, 7])
        fmt = "%b %Y"
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))
    for label in ax.get_xticklabels():
        label.set_fontsize(9.5)


def _factors_with_data(usable: pd.DataFrame, factors: Sequence[str]) -> list[str]:
    return [f for f in factors if f in usable and usable[f].notna().sum() >= 3]


def factor_charts_have_data(
    daily: pd.DataFrame, factors: Sequence[str] = tuple(FACTOR_LABELS)
) -> bool:
    return bool(_factors_with_data(daily[daily["logged"].astype(bool)], factors))


def factor_charts(
    daily: pd.DataFrame, *, factors: Sequence[str] = tuple(FACTOR_LABELS), columns: int = 2
) -> str:
    """Each factor against episodes, one small panel per factor, logged days only."""
    usable = daily[daily["logged"].astype(bool)]
    present = _factors_with_data(usable, factors)
    if not present:
        return ""
    rows = int(np.ceil(len(present) / columns))
    fig = Figure(figsize=(6.4, 2.1 * rows + 0.3))
    _margins(fig, left=0.6, right=0.12, top=0.3, bottom=0.75, hspace=0.55, wspace=0.3)
    rng = np.random.default_rng(0)  # fixed jitter: the same data gives the same chart
    for i, factor in enumerate(present):
        ax = fig.add_subplot(rows, columns, i + 1)
        frame = usable[[factor, "episodes"]].dropna()
        jitter = rng.uniform(-0.15, 0.15, len(frame))
        ax.scatter(
            frame[factor],
            frame["episodes"] + jitter,
            s=10,
            facecolors="none",
            edgecolors=INK,
            linewidths=0.7,
            rasterized=len(frame) > RASTER_ABOVE,
        )
        median = frame[factor].median()
        ax.axvline(median, color=MID, linestyle="--", linewidth=0.9)
        ax.set_title(f"{FACTOR_LABELS.get(factor, factor)}", fontsize=9, loc="left")
        ax.set_ylabel("Episodes", fontsize=9.5)
        ax.tick_params(labelsize=9)
    fig.text(
        0.01,
        0.08 / fig.get_size_inches()[1],
        "Each circle is a logged day; the dashed line is your median.",
        fontsize=9,
        color=MID,
    )
    return to_svg(fig, title="Each factor against daily episodes")


@dataclass(frozen=True)
class RatioRow:
    label: str
    ratio: float
    low: float
    high: float
    highlighted: bool  # a "possible pattern"


def ratio_chart(rows: Sequence[RatioRow]) -> str:
    """Episode rate ratio (high vs low days) with 95% CI, log scale, line at 1."""
    rows = [r for r in rows if np.isfinite([r.ratio, r.low, r.high]).all() and r.ratio > 0]
    if not rows:
        return ""
    fig = Figure(figsize=(6.4, 0.4 * len(rows) + 1.0))
    _margins(fig, left=2.9, right=0.2, top=0.15, bottom=0.65)
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    lit = np.array([r.highlighted for r in rows])
    ratio = np.array([r.ratio for r in rows])
    # One collection per style, not two artists per row.
    ax.hlines(
        y,
        [max(r.low, 1e-2) for r in rows],
        [r.high for r in rows],
        colors=[INK if h else MID for h in lit],
        linewidths=[2 if h else 1 for h in lit],
    )
    ax.scatter(ratio[~lit], y[~lit], marker="o", s=28, color="white", edgecolors=INK, zorder=3)
    ax.scatter(ratio[lit], y[lit], marker="D", s=28, color=INK, edgecolors=INK, zorder=3)
    ax.axvline(1.0, color=MID, linewidth=0.9)
    ax.set_xscale("log")
    ax.set_yticks(y, [r.label + (" ◆" if r.highlighted else "") for r in rows], fontsize=9.5)
    ax.set_xlabel("Episodes a day, compared days ÷ the rest", fontsize=9.5)
    lo = min(r.low for r in rows if r.low > 0) if any(r.low > 0 for r in rows) else 0.5
    hi = max(r.high for r in rows)
    ticks = [t for t in (0.125, 0.25, 0.5, 1, 2, 4, 8, 16) if lo / 2 <= t <= hi * 2]
    ax.xaxis.set_major_locator(matplotlib.ticker.FixedLocator(ticks))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}×"))
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    return to_svg(fig, title="How episode rates differ on high and low days of each factor")
