"""reports.charts: inline SVG that tells missing days from zero days, in grayscale."""

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from reports import charts

NAN = np.nan


def daily(episodes, logged=None, **factors) -> pd.DataFrame:
    """A hand-made daily frame from 1 March 2026; logged defaults to "episodes known"."""
    episodes = np.asarray(episodes, dtype=float)
    index = pd.date_range("2026-03-01", periods=len(episodes), freq="D", name="date")
    if logged is None:
        logged = ~np.isnan(episodes)
    return pd.DataFrame({"episodes": episodes, "logged": logged, **factors}, index=index)


def group(svg: str, gid: str) -> str:
    """The SVG group matplotlib writes for one artist (e.g. PathCollection_1)."""
    match = re.search(rf'<g id="{gid}"[^>]*>(.*?)</g>\s*(?:<g id=|</g>)', svg, flags=re.S)
    return match.group(1) if match else ""


def hatched_fills(svg: str) -> int:
    return svg.count("url(#h")


# --- The daily chart ---------------------------------------------------------------------


def test_the_daily_chart_is_an_accessible_scalable_svg():
    svg = charts.daily_episodes_chart(daily([2, 0, 1]))

    opening = svg[: svg.index(">") + 1]
    assert svg.startswith('<svg role="img" aria-label="Daily twitch episodes"')
    assert "viewBox=" in opening
    assert " width=" not in opening and " height=" not in opening  # scales to the page
    assert "<?xml" not in svg
    assert svg.rstrip().endswith("</svg>")


def test_a_missing_day_is_hatched_and_a_zero_day_is_an_open_circle():
    # Two missing days (NaN, not logged) and two zero days ("no twitching" check-ins).
    svg = charts.daily_episodes_chart(daily([2, 0, NAN, 1, 0, NAN, 3]))

    assert "<pattern" in svg
    assert hatched_fills(svg) == 2 + 1  # a band per run of missing days, and the legend
    assert group(svg, "PathCollection_1").count("<use") == 2  # the zero days' circles
    for label in ("Episodes", "No twitching", "Not logged"):
        assert f"{label} </text>" in svg or f"{label}</text>" in svg


def test_without_missing_days_nothing_but_the_legend_is_hatched():
    svg = charts.daily_episodes_chart(daily([2, 0, 4, 1, 0, 1, 3]))

    assert hatched_fills(svg) == 1
    assert group(svg, "PathCollection_1").count("<use") == 2


def test_a_day_with_nothing_logged_is_never_drawn_as_zero():
    svg = charts.daily_episodes_chart(daily([NAN, NAN, NAN]))

    assert hatched_fills(svg) == 1 + 1  # one band over the three missing days, and the legend
    assert '<g id="PathCollection_1"' in svg  # the (empty) set of zero-day circles
    assert group(svg, "PathCollection_1").count("<use") == 0  # no zero circles


def test_red_flag_days_carry_a_symbol_not_only_a_colour():
    svg = charts.daily_episodes_chart(
        daily([2, 0, 1, 3]), red_flag_dates=[dt.date(2026, 3, 3), dt.date(2026, 3, 4)]
    )

    assert group(svg, "PathCollection_2").count("<use") == 2
    assert "Red flag" in svg


def test_the_persistence_run_is_marked_with_its_length():
    svg = charts.daily_episodes_chart(
        daily([1] * 10), run=(dt.date(2026, 2, 20), dt.date(2026, 3, 10))
    )

    assert "twitching on and off for 19 days" in svg


def test_the_daily_chart_uses_shades_of_grey_only():
    svg = charts.daily_episodes_chart(
        daily([2, 0, NAN, 1]),
        run=(dt.date(2026, 3, 1), dt.date(2026, 3, 4)),
        red_flag_dates=[dt.date(2026, 3, 4)],
    )

    colours = set(re.findall(r"#([0-9a-fA-F]{6})\b", svg))
    assert colours
    assert all(c[0:2] == c[2:4] == c[4:6] for c in colours), colours


def test_the_same_data_gives_the_same_bytes():
    frame = daily([2, 0, NAN, 1, 0, NAN, 3])
    flags = [dt.date(2026, 3, 1)]

    first = charts.daily_episodes_chart(
        frame, run=(dt.date(2026, 3, 1), dt.date(2026, 3, 7)), red_flag_dates=flags
    )
    second = charts.daily_episodes_chart(
        frame, run=(dt.date(2026, 3, 1), dt.date(2026, 3, 7)), red_flag_dates=flags
    )

    assert first == second


# --- The factor panels and the ratio chart -----------------------------------------------


def test_factor_charts_are_empty_without_enough_factor_data():
    assert charts.factor_charts(daily([1, 2, 3])) == ""  # no factor columns at all
    assert charts.factor_charts(daily([1, 2, NAN], caffeine_mg=[95.0, NAN, 200.0])) == ""
    # Factor values on days whose outcome is unknown do not count.
    frame = daily([NAN, NAN, NAN, 1], caffeine_mg=[95.0, 100.0, 120.0, 80.0])
    assert charts.factor_charts(frame) == ""


def test_factor_charts_draw_one_panel_per_factor_with_data():
    frame = daily(
        [1, 2, 0, 3, 1],
        caffeine_mg=[95.0, 190.0, 0.0, 250.0, 95.0],
        sleep_hours=[7.0, 6.5, 8.0, 5.5, 7.0],
        alcohol_units=[NAN] * 5,
    )

    svg = charts.factor_charts(frame)

    assert svg.startswith('<svg role="img" aria-label="Each factor against daily episodes"')
    assert "Caffeine (mg)" in svg and "Sleep the night before (h)" in svg
    assert "Alcohol (units)" not in svg
    assert charts.factor_charts(frame) == svg  # the jitter is seeded


def test_ratio_chart_is_empty_without_rows():
    assert charts.ratio_chart([]) == ""
    assert charts.ratio_chart([charts.RatioRow("Caffeine", NAN, 0.5, 2.0, False)]) == ""
    assert charts.ratio_chart([charts.RatioRow("Caffeine", 0.0, 0.0, 2.0, False)]) == ""


def test_ratio_chart_marks_a_possible_pattern_by_shape():
    rows = [
        charts.RatioRow("Caffeine, same day", 2.8, 1.7, 4.6, True),
        charts.RatioRow("Sleep hours, same day", 1.06, 0.61, 1.84, False),
    ]

    svg = charts.ratio_chart(rows)

    assert "Caffeine, same day ◆" in svg
    assert "Sleep hours, same day ◆" not in svg
    assert "1×" in svg  # the line of no difference is labelled
    assert charts.ratio_chart(rows) == svg


@pytest.mark.parametrize("days", [7, 120, 900])
def test_the_date_axis_suits_short_and_long_periods(days):
    frame = daily(np.ones(days))

    svg = charts.daily_episodes_chart(frame)

    assert svg.count("<svg") == 1
    label = {7: "02 Mar", 120: "Apr 2026", 900: "Jul 2026"}[days]
    assert label in svg
