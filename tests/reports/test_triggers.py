"""reports.triggers: gates, median split, lags, statistics and wording
(docs/clinical-rules.md §6)."""

import dataclasses
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr
from statsmodels.stats.multitest import multipletests

from reports import triggers
from reports.triggers import (
    EARLY_LOOK,
    FACTORS,
    FACTORS_BY_CODE,
    KEEP_LOGGING,
    NO_CLEAR_PATTERN,
    POSSIBLE_PATTERN,
    EarlyLook,
    FactorResult,
    KeepLogging,
    NoClearPattern,
    PossiblePattern,
    analyse_triggers,
    caffeine_timing,
    describe,
    factor_values,
)
from reports.wording import methods_note
from twitchdiary.lib import clinical
from twitchdiary.lib.wording import forbidden_phrases

START = "2026-01-01"


def synthetic(rng, *, days=56, effect=1.0, base=1.0) -> pd.DataFrame:
    """A daily frame of independent factors; episodes Poisson, `effect` times higher on
    days with more caffeine than the median."""
    index = pd.date_range(START, periods=days, freq="D", name="date")
    caffeine = rng.uniform(0, 400, days)
    rate = base * np.where(caffeine > np.median(caffeine), effect, 1.0)
    return pd.DataFrame(
        {
            "episodes": rng.poisson(rate).astype(float),
            "caffeine_mg": caffeine,
            "fluids_ml": rng.normal(1500, 300, days),
            "sleep_hours": rng.normal(7, 1, days),
            "sleep_quality": rng.integers(1, 6, days).astype(float),
            "stress_mean": rng.integers(1, 6, days).astype(float),
            "exercise_min": rng.choice([0, 0, 30, 60], days).astype(float),
            "alcohol_units": rng.choice([0, 0, 0, 2], days).astype(float),
        },
        index=index,
    )


def frame(episodes, **factors) -> pd.DataFrame:
    """A hand-made daily frame; factor columns not given are all missing."""
    index = pd.date_range(START, periods=len(episodes), freq="D", name="date")
    data = {"episodes": np.asarray(episodes, dtype=float)}
    for factor in FACTORS:
        data[factor.column] = np.asarray(
            factors.get(factor.column, [np.nan] * len(episodes)), dtype=float
        )
    return pd.DataFrame(data, index=index)


def caffeine_only(episodes, caffeine):
    return analyse_triggers(daily=frame(episodes, caffeine_mg=caffeine)).result("caffeine", 0)


# --- the required statistical behaviour -----------------------------------------------


def test_a_true_3x_caffeine_effect_over_56_days_is_a_possible_pattern_with_a_ci_containing_3():
    daily = synthetic(np.random.default_rng(2026), effect=3.0)

    analysis = analyse_triggers(daily=daily)
    result = analysis.result("caffeine", 0)

    assert result.status == POSSIBLE_PATTERN
    assert result.ci_low <= 3 <= result.ci_high
    assert result.ci_low > 1
    assert result.p_adjusted < clinical.SIGNIFICANCE_ALPHA
    assert analysis.patterns[0] is result
    assert result.text.startswith("On days with more than ")
    assert "not proof that caffeine causes your twitching" in result.text


def test_a_series_without_an_effect_shows_no_clear_pattern():
    analysis = analyse_triggers(daily=synthetic(np.random.default_rng(7)))

    assert analysis.tests_run == 14
    assert {r.status for r in analysis.results} == {NO_CLEAR_PATTERN}
    assert analysis.patterns == []
    assert (
        analysis.summary == "No clear pattern in your own records so far (14 comparisons tested)."
    )


def test_at_most_5_percent_of_200_no_effect_series_are_flagged():
    rng = np.random.default_rng(20260301)
    flagged = sum(bool(analyse_triggers(daily=synthetic(rng)).patterns) for _ in range(200))

    assert flagged <= 10


# --- gates ----------------------------------------------------------------------------


def test_fewer_than_14_usable_days_says_keep_logging_with_the_days_still_needed():
    result = caffeine_only([1] * 10, [100, 300] * 5)

    assert result.status == KEEP_LOGGING
    assert (result.n_exposed, result.n_other, result.days_needed) == (5, 5, 4)
    assert result.text == (
        "Keep logging: you have 5 and 5 days (days with more than 200 mg caffeine vs other "
        "days); 4 more needed."
    )
    assert not result.tested


def test_fewer_than_5_days_in_a_group_says_keep_logging():
    result = caffeine_only([1] * 20, [300] * 3 + [100] * 17)

    assert result.status == KEEP_LOGGING
    assert (result.n_exposed, result.n_other, result.days_needed) == (3, 17, 2)
    assert "you have 3 and 17 days" in result.text and "; 2 more needed." in result.text


