"""Changing and resetting a password (Django's own views and forms)."""

import re

import pytest
from django.core import mail

from tests.conftest import PASSWORD
from tests.factories import assert_field_error

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-77"


def test_a_password_change_sets_the_new_password_and_stays_logged_in(owner_client, user):
    page = owner_client.get("/accounts/password_change/")

    response = owner_client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert response.url == "/accounts/password_change/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert owner_client.get("/").status_code == 200


def test_a_password_change_needs_the_old_password(owner_client, user):
    response = owner_client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert_field_error(response, "old_password", "Your old password was entered incorrectly.")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_password_change_needs_a_login(client):
    response = client.get("/accounts/password_change/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def reset_link() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1)


def test_a_password_reset_mails_a_link_that_sets_a_new_password(client, user):
    response = client.post("/accounts/password_reset/", {"email": user.email})

    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    assert mail.outbox[0].to == [user.email]
    link = reset_link()

    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert form_page.context["validlink"] is True
    assert done.status_code == 302
    assert done.url == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    login = client.post("/accounts/login/", {"username": "owner", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert login.url == "/"


def test_a_reset_link_works_only_once(client, user):
    client.post("/accounts/password_reset/", {"email": user.email})
    link = reset_link()
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False
    assert "This link has expired or was already used." in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, user):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    assert mail.outbox == []
