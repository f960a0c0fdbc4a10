"""Wrong passwords on password change and account deletion are throttled like the login;
password-reset e-mails are limited per address and per client address. The axes
records of a deleted account go with it."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings

from accounts.throttle import RESETS_PER_ADDRESS, RESETS_PER_CLIENT
from tests.conftest import PASSWORD, make_user
from tests.factories import NOW, assert_field_error

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "a-brand-new-passphrase-77"
PAUSED = "Too many wrong passwords"


def change_password(client, old: str):
    return client.post(
        "/accounts/password_change/",
        {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def delete_account(client, password: str):
    return client.post("/accounts/delete/", {"password": password})


ATTEMPTS = {
    "password change": (change_password, "old_password"),
    "account deletion": (delete_account, "password"),
}


@pytest.mark.parametrize("form", ATTEMPTS)
def test_wrong_passwords_up_to_the_limit_pause_the_form_even_for_the_right_password(
    owner_client, user, form
):
    attempt, field = ATTEMPTS[form]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert PAUSED not in attempt(owner_client, "wrong").content.decode()

    last_wrong = attempt(owner_client, "wrong")
    right = attempt(owner_client, PASSWORD)

    assert_field_error(last_wrong, field, PAUSED)
    assert_field_error(right, field, PAUSED)
    assert "15 minutes" in right.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)  # not changed
    assert User.objects.filter(pk=user.pk).exists()  # not deleted
    assert owner_client.get("/").status_code == 200  # still signed in
    assert AccessAttempt.objects.get(username="owner").failures_since_start == (
        settings.AXES_FAILURE_LIMIT
    )


@pytest.mark.parametrize("form", ATTEMPTS)
def test_a_paused_form_also_pauses_logging_in(owner_client, user, form):
    attempt, _ = ATTEMPTS[form]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(owner_client, "wrong")

    response = Client().post("/accounts/login/", {"username": "owner", "password": PASSWORD})

    assert response.status_code == 429


def test_the_pause_ends_after_the_cool_off(owner_client, user, frozen_clock):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        change_password(owner_client, "wrong")
    frozen_clock.move_to(NOW + dt.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1))

    response = change_password(owner_client, PASSWORD)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_fewer_wrong_passwords_than_the_limit_still_let_the_change_through(owner_client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert_field_error(
            change_password(owner_client, "wrong"),
            "old_password",
            "Your old password was entered incorrectly.",
        )

    response = change_password(owner_client, PASSWORD)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def ask_for_reset(client, email: str, address: str = "203.0.113.7"):
    response = client.post(
        "/accounts/password_reset/", {"email": email}, REMOTE_ADDR=address, follow=True
    )
    assert response.redirect_chain == [("/accounts/password_reset/done/", 302)]
    return response.content.decode()


def test_reset_mails_for_one_address_stop_at_the_limit_and_the_page_never_tells(client, user):
    pages = [ask_for_reset(client, "owner@example.com") for _ in range(RESETS_PER_ADDRESS + 2)]

    assert len(mail.outbox) == RESETS_PER_ADDRESS
    assert {mail.to[0] for mail in mail.outbox} == {"owner@example.com"}
    assert len(set(pages)) == 1  # the same page whether a mail went or not


def test_the_address_limit_counts_an_address_in_any_case(client, user):
    for email in ("owner@example.com", "OWNER@example.com", " Owner@Example.com")[
        :RESETS_PER_ADDRESS
    ]:
        ask_for_reset(client, email)

    ask_for_reset(client, "owner@EXAMPLE.COM")

    assert len(mail.outbox) == RESETS_PER_ADDRESS


def test_reset_mails_from_one_client_stop_at_the_limit(client):
    for n in range(RESETS_PER_CLIENT + 3):
        make_user(f"person{n}")
    for n in range(RESETS_PER_CLIENT + 3):
        ask_for_reset(client, f"person{n}@example.com")

    assert len(mail.outbox) == RESETS_PER_CLIENT
    ask_for_reset(client, "person0@example.com", address="198.51.100.9")  # another client
    assert len(mail.outbox) == RESETS_PER_CLIENT + 1


def test_the_reset_limits_start_again_after_an_hour(client, user, frozen_clock):
    for _ in range(RESETS_PER_ADDRESS + 1):
        ask_for_reset(client, "owner@example.com")
    frozen_clock.move_to(NOW + dt.timedelta(hours=1, minutes=1))

    ask_for_reset(client, "owner@example.com")

    assert len(mail.outbox) == RESETS_PER_ADDRESS + 1


@override_settings(AXES_ENABLE_ACCESS_FAILURE_LOG=True)  # a host may keep this log too
def test_deleting_an_account_removes_its_axes_records_and_keeps_others(user, stranger):
    for username in ("owner", "stranger"):
        Client().post("/accounts/login/", {"username": username, "password": "wrong"})
        Client().post("/accounts/login/", {"username": username, "password": PASSWORD})
        Client().post("/accounts/login/", {"username": username, "password": "wrong"})
    client = Client()
    client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
    Client(REMOTE_ADDR="198.51.100.9").post(
        "/accounts/login/", {"username": "owner", "password": "wrong"}
    )
    assert AccessLog.objects.filter(username="owner").exists()
    assert AccessFailureLog.objects.filter(username="owner").exists()
    assert AccessAttempt.objects.filter(username="owner").exists()

    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(username="owner").exists()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert not model.objects.filter(username="owner").exists(), model.__name__
        assert model.objects.filter(username="stranger").exists(), model.__name__