def test_without_any_usable_day_it_says_what_to_log():
    result = caffeine_only([np.nan] * 5, [100] * 5)

    assert result.text == (
        "Keep logging: you have 0 and 0 days with caffeine and twitching both recorded; "
        "14 more needed."
    )
    analysis = analyse_triggers(daily=frame([np.nan] * 5))
    assert analysis.summary.startswith("Not enough data yet: keep logging")


@pytest.mark.parametrize("days", [14, 27])
def test_14_to_27_days_give_an_early_look_with_averages_only(days):
    caffeine = [100, 300] * (days // 2) + [100] * (days % 2)
    episodes = [1 if c == 100 else 3 for c in caffeine]

    result = caffeine_only(episodes, caffeine)

    assert result.status == EARLY_LOOK
    assert result.rate_exposed == 3 and result.rate_other == 1
    assert not result.tested
    median = "200" if days % 2 == 0 else "100"
    assert result.text.startswith(
        f"Early look, averages only: on days with more than {median} mg caffeine (your median) "
        "you logged 3.0 episodes a day vs 1.0 on other days"
    )
    assert "CI" not in result.text and "×" not in result.text


def test_28_days_with_fewer_than_7_days_in_a_group_stay_an_early_look():
    result = caffeine_only([2] * 28, [300] * 6 + [100] * 22)

    assert (result.n_exposed, result.status) == (6, EARLY_LOOK)


def test_28_days_with_fewer_than_10_episodes_stay_an_early_look():
    result = caffeine_only([1] * 9 + [0] * 19, [100, 300] * 14)

    assert result.status == EARLY_LOOK


def test_28_days_7_per_group_and_10_episodes_get_statistics():
    result = caffeine_only([1] * 10 + [0] * 18, [300] * 7 + [100] * 21)

    assert result.status in (NO_CLEAR_PATTERN, POSSIBLE_PATTERN)
    assert result.p_value is not None and result.p_adjusted is not None
    assert result.ci_low is not None and result.rho is not None


# --- missing days, splits and lags ----------------------------------------------------


def test_missing_days_are_left_out_not_counted_as_zero():
    caffeine = [100, 300] * 10
    episodes = [1.0, 2.0] * 10
    episodes[1] = episodes[3] = np.nan  # two high-caffeine days with an unknown outcome
    caffeine_missing = list(caffeine)
    caffeine_missing[0] = np.nan  # a low day with an unknown factor

    result = caffeine_only(episodes, caffeine_missing)

    assert result.n_days == 17
    assert (result.n_exposed, result.n_other) == (8, 9)
    assert result.rate_exposed == 2.0  # zeros in place of the missing days would give 1.6
    assert result.rate_other == 1.0


def test_lag_1_puts_the_previous_calendar_days_value_on_today():
    daily = frame([1, 1, 1, 1], caffeine_mg=[10, 20, 30, 40])
    with_gap = daily.drop(daily.index[2])  # no row for the third day

    same_day = factor_values(daily=daily, factor=FACTORS_BY_CODE["caffeine"], lag=0)
    day_before = factor_values(daily=daily, factor=FACTORS_BY_CODE["caffeine"], lag=1)
    after_gap = factor_values(daily=with_gap, factor=FACTORS_BY_CODE["caffeine"], lag=1)

    assert same_day.tolist() == [10, 20, 30, 40]
    assert day_before.iloc[1:].tolist() == [10, 20, 30]
    assert np.isnan(day_before.iloc[0])
    assert day_before.index.equals(daily.index)
    assert np.isnan(after_gap.iloc[2])  # the day after the gap gets no older value


def test_an_effect_on_the_next_day_shows_at_lag_1_and_not_at_lag_0():
    rng = np.random.default_rng(11)
    caffeine = rng.uniform(0, 400, 56)
    high_yesterday = np.r_[False, caffeine[:-1] > np.median(caffeine[:-1])]
    episodes = rng.poisson(np.where(high_yesterday, 3.0, 1.0))

    analysis = analyse_triggers(daily=frame(episodes, caffeine_mg=caffeine))

    assert analysis.result("caffeine", 1).status == POSSIBLE_PATTERN
    assert analysis.result("caffeine", 1).n_days == 55
    assert analysis.result("caffeine", 0).status == NO_CLEAR_PATTERN
    assert analysis.result("caffeine", 1).text.startswith("On days after a day with more than")


def test_sleep_compares_short_nights_below_the_median_and_ties_go_with_the_rest():
    sleep = [5, 6, 7, 7, 7, 8, 9] * 2
    result = analyse_triggers(daily=frame([1] * 14, sleep_hours=sleep)).result("sleep_hours", 0)

    assert result.median == 7
    assert (result.n_exposed, result.n_other) == (4, 10)  # 5 and 6 h are short
    assert result.group_phrase == "days after less than 7 h sleep"


def test_a_factor_mostly_at_zero_compares_any_against_none():
    alcohol = [0, 0, 0, 2] * 7
    result = analyse_triggers(daily=frame([1] * 28, alcohol_units=alcohol)).result("alcohol", 0)

    assert result.median == 0
    assert (result.n_exposed, result.n_other) == (7, 21)
    assert result.text.startswith("On days with any alcohol (your median is 0 units)")


def test_fluids_can_be_worded_in_fluid_ounces():
    daily = frame([1] * 14, fluids_ml=[1000, 2000] * 7)

    result = analyse_triggers(daily=daily, fluid_unit="floz").result("fluids", 0)

    assert result.group_phrase == "days with less than 51 fl oz of fluids"


# --- statistics -------------------------------------------------------------------


def test_spearman_rho_matches_scipy_on_each_tests_usable_days():
    daily = synthetic(np.random.default_rng(5))
    daily.iloc[3, 0] = np.nan  # an unknown outcome
    daily.iloc[9, 1] = np.nan  # an unknown caffeine value

    analysis = analyse_triggers(daily=daily)

    for result in analysis.results:
        x = factor_values(daily=daily, factor=result.factor, lag=result.lag)
        usable = x.notna() & daily["episodes"].notna()
        expected = spearmanr(x[usable], daily["episodes"][usable]).statistic
        assert result.rho == pytest.approx(expected), result.title
        assert result.n_days == usable.sum()


def test_benjamini_hochberg_runs_across_every_factor_and_lag_tested():
    analysis = analyse_triggers(daily=synthetic(np.random.default_rng(3), effect=2.0))
    tested = [r for r in analysis.results if r.tested]

    expected = multipletests([r.p_value for r in tested], method="fdr_bh")[1]

    assert len(tested) == analysis.tests_run == 14
    assert [r.p_adjusted for r in tested] == pytest.approx(list(expected))


def test_a_pattern_needs_a_ratio_of_at_least_1_5_or_at_most_0_67():
    rng = np.random.default_rng(9)
    caffeine = rng.uniform(0, 400, 2000)  # so many days that a small effect is certain
    episodes = rng.poisson(np.where(caffeine > np.median(caffeine), 12.0, 10.0))

    result = caffeine_only(episodes, caffeine)

    assert result.p_adjusted < 0.001 and result.ci_low > 1
    assert result.ratio == pytest.approx(1.2, abs=0.05)
    assert result.status == NO_CLEAR_PATTERN


def test_a_group_without_any_episode_still_gets_an_interval():
    result = caffeine_only([0] * 14 + [1] * 14, [100] * 14 + [300] * 14)

    assert result.ratio == math.inf
    assert 1 < result.ci_low < result.ci_high < math.inf
    assert result.status == POSSIBLE_PATTERN
    assert "(no episodes on the other days, 95% CI " in result.text


def test_factors_that_move_together_are_named_in_the_wording():
    rng = np.random.default_rng(2026)
    daily = synthetic(rng, effect=3.0)
    daily["sleep_hours"] = 9 - daily["caffeine_mg"] / 100 + rng.normal(0, 0.3, len(daily))

    result = analyse_triggers(daily=daily).result("caffeine", 0)

    assert [label for label, _ in result.co_moving] == ["sleep hours"]
    assert result.co_moving[0][1] < -clinical.CO_MOVING_RHO
    assert "In your records caffeine moved together with sleep hours (ρ −0." in result.text
    assert "so this pattern may belong to either, or to something else." in result.text


# --- wording ----------------------------------------------------------------------


RESULT_CLASSES = {
    KEEP_LOGGING: KeepLogging,
    EARLY_LOOK: EarlyLook,
    NO_CLEAR_PATTERN: NoClearPattern,
    POSSIBLE_PATTERN: PossiblePattern,
}


def _result(code="caffeine", lag=0, status=POSSIBLE_PATTERN, **fields) -> FactorResult:
    """A result of the status's class; the numbers that status does not have are dropped."""
    cls = RESULT_CLASSES[status]
    values = {
        "days_needed": 0,
        "episodes_exposed": 70,
        "episodes_other": 31,
        "dispersion": 1.0,
        "rho": 0.3,
        "n_days": 60,
        "n_exposed": 29,
        "n_other": 31,
        "median": 190.0,
        "rate_exposed": 2.4,
        "rate_other": 1.0,
        "ratio": 2.4,
        "ci_low": 1.5,
        "ci_high": 3.8,
        "p_value": 0.001,
        "p_adjusted": 0.01,
    }
    names = {f.name for f in dataclasses.fields(cls)}
    kept = {name: value for name, value in (values | fields).items() if name in names}
    return cls(factor=FACTORS_BY_CODE[code], lag=lag, **kept)


def test_the_wording_follows_the_clinical_examples():
    assert describe(_result()) == (
        "On days with more than 190 mg caffeine (your median) you logged 2.4 episodes a day "
        "vs 1.0 on other days (about 2.4×, 95% CI 1.5–3.8; 29 vs 31 days). This is a pattern "
        "in your own records, not proof that caffeine causes your twitching."
    )
    assert describe(_result("sleep_hours", median=6.2)) == (
        "On days after less than 6.2 h sleep (your median) you logged 2.4 episodes a day vs "
        "1.0 on other days (about 2.4×, 95% CI 1.5–3.8; 29 vs 31 days). This is a pattern in "
        "your own records, not proof that short sleep causes your twitching."
    )


def _every_text() -> list[str]:
    texts = []
    statuses = (KEEP_LOGGING, EARLY_LOOK, NO_CLEAR_PATTERN, POSSIBLE_PATTERN)
    shapes = [
        {},
        {"ratio": 0.4, "ci_low": 0.2, "ci_high": 0.6, "rate_exposed": 0.4},
        {"ratio": math.inf, "ci_high": 600.0, "rate_other": 0.0},
        {"median": 0.0},
        {"co_moving": (("stress", 0.45),)},
        {"co_moving": (("stress", 0.45), ("sleep hours", -0.5))},
        {"n_days": 0, "n_exposed": 0, "n_other": 0, "median": None, "days_needed": 14},
    ]
    for factor, lag, status, shape in itertools.product(FACTORS, (0, 1), statuses, shapes):
        if shape.get("median", 1) is None and status != KEEP_LOGGING:
            continue
        for unit in ("ml", "floz"):
            result = _result(factor.code, lag, status=status, fluid_unit=unit, **shape)
            texts += [result.text, result.title, result.status_label]
    analyses = [
        analyse_triggers(daily=synthetic(np.random.default_rng(1), effect=3.0)),
        analyse_triggers(daily=synthetic(np.random.default_rng(1))),
        analyse_triggers(daily=synthetic(np.random.default_rng(1), days=20)),
        analyse_triggers(daily=frame([1] * 3)),
    ]
    texts += [a.summary for a in analyses]
    texts += [r.text for a in analyses for r in a.results]
    view = triggers.TimingView(
        status=EARLY_LOOK,
        window_hours=3,
        logged_days=20,
        caffeine_entries=30,
        episodes=40,
        episodes_in_window=20,
        episode_share=0.5,
        time_share=0.2,
    )
    texts += [view.text, dataclasses.replace(view, status=KEEP_LOGGING).text]
    return texts + methods_note()


def test_no_text_the_module_can_write_claims_a_cause_or_diagnoses():
    texts = _every_text()

    assert len(texts) > 1000
    for text in texts:
        assert forbidden_phrases(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "Your twitching is caused by caffeine.",
        "This proves it.",
        "Trigger confirmed: caffeine.",
        "A diagnosis of benign twitching.",
        "Caffeine causes your twitching.",
        "This is not proof. Caffeine causes your twitching.",
    ],
)
def test_the_wording_check_catches_each_forbidden_phrase(text):
    assert forbidden_phrases(text) != []


