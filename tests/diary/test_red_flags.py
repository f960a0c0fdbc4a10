"""Red-flag symptoms: the urgency message of docs/clinical-rules.md §5, on save and on the
dashboard."""

import datetime as dt
import re

import pytest
from django.utils.html import escape

from diary.models import Episode
from tests.clock import NOW
from tests.factories import make_entry, post_data
from twitchdiary.lib import clinical
from twitchdiary.lib.clinical import LEVEL_MESSAGES, Level

pytestmark = pytest.mark.django_db


def red_flag_alerts(html: str) -> list[str]:
    """The prominent red-flag boxes that come from saving an entry."""
    return re.findall(r'<div class="alert[^"]*red-flag-message[^"]*".*?</div>', html, re.S)


def recent_flag_alerts(html: str) -> list[str]:
    """The dashboard's boxes for red flags of the last few days."""
    return re.findall(r'<div class="alert[^"]*red-flag-recent[^"]*".*?</div>', html, re.S)


def messages_shown(html: str) -> set[Level]:
    return {level for level, text in LEVEL_MESSAGES.items() if escape(text) in html}


@pytest.mark.parametrize(
    ("symptoms", "level"),
    [
        (["bladder_bowel"], Level.EMERGENCY),
        (["groin_numbness"], Level.EMERGENCY),
        (["severe_pain"], Level.EMERGENCY),
        (["sudden_one_sided_weakness"], Level.EMERGENCY),
        (["sudden_slurred_speech"], Level.EMERGENCY),
        (["weakness"], Level.URGENT),
        (["numbness"], Level.URGENT),
        (["balance"], Level.URGENT),
        (["speaking"], Level.URGENT),
        (["swallowing"], Level.URGENT),
        (["muscle_wasting"], Level.URGENT),
        (["pain"], Level.ROUTINE),
        (["swelling"], Level.ROUTINE),
        (["pain", "weakness", "bladder_bowel"], Level.EMERGENCY),
        (["tingling", "pain", "numbness"], Level.URGENT),
        (["cramp", "stiffness"], Level.ROUTINE),
    ],
)
def test_saving_an_episode_shows_the_message_of_its_highest_level(owner_client, symptoms, level):
    response = owner_client.post(
        "/episodes/new/", post_data("episodes", symptoms=symptoms), follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    assert Episode.objects.get().symptoms == symptoms
    alerts = red_flag_alerts(response.content.decode())
    assert len(alerts) == 1
    assert escape(LEVEL_MESSAGES[level]) in alerts[0]
    assert f"level-{level.code}" in alerts[0]
    # Only the highest level's message, anywhere on the page.
    assert messages_shown(response.content.decode()) == {level}


def test_the_message_shows_on_whichever_page_the_save_lands(owner_client):
    response = owner_client.post(
        "/episodes/new/",
        post_data("episodes", symptoms=["weakness"], next="/episodes/"),
        follow=True,
    )

    assert response.redirect_chain == [("/episodes/", 302)]
    alerts = red_flag_alerts(response.content.decode())
    assert len(alerts) == 1
    assert escape(LEVEL_MESSAGES[Level.URGENT]) in alerts[0]


@pytest.mark.parametrize("symptoms", [None, ["tingling"], ["cramp", "tingling"]])
def test_no_red_flag_symptom_means_no_red_flag_message(owner_client, symptoms):
    response = owner_client.post(
        "/episodes/new/", post_data("episodes", symptoms=symptoms), follow=True
    )

    html = response.content.decode()
    assert Episode.objects.count() == 1
    assert red_flag_alerts(html) == []
    assert recent_flag_alerts(html) == []
    assert messages_shown(html) == set()


def test_editing_an_episode_to_add_a_red_flag_shows_the_message(owner_client, user):
    episode = make_entry("episodes", user)

    response = owner_client.post(
        f"/episodes/{episode.pk}/edit/",
        post_data("episodes", symptoms=["sudden_one_sided_weakness"]),
        follow=True,
    )

    alerts = red_flag_alerts(response.content.decode())
    assert len(alerts) == 1
    assert escape(LEVEL_MESSAGES[Level.EMERGENCY]) in alerts[0]


def test_the_message_is_shown_once_and_not_on_the_next_page(owner_client):
    owner_client.post("/episodes/new/", post_data("episodes", symptoms=["pain"]))
    first = owner_client.get("/episodes/")
    second = owner_client.get("/episodes/")

    assert len(red_flag_alerts(first.content.decode())) == 1
    assert red_flag_alerts(second.content.decode()) == []


def test_the_dashboard_keeps_showing_a_recent_red_flag(owner_client, user, frozen_clock):
    make_entry("episodes", user, started_at=NOW, symptoms=["bladder_bowel", "pain"])
    recent = dt.timedelta(days=clinical.RED_FLAG_RECENT_DAYS)

    frozen_clock.move_to(NOW + recent - dt.timedelta(minutes=1))
    still = owner_client.get("/")
    frozen_clock.move_to(NOW + recent + dt.timedelta(minutes=1))
    after = owner_client.get("/")

    alerts = recent_flag_alerts(still.content.decode())
    assert len(alerts) == 1
    assert escape(LEVEL_MESSAGES[Level.EMERGENCY]) in alerts[0]
    assert "02 Mar 2026" in alerts[0]
    assert "loss of bladder or bowel control" in alerts[0]
    assert recent_flag_alerts(after.content.decode()) == []
    assert messages_shown(after.content.decode()) == set()


def test_the_dashboard_shows_the_most_urgent_recent_flag_first(owner_client, user):
    make_entry("episodes", user, started_at=NOW - dt.timedelta(hours=1), symptoms=["pain"])
    make_entry("episodes", user, started_at=NOW - dt.timedelta(days=2), symptoms=["balance"])
    make_entry("episodes", user, started_at=NOW - dt.timedelta(hours=2), symptoms=["tingling"])

    alerts = recent_flag_alerts(owner_client.get("/").content.decode())

    assert len(alerts) == 2
    assert escape(LEVEL_MESSAGES[Level.URGENT]) in alerts[0]
    assert escape(LEVEL_MESSAGES[Level.ROUTINE]) in alerts[1]


def test_the_wording_never_diagnoses(owner_client):
    response = owner_client.post(
        "/episodes/new/",
        post_data("episodes", symptoms=[s.code for s in clinical.SYMPTOMS]),
        follow=True,
    )

    text = response.content.decode().lower()
    for word in ("harmless", "serious", "caused by", "proves", "diagnosis is", "you have "):
        assert word not in text, word


def test_editing_an_episode_repeats_the_message_only_when_the_level_rises(owner_client, user):
    episode = make_entry("episodes", user, symptoms=["pain"])
    url = f"/episodes/{episode.pk}/edit/"

    unchanged = owner_client.post(url, post_data("episodes", symptoms=["pain"]), follow=True)
    raised = owner_client.post(url, post_data("episodes", symptoms=["numbness"]), follow=True)

    assert red_flag_alerts(unchanged.content.decode()) == []
    (alert,) = red_flag_alerts(raised.content.decode())
    assert escape(LEVEL_MESSAGES[Level.URGENT]) in alert


def test_a_red_flag_saved_from_elsewhere_still_shows_on_the_next_dashboard(owner_client):
    owner_client.post(
        "/episodes/new/", post_data("episodes", symptoms=["bladder_bowel"], next="/episodes/")
    )

    html = owner_client.get("/").content.decode()

    assert len(recent_flag_alerts(html)) == 1
