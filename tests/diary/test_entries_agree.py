"""Entries that agree: "no twitching" and a logged twitch on the same day.

The user lives in New York; NOW is 10:00 local on 2 March 2026 (see factories.py).
"""

import datetime as dt

import pytest

from diary.models import CheckIn, Episode
from tests.factories import NOW, TODAY, assert_field_error, make_entry, post_data

pytestmark = pytest.mark.django_db

YESTERDAY = TODAY - dt.timedelta(days=1)


# --- A "no twitching" check-in on a day with twitches ------------------------------


def test_a_no_twitching_check_in_is_refused_on_a_day_with_episodes(owner_client, user):
    make_entry("episodes", user, started_at=NOW - dt.timedelta(hours=1))
    make_entry("episodes", user, started_at=NOW - dt.timedelta(hours=2))

    response = owner_client.post(
        "/checkins/new/", post_data("checkins", date=TODAY.isoformat(), twitching="no")
    )

    assert_field_error(response, "twitching", "You logged 2 twitches on 02 Mar 2026, so")
    html = response.content.decode()
    assert 'href="/day/2026-03-02/"' in html
    assert not CheckIn.objects.exists()


def test_the_day_is_the_users_own_local_day(owner_client, user):
    # 23:30 on 1 March in New York is already 2 March in UTC.
    make_entry("episodes", user, started_at=dt.datetime(2026, 3, 2, 4, 30, tzinfo=dt.UTC))

    on_the_day = owner_client.post(
        "/checkins/new/", post_data("checkins", date=YESTERDAY.isoformat(), twitching="no")
    )
    next_day = owner_client.post(
        "/checkins/new/", post_data("checkins", date=TODAY.isoformat(), twitching="no")
    )

    assert_field_error(on_the_day, "twitching", "You logged 1 twitch on 01 Mar 2026, so")
    assert next_day.status_code == 302
    assert list(CheckIn.objects.values_list("date", "twitching")) == [(TODAY, False)]


def test_a_twitching_check_in_is_saved_on_a_day_with_episodes(owner_client, user):
    make_entry("episodes", user, started_at=NOW - dt.timedelta(hours=1))

    response = owner_client.post(
        "/checkins/new/", post_data("checkins", date=TODAY.isoformat(), twitching="yes")
    )

    assert response.status_code == 302
    assert CheckIn.objects.get().twitching is True


def test_changing_a_check_in_to_no_is_refused_on_a_day_with_episodes(owner_client, user):
    make_entry("episodes", user, started_at=NOW - dt.timedelta(hours=1))
    checkin = make_entry("checkins", user, date=TODAY, twitching=True)

    response = owner_client.post(
        f"/checkins/{checkin.pk}/edit/",
        post_data("checkins", date=TODAY.isoformat(), twitching="no"),
    )

    assert_field_error(response, "twitching", "You logged 1 twitch on 02 Mar 2026, so")
    checkin.refresh_from_db()
    assert checkin.twitching is True


def test_another_users_episodes_do_not_count(owner_client, user, stranger):
    make_entry("episodes", stranger, started_at=NOW - dt.timedelta(hours=1))

    response = owner_client.post(
        "/checkins/new/", post_data("checkins", date=TODAY.isoformat(), twitching="no")
    )

    assert response.status_code == 302
    assert CheckIn.objects.get(user=user).twitching is False


# --- A twitch logged on a "no twitching" day -------------------------------------------


def test_a_twitch_on_a_no_twitching_day_is_refused_with_an_offer(owner_client, user):
    checkin = make_entry("checkins", user, date=TODAY, twitching=False)

    response = owner_client.post("/episodes/new/", post_data("episodes"))

    assert_field_error(response, "started_at", "you checked in with “no twitching”")
    html = response.content.decode()
    assert f'href="/checkins/{checkin.pk}/edit/"' in html
    assert 'type="checkbox" name="change_checkin"' in html
    assert not Episode.objects.exists()
    checkin.refresh_from_db()
    assert checkin.twitching is False


def test_ticking_the_offer_saves_the_twitch_and_changes_the_check_in(owner_client, user):
    checkin = make_entry("checkins", user, date=TODAY, twitching=False)

    response = owner_client.post("/episodes/new/", post_data("episodes", change_checkin="on"))

    assert response.status_code == 302
    assert Episode.objects.filter(user=user).count() == 1
    checkin.refresh_from_db()
    assert checkin.twitching is True


def test_the_offer_is_hidden_when_there_is_nothing_to_change(owner_client):
    html = owner_client.get("/episodes/new/").content.decode()

    assert 'type="hidden" name="change_checkin"' in html
    assert 'type="checkbox" name="change_checkin"' not in html


def test_a_twitch_on_another_day_leaves_the_check_in_alone(owner_client, user):
    checkin = make_entry("checkins", user, date=YESTERDAY, twitching=False)

    response = owner_client.post("/episodes/new/", post_data("episodes", change_checkin="on"))

    assert response.status_code == 302
    checkin.refresh_from_db()
    assert checkin.twitching is False


def test_twitch_now_turns_todays_no_into_yes_and_says_so(owner_client, user):
    checkin = make_entry("checkins", user, date=TODAY, twitching=False)

    response = owner_client.post("/episodes/now/", follow=True)

    assert Episode.objects.filter(user=user).count() == 1
    checkin.refresh_from_db()
    assert checkin.twitching is True
    assert "check-in now says you had twitching." in response.content.decode()


def test_twitch_now_without_a_check_in_says_nothing_about_one(owner_client, user):
    response = owner_client.post("/episodes/now/", follow=True)

    assert not CheckIn.objects.exists()
    assert "check-in now says" not in response.content.decode()
