"""Compose the pipeline into one report: frames → rules → triggers (charts on demand)."""

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from django.contrib.auth.models import User

from diary.status import compute_status, load_history, load_onset
from twitchdiary.lib import rules
from twitchdiary.lib.wording import duration, number

from . import frames, triggers
from .report import KeyNumber, Report


def key_numbers(
    current: frames.DiaryData, previous: pd.DataFrame, prev_episodes: pd.DataFrame
) -> list[KeyNumber]:
    """docs/clinical-rules.md §7 key numbers, this period against the previous one of equal
    length."""

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
    user: User,
    tz: ZoneInfo,
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
