"""The reports pipeline end to end on a synthetic diary: frames → rules → triggers."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from diary.status import compute_status, load_history
from diary.synthetic import generate
from reports import frames, triggers
from twitchdiary.lib import rules
from twitchdiary.lib.clinical import Level

NY = ZoneInfo("America/New_York")
END = dt.date(2026, 3, 31)


@pytest.fixture
def year_of_diary(user):
    generate(user=user, tz=NY, end=END, days=365, seed=1, caffeine_effect=3.0)
    return user


def run_pipeline(user, start):
    data = frames.load_diary(user=user, start=start, end=END, tz=NY)
    history = load_history(user=user, tz=NY, until=END)
    medications = frames.load_medications(user=user, end=END)
    status = compute_status(
        history=history, medications=medications, today=END, stiffness_since=start
    )
    clock, flags = status.clock, list(status.flags)
    analysis = triggers.analyse_triggers(daily=data.daily)
    timing = triggers.caffeine_timing(
        episodes=data.episodes, caffeine_events=data.caffeine_events, daily=data.daily
    )
    return data, clock, flags, analysis, timing


def test_the_demo_diarys_built_in_caffeine_effect_is_found(year_of_diary):
    start = END - dt.timedelta(days=364)

    data, clock, flags, analysis, timing = run_pipeline(year_of_diary, start)

    caffeine = analysis.result("caffeine", 0)
    assert caffeine.status == triggers.POSSIBLE_PATTERN
    assert analysis.top(3)[0] is caffeine
    assert timing.episode_share > timing.time_share  # episodes cluster after caffeine
    assert 0.8 < data.coverage < 1  # the generator leaves some days missing
    assert data.daily["episodes"].isna().sum() > 0
    assert clock.flagged
    assert clock.message.startswith("Your twitching has come and gone for ")
    assert flags[0].code == "persistence"
    assert all(f.level == Level.ROUTINE for f in flags)


def test_a_new_diary_gives_empty_answers_rather_than_errors(user):
    start = END - dt.timedelta(weeks=8) + dt.timedelta(days=1)

    data, clock, flags, analysis, timing = run_pipeline(user, start)

    assert data.logged_days == 0 and data.episodes.empty
    assert clock.current is None and clock.runs == ()
    assert flags == []
    assert rules.red_flags(episodes=frames.episode_facts(data.episodes)) == []
    history = load_history(user=user, tz=NY, until=END)
    assert rules.persistence_by_site(episodes=history.episodes, today=END) == {}
    assert {r.status for r in analysis.results} == {triggers.KEEP_LOGGING}
    assert analysis.summary.startswith("Not enough data yet")
    assert timing.status == triggers.KEEP_LOGGING


@pytest.mark.parametrize("weeks", [8, 52])
def test_the_pipeline_reads_twelve_queries_whatever_the_period(
    year_of_diary, weeks, django_assert_num_queries
):
    start = END - dt.timedelta(weeks=weeks) + dt.timedelta(days=1)

    with django_assert_num_queries(12):
        data, *_ = run_pipeline(year_of_diary, start)

    assert data.calendar_days == weeks * 7