# --- caffeine timing ----------------------------------------------------------------


def _events(days: int, *, caffeine_at=("08:00",), episodes_at=("09:00", "15:00"), logged=None):
    index = pd.date_range(START, periods=days, freq="D", name="date")
    logged = np.ones(days, dtype=bool) if logged is None else np.asarray(logged)
    daily = pd.DataFrame({"logged": logged}, index=index)

    def stamps(times):
        return pd.Series(
            [pd.Timestamp(f"{d.date()} {t}", tz="America/New_York") for d in index for t in times]
        )

    return (
        daily,
        pd.DataFrame({"started": stamps(episodes_at)}),
        pd.DataFrame({"taken": stamps(caffeine_at)}),
    )


def test_the_timing_view_compares_episodes_after_caffeine_with_the_time_covered():
    daily, episodes, caffeine = _events(14)

    view = caffeine_timing(episodes=episodes, caffeine_events=caffeine, daily=daily)

    assert view.status == EARLY_LOOK
    assert (view.episodes, view.episodes_in_window) == (28, 14)
    assert view.episode_share == 0.5
    assert view.time_share == pytest.approx(3 / 16)  # 08:00-11:00 of 07:00-23:00
    assert view.ratio == pytest.approx(0.5 / (3 / 16))
    assert view.text.startswith(
        "50% of your episodes (14 of 28) began within 3 hours after caffeine; those windows "
        "covered 19% of your waking hours (07:00–23:00) on logged days."
    )


