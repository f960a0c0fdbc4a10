"""The e-mail's signed links: one-tap check-ins that work once, and one-click unsubscribe."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from diary.models import CheckIn, Episode
from reminders.models import Reminder
from tests.conftest import PASSWORD

from .conftest import at, pass_at, reminder_person

pytestmark = pytest.mark.django_db

SENT_AT = at(2026, 12, 1, 20, 0)  # 20:00 in London, the person's reminder time
DAY = dt.date(2026, 12, 1)


@pytest.fixture
def person(db):
    return reminder_person("reminded", "Europe/London")


@pytest.fixture
def links(person, mailoutbox):
    """The paths of the e-mail's links: no-twitching, twitching, unsubscribe."""
    pass_at(SENT_AT)
    (message,) = mailoutbox
    paths = re.findall(r"http://testserver(/reminders/\S+/)", message.body)
    assert len(paths) == 3
    return dict(zip(["no", "yes", "unsubscribe"], paths, strict=True))


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


def get_at(client, when, path, **kwargs):
    with time_machine.travel(when, tick=False):
        return client.get(path, **kwargs)


def test_a_one_tap_link_checks_in_for_the_day_reminded_about(signed_in, person, links):
    response = get_at(signed_in, SENT_AT + dt.timedelta(minutes=5), links["no"], follow=True)

    assert response.redirect_chain[-1] == ("/", 302)
    assert "Checked in for 01 Dec 2026: no twitching." in response.content.decode()
    checkin = CheckIn.objects.get(user=person)
    assert (checkin.date, checkin.twitching) == (DAY, False)
    assert Reminder.objects.get(user=person).link_used_at is not None


def test_the_twitching_link_records_twitching(signed_in, person, links):
    get_at(signed_in, SENT_AT + dt.timedelta(hours=2), links["yes"])

    assert CheckIn.objects.get(user=person).twitching is True


def test_a_link_works_once_even_with_the_other_answer(signed_in, person, links):
    get_at(signed_in, SENT_AT, links["no"])

    again = get_at(signed_in, SENT_AT, links["no"])
    other = get_at(signed_in, SENT_AT, links["yes"])

    assert (again.status_code, other.status_code) == (410, 410)
    assert "already used" in other.content.decode()
    assert CheckIn.objects.filter(user=person).count() == 1
    assert CheckIn.objects.get(user=person).twitching is False


def test_an_expired_link_is_refused(signed_in, person, links):
    response = get_at(signed_in, SENT_AT + dt.timedelta(hours=37), links["no"])

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not CheckIn.objects.filter(user=person).exists()


def test_a_tampered_link_is_refused(signed_in, person, links):
    tampered = links["no"][:-3] + ("A" if links["no"][-3] != "A" else "B") + links["no"][-2:]

    response = get_at(signed_in, SENT_AT, tampered)

    assert response.status_code == 400
    assert not CheckIn.objects.filter(user=person).exists()


def test_an_unsubscribe_token_does_not_open_a_check_in(signed_in, person, links):
    token = links["unsubscribe"].split("/")[-2]

    response = get_at(signed_in, SENT_AT, f"/reminders/checkin/{token}/")

    assert response.status_code == 400
    assert not CheckIn.objects.filter(user=person).exists()


def test_another_persons_link_is_refused_and_their_day_untouched(stranger_client, person, links):
    response = get_at(stranger_client, SENT_AT, links["no"])

    assert response.status_code == 404
    assert not CheckIn.objects.exists()
    assert Reminder.objects.get(user=person).link_used_at is None


def test_without_a_session_the_link_asks_to_log_in_then_checks_in(client, person, links):
    with time_machine.travel(SENT_AT, tick=False):
        response = client.get(links["no"])
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=/reminders/checkin/")
        assert not CheckIn.objects.exists()

        login = client.post(
            response.url, {"username": person.username, "password": PASSWORD}, follow=True
        )

    assert login.redirect_chain[-1] == ("/", 302)
    assert CheckIn.objects.get(user=person).date == DAY


def test_no_twitching_is_refused_on_a_day_with_a_twitch_and_the_link_stays_usable(
    signed_in, person, links
):
    Episode.objects.create(user=person, started_at=SENT_AT + dt.timedelta(minutes=1))

    refused = get_at(signed_in, SENT_AT + dt.timedelta(minutes=2), links["no"], follow=True)
    accepted = get_at(signed_in, SENT_AT + dt.timedelta(minutes=3), links["yes"])

    assert "cannot be saved as a day without twitching" in refused.content.decode()
    assert accepted.status_code == 302
    assert CheckIn.objects.get(user=person).twitching is True


def test_unsubscribe_shows_a_confirmation_first_and_needs_no_login(person, links):
    client = Client(enforce_csrf_checks=True)

    page = client.get(links["unsubscribe"])
    person.profile.refresh_from_db()

    assert page.status_code == 200
    assert "Stop reminders" in page.content.decode()
    assert person.profile.reminder_time == dt.time(20, 0)


def test_one_click_unsubscribe_works_without_a_cookie_or_csrf_token(person, links):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        links["unsubscribe"],
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    person.profile.refresh_from_db()
    assert response.status_code == 200
    assert person.profile.reminder_time is None


def test_a_tampered_unsubscribe_link_changes_nothing(person, links, stranger):
    stranger.profile.reminder_time = dt.time(8, 0)
    stranger.profile.save()
    forged = links["unsubscribe"].replace("/unsubscribe/", "/unsubscribe/x")

    response = Client().post(forged)

    assert response.status_code == 400
    person.profile.refresh_from_db()
    stranger.profile.refresh_from_db()
    assert (person.profile.reminder_time, stranger.profile.reminder_time) == (
        dt.time(20, 0),
        dt.time(8, 0),
    )
