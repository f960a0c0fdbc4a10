"""Triggers: associations between lifestyle factors and twitching (docs/clinical-rules.md §6).

Association, never cause: every text this module writes says "a pattern in
your own records, not proof that ... causes" or less. Pure functions on the
daily frame of ``reports.frames`` (or a hand-made one): no database.

Public interface
----------------
``analyse_triggers(*, daily, fluid_unit="ml") -> TriggerAnalysis``
    Every factor of ``FACTORS`` on the same day (lag 0) and the day before
    (lag 1): gates, median split, and for the days that pass the gates the
    episode rate ratio with its 95% CI and p-value, Spearman's rho, and the
    Benjamini–Hochberg correction across every test run. ``.patterns`` lists the
    possible patterns, strongest evidence first; each result's ``.text`` is the
    sentence to show.
``FactorResult``: one factor at one lag, one class per status, each with only the
    numbers that status has: ``KeepLogging`` (days still needed), ``EarlyLook``
    (averages), ``NoClearPattern`` and ``PossiblePattern`` (both ``Tested``:
    averages, ratio, CI, p-values, rho). ``.status`` names the class for
    templates; ``.tested`` says whether the statistics are there.
``factor_values(*, daily, factor, lag) -> pd.Series``: a factor aligned to the
    day it is compared with (lag 1 puts yesterday's value on today).
``caffeine_timing(*, episodes, caffeine_events, daily, window_hours=...) -> TimingView``:
    the event-level view of caffeine timing.
``describe(result) -> str``: the sentence for one result.

The daily frame needs a ``DatetimeIndex`` of local dates, ``episodes`` (NaN =
missing), optionally ``twitch_day``, and the factor columns of ``FACTORS``
(NaN = missing). Missing days are left out, never counted as zero.

Method
------
For each factor and lag, the usable days are those where both the number of
episodes and the factor value are known. The days are split at the person's
own median of those days. For caffeine, stress, exertion and alcohol the
compared ("exposed") group is the days above the median; for sleep hours,
sleep quality and fluids it is the days below it (short sleep, poorer sleep,
drinking less). Days equal to the median go with the other days, so a factor
that is mostly 0 (alcohol) compares "any" against "none".

Gates (clinical constants): fewer than MIN_USABLE_DAYS usable days or fewer
than MIN_DAYS_PER_GROUP in a group → KEEP_LOGGING (with the number of days
still needed); up to EARLY_LOOK_MAX_DAYS days, or fewer than
STATS_MIN_DAYS_PER_GROUP in a group, or fewer than STATS_MIN_EPISODES episodes
→ EARLY_LOOK (averages only); otherwise statistics.

Statistics, for each test: the episode rate ratio exposed/other (episodes per
day). Daily counts of twitching vary more than a Poisson model allows (flare-ups
and quiet spells), which would make plain Poisson p-values too small, so the
test is quasi-Poisson: the dispersion factor (Pearson chi-square of the daily
counts around their group means / (n - 2), at least 1) divides the counts and
days given to statsmodels' ``test_poisson_2indep`` (score statistic) and
``confint_poisson_2indep`` (95% CI, method "waldcc": the log-ratio interval
with a 0.5 continuity correction, closed form and finite when a group has no
episodes); the score statistic is referred to a t distribution with n - 2
degrees of freedom. Spearman's rho between the factor and the daily episodes,
with n. p-values are corrected with Benjamini–Hochberg (statsmodels
``multipletests``, "fdr_bh") across all factor × lag tests run. In simulations
of 56 days at about one episode a day, series without any effect are flagged
about 2% of the time (5% when days are overdispersed), a true 3-fold effect
about 99% of the time and a true doubling about half the time.
POSSIBLE_PATTERN needs a corrected p below SIGNIFICANCE_ALPHA, a CI that
excludes 1 and a ratio of at least PATTERN_MIN_RATIO or at most
PATTERN_MAX_RATIO; otherwise NO_CLEAR_PATTERN. Other factors whose day-by-day
Spearman correlation with the factor is at least CO_MOVING_RHO in size (over
days with a known outcome) are named as co-moving. The second outcome, a twitch
day yes/no, is reported as the share of twitch days in each group (averages
only, no separate test). The first day of the frame has no lag-1 value.
"""

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar, Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.stats import t as student_t
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

