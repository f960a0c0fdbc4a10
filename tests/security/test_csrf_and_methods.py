"""A POST without a CSRF token is refused and saves nothing; wrong methods never crash."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.models import Profile
from diary.kinds import KINDS
from diary.models import Caffeine, Episode, Fluid
from tests.conftest import PASSWORD
from tests.factories import CHANGED_POST, make_row, snapshot

KIND_IDS = {"ids": lambda kind: kind.slug}


def _csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user:
        client.force_login(user)
    return client


def _row_counts():
    return {kind.model: kind.model.objects.count() for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS, **KIND_IDS)
def test_creating_an_entry_without_a_csrf_token_is_refused(kind, user):
    response = _csrf_client(user).post(kind.new_url, CHANGED_POST[kind.model])
    assert response.status_code == 403
    assert kind.model.objects.count() == 0


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("kind", KINDS, **KIND_IDS)
def test_changing_an_entry_without_a_csrf_token_is_refused(kind, action, user):
    row = make_row(kind.model, user)
    before = snapshot(row)
    url = reverse(kind.url_name(action), kwargs={"pk": row.pk})
    response = _csrf_client(user).post(url, CHANGED_POST[kind.model])
    assert response.status_code == 403
    assert snapshot(row) == before


@pytest.mark.parametrize(
    "url_name, data",
    [
        ("diary:twitch-now", {}),
        ("diary:quick-caffeine", {"preset": "coffee"}),
        ("diary:quick-fluid", {"preset": "glass"}),
        ("diary:quick-checkin", {"twitching": "no"}),
    ],
)
def test_the_one_tap_buttons_without_a_csrf_token_are_refused(url_name, data, user):
    response = _csrf_client(user).post(reverse(url_name), data)
    assert response.status_code == 403
    assert set(_row_counts().values()) == {0}


def test_the_profile_without_a_csrf_token_is_refused(user):
    before = Profile.objects.get(user=user).timezone
    response = _csrf_client(user).post(
        reverse("accounts:profile"), {"timezone": "Asia/Tokyo", "fluid_unit": "ml"}
    )
    assert response.status_code == 403
    assert Profile.objects.get(user=user).timezone == before


def test_deleting_the_account_without_a_csrf_token_is_refused(user):
    response = _csrf_client(user).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_signing_up_without_a_csrf_token_is_refused(db):
    password = "a-long-unusual-passphrase-42"
    response = _csrf_client().post(
        reverse("accounts:signup"),
        {"username": "newcomer", "password1": password, "password2": password},
    )
    assert response.status_code == 403
    assert not get_user_model().objects.exists()


def test_logging_out_without_a_csrf_token_is_refused_and_the_session_stays(user):
    client = _csrf_client(user)
    assert client.post(reverse("logout")).status_code == 403
    assert client.get(reverse("diary:dashboard")).status_code == 200


def test_the_same_posts_with_a_csrf_token_succeed(user):
    """Control: the 403s above come from the missing token, not from bad data."""
    client = _csrf_client(user)
    page = client.get(reverse("diary:caffeine-new"))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("diary:caffeine-new"), {**CHANGED_POST[Caffeine], "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Caffeine.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "head"])
@pytest.mark.parametrize("kind", KINDS, **KIND_IDS)
def test_wrong_methods_on_create_and_edit_never_crash_or_write(kind, method, user, client):
    client.force_login(user)
    row = make_row(kind.model, user)
    before = snapshot(row)
    urls = [kind.new_url] + [
        reverse(kind.url_name(action), kwargs={"pk": row.pk}) for action in ("edit", "delete")
    ]
    for url in urls:
        response = getattr(client, method)(url, CHANGED_POST[kind.model])
        assert response.status_code < 500, (method, url)
    assert snapshot(row) == before
    assert kind.model.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url_name",
    [
        "diary:twitch-now",
        "diary:quick-caffeine",
        "diary:quick-fluid",
        "diary:quick-checkin",
        "logout",
    ],
)
def test_the_post_only_urls_refuse_other_methods(url_name, method, user, client):
    client.force_login(user)
    response = getattr(client, method)(reverse(url_name))
    assert response.status_code == 405
    assert not Episode.objects.exists() and not Caffeine.objects.exists()
    assert not Fluid.objects.exists()
    assert client.get(reverse("diary:dashboard")).status_code == 200  # still signed in
