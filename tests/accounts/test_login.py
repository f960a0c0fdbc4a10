"""Logging in and out, and throttling of repeated failed log-ins (django-axes)."""

import datetime as dt

import pytest
from django.conf import settings

from tests.clock import NOW
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def log_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_anonymous_visitors_are_sent_from_the_dashboard_to_log_in(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_the_login_page_has_the_contract_fields(client):
    html = client.get("/accounts/login/").content.decode()

    assert 'name="username"' in html
    assert 'name="password"' in html


def test_logging_in_opens_the_dashboard(client, user):
    response = log_in(client, "owner", PASSWORD)

    assert response.status_code == 302
    assert response.url == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logging_in_returns_to_the_page_asked_for(client, user):
    response = client.post(
        "/accounts/login/", {"username": "owner", "password": PASSWORD, "next": "/caffeine/"}
    )

    assert response.url == "/caffeine/"


def test_a_wrong_password_does_not_log_in(client, user):
    response = log_in(client, "owner", "wrong-password")

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert not is_logged_in(client)


def test_logging_out_takes_a_post(owner_client):
    response = owner_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert not is_logged_in(owner_client)
    assert owner_client.get("/").status_code == 302


def test_logging_out_refuses_get(owner_client):
    response = owner_client.get("/accounts/logout/")

    assert response.status_code == 405
    assert is_logged_in(owner_client)


def fail(client, username, times):
    for _ in range(times):
        response = log_in(client, username, "wrong-password")
        assert not is_logged_in(client)
    return response


def test_repeated_failed_logins_lock_the_account_out(client, user):
    fail(client, "owner", settings.AXES_FAILURE_LIMIT)

    response = log_in(client, "owner", PASSWORD)

    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert not is_logged_in(client)


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, user):
    fail(client, "owner", settings.AXES_FAILURE_LIMIT - 1)

    response = log_in(client, "owner", PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_lockout_of_one_username_leaves_others_alone(client, user):
    make_user("neighbour")
    fail(client, "owner", settings.AXES_FAILURE_LIMIT)

    response = log_in(client, "neighbour", PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.parametrize(("after", "status"), [(-1, 429), (+1, 302)])
def test_a_lockout_lasts_for_the_cool_off(client, user, frozen_clock, after, status):
    fail(client, "owner", settings.AXES_FAILURE_LIMIT)
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)

    frozen_clock.move_to(NOW + cool_off + dt.timedelta(minutes=after))
    response = log_in(client, "owner", PASSWORD)

    assert response.status_code == status
    assert is_logged_in(client) == (status == 302)


@pytest.mark.parametrize("username", ["a\x00b", "😖" * 100, "x" * 256, "x" * 10_000, ""])
def test_odd_usernames_never_give_a_server_error(client, username):
    response = log_in(client, username, "pw")

    assert response.status_code == 200
    assert not is_logged_in(client)