from twitchdiary.lib import clinical
from twitchdiary.lib.units import ML_PER_US_FL_OZ
from twitchdiary.lib.wording import join_names, number

KEEP_LOGGING: Final = "keep_logging"
EARLY_LOOK: Final = "early_look"
NO_CLEAR_PATTERN: Final = "no_clear_pattern"
POSSIBLE_PATTERN: Final = "possible_pattern"
Status: TypeAlias = Literal["keep_logging", "early_look", "no_clear_pattern", "possible_pattern"]
STATUS_LABELS: dict[Status, str] = {
    KEEP_LOGGING: "Keep logging",
    EARLY_LOOK: "Early look",
    NO_CLEAR_PATTERN: "No clear pattern",
    POSSIBLE_PATTERN: "Possible pattern",
}
LAGS = (0, 1)
HIGH, LOW = "high", "low"
FloatArray: TypeAlias = npt.NDArray[np.floating[Any]]
BoolArray: TypeAlias = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Factor:
    """A daily factor and how to word it."""

    code: str
    column: str  # column of the daily frame
    label: str  # noun for lists: "sleep hours"
    exposed: str  # HIGH or LOW: which side of the median is compared with the rest
    cause: str  # for "not proof that <cause> causes your twitching"
    condition: Callable[[float, str], str]  # (median, fluid_unit) -> "more than 190 mg caffeine"
    after_night: bool = False  # sleep: lag 0 is already the night before the day

    @property
    def title(self) -> str:
        return self.label[0].upper() + self.label[1:]


def _more_than(
    unit: str, noun: str, decimals: int = 0, any_text: str = ""
) -> Callable[[float, str], str]:
    def condition(median: float, fluid_unit: str) -> str:
        if median == 0 and any_text:
            return any_text
        return f"more than {number(median, decimals)} {unit}{noun}"

    return condition


def _fluids(median: float, fluid_unit: str) -> str:
    if fluid_unit == "floz":
        return f"less than {number(median / ML_PER_US_FL_OZ, 0)} fl oz of fluids"
    return f"less than {number(median, 0)} ml of fluids"


FACTORS: tuple[Factor, ...] = (
    Factor(
        "caffeine",
        "caffeine_mg",
        "caffeine",
        HIGH,
        "caffeine",
        _more_than("mg", " caffeine", any_text="any caffeine"),
    ),
    Factor("fluids", "fluids_ml", "fluids", LOW, "drinking less", _fluids),
    Factor(
        "sleep_hours",
        "sleep_hours",
        "sleep hours",
        LOW,
        "short sleep",
        lambda m, _: f"less than {number(m, 1)} h sleep",
        after_night=True,
    ),
    Factor(
        "sleep_quality",
        "sleep_quality",
        "sleep quality",
        LOW,
        "poorer sleep",
        lambda m, _: f"sleep rated below {number(m, 1)} of 5",
        after_night=True,
    ),
    Factor(
        "stress",
        "stress_mean",
        "stress",
        HIGH,
        "stress",
        lambda m, _: f"average stress above {number(m, 1)} of 5",
    ),
    Factor(
        "exertion",
        "exercise_min",
        "exertion",
        HIGH,
        "exertion",
        _more_than("min", " of exercise or exertion", any_text="any exercise or exertion"),
    ),
    Factor(
        "alcohol",
        "alcohol_units",
        "alcohol",
        HIGH,
        "alcohol",
        _more_than("units", " of alcohol", decimals=1, any_text="any alcohol"),
    ),
)
FACTORS_BY_CODE = {f.code: f for f in FACTORS}


