"""The dashboard's one-tap check-ins: today's buttons and the last three unlogged days."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from diary.models import CheckIn, Episode
from tests.factories import TODAY, utc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def joined_long_ago(user):
    get_user_model().objects.filter(pk=user.pk).update(date_joined=utc(2025, 1, 1))


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def test_the_dashboard_asks_about_the_last_three_unlogged_days(owner_client, user):
    CheckIn.objects.create(user=user, date=days_ago(1), twitching=False)
    Episode.objects.create(user=user, started_at=utc(2026, 2, 28, 4, 0))  # 27 Feb, 23:00 local

    response = owner_client.get("/")

    prompt = response.context["checkin_prompt"]
    assert prompt.unlogged_days == [days_ago(2), days_ago(4), days_ago(5)]
    assert not prompt.today_checked_in
    html = response.content.decode()
    assert "Not checked in on Saturday 28 February" in html
    assert "No twitching today" in html and "Twitching today" in html


def test_no_days_before_the_account_existed_are_asked_about(owner_client, user):
    get_user_model().objects.filter(pk=user.pk).update(date_joined=utc(2026, 3, 1, 12, 0))

    prompt = owner_client.get("/").context["checkin_prompt"]

    assert prompt.unlogged_days == [days_ago(1)]


def test_one_tap_checks_in_an_unlogged_day_as_twitch_free(owner_client, user):
    response = owner_client.post(
        "/checkins/quick/", {"day": days_ago(2).isoformat(), "twitching": "no"}, follow=True
    )

    assert "Checked in for 28 Feb 2026: no twitching." in response.content.decode()
    checkin = CheckIn.objects.get(user=user)
    assert (checkin.date, checkin.twitching) == (days_ago(2), False)
    assert days_ago(2) not in response.context["checkin_prompt"].unlogged_days


def test_one_tap_checks_in_today(owner_client, user):
    response = owner_client.post("/checkins/quick/", {"twitching": "yes"}, follow=True)

    assert "Checked in today: twitching." in response.content.decode()
    assert CheckIn.objects.get(user=user).date == TODAY
    assert response.context["checkin_prompt"].today_checked_in
    assert "No twitching today" not in response.content.decode()


def test_no_twitching_is_refused_on_a_day_with_an_episode(owner_client, user):
    Episode.objects.create(user=user, started_at=utc(2026, 3, 2, 14, 0))

    response = owner_client.post("/checkins/quick/", {"twitching": "no"}, follow=True)

    assert "cannot be saved as a day without twitching" in response.content.decode()
    assert 'href="/day/2026-03-02/"' in response.content.decode()  # the form's link, unescaped
    assert not CheckIn.objects.exists()


def test_a_queued_tap_gets_the_refusal_as_text_without_tags(owner_client, user):
    Episode.objects.create(user=user, started_at=utc(2026, 3, 2, 14, 0))

    response = owner_client.post(
        "/checkins/quick/",
        {"twitching": "no", "idempotency_key": "7b5f0c4e-0f0e-4c1a-9d43-3c2d3b1f8a10"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        "You logged 1 twitch on 02 Mar 2026, so it cannot be saved as a day without twitching. "
        "If those were logged by mistake, change them on that day’s page."
    ]


def test_a_second_check_in_for_the_same_day_is_refused(owner_client, user):
    CheckIn.objects.create(user=user, date=TODAY, twitching=True)

    response = owner_client.post("/checkins/quick/", {"twitching": "no"}, follow=True)

    assert "You already checked in for this date" in response.content.decode()
    assert CheckIn.objects.get(user=user).twitching is True


def test_a_future_day_is_refused(owner_client, user):
    response = owner_client.post(
        "/checkins/quick/", {"day": "2026-03-05", "twitching": "no"}, follow=True
    )

    assert response.status_code == 200
    assert not CheckIn.objects.exists()
    assert response.context["messages"]


def test_quick_check_in_needs_a_post_and_a_login(owner_client):
    assert owner_client.get("/checkins/quick/").status_code == 405
    response = Client().post("/checkins/quick/", {"twitching": "no"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not CheckIn.objects.exists()