def test_overlapping_windows_count_once_and_stop_at_the_end_of_waking_hours():
    daily, episodes, caffeine = _events(14, caffeine_at=("08:00", "09:00", "22:00"))

    view = caffeine_timing(episodes=episodes, caffeine_events=caffeine, daily=daily)

    assert view.time_share == pytest.approx((4 + 1) / 16)  # 08:00-12:00 and 22:00-23:00


def test_days_not_logged_count_in_neither_share():
    logged = [True] * 14 + [False] * 6
    daily, episodes, caffeine = _events(20, episodes_at=("09:00",), logged=logged)
    caffeine = caffeine.iloc[:14]  # no caffeine on the unlogged days

    view = caffeine_timing(episodes=episodes, caffeine_events=caffeine, daily=daily)

    assert view.episodes == 14
    assert view.episode_share == 1.0
    assert view.time_share == pytest.approx(3 / 16)


def test_the_timing_view_needs_enough_episodes_and_caffeine():
    daily, episodes, caffeine = _events(14)

    few = caffeine_timing(episodes=episodes.iloc[:9], caffeine_events=caffeine, daily=daily)
    none = caffeine_timing(episodes=episodes, caffeine_events=caffeine.iloc[:0], daily=daily)

    assert few.status == KEEP_LOGGING and few.episode_share is None
    assert none.status == KEEP_LOGGING
    assert few.text.startswith("Keep logging: the caffeine timing view needs at least 10")


