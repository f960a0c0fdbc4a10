"""reports.frames: one user's rows → daily and event frames on their local dates."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from diary.models import (
    Alcohol,
    Caffeine,
    CheckIn,
    Episode,
    Exercise,
    Fluid,
    Medication,
    Sleep,
    Stress,
)
from reports.frames import (
    CAFFEINE_COLUMNS,
    DAILY_COLUMNS,
    EPISODE_COLUMNS,
    load_diary,
    load_medications,
)

NY = ZoneInfo("America/New_York")
MAR = dt.date(2026, 3, 1)


def day(n: int) -> dt.date:
    """Day n of March 2026."""
    return dt.date(2026, 3, n)


def at(d: dt.date, hhmm: str, tz: ZoneInfo = NY) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(d, dt.time(hour, minute), tzinfo=tz)


def ts(d: dt.date) -> pd.Timestamp:
    return pd.Timestamp(d)


def episode(user, when, **fields):
    return Episode.objects.create(user=user, started_at=when, **fields)


def load(user, start=None, end=None):
    return load_diary(user=user, start=start or day(1), end=end or day(7), tz=NY)


# --- dates ------------------------------------------------------------------


def test_an_episode_at_2330_in_new_york_counts_on_that_local_date(user):
    when = at(day(1), "23:30")
    assert when.astimezone(dt.UTC).date() == day(2)  # 2 March in UTC
    episode(user, when)

    data = load(user)

    assert data.daily.loc[ts(day(1)), "episodes"] == 1
    assert np.isnan(data.daily.loc[ts(day(2)), "episodes"])
    assert data.episodes["date"].tolist() == [ts(day(1))]
    assert data.episodes["started"].iloc[0] == pd.Timestamp(when)
    assert str(data.episodes["started"].dt.tz) == "America/New_York"


def test_the_period_holds_local_midnight_to_midnight_across_a_dst_change(user):
    # New York moves its clocks forward on 8 March 2026.
    episode(user, at(day(8), "00:00"))
    episode(user, at(day(8), "23:59"))
    episode(user, at(day(9), "00:00"))
    episode(user, at(day(7), "23:59"))

    data = load(user, start=day(8), end=day(8))

    assert len(data.episodes) == 2
    assert data.daily["episodes"].tolist() == [2]


def test_the_daily_frame_has_every_calendar_date_and_the_documented_columns(user):
    data = load(user, start=day(1), end=day(31))

    assert list(data.daily.columns) == list(DAILY_COLUMNS)
    assert isinstance(data.daily.index, pd.DatetimeIndex)
    assert data.daily.index.name == "date"
    assert data.daily.index.tz is None
    assert list(data.daily.index) == list(pd.date_range(day(1), day(31), freq="D"))
    assert list(data.episodes.columns) == list(EPISODE_COLUMNS)
    assert list(data.caffeine_events.columns) == list(CAFFEINE_COLUMNS)
    assert data.calendar_days == 31
    assert data.logged_days == 0
    assert data.coverage == 0


def test_it_refuses_an_end_before_the_start(user):
    with pytest.raises(ValueError):
        load(user, start=day(5), end=day(4))


# --- missing is not zero ------------------------------------------------------


def test_a_day_without_an_episode_or_a_checkin_is_missing_not_zero(user):
    episode(user, at(day(1), "10:00"))

    daily = load(user).daily

    assert np.isnan(daily.loc[ts(day(2)), "episodes"])
    assert daily.loc[ts(day(2)), "twitch_day"] is pd.NA
    assert not daily.loc[ts(day(2)), "logged"]
    assert np.isnan(daily.loc[ts(day(2)), "duration_total_s"])


def test_a_no_twitching_checkin_makes_a_twitch_free_day_with_zero_episodes(user):
    CheckIn.objects.create(user=user, date=day(2), twitching=False)

    daily = load(user).daily

    row = daily.loc[ts(day(2))]
    assert row["episodes"] == 0
    assert row["twitch_day"] == False  # noqa: E712 (pandas boolean)
    assert row["logged"]
    assert row["checkin"] == False  # noqa: E712
    assert row["duration_total_s"] == 0
    assert np.isnan(row["intensity_mean"])


def test_a_yes_checkin_without_episodes_is_a_twitch_day_with_an_unknown_count(user):
    CheckIn.objects.create(user=user, date=day(3), twitching=True)

    row = load(user).daily.loc[ts(day(3))]

    assert row["twitch_day"] == True  # noqa: E712
    assert row["logged"]
    assert np.isnan(row["episodes"])


def test_an_episode_outweighs_a_contradicting_no_twitching_checkin(user):
    CheckIn.objects.create(user=user, date=day(4), twitching=False)
    episode(user, at(day(4), "09:00"), duration_seconds=30)

    row = load(user).daily.loc[ts(day(4))]

    assert row["episodes"] == 1
    assert row["twitch_day"] == True  # noqa: E712
    assert row["duration_total_s"] == 30


def test_caffeine_alcohol_and_exercise_are_zero_on_logged_days_and_missing_on_others(user):
    CheckIn.objects.create(user=user, date=day(1), twitching=False)  # logged, no entries
    episode(user, at(day(2), "12:00"))  # logged, with entries
    Caffeine.objects.create(user=user, taken_at=at(day(2), "08:00"), mg=95, source="coffee")
    Alcohol.objects.create(user=user, taken_at=at(day(2), "20:00"), units=Decimal("2.5"))
    Exercise.objects.create(
        user=user, started_at=at(day(2), "18:00"), minutes=30, intensity="light"
    )
    # day 3: not logged, no entries; day 4: not logged but caffeine entered
    Caffeine.objects.create(user=user, taken_at=at(day(4), "08:00"), mg=60, source="tea")

    daily = load(user).daily

    for column in ("caffeine_mg", "alcohol_units", "exercise_min"):
        assert daily.loc[ts(day(1)), column] == 0, column
        assert np.isnan(daily.loc[ts(day(3)), column]), column
    assert daily.loc[ts(day(2)), "caffeine_mg"] == 95
    assert daily.loc[ts(day(2)), "alcohol_units"] == 2.5
    assert daily.loc[ts(day(2)), "exercise_min"] == 30
    assert daily.loc[ts(day(4)), "caffeine_mg"] == 60  # entries always count


def test_a_day_with_only_a_twitch_says_nothing_about_caffeine_alcohol_or_exercise(user):
    Caffeine.objects.create(user=user, taken_at=at(day(1), "08:00"), mg=95, source="coffee")
    Alcohol.objects.create(user=user, taken_at=at(day(1), "20:00"), units=Decimal("1.0"))
    Exercise.objects.create(
        user=user, started_at=at(day(1), "18:00"), minutes=30, intensity="light"
    )
    episode(user, at(day(2), "12:00"))  # "Twitch now" alone: a logged outcome, no diary kept
    episode(user, at(day(3), "12:00"))
    Fluid.objects.create(user=user, taken_at=at(day(3), "09:00"), ml=250, drink="water")

    daily = load(user).daily

    for column in ("caffeine_mg", "alcohol_units", "exercise_min"):
        assert np.isnan(daily.loc[ts(day(2)), column]), column  # missing, not 0
        assert daily.loc[ts(day(3)), column] == 0, column  # the diary was kept that day


def test_a_kind_never_used_in_the_period_stays_missing_on_logged_days(user):
    CheckIn.objects.create(user=user, date=day(1), twitching=False)
    Caffeine.objects.create(user=user, taken_at=at(day(2), "08:00"), mg=95, source="coffee")

    row = load(user).daily.loc[ts(day(1))]

    assert row["caffeine_mg"] == 0
    assert np.isnan(row["alcohol_units"])  # never logs alcohol: missing, not "0 units"
    assert np.isnan(row["exercise_min"])


def test_fluids_sleep_and_stress_stay_missing_without_entries_even_on_logged_days(user):
    CheckIn.objects.create(user=user, date=day(1), twitching=False)
    Fluid.objects.create(user=user, taken_at=at(day(2), "09:00"), ml=500)
    Sleep.objects.create(user=user, date=day(2), hours=Decimal("7.5"), quality=4)
    Stress.objects.create(user=user, recorded_at=at(day(2), "09:00"), level=3)

    row = load(user).daily.loc[ts(day(1))]

    for column in ("fluids_ml", "sleep_hours", "sleep_quality", "stress_mean"):
        assert np.isnan(row[column]), column


def test_sleep_counts_on_the_day_woken_up(user):
    Sleep.objects.create(user=user, date=day(3), hours=Decimal("5.25"), quality=2)

    daily = load(user).daily

    assert daily.loc[ts(day(3)), "sleep_hours"] == 5.25
    assert daily.loc[ts(day(3)), "sleep_quality"] == 2
    assert np.isnan(daily.loc[ts(day(2)), "sleep_hours"])


def test_it_sums_and_averages_each_local_day(user):
    episode(user, at(day(1), "08:00"), intensity=3, duration_seconds=10)
    episode(user, at(day(1), "23:30"), intensity=7, duration_seconds=None)
    episode(user, at(day(1), "12:00"))  # no intensity, no duration
    for hhmm, mg in (("07:00", 95), ("23:45", 63)):
        Caffeine.objects.create(user=user, taken_at=at(day(1), hhmm), mg=mg, source="coffee")
    Caffeine.objects.create(user=user, taken_at=at(day(2), "00:15"), mg=47, source="tea")
    Fluid.objects.create(user=user, taken_at=at(day(1), "09:00"), ml=250)
    Fluid.objects.create(user=user, taken_at=at(day(1), "21:00"), ml=500)
    Stress.objects.create(user=user, recorded_at=at(day(1), "09:00"), level=2)
    Stress.objects.create(user=user, recorded_at=at(day(1), "20:00"), level=5)

    row = load(user).daily.loc[ts(day(1))]

    assert row["episodes"] == 3
    assert row["intensity_mean"] == 5
    assert row["intensity_max"] == 7
    assert row["duration_total_s"] == 10
    assert row["caffeine_mg"] == 95 + 63
    assert row["fluids_ml"] == 750
    assert row["stress_mean"] == 3.5


def test_red_flag_level_is_the_highest_level_ticked_that_day(user):
    episode(user, at(day(1), "08:00"), symptoms=["tingling", "pain"])
    episode(user, at(day(1), "09:00"), symptoms=["weakness"])
    episode(user, at(day(2), "09:00"), symptoms=[])

    data = load(user)

    assert data.daily.loc[ts(day(1)), "red_flag_level"] == 2  # weakness: urgent
    assert data.daily.loc[ts(day(2)), "red_flag_level"] == 0
    assert data.episodes["level"].tolist() == [1, 2, 0]


def test_the_episode_frame_carries_site_labels_and_symptoms(user):
    episode(user, at(day(1), "08:00"), side="left", muscle="calf", intensity=4)
    episode(user, at(day(1), "09:00"), side="right", muscle="quadriceps", symptoms=["cramp"])
    episode(user, at(day(1), "10:00"))  # one-tap "Twitch now": no site yet

    frame = load(user).episodes

    assert frame["site"].tolist() == ["Left calf", "Right front of thigh", ""]
    assert frame["symptoms"].tolist() == [[], ["cramp"], []]
    assert frame["intensity"].iloc[0] == 4
    assert np.isnan(frame["intensity"].iloc[1])


def test_caffeine_events_carry_local_times_for_the_timing_view(user):
    Caffeine.objects.create(user=user, taken_at=at(day(1), "23:30"), mg=80, source="soda")

    events = load(user).caffeine_events

    assert events["taken"].iloc[0] == pd.Timestamp(at(day(1), "23:30"))
    assert events["date"].tolist() == [ts(day(1))]
    assert events["mg"].tolist() == [80]


def test_it_reads_only_the_users_own_rows(user, stranger):
    episode(stranger, at(day(1), "08:00"))
    CheckIn.objects.create(user=stranger, date=day(2), twitching=False)
    Caffeine.objects.create(user=stranger, taken_at=at(day(1), "08:00"), mg=95, source="coffee")
    Medication.objects.create(
        user=stranger, name="X", kind="medicine", category="statin", started_on=day(1)
    )

    data = load(user)

    assert data.episodes.empty
    assert data.caffeine_events.empty
    assert data.medications == []
    assert not data.daily["logged"].any()


# --- queries ------------------------------------------------------------------


def _fill(user, days: int, start=MAR):
    rows = []
    for i in range(days):
        d = start + dt.timedelta(days=i)
        rows.append(Episode(user=user, started_at=at(d, "09:00"), side="left", muscle="calf"))
    Episode.objects.bulk_create(rows)
    Caffeine.objects.bulk_create(
        Caffeine(user=user, taken_at=at(start + dt.timedelta(days=i), "08:00"), mg=95)
        for i in range(days)
    )
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=start + dt.timedelta(days=i), twitching=True) for i in range(days)
    )


@pytest.mark.parametrize("days", [3, 60])
def test_it_uses_nine_queries_whatever_the_amount_of_data(user, days, django_assert_num_queries):
    _fill(user, days)

    with django_assert_num_queries(9):
        data = load(user, start=MAR, end=MAR + dt.timedelta(days=days - 1))

    assert data.daily["episodes"].sum() == days


def test_medications_of_the_period_with_their_changes(user):
    def med(name, started_on, stopped_on=None, **fields):
        fields = {"kind": "medicine", "category": "other", **fields}
        Medication.objects.create(
            user=user, name=name, started_on=started_on, stopped_on=stopped_on, **fields
        )

    med("Old", dt.date(2025, 1, 1), dt.date(2026, 2, 28))  # stopped before: left out
    med("Ongoing", dt.date(2025, 1, 1))
    med("Stopped in period", dt.date(2025, 1, 1), day(3))
    med("Started in period", day(4), category="statin", suspected=True)
    med("Later", day(8))  # after the period: left out

    meds = load(user).medications

    assert [m.name for m in meds] == ["Ongoing", "Stopped in period", "Started in period"]
    started = meds[2]
    assert started.listed and started.suspected
    assert started.category_label == "Statin"
    assert started.started_between(day(1), day(7))
    assert meds[1].stopped_between(day(1), day(7))
    assert meds[0].active_on(day(7)) and not meds[1].active_on(day(7))
    assert [m.name for m in load_medications(user=user)] == [
        "Old",
        "Ongoing",
        "Stopped in period",
        "Started in period",
        "Later",
    ]