@dataclass(frozen=True, kw_only=True)
class _Result:
    """What every result of one factor at one lag has; ``status`` names the class."""

    status: ClassVar[Status]
    tested: ClassVar[bool] = False  # for templates: has a ratio, CI, p-values and rho

    factor: Factor
    lag: int  # 0 same day, 1 the day before
    n_days: int  # usable days (episodes and factor both known)
    n_exposed: int  # days in the compared group (above the median, or below for LOW)
    n_other: int
    median: float | None  # the split; None only when there is no usable day
    fluid_unit: str = "ml"

    @property
    def title(self) -> str:
        return f"{self.factor.title}, {'same day' if self.lag == 0 else 'day before'}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def group_phrase(self) -> str:
        """ "days with more than 190 mg caffeine" ("" without a median)."""
        if self.median is None:
            return ""
        condition = self.factor.condition(self.median, self.fluid_unit)
        if self.factor.after_night:
            return (
                f"days after {condition}"
                if self.lag == 0
                else (f"days after a day that followed {condition}")
            )
        return f"days with {condition}" if self.lag == 0 else f"days after a day with {condition}"

    @property
    def text(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class KeepLogging(_Result):
    """Too few usable days, or too few in a group: no averages yet."""

    status: ClassVar[Literal["keep_logging"]] = KEEP_LOGGING
    days_needed: int  # more usable days needed, at least

    @property
    def text(self) -> str:
        groups = f" ({self.group_phrase} vs other days)" if self.group_phrase else ""
        if not self.n_days:
            groups = f" with {self.factor.label} and twitching both recorded"
        return (
            f"Keep logging: you have {self.n_exposed} and {self.n_other} days{groups}; "
            f"{self.days_needed} more needed."
        )


@dataclass(frozen=True, kw_only=True)
class _Averages(_Result):
    """Past the first gates: the two groups' averages."""

    median: float
    episodes_exposed: int
    episodes_other: int
    rate_exposed: float  # episodes per day
    rate_other: float
    twitch_share_exposed: float | None = None  # share of twitch days, 0-1 (None: unknown)
    twitch_share_other: float | None = None

    @property
    def _opener(self) -> str:
        median_note = (
            f"your median is {_median_text(self.factor)}" if self._is_any else "your median"
        )
        return f"On {self.group_phrase} ({median_note})"

    @property
    def _averages_text(self) -> str:
        return (
            f"you logged {self.rate_exposed:.1f} episodes a day vs {self.rate_other:.1f} on "
            "other days"
        )

    @property
    def _is_any(self) -> bool:
        return self.factor.condition(self.median, self.fluid_unit).startswith("any ")


@dataclass(frozen=True, kw_only=True)
class EarlyLook(_Averages):
    """Enough days for averages, not yet for statistics."""

    status: ClassVar[Literal["early_look"]] = EARLY_LOOK
    co_moving: tuple[tuple[str, float], ...] = ()  # (other factor label, rho)

    @property
    def text(self) -> str:
        opener = self._opener
        return (
            f"Early look, averages only: {opener[0].lower()}{opener[1:]} {self._averages_text} "
            f"({self.n_exposed} vs {self.n_other} days). Statistics start at "
            f"{clinical.STATS_MIN_DAYS} days, with at least {clinical.STATS_MIN_DAYS_PER_GROUP} "
            f"in each group and {clinical.STATS_MIN_EPISODES} episodes."
            f"{_co_moving_text(self.factor, self.co_moving)}"
        )


@dataclass(frozen=True, kw_only=True)
class Tested(_Averages):
    """Past every gate: the rate-ratio test ran. Either NoClearPattern or PossiblePattern."""

    tested: ClassVar[bool] = True
    ratio: float  # rate_exposed / rate_other (inf when rate_other is 0)
    ci_low: float
    ci_high: float
    p_value: float
    p_adjusted: float  # Benjamini–Hochberg across all tests run
    rho: float | None  # Spearman, factor vs daily episodes, over n_days days (None: undefined)
    dispersion: float  # quasi-Poisson factor applied to the test (>= 1)

    @property
    def _sentence(self) -> str:
        numbers = (
            f"{_ratio_text(self.ratio)}, 95% CI {_num(self.ci_low)}–{_num(self.ci_high)}; "
            f"{self.n_exposed} vs {self.n_other} days"
        )
        return f"{self._opener} {self._averages_text} ({numbers})."


@dataclass(frozen=True, kw_only=True)
class NoClearPattern(Tested):
    status: ClassVar[Literal["no_clear_pattern"]] = NO_CLEAR_PATTERN

    @property
    def text(self) -> str:
        return (
            f"{self._sentence} No clear pattern: after allowing for the number of comparisons, "
            "a difference like this could be chance."
        )


@dataclass(frozen=True, kw_only=True)
class PossiblePattern(Tested):
    status: ClassVar[Literal["possible_pattern"]] = POSSIBLE_PATTERN
    co_moving: tuple[tuple[str, float], ...] = ()  # (other factor label, rho)

    @property
    def text(self) -> str:
        effect = "your twitching" if self.ratio >= 1 else "the difference"
        return (
            f"{self._sentence} This is a pattern in your own records, not proof that "
            f"{self.factor.cause} causes {effect}.{_co_moving_text(self.factor, self.co_moving)}"
        )


# One factor at one lag; ``status`` (a string, also for templates) tells which.
FactorResult: TypeAlias = KeepLogging | EarlyLook | NoClearPattern | PossiblePattern


@dataclass(frozen=True)
class TriggerAnalysis:
    results: tuple[FactorResult, ...]
    tests_run: int  # rate-ratio tests in the Benjamini–Hochberg family
    outcome_days: int  # days with a known number of episodes

    @property
    def patterns(self) -> list[PossiblePattern]:
        """Possible patterns, smallest corrected p first, then the larger effect."""
        found = [r for r in self.results if isinstance(r, PossiblePattern)]
        return sorted(found, key=lambda r: (r.p_adjusted, -_strength(r.ratio)))

    @property
    def tested(self) -> list[NoClearPattern | PossiblePattern]:
        """The results that went through the rate-ratio test, in factor × lag order."""
        return [r for r in self.results if isinstance(r, Tested)]

    def top(self, n: int = 3) -> list[PossiblePattern]:
        return self.patterns[:n]

    def result(self, code: str, lag: int) -> FactorResult:
        return next(r for r in self.results if r.factor.code == code and r.lag == lag)

    @property
    def summary(self) -> str:
        """One line for a page that shows no pattern: why not."""
        if self.patterns:
            n = len(self.patterns)
            return f"{n} possible pattern{'s' if n != 1 else ''} in your own records."
        if self.tests_run:
            return (
                f"No clear pattern in your own records so far ({self.tests_run} comparisons "
                "tested)."
            )
        if any(isinstance(r, EarlyLook) for r in self.results):
            return (
                "Not enough data yet for statistics: an early look at averages only "
                f"(statistics start at {clinical.STATS_MIN_DAYS} days)."
            )
        return (
            f"Not enough data yet: keep logging (at least {clinical.MIN_USABLE_DAYS} days "
            "with twitching and the factor both recorded)."
        )


@dataclass(frozen=True)
class TimingView:
    """The event-level view of caffeine timing (see caffeine_timing)."""

    status: Literal["keep_logging", "early_look"]  # early_look: averages only
    window_hours: int
    logged_days: int
    caffeine_entries: int
    episodes: int  # episodes that began in waking hours on logged days
    episodes_in_window: int
    episode_share: float | None = None  # episodes_in_window / episodes
    time_share: float | None = None  # share of waking time on logged days in a window
    waking: tuple[int, int] = field(default=(clinical.WAKING_START_HOUR, clinical.WAKING_END_HOUR))

    @property
    def ratio(self) -> float | None:
        """episode_share / time_share: about 1 when timing makes no difference."""
        if self.episode_share is None or not self.time_share:
            return None
        return self.episode_share / self.time_share

    @property
    def text(self) -> str:
        hours = f"{self.waking[0]:02d}:00–{self.waking[1]:02d}:00"
        if self.status == KEEP_LOGGING:
            return (
                f"Keep logging: the caffeine timing view needs at least "
                f"{clinical.STATS_MIN_EPISODES} episodes and some caffeine entries over "
                f"{clinical.MIN_USABLE_DAYS} logged days; you have {self.episodes} episodes "
                f"and {self.caffeine_entries} caffeine entries over {self.logged_days} logged "
                "days."
            )
        return (
            f"{_percent(self.episode_share)} of your episodes ({self.episodes_in_window} of "
            f"{self.episodes}) began within {self.window_hours} hours after caffeine; those "
            f"windows covered {_percent(self.time_share)} of your waking hours ({hours}) on "
            "logged days. If timing made no difference, the two shares would be about equal. "
            "This compares timing in your own records; it is not proof that caffeine causes "
            "your twitching."
        )


def factor_values(*, daily: pd.DataFrame, factor: Factor, lag: int) -> pd.Series:
    """The factor's daily values aligned to the day they are compared with.

    Lag 1 puts the previous calendar day's value on each day (by date, so a gap
    in the index gives NaN rather than a value from further back).
    """
    return _aligned(daily, [factor.column], lag)[factor.column]


def _aligned(daily: pd.DataFrame, columns: list[str], lag: int) -> pd.DataFrame:
    values = daily[columns].astype(float)
    if lag:
        values = values.shift(lag, freq="D").reindex(daily.index)
    return values


def analyse_triggers(
    *,
    daily: pd.DataFrame,
    fluid_unit: str = "ml",
    factors: tuple[Factor, ...] = FACTORS,
) -> TriggerAnalysis:
    """Every factor × lag through the gates, the statistics and the BH correction."""
    outcome = daily["episodes"].astype(float).to_numpy()
    known = ~np.isnan(outcome)
    if "twitch_day" in daily:
        twitch = daily["twitch_day"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    else:
        twitch = np.where(known, (outcome > 0).astype(float), np.nan)
    columns = [f.column for f in factors]
    aligned = {lag: _aligned(daily, columns, lag) for lag in LAGS}

    gated = [
        _gate(
            factor=factor,
            lag=lag,
            values=aligned[lag][factor.column].to_numpy(),
            outcome=outcome,
            twitch=twitch,
            fluid_unit=fluid_unit,
        )
        for factor in factors
        for lag in LAGS
    ]
    ready = [g for g in gated if isinstance(g, _Ready)]
    tested = iter(_run_tests(ready, aligned=aligned, outcome=outcome) if ready else [])
    results: list[FactorResult] = [next(tested) if isinstance(g, _Ready) else g for g in gated]
    if any(isinstance(r, EarlyLook | PossiblePattern) for r in results):
        co_moving = _co_moving(daily.loc[known], factors)
        results = [
            replace(r, co_moving=co_moving.get(r.factor.code, ()))
            if isinstance(r, EarlyLook | PossiblePattern)
            else r
            for r in results
        ]
    return TriggerAnalysis(
        results=tuple(results), tests_run=len(ready), outcome_days=int(known.sum())
    )


def describe(result: FactorResult) -> str:
    """The sentence shown for one result (docs/clinical-rules.md §6 wording)."""
    return result.text


def caffeine_timing(
    *,
    episodes: pd.DataFrame,
    caffeine_events: pd.DataFrame,
    daily: pd.DataFrame,
    window_hours: int = clinical.CAFFEINE_WINDOW_HOURS,
) -> TimingView:
    """Share of episodes that began within ``window_hours`` after a caffeine entry,
    against the share of waking time those windows covered.

    Both shares are measured on logged days only (daily["logged"]) and within
    waking hours WAKING_START_HOUR–WAKING_END_HOUR on the local wall clock, to
    the minute. A window runs from the entry's time for ``window_hours`` and may
    cross midnight; overlapping windows count once. Needs ``episodes.started``
    and ``caffeine_events.taken`` (tz-aware local, as frames returns them).
    """
    day = 24 * 60
    waking_start = clinical.WAKING_START_HOUR * 60
    waking = clinical.WAKING_END_HOUR * 60 - waking_start  # minutes of waking time a day
    logged: BoolArray = daily["logged"].to_numpy(dtype=bool)
    size = len(logged) * day
    day0 = daily.index[0] if len(logged) else pd.Timestamp(0)

    def minute_of(times: pd.Series) -> npt.NDArray[np.int64]:
        """Wall-clock minutes since the first day's midnight."""
        if not len(times):
            return np.array([], dtype=np.int64)
        wall = pd.DatetimeIndex(times)
        if wall.tz is not None:
            wall = wall.tz_localize(None)
        minutes: npt.NDArray[np.int64] = ((wall - day0) // pd.Timedelta(minutes=1)).to_numpy(
            dtype=np.int64
        )
        return minutes

    # Counted time before minute t: whole logged days' waking time, plus the
    # waking part of t's own day if that day is logged.
    logged_pad: npt.NDArray[np.int64] = np.r_[logged, False].astype(np.int64)
    counted_before_day: npt.NDArray[np.int64] = np.r_[0, np.cumsum(logged_pad[:-1] * waking)]

    def counted_before(t: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        t = np.clip(t, 0, size)
        d, m = t // day, t % day
        return counted_before_day[d] + logged_pad[d] * np.clip(m - waking_start, 0, waking)

    # Caffeine windows [taken, taken + window), overlapping ones merged.
    starts = np.sort(minute_of(caffeine_events["taken"]))
    ends = starts + window_hours * 60
    new = np.r_[True, starts[1:] > ends[:-1]] if starts.size else np.array([], dtype=bool)
    first = np.flatnonzero(new)
    merged_start = starts[first]
    merged_end = ends[np.r_[first[1:] - 1, starts.size - 1]] if starts.size else ends
    covered_time = int((counted_before(merged_end) - counted_before(merged_start)).sum())
    total_time = int(counted_before_day[-1])

    at = minute_of(episodes["started"])
    at = at[(at >= 0) & (at < size)]
    minute = at % day
    at = at[logged[at // day] & (minute >= waking_start) & (minute < waking_start + waking)]
    in_window = 0
    if merged_start.size:
        window = np.searchsorted(merged_start, at, side="right") - 1
        in_window = int(((window >= 0) & (at < merged_end[np.maximum(window, 0)])).sum())
    entries = int(((starts >= 0) & (starts < size)).sum())
    view = TimingView(
        status=KEEP_LOGGING,
        window_hours=window_hours,
        logged_days=int(logged.sum()),
        caffeine_entries=entries,
        episodes=int(at.size),
        episodes_in_window=in_window,
    )
    if (
        view.logged_days < clinical.MIN_USABLE_DAYS
        or view.episodes < clinical.STATS_MIN_EPISODES
        or not entries
        or not total_time
    ):
        return view
    return TimingView(
        status=EARLY_LOOK,
        window_hours=window_hours,
        logged_days=view.logged_days,
        caffeine_entries=entries,
        episodes=view.episodes,
        episodes_in_window=in_window,
        episode_share=in_window / view.episodes,
        time_share=covered_time / total_time,
    )


# --- internals ---------------------------------------------------------------


@dataclass(frozen=True)
class _Ready:
    """A comparison past every gate, waiting for the tests that run on all of them at once."""

    averages: EarlyLook
    ratio: float
    dispersion: float


def _gate(
    *,
    factor: Factor,
    lag: int,
    values: FloatArray,
    outcome: FloatArray,
    twitch: FloatArray,
    fluid_unit: str,
) -> KeepLogging | EarlyLook | _Ready:
    usable = ~np.isnan(values) & ~np.isnan(outcome)
    n = int(usable.sum())
    if not n:
        return KeepLogging(
            factor=factor,
            lag=lag,
            n_days=0,
            n_exposed=0,
            n_other=0,
            median=None,
            days_needed=clinical.MIN_USABLE_DAYS,
            fluid_unit=fluid_unit,
        )
    x, y, t = values[usable], outcome[usable], twitch[usable]
    median = float(np.median(x))
    exposed = x > median if factor.exposed == HIGH else x < median
    a, b = int(exposed.sum()), n - int(exposed.sum())
    if n < clinical.MIN_USABLE_DAYS or min(a, b) < clinical.MIN_DAYS_PER_GROUP:
        short = max(0, clinical.MIN_DAYS_PER_GROUP - a) + max(0, clinical.MIN_DAYS_PER_GROUP - b)
        return KeepLogging(
            factor=factor,
            lag=lag,
            n_days=n,
            n_exposed=a,
            n_other=b,
            median=median,
            days_needed=max(clinical.MIN_USABLE_DAYS - n, short),
            fluid_unit=fluid_unit,
        )

    count_a, count_b = int(y[exposed].sum()), int(y[~exposed].sum())
    early = EarlyLook(
        factor=factor,
        lag=lag,
        n_days=n,
        n_exposed=a,
        n_other=b,
        median=median,
        episodes_exposed=count_a,
        episodes_other=count_b,
        rate_exposed=count_a / a,
        rate_other=count_b / b,
        twitch_share_exposed=_share(t[exposed]),
        twitch_share_other=_share(t[~exposed]),
        fluid_unit=fluid_unit,
    )
    if (
        n < clinical.STATS_MIN_DAYS
        or min(a, b) < clinical.STATS_MIN_DAYS_PER_GROUP
        or count_a + count_b < clinical.STATS_MIN_EPISODES
    ):
        return early
    return _Ready(
        averages=early,
        ratio=(count_a / a) / (count_b / b) if count_b else math.inf,
        dispersion=_dispersion(y, exposed),
    )


def _dispersion(y: FloatArray, exposed: BoolArray) -> float:
    """Pearson chi-square / (n - 2) of daily counts around their group's mean, at least 1.

    Twitching comes in flare-ups and quiet spells, so daily counts often vary
    more than a Poisson model allows; the tests then divide counts and days by
    this factor (a quasi-Poisson adjustment), which widens the CI and raises the
    p-value, and never does the opposite.
    """
    chi2 = 0.0
    for group in (y[exposed], y[~exposed]):
        mean = group.mean()
        if mean > 0:
            chi2 += float(((group - mean) ** 2).sum() / mean)
    return max(1.0, chi2 / max(1, y.size - 2))


def _spearman(
    ready: list[_Ready], *, aligned: dict[int, pd.DataFrame], outcome: FloatArray
) -> list[float | None]:
    """Spearman's rho of each comparison's factor against the daily episodes, in one pass.

    The Pearson correlation of average ranks over each test's usable days, which
    is what scipy.stats.spearmanr computes (a test checks they agree), done for
    all tests at once because spearmanr costs a millisecond a call.
    """
    x = np.column_stack(
        [aligned[r.averages.lag][r.averages.factor.column].to_numpy() for r in ready]
    )
    y = np.repeat(outcome[:, None], x.shape[1], axis=1)
    unusable = np.isnan(x) | np.isnan(y)
    x[unusable] = np.nan
    y[unusable] = np.nan
    rx = pd.DataFrame(x).rank().to_numpy(copy=True)
    ry = pd.DataFrame(y).rank().to_numpy(copy=True)
    rx -= np.nanmean(rx, axis=0)
    ry -= np.nanmean(ry, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = np.nansum(rx * ry, axis=0) / np.sqrt(
            np.nansum(rx**2, axis=0) * np.nansum(ry**2, axis=0)
        )
    return [None if np.isnan(value) else float(value) for value in rho]


def _run_tests(
    ready: list[_Ready], *, aligned: dict[int, pd.DataFrame], outcome: FloatArray
) -> list[NoClearPattern | PossiblePattern]:
    """Rate-ratio tests of every ready comparison at once, then Benjamini–Hochberg."""
    rhos = _spearman(ready, aligned=aligned, outcome=outcome)
    averages = [r.averages for r in ready]
    scale = np.array([r.dispersion for r in ready], dtype=float)
    count_a = np.array([r.episodes_exposed for r in averages], dtype=float) / scale
    days_a = np.array([r.n_exposed for r in averages], dtype=float) / scale
    count_b = np.array([r.episodes_other for r in averages], dtype=float) / scale
    days_b = np.array([r.n_other for r in averages], dtype=float) / scale
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        z = np.atleast_1d(test_poisson_2indep(count_a, days_a, count_b, days_b).statistic)
        df = np.array([r.n_days for r in averages], dtype=float) - 2
        p = 2 * student_t.sf(np.abs(z), df)
        low, high = confint_poisson_2indep(
            count_a, days_a, count_b, days_b, method="waldcc", alpha=clinical.SIGNIFICANCE_ALPHA
        )
    p = np.where(np.isnan(p), 1.0, p)
    adjusted = multipletests(p, alpha=clinical.SIGNIFICANCE_ALPHA, method="fdr_bh")[1]
    results: list[NoClearPattern | PossiblePattern] = []
    for r, p_i, adj, lo, hi, rho in zip(
        ready, p, adjusted, np.atleast_1d(low), np.atleast_1d(high), rhos, strict=True
    ):
        shared = {f.name: getattr(r.averages, f.name) for f in fields(_Averages)}
        numbers = {
            "ratio": r.ratio,
            "ci_low": float(lo),
            "ci_high": float(hi),
            "p_value": float(p_i),
            "p_adjusted": float(adj),
            "rho": rho,
            "dispersion": r.dispersion,
        }
        if (
            adj < clinical.SIGNIFICANCE_ALPHA
            and (lo > 1 or hi < 1)
            and (r.ratio >= clinical.PATTERN_MIN_RATIO or r.ratio <= clinical.PATTERN_MAX_RATIO)
        ):
            results.append(PossiblePattern(**shared, **numbers))
        else:
            results.append(NoClearPattern(**shared, **numbers))
    return results


def _co_moving(
    daily: pd.DataFrame, factors: tuple[Factor, ...]
) -> dict[str, tuple[tuple[str, float], ...]]:
    """For each factor, the other factors with |Spearman rho| >= CO_MOVING_RHO (same day)."""
    columns = [f.column for f in factors if f.column in daily]
    if len(columns) < 2 or len(daily) < clinical.MIN_USABLE_DAYS:
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        matrix = (
            daily[columns]
            .astype(float)
            .corr(method="spearman", min_periods=clinical.MIN_USABLE_DAYS)
        )
    by_column = {f.column: f for f in factors}
    found: dict[str, tuple[tuple[str, float], ...]] = {}
    for factor in factors:
        if factor.column not in matrix:
            continue
        row = matrix[factor.column].drop(factor.column)
        strong = row[row.abs() >= clinical.CO_MOVING_RHO].dropna()
        found[factor.code] = tuple(
            (by_column[str(col)].label, float(rho))
            for col, rho in strong.sort_values(key=abs, ascending=False).items()
        )
    return found


def _co_moving_text(factor: Factor, co_moving: tuple[tuple[str, float], ...]) -> str:
    if not co_moving:
        return ""
    names = join_names(
        [f"{label} (ρ {number(rho, 2).replace('-', '−')})" for label, rho in co_moving]
    )
    which = "either" if len(co_moving) == 1 else "any of them"
    return (
        f" In your records {factor.label} moved together with {names}, so this pattern "
        f"may belong to {which}, or to something else."
    )


def _median_text(factor: Factor) -> str:
    return {"caffeine": "0 mg", "exertion": "0 min", "alcohol": "0 units"}.get(factor.code, "0")


def _strength(ratio: float) -> float:
    """Size of an effect either way: |log ratio| (infinite with no episodes in a group)."""
    return math.inf if ratio in (0, math.inf) else abs(math.log(ratio))


def _ratio_text(ratio: float) -> str:
    if math.isinf(ratio):
        return "no episodes on the other days"
    if ratio == 0:
        return "no episodes on these days"
    return f"about {_num(ratio)}×"


def _num(value: float) -> str:
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞"
    return f"{value:,.2f}" if value < 1 else f"{value:,.1f}"


def _share(values: FloatArray) -> float | None:
    known = values[~np.isnan(values)]
    return float(known.mean()) if known.size else None


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"