def test_a_window_before_waking_hours_counts_only_its_waking_part():
    daily, episodes, caffeine = _events(
        14, caffeine_at=("05:00",), episodes_at=("06:00", "07:30", "08:30")
    )

    view = caffeine_timing(episodes=episodes, caffeine_events=caffeine, daily=daily)

    assert view.time_share == pytest.approx(1 / 16)  # 07:00-08:00
    assert view.episodes == 28  # 06:00 is outside waking hours
    assert view.episodes_in_window == 14  # 07:30 in, 08:30 out


def test_the_timing_shares_match_a_minute_by_minute_count():
    rng = np.random.default_rng(4)
    days = 30
    index = pd.date_range(START, periods=days, freq="D", name="date")
    logged = rng.random(days) < 0.8
    tz = "America/New_York"

    def random_times(n):
        minutes = np.sort(rng.integers(0, days * 1440, n))
        return pd.Series(
            pd.DatetimeIndex(index[0] + pd.to_timedelta(minutes, "min")).tz_localize(tz)
        )

    caffeine, started = random_times(40), random_times(60)
    view = caffeine_timing(
        episodes=pd.DataFrame({"started": started}),
        caffeine_events=pd.DataFrame({"taken": caffeine}),
        daily=pd.DataFrame({"logged": logged}, index=index),
    )

    def minute(t):
        return int((t.tz_localize(None) - index[0]) / pd.Timedelta(minutes=1))

    sips = [minute(t) for t in caffeine]
    covered = counted = 0
    for m in range(days * 1440):
        if logged[m // 1440] and 7 * 60 <= m % 1440 < 23 * 60:
            counted += 1
            covered += any(s <= m < s + 180 for s in sips)
    kept = [
        minute(t)
        for t in started
        if logged[minute(t) // 1440] and 7 * 60 <= minute(t) % 1440 < 23 * 60
    ]
    in_window = sum(any(s <= m < s + 180 for s in sips) for m in kept)
    assert view.status == EARLY_LOOK
    assert view.time_share == pytest.approx(covered / counted)
    assert (view.episodes, view.episodes_in_window) == (len(kept), in_window)


def test_a_factor_with_no_episodes_on_its_days_is_worded_and_ranked():
    result = caffeine_only([1] * 14 + [0] * 14, [100] * 14 + [300] * 14)
    analysis = analyse_triggers(
        daily=frame([1] * 14 + [0] * 14, caffeine_mg=[100] * 14 + [300] * 14)
    )

    assert result.ratio == 0 and result.status == POSSIBLE_PATTERN
    assert "(no episodes on these days, 95% CI " in result.text
    assert "not proof that caffeine causes the difference" in result.text
    assert analysis.patterns == [analysis.result("caffeine", 0)]
