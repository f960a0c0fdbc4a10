"""A day is the user's local calendar day (docs/clinical-rules.md §2); times are stored in UTC."""

import datetime as dt

import pytest

from diary.models import Caffeine, Episode, Sleep
from tests.clock import utc
from tests.conftest import make_user
from tests.factories import make_entry, post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_twitch(owner_client):
    """A twitch logged at 23:30 on 1 March by the New York user (04:30 on 2 March UTC)."""
    response = owner_client.post(
        "/episodes/new/", post_data("episodes", started_at="2026-03-01T23:30")
    )
    assert response.status_code == 302
    return Episode.objects.get()


def test_a_local_time_is_stored_in_utc(late_twitch):
    assert late_twitch.started_at == utc(2026, 3, 2, 4, 30)


def test_a_late_evening_twitch_belongs_to_its_local_day(owner_client, late_twitch):
    on_the_day = owner_client.get("/day/2026-03-01/")
    next_day = owner_client.get("/day/2026-03-02/")

    assert [item.entry for item in on_the_day.context["timeline"]] == [late_twitch]
    assert "23:30" in on_the_day.content.decode()
    assert next_day.context["timeline"] == []


def test_the_history_filter_uses_local_dates(owner_client, late_twitch):
    on_the_day = owner_client.get("/episodes/", {"start": "2026-03-01", "end": "2026-03-01"})
    next_day = owner_client.get("/episodes/", {"start": "2026-03-02", "end": "2026-03-02"})
    open_start = owner_client.get("/episodes/", {"end": "2026-03-01"})
    open_end = owner_client.get("/episodes/", {"start": "2026-03-02"})

    assert [entry for entry, _ in on_the_day.context["rows"]] == [late_twitch]
    assert next_day.context["rows"] == []
    assert [entry for entry, _ in open_start.context["rows"]] == [late_twitch]
    assert open_end.context["rows"] == []


def test_the_history_shows_local_times(owner_client, late_twitch):
    response = owner_client.get("/episodes/")

    assert "01 Mar 2026 23:30" in response.content.decode()


def test_the_same_instant_is_a_different_day_for_someone_in_london(client, late_twitch):
    londoner = make_user("londoner", timezone="Europe/London")
    make_entry("episodes", londoner, started_at=late_twitch.started_at)
    client.force_login(londoner)

    assert len(client.get("/day/2026-03-02/").context["timeline"]) == 1
    assert client.get("/day/2026-03-01/").context["timeline"] == []


def test_dated_entries_are_filtered_by_their_date(owner_client, user):
    first = make_entry("sleep", user, date=dt.date(2026, 2, 27))
    second = make_entry("sleep", user, date=dt.date(2026, 2, 28))

    response = owner_client.get("/sleep/", {"start": "2026-02-28", "end": "2026-03-01"})

    assert [entry for entry, _ in response.context["rows"]] == [second]
    assert Sleep.objects.filter(pk=first.pk).exists()


def test_forms_default_the_time_to_now_in_the_users_time_zone(owner_client, frozen_clock):
    frozen_clock.move_to(utc(2026, 3, 2, 4, 30, 42))

    response = owner_client.get("/episodes/new/")

    html = response.content.decode()
    assert 'name="started_at" value="2026-03-01T23:30"' in html


@pytest.mark.parametrize(("slug", "field"), [("caffeine", "taken_at"), ("stress", "recorded_at")])
def test_every_timed_form_defaults_to_local_now(owner_client, frozen_clock, slug, field):
    frozen_clock.move_to(utc(2026, 3, 2, 4, 30))

    response = owner_client.get(f"/{slug}/new/")

    assert f'name="{field}" value="2026-03-01T23:30"' in response.content.decode()


@pytest.mark.parametrize(("slug", "field"), [("sleep", "date"), ("checkins", "date")])
def test_dated_forms_default_to_the_local_date(owner_client, frozen_clock, slug, field):
    frozen_clock.move_to(utc(2026, 3, 2, 4, 30))

    response = owner_client.get(f"/{slug}/new/")

    assert f'name="{field}" value="2026-03-01"' in response.content.decode()


def test_the_dashboard_shows_the_local_today(owner_client, user, frozen_clock):
    frozen_clock.move_to(utc(2026, 3, 2, 4, 30))
    evening = make_entry("caffeine", user, taken_at=utc(2026, 3, 2, 1, 0))  # 20:00 on 1 March
    make_entry("caffeine", user, taken_at=utc(2026, 3, 1, 4, 0))  # 23:00 on 28 February

    response = owner_client.get("/")

    assert response.context["today"] == dt.date(2026, 3, 1)
    assert [item.entry for item in response.context["timeline"]] == [evening]


def test_the_edit_form_shows_the_stored_time_in_local_time(owner_client, user):
    caffeine = make_entry("caffeine", user, taken_at=utc(2026, 3, 2, 4, 30))

    response = owner_client.get(f"/caffeine/{caffeine.pk}/edit/")

    assert 'name="taken_at" value="2026-03-01T23:30"' in response.content.decode()
    # Saving the form unchanged keeps the instant.
    owner_client.post(
        f"/caffeine/{caffeine.pk}/edit/",
        {"taken_at": "2026-03-01T23:30", "mg": caffeine.mg, "source": caffeine.source},
    )
    assert Caffeine.objects.get().taken_at == utc(2026, 3, 2, 4, 30)


def test_a_time_in_the_hour_repeated_when_clocks_go_back_is_accepted(owner_client, user):
    # New York, 2 November 2025: 01:00-02:00 happened twice; the first one is taken.
    response = owner_client.post(
        "/episodes/new/", post_data("episodes", started_at="2025-11-02T01:30")
    )

    assert response.status_code == 302
    assert Episode.objects.get().started_at == utc(2025, 11, 2, 5, 30)  # 01:30 EDT
