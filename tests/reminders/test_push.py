"""Web Push reminders: sent to each subscribed device, gone devices forgotten, e-mail as fallback.

pywebpush.webpush is replaced by a recorder: no push service is ever contacted.
"""

import datetime as dt
import json
from types import SimpleNamespace

import pytest
import pywebpush

from accounts.models import Profile
from reminders.models import PushSubscription, Reminder
from tests.conftest import make_user

from .conftest import at, pass_at

pytestmark = pytest.mark.django_db

EIGHT_PM = at(2026, 12, 1, 20, 0)
PUBLIC_KEY = "BExamplePublicKey_-"
PRIVATE_KEY = "ExamplePrivateKey_-"


@pytest.fixture
def vapid(settings):
    settings.VAPID_PUBLIC_KEY = PUBLIC_KEY
    settings.VAPID_PRIVATE_KEY = PRIVATE_KEY
    settings.VAPID_SUBJECT = "mailto:admin@diary.example.org"
    return settings


@pytest.fixture
def push_service(monkeypatch):
    """Records every push; `answers[endpoint]` is an HTTP status to fail with."""
    service = SimpleNamespace(sent=[], answers={})

    def webpush(**kwargs):
        service.sent.append(kwargs)
        status = service.answers.get(kwargs["subscription_info"]["endpoint"])
        if status:
            raise pywebpush.WebPushException(
                f"Push failed: {status}", response=SimpleNamespace(status_code=status)
            )
        return SimpleNamespace(status_code=201)

    monkeypatch.setattr(pywebpush, "webpush", webpush)
    return service


def push_person(username="pusher", *, email=True, devices=1):
    person = make_user(
        username, reminder_time=dt.time(20, 0), reminder_channel=Profile.ReminderChannel.PUSH
    )
    if not email:
        person.email = ""
        person.save(update_fields=["email"])
    for n in range(devices):
        PushSubscription.objects.create(
            user=person,
            endpoint=f"https://push.example.net/{username}/{n}",
            p256dh=f"BKey{n}",
            auth=f"auth{n}",
        )
    return person


def the_reminder(person) -> Reminder:
    return Reminder.objects.get(user=person)


# --- Delivery ---------------------------------------------------------------------------


def test_a_push_person_gets_a_push_with_no_diary_data_and_no_email(vapid, push_service, mailoutbox):
    person = push_person()

    pass_at(EIGHT_PM)

    [push] = push_service.sent
    assert push["subscription_info"] == {
        "endpoint": "https://push.example.net/pusher/0",
        "keys": {"p256dh": "BKey0", "auth": "auth0"},
    }
    assert json.loads(push["data"]) == {
        "title": "Twitch Diary",
        "body": "You have not checked in today.",
        "url": "/",
    }
    assert push["vapid_private_key"] == PRIVATE_KEY
    assert push["vapid_claims"] == {"sub": "mailto:admin@diary.example.org"}
    assert push["ttl"] > 0
    reminder = the_reminder(person)
    assert (reminder.state, reminder.channel) == ("sent", "push")
    assert mailoutbox == []


def test_every_device_of_the_person_gets_the_push(vapid, push_service, mailoutbox):
    push_person(devices=2)

    pass_at(EIGHT_PM)

    endpoints = {push["subscription_info"]["endpoint"] for push in push_service.sent}
    assert endpoints == {"https://push.example.net/pusher/0", "https://push.example.net/pusher/1"}
    assert mailoutbox == []


def test_a_second_pass_the_same_day_does_not_push_again(vapid, push_service):
    push_person()

    pass_at(EIGHT_PM)
    pass_at(EIGHT_PM + dt.timedelta(minutes=5))

    assert len(push_service.sent) == 1


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_deleted_and_the_email_goes_instead(
    vapid, push_service, mailoutbox, status
):
    person = push_person()
    push_service.answers["https://push.example.net/pusher/0"] = status

    pass_at(EIGHT_PM)

    assert not PushSubscription.objects.filter(user=person).exists()
    reminder = the_reminder(person)
    assert (reminder.state, reminder.channel) == ("sent", "email")
    assert [message.to for message in mailoutbox] == [[person.email]]


def test_one_gone_device_does_not_stop_the_push_to_the_others(vapid, push_service, mailoutbox):
    person = push_person(devices=2)
    push_service.answers["https://push.example.net/pusher/0"] = 410

    pass_at(EIGHT_PM)

    left = PushSubscription.objects.filter(user=person).values_list("endpoint", flat=True)
    assert list(left) == ["https://push.example.net/pusher/1"]
    assert the_reminder(person).channel == "push"
    assert mailoutbox == []


