"""Replaying a queued POST from the phone: one row per idempotency key, the tap time honoured.

The service worker sends every one-tap log and new-entry form with a UUID key; when the
network was down it sends it again later with the time of the tap. The same key twice
saves once; a key of somebody else's is a 404; the tap time is checked.
"""

import datetime as dt
import uuid

import pytest

from diary.models import Caffeine, CheckIn, Episode, Fluid, SubmissionKey
from tests.clock import NOW

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}

# Every POST the phone's queue may replay, with a body that saves one row.
QUICK_POSTS = [
    pytest.param("/episodes/now/", {}, Episode, "started_at", id="twitch-now"),
    pytest.param("/caffeine/quick/", {"preset": "coffee"}, Caffeine, "taken_at", id="coffee"),
    pytest.param("/fluids/quick/", {"preset": "glass"}, Fluid, "taken_at", id="water"),
]
CHECKIN = {"date": "2026-03-02", "twitching": "no", "note": ""}


def keyed(data: dict, **extra) -> dict:
    return {"idempotency_key": str(uuid.uuid4()), **data, **extra}


@pytest.mark.parametrize(("url", "data", "model", "time_field"), QUICK_POSTS)
def test_the_same_key_twice_saves_one_row_and_answers_the_same(
    owner_client, user, url, data, model, time_field
):
    body = keyed(data)

    first = owner_client.post(url, body)
    second = owner_client.post(url, body)

    assert model.objects.filter(user=user).count() == 1
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert SubmissionKey.objects.get().result_url == first.url


@pytest.mark.parametrize(("url", "data", "model", "time_field"), QUICK_POSTS)
def test_a_replay_asking_for_json_gets_the_first_result(
    owner_client, user, url, data, model, time_field
):
    body = keyed(data)

    first = owner_client.post(url, body, **JSON)
    second = owner_client.post(url, body, **JSON)

    assert model.objects.filter(user=user).count() == 1
    assert first.status_code == second.status_code == 200
    assert first.json()["ok"] is True and first.json()["replayed"] is False
    assert second.json() == {"ok": True, "url": first.json()["url"], "replayed": True}


@pytest.mark.parametrize(("url", "data", "model", "time_field"), QUICK_POSTS)
def test_another_persons_key_is_refused_and_reveals_nothing(
    owner_client, stranger_client, user, url, data, model, time_field
):
    body = keyed(data)
    owner_client.post(url, body)

    response = stranger_client.post(url, body, **JSON)

    assert response.status_code == 404
    # The same page as for any missing entry: nothing about the owner or their entry.
    assert response.content == stranger_client.get("/episodes/999999/edit/").content
    assert model.objects.count() == 1
    assert model.objects.get().user == user
    assert SubmissionKey.objects.get().user == user


@pytest.mark.parametrize(("url", "data", "model", "time_field"), QUICK_POSTS)
def test_the_tap_time_is_the_entrys_time(owner_client, url, data, model, time_field):
    tapped = NOW - dt.timedelta(hours=5, minutes=58)  # 10:02 UTC, logged offline

    owner_client.post(url, keyed(data, tapped_at=tapped.isoformat()), **JSON)

    assert getattr(model.objects.get(), time_field) == tapped


@pytest.mark.parametrize(("url", "data", "model", "time_field"), QUICK_POSTS)
@pytest.mark.parametrize(
    ("tapped", "says"),
    [
        (NOW + dt.timedelta(minutes=30), "in the future"),
        (NOW - dt.timedelta(days=8), "more than 7 days ago"),
    ],
    ids=["future", "too-old"],
)
def test_a_tap_time_in_the_future_or_too_old_is_refused_with_the_reason(
    owner_client, url, data, model, time_field, tapped, says
):
    response = owner_client.post(url, keyed(data, tapped_at=tapped.isoformat()), **JSON)

    assert response.status_code == 422
    assert response.json()["ok"] is False
    assert says in response.json()["errors"][0]
    assert model.objects.count() == 0
    assert SubmissionKey.objects.count() == 0


def test_a_tap_time_within_the_clock_tolerance_is_accepted(owner_client):
    tapped = NOW + dt.timedelta(minutes=2)

    owner_client.post("/episodes/now/", keyed({}, tapped_at=tapped.isoformat()))

    assert Episode.objects.get().started_at == tapped


@pytest.mark.parametrize("tapped", ["yesterday", "2026-03-02T10:02:00"], ids=["junk", "naive"])
def test_a_tap_time_that_is_not_a_moment_is_refused(owner_client, tapped):
    response = owner_client.post("/episodes/now/", keyed({}, tapped_at=tapped), **JSON)

    assert response.status_code == 400
    assert Episode.objects.count() == 0


def test_without_javascript_a_refused_tap_shows_the_reason_on_the_page(owner_client):
    tapped = NOW + dt.timedelta(hours=1)

    response = owner_client.post(
        "/episodes/now/", keyed({}, tapped_at=tapped.isoformat()), follow=True
    )

    assert response.redirect_chain[-1][0] == "/"
    assert "in the future" in response.content.decode()
    assert Episode.objects.count() == 0


def test_a_key_that_is_not_a_uuid_is_refused(owner_client):
    response = owner_client.post("/episodes/now/", {"idempotency_key": "1; drop"}, **JSON)

    assert response.status_code == 400
    assert Episode.objects.count() == 0


def test_an_unknown_preset_is_refused_and_keeps_no_key(owner_client):
    response = owner_client.post("/caffeine/quick/", keyed({"preset": "absinthe"}), **JSON)

    assert response.status_code == 422
    assert response.json()["errors"] == ["Unknown caffeine preset."]
    assert Caffeine.objects.count() == 0
    assert SubmissionKey.objects.count() == 0


def test_an_entry_form_sent_twice_with_one_key_saves_one_check_in(owner_client, user):
    body = keyed(CHECKIN)

    first = owner_client.post("/checkins/new/", body, **JSON)
    second = owner_client.post("/checkins/new/", body, **JSON)

    assert first.json()["ok"] is True
    assert second.json() == {"ok": True, "url": first.json()["url"], "replayed": True}
    assert CheckIn.objects.filter(user=user, date=dt.date(2026, 3, 2)).count() == 1


def test_a_refused_entry_form_answers_with_the_forms_own_messages(owner_client):
    response = owner_client.post("/checkins/new/", keyed(CHECKIN, date="2026-03-09"), **JSON)

    assert response.status_code == 422
    assert response.json()["ok"] is False
    assert any("in the future" in error for error in response.json()["errors"])
    assert CheckIn.objects.count() == 0
    assert SubmissionKey.objects.count() == 0


def test_a_refused_entry_form_can_be_fixed_and_sent_again_with_its_key(owner_client):
    body = keyed(CHECKIN, date="2026-03-09")
    owner_client.post("/checkins/new/", body, **JSON)

    response = owner_client.post("/checkins/new/", {**body, "date": "2026-03-01"}, **JSON)

    assert response.json()["ok"] is True
    assert CheckIn.objects.get().date == dt.date(2026, 3, 1)


def test_without_a_key_an_entry_form_works_as_before(owner_client):
    response = owner_client.post("/checkins/new/", CHECKIN)

    assert response.status_code == 302
    assert CheckIn.objects.count() == 1
    assert SubmissionKey.objects.count() == 0
