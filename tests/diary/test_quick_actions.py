"""One-tap logging from the dashboard: "Twitch now", caffeine and water presets."""

import datetime as dt

import pytest

from diary.models import Caffeine, Episode, Fluid
from tests.clock import NOW
from tests.factories import make_entry, profile_form_data

pytestmark = pytest.mark.django_db


def message_texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_twitch_now_saves_one_episode_now_and_offers_the_details(owner_client, user, frozen_clock):
    frozen_clock.move_to(NOW + dt.timedelta(seconds=42))

    response = owner_client.post("/episodes/now/")

    episode = Episode.objects.get()
    assert episode.user == user
    assert episode.started_at == NOW  # to the minute
    assert (episode.side, episode.muscle, episode.intensity) == ("", "", None)
    assert response.status_code == 302
    # The details page, which returns to the dashboard once saved.
    assert response.url == f"/episodes/{episode.pk}/edit/?next=/"


def test_twitch_now_confirms_the_local_time_on_the_edit_page(owner_client):
    response = owner_client.post("/episodes/now/", follow=True)

    assert response.status_code == 200
    assert response.context["entry"] == Episode.objects.get()
    assert any("Twitch saved at 10:00" in text for text in message_texts(response))


def test_twitch_now_copies_the_side_and_muscle_of_the_last_episode(owner_client, user, stranger):
    make_entry("episodes", user, started_at=NOW - dt.timedelta(days=2), side="left", muscle="calf")
    make_entry(
        "episodes", user, started_at=NOW - dt.timedelta(hours=5), side="right", muscle="shin"
    )
    make_entry("episodes", stranger, started_at=NOW - dt.timedelta(hours=1), side="both")

    owner_client.post("/episodes/now/")

    newest = Episode.objects.filter(user=user).order_by("-started_at").first()
    assert newest.started_at == NOW
    assert (newest.side, newest.muscle) == ("right", "shin")


def test_details_can_be_added_to_a_twitch_now_episode(owner_client):
    response = owner_client.post("/episodes/now/")
    episode = Episode.objects.get()

    owner_client.post(
        response.url,
        {"started_at": "2026-03-02T10:00", "side": "left", "muscle": "kneecap", "intensity": "3"},
    )

    episode.refresh_from_db()
    assert (episode.side, episode.muscle, episode.intensity) == ("left", "kneecap", 3)
    assert episode.started_at == NOW


def test_twitch_now_refuses_get(owner_client):
    response = owner_client.get("/episodes/now/")

    assert response.status_code == 405
    assert not Episode.objects.exists()


def test_twitch_now_needs_a_login(client):
    response = client.post("/episodes/now/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not Episode.objects.exists()


def test_quick_coffee_uses_the_profiles_amount(owner_client, user):
    response = owner_client.post("/caffeine/quick/", {"preset": "coffee"}, follow=True)

    caffeine = Caffeine.objects.get()
    assert (caffeine.user, caffeine.mg, caffeine.source) == (user, 95, "coffee")
    assert caffeine.taken_at == NOW
    assert response.redirect_chain == [("/", 302)]
    assert "Logged coffee, 95 mg caffeine." in message_texts(response)


def test_quick_coffee_follows_a_changed_profile(owner_client, user):
    saved = owner_client.post(
        "/accounts/profile/", profile_form_data(user.profile, coffee_mg=140, cola_mg=40)
    )
    assert saved.status_code == 302

    owner_client.post("/caffeine/quick/", {"preset": "coffee"})
    owner_client.post("/caffeine/quick/", {"preset": "soda"})

    assert sorted(Caffeine.objects.values_list("source", "mg")) == [("coffee", 140), ("soda", 40)]
    dashboard = owner_client.get("/").content.decode()
    assert "140 mg" in dashboard


@pytest.mark.parametrize(("preset", "ml"), [("glass", 250), ("bottle", 500)])
def test_quick_water_logs_the_preset_amount(owner_client, user, preset, ml):
    response = owner_client.post("/fluids/quick/", {"preset": preset}, follow=True)

    fluid = Fluid.objects.get()
    assert (fluid.user, fluid.ml, fluid.drink, fluid.taken_at) == (user, ml, "water", NOW)
    assert f"Logged a {preset} of water ({ml} ml)." in message_texts(response)


@pytest.mark.parametrize(
    ("url", "preset", "model", "message"),
    [
        ("/caffeine/quick/", "whisky", Caffeine, "Unknown caffeine preset."),
        ("/caffeine/quick/", "", Caffeine, "Unknown caffeine preset."),
        ("/caffeine/quick/", "coffee_mg", Caffeine, "Unknown caffeine preset."),
        ("/fluids/quick/", "bucket", Fluid, "Unknown drink preset."),
        ("/fluids/quick/", None, Fluid, "Unknown drink preset."),
    ],
)
def test_an_unknown_preset_saves_nothing_and_says_so(owner_client, url, preset, model, message):
    data = {} if preset is None else {"preset": preset}

    response = owner_client.post(url, data, follow=True)

    assert response.status_code == 200
    assert message in message_texts(response)
    assert not model.objects.exists()


@pytest.mark.parametrize("url", ["/caffeine/quick/", "/fluids/quick/"])
def test_quick_presets_refuse_get(owner_client, url):
    assert owner_client.get(url, {"preset": "coffee"}).status_code == 405
    assert not Caffeine.objects.exists()
    assert not Fluid.objects.exists()


def test_the_dashboard_offers_the_one_tap_buttons(owner_client):
    html = owner_client.get("/").content.decode()

    assert 'action="/episodes/now/"' in html
    assert 'action="/caffeine/quick/"' in html
    assert 'name="preset" value="coffee"' in html
    assert 'name="preset" value="glass"' in html