def test_a_gone_subscription_and_no_address_is_skipped(vapid, push_service, mailoutbox):
    person = push_person(email=False)
    push_service.answers["https://push.example.net/pusher/0"] = 410

    pass_at(EIGHT_PM)

    assert the_reminder(person).state == "skipped"
    assert not PushSubscription.objects.exists()
    assert mailoutbox == []


def test_a_push_service_error_is_retried_and_the_subscription_kept(vapid, push_service, mailoutbox):
    person = push_person()
    push_service.answers["https://push.example.net/pusher/0"] = 500

    pass_at(EIGHT_PM)

    reminder = the_reminder(person)
    assert (reminder.state, reminder.attempts) == ("pending", 1)
    assert "WebPushException" in reminder.last_error
    assert reminder.retry_at == EIGHT_PM + dt.timedelta(minutes=1)
    assert PushSubscription.objects.filter(user=person).count() == 1
    assert mailoutbox == []

    del push_service.answers["https://push.example.net/pusher/0"]  # the service is back
    pass_at(EIGHT_PM + dt.timedelta(minutes=1))

    assert the_reminder(person).state == "sent"
    assert len(push_service.sent) == 2


def test_push_chosen_with_no_subscription_falls_back_to_email(vapid, push_service, mailoutbox):
    person = push_person(devices=0)

    pass_at(EIGHT_PM)

    assert push_service.sent == []
    reminder = the_reminder(person)
    assert (reminder.state, reminder.channel) == ("sent", "email")
    assert len(mailoutbox) == 1


def test_without_vapid_keys_push_is_never_used(settings, push_service, mailoutbox):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    person = push_person()

    pass_at(EIGHT_PM)

    assert push_service.sent == []
    assert the_reminder(person).channel == "email"
    assert len(mailoutbox) == 1


def test_a_push_person_without_an_address_is_still_reminded(vapid, push_service, mailoutbox):
    person = push_person(email=False)

    pass_at(EIGHT_PM)

    assert the_reminder(person).state == "sent"
    assert len(push_service.sent) == 1
    assert mailoutbox == []


# --- The profile's channel choice --------------------------------------------------------


def profile_post(user, **changes):
    from tests.factories import profile_form_data

    return profile_form_data(user.profile, **changes)


def test_without_vapid_keys_the_profile_offers_no_channel(settings, owner_client, user):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""

    html = owner_client.get("/accounts/profile/").content.decode()
    response = owner_client.post(
        "/accounts/profile/", profile_post(user, reminder_time="20:00", reminder_channel="push")
    )

    assert 'name="reminder_channel"' not in html
    assert "push.js" not in html
    assert response.status_code == 302
    assert Profile.objects.get(user=user).reminder_channel == "email"


def test_with_vapid_keys_the_profile_offers_push_on_this_device(vapid, owner_client, user):
    html = owner_client.get("/accounts/profile/").content.decode()

    assert 'name="reminder_channel"' in html
    assert "Web push notification on this device" in html
    assert "js/push.js" in html
    assert f'data-vapid-key="{PUBLIC_KEY}"' in html


def test_push_can_be_chosen_without_an_email_address(vapid, owner_client, user):
    response = owner_client.post(
        "/accounts/profile/",
        profile_post(user, email="", reminder_time="20:00", reminder_channel="push"),
    )

    assert response.status_code == 302
    profile = Profile.objects.select_related("user").get(user=user)
    assert (profile.reminder_channel, profile.user.email) == ("push", "")


def test_email_reminders_still_need_an_address(vapid, owner_client, user):
    response = owner_client.post(
        "/accounts/profile/",
        profile_post(user, email="", reminder_time="20:00", reminder_channel="email"),
    )

    assert response.status_code == 200
    assert Profile.objects.get(user=user).user.email == user.email


def test_a_post_without_the_channel_keeps_it_as_a_backup_import_does(vapid, user):
    from accounts.forms import ProfileForm
    from tests.factories import profile_form_data

    user.profile.reminder_channel = "push"
    user.profile.save()

    form = ProfileForm(data=profile_form_data(user.profile, email=""), instance=user.profile)

    assert form.is_valid(), form.errors
    form.save()
    assert Profile.objects.get(user=user).reminder_channel == "push"
