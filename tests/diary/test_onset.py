"""The recalled onset (clinical rules §3, "Onset before the diary") through HTTP: asked with
a twitch that starts a run, stored per run, changeable, and named by the dashboard clock."""

import datetime as dt

import pytest

from diary.models import Episode, Onset
from diary.onset import ASK_FIRST_ONSET, ASK_NEW_RUN_ONSET

pytestmark = pytest.mark.django_db

DEC_1 = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)  # 10:00 in New York, the user's zone
NOV_10 = dt.date(2026, 11, 10)


@pytest.fixture
def december(frozen_clock, client, user):
    """1 December 2026, signed in again (a session from March has expired by then)."""
    frozen_clock.move_to(DEC_1)
    client.force_login(user)


def twitch(client, when: str, **extra):
    data = {"started_at": when, "side": "left", "muscle": "calf", "intensity": "4"} | extra
    return client.post("/episodes/new/", data)


def test_the_newcomer_sees_the_gp_flag_on_their_first_day_with_the_recalled_onset(
    owner_client, user, december
):
    first_form = owner_client.get("/episodes/new/")
    assert ASK_FIRST_ONSET in first_form.content.decode()

    saved = twitch(owner_client, "2026-11-10T09:00", first_noticed="2026-11-10")
    assert saved.status_code == 302
    twitch(owner_client, "2026-12-01T09:30")
    page = owner_client.get("/")

    html = page.content.decode()
    clock = page.context["status"].clock
    assert clock.flagged
    assert clock.recalled
    assert "for 22 days since 10 Nov 2026 (when you first noticed it)" in html
    assert "The NHS advises seeing a GP if a twitch lasts more than 2 weeks." in html
    assert "1 day since 01 Dec" not in html
    onset = Onset.objects.get(user=user)
    assert onset.first_noticed == NOV_10
    assert onset.episode == Episode.objects.get(user=user, started_at__date=NOV_10)


def test_a_first_twitch_today_first_noticed_three_weeks_ago_is_flagged_at_once(
    owner_client, user, december
):
    twitch(owner_client, "2026-12-01T09:30", first_noticed="2026-11-10")

    clock = owner_client.get("/").context["status"].clock

    assert clock.since == NOV_10
    assert clock.days_so_far == 22
    assert clock.flagged


def test_twitch_now_opens_details_that_ask_and_store_the_onset(owner_client, user, december):
    response = owner_client.post("/episodes/now/", follow=True)
    episode = Episode.objects.get(user=user)

    assert ASK_FIRST_ONSET in response.content.decode()
    assert response.context["form"]["first_noticed"].value() == dt.date(2026, 12, 1)

    owner_client.post(
        f"/episodes/{episode.pk}/edit/",
        {
            "started_at": "2026-12-01T10:00",
            "side": "right",
            "muscle": "calf",
            "intensity": "5",
            "first_noticed": "2026-11-10",
        },
    )

    assert Onset.objects.get(user=user, episode=episode).first_noticed == NOV_10
    assert owner_client.get("/").context["status"].clock.flagged


def test_a_twitch_after_a_break_asks_whether_it_is_new_and_one_within_a_run_does_not_ask(
    owner_client, user, december
):
    twitch(owner_client, "2026-11-20T09:00")  # 11 days before today: today starts a run
    asked = owner_client.get("/episodes/new/").content.decode()
    twitch(owner_client, "2026-11-28T09:00")  # 3 days before today: today continues it
    not_asked = owner_client.get("/episodes/new/")

    assert ASK_NEW_RUN_ONSET in asked
    assert ASK_FIRST_ONSET not in asked
    assert "first_noticed" not in not_asked.context["form"].fields


def test_an_onset_sent_with_a_twitch_that_continues_a_run_is_not_stored(
    owner_client, user, december
):
    twitch(owner_client, "2026-11-28T09:00")

    response = twitch(owner_client, "2026-12-01T09:00", first_noticed="2026-10-01")

    assert response.status_code == 302
    assert Episode.objects.filter(user=user).count() == 2
    assert not Onset.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("noticed", "message"),
    [
        ("2026-12-02", "This date is in the future."),
        ("2026-11-25", "This is after the twitch you are logging (20 Nov 2026)."),
    ],
)
def test_an_onset_in_the_future_or_after_the_twitch_is_refused_and_nothing_is_saved(
    owner_client, user, december, noticed, message
):
    response = twitch(owner_client, "2026-11-20T09:00", first_noticed=noticed)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["first_noticed"])
    assert not Episode.objects.filter(user=user).exists()
    assert not Onset.objects.filter(user=user).exists()


def test_i_dont_remember_is_stored_and_the_run_starts_on_its_first_logged_date(
    owner_client, user, december
):
    twitch(owner_client, "2026-11-28T09:00", first_noticed="2026-11-28", dont_remember="on")

    onset = Onset.objects.get(user=user)
    clock = owner_client.get("/").context["status"].clock

    assert (onset.first_noticed, onset.dont_remember) == (None, True)
    assert clock.since == dt.date(2026, 11, 28)
    assert not clock.recalled


def test_the_dashboard_clock_links_to_a_form_that_changes_the_onset(owner_client, user, december):
    twitch(owner_client, "2026-12-01T09:30", first_noticed="2026-12-01")
    dashboard = owner_client.get("/").content.decode()
    assert 'href="/onset/"' in dashboard
    assert "1 day since 01 Dec 2026" in dashboard

    response = owner_client.post("/onset/", {"first_noticed": "2026-11-10"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert Onset.current(user, until=dt.date(2026, 12, 1)).first_noticed == NOV_10
    html = owner_client.get("/").content.decode()
    assert "22 days since 10 Nov 2026 (when you first noticed it)" in html


def test_the_onset_form_shows_the_answer_and_refuses_a_future_or_empty_one(
    owner_client, user, december
):
    twitch(owner_client, "2026-12-01T09:30", first_noticed="2026-11-10")

    shown = owner_client.get("/onset/")
    future = owner_client.post("/onset/", {"first_noticed": "2026-12-05"})
    empty = owner_client.post("/onset/", {})

    assert shown.context["form"]["first_noticed"].value() == NOV_10
    assert future.status_code == empty.status_code == 200
    assert future.context["form"].errors["first_noticed"] == ["This date is in the future."]
    assert "I don't remember" in empty.context["form"].errors["first_noticed"][0]
    assert Onset.objects.filter(user=user).count() == 1


def test_the_profile_links_to_the_onset_form(owner_client):
    assert 'href="/onset/"' in owner_client.get("/accounts/profile/").content.decode()


def test_the_onset_form_needs_a_login(client):
    response = client.get("/onset/")

    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_the_help_page_explains_the_recalled_onset_and_links_to_its_form(owner_client):
    html = owner_client.get("/help/").content.decode()

    assert "when you first noticed it" in html
    assert 'href="/onset/"' in html
