"""The profile's reminder settings: an e-mail address and a local reminder time (empty = off)."""

import datetime as dt

import pytest

from accounts.models import Profile
from tests.factories import assert_field_error, profile_form_data

pytestmark = pytest.mark.django_db


def save(client, user, **changes):
    return client.post("/accounts/profile/", profile_form_data(user.profile, **changes))


def test_the_profile_page_has_the_email_and_reminder_time_fields(owner_client, user):
    html = owner_client.get("/accounts/profile/").content.decode()

    assert 'name="email"' in html and f'value="{user.email}"' in html
    assert 'name="reminder_time"' in html and 'type="time"' in html


def test_it_saves_a_reminder_time_and_a_new_address(owner_client, user):
    response = save(owner_client, user, email="new@example.org", reminder_time="20:30")

    assert response.status_code == 302
    profile = Profile.objects.select_related("user").get(user=user)
    assert profile.reminder_time == dt.time(20, 30)
    assert profile.reminder_channel == "email"
    assert profile.user.email == "new@example.org"


def test_an_empty_reminder_time_turns_reminders_off(owner_client, user):
    user.profile.reminder_time = dt.time(8, 0)
    user.profile.save()

    save(owner_client, user, reminder_time="")

    assert Profile.objects.get(user=user).reminder_time is None


def test_a_reminder_needs_an_email_address(owner_client, user):
    response = save(owner_client, user, email="", reminder_time="20:00")

    assert_field_error(response, "email", "Enter your e-mail address to get daily reminders")
    assert Profile.objects.get(user=user).reminder_time is None


def test_it_explains_a_time_it_cannot_read(owner_client, user):
    response = save(owner_client, user, reminder_time="8pm")

    assert_field_error(response, "reminder_time", "Enter a time as hours and minutes")
