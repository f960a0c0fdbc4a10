"""diary.status: the dashboard's persistence clock and flags, read from the diary rows."""

import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils.html import escape

from diary.models import CheckIn, Episode, Medication
from diary.status import episode_sites, get_status, load_history, load_medications
from tests.factories import NOW, TODAY

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")


def at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=NY)


def mar(n: int) -> dt.date:
    return dt.date(2026, 3, n)


def test_an_episode_on_both_sides_touches_the_left_and_the_right_site():
    assert episode_sites("both", "calf") == ("Left calf", "Right calf")
    assert episode_sites("left", "quadriceps") == ("Left front of thigh",)
    assert episode_sites("", "calf") == ()
    assert episode_sites("left", "") == ()


def test_t6_an_episode_at_2330_in_new_york_on_mar_1_counts_on_mar_1(user):
    Episode.objects.create(user=user, started_at=at(mar(1), "23:30"))  # 04:30 on 2 March UTC

    history = load_history(user=user, tz=NY, until=mar(2))

    assert history.twitch_dates == (mar(1),)
    assert history.episodes[0].date == mar(1)
    assert history.episodes[0].started == at(mar(1), "23:30")


def test_the_history_reaches_back_before_any_period_in_two_queries(user, django_assert_num_queries):
    Episode.objects.create(
        user=user,
        started_at=at(dt.date(2025, 12, 31), "23:30"),
        side="both",
        muscle="calf",
        intensity=6,
        symptoms=["stiffness", "pain"],
    )
    Episode.objects.create(user=user, started_at=at(mar(10), "23:30"))  # local 10 March
    Episode.objects.create(user=user, started_at=at(mar(11), "00:30"))  # after `until`
    CheckIn.objects.create(user=user, date=mar(5), twitching=True)
    CheckIn.objects.create(user=user, date=mar(6), twitching=False)

    with django_assert_num_queries(2):
        history = load_history(user=user, tz=NY, until=mar(10))

    assert history.twitch_dates == (dt.date(2025, 12, 31), mar(5), mar(10))
    first, second = history.episodes
    assert first.sites == ("Left calf", "Right calf")
    assert first.intensity == 6
    assert first.symptoms == ("stiffness", "pain")
    assert second.sites == () and second.intensity is None and second.symptoms == ()


def test_the_history_can_be_bounded_and_reads_only_the_users_rows(user, stranger):
    Episode.objects.create(user=user, started_at=at(mar(1), "08:00"))
    Episode.objects.create(user=user, started_at=at(mar(9), "08:00"))
    Episode.objects.create(user=stranger, started_at=at(mar(9), "08:00"))
    CheckIn.objects.create(user=stranger, date=mar(4), twitching=True)

    history = load_history(user=user, tz=NY, until=mar(10), since=mar(2))

    assert history.twitch_dates == (mar(9),)
    assert load_history(user=stranger, tz=NY, until=mar(1)).twitch_dates == ()


def test_medicines_are_plain_values_with_their_class_label(user):
    Medication.objects.create(
        user=user, name="Atorvastatin", kind="medicine", category="statin", started_on=mar(1)
    )

    (medicine,) = load_medications(user=user, end=mar(2))

    assert (medicine.name, medicine.category_label, medicine.listed) == (
        "Atorvastatin",
        "Statin",
        True,
    )
    assert load_medications(user=user, end=dt.date(2026, 2, 28)) == []


def test_the_dashboard_shows_the_stiffness_flag(owner_client, user):
    Episode.objects.create(
        user=user,
        started_at=NOW - dt.timedelta(hours=1),
        side="left",
        muscle="calf",
        symptoms=["stiffness"],
    )

    response = owner_client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>Stiffness in the area.</strong>" in page
    assert escape("You noted stiffness in the area on 1 day (latest 02 Mar 2026).") in page
    assert Episode.objects.get().symptoms == ["stiffness"]


def test_the_dashboard_and_the_report_show_the_same_clock(owner_client, user):
    for n in (1, 8):
        Episode.objects.create(user=user, started_at=at(TODAY - dt.timedelta(days=n), "09:00"))
    CheckIn.objects.create(user=user, date=TODAY - dt.timedelta(days=15), twitching=True)
    clock = (
        "Your twitching has come and gone for 15 days since 15 Feb 2026. The NHS advises "
        "seeing a GP if a twitch lasts more than 2 weeks."
    )

    dashboard = owner_client.get("/").content.decode()
    report = owner_client.get("/reports/").content.decode()

    assert clock in dashboard
    assert clock in report
    assert Episode.objects.filter(user=user).count() == 2


def test_the_dashboards_status_loads_without_pandas():
    code = (
        "import sys, django; django.setup(); import diary.views, diary.status; "
        "sys.exit('pandas' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "twitchdiary.test_settings", "PATH": ""},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_the_status_is_kept_until_the_day_the_time_zone_or_an_episode_changes(
    user, django_assert_num_queries
):
    profile = user.profile
    first = get_status(user=user, profile=profile, today=TODAY)

    # Stored: one lookup in the per-person cache. Built: the lookup, four queries (with the
    # recalled onset), and four to store it (prune, savepoint, insert, release).
    with django_assert_num_queries(1):
        assert get_status(user=user, profile=profile, today=TODAY) == first
    with django_assert_num_queries(1 + 4 + 4):
        get_status(user=user, profile=profile, today=TODAY + dt.timedelta(days=1))
    profile.timezone = "Europe/London"
    with django_assert_num_queries(1 + 4 + 4):
        get_status(user=user, profile=profile, today=TODAY)

    Episode.objects.create(user=user, started_at=NOW - dt.timedelta(hours=1))
    profile.refresh_from_db()
    status = get_status(user=user, profile=profile, today=TODAY)

    assert first.clock.current is None
    assert status.clock.since == TODAY
