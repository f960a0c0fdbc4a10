"""Log out everywhere: one button ends every session of the account, on every device."""

import pytest
from django.test import Client

from accounts.models import Profile
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    return client


def test_it_logs_out_every_device_of_the_account(user):
    phone, laptop = signed_in(user), signed_in(user)

    response = phone.post("/accounts/logout-everywhere/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    for device in (phone, laptop):
        assert device.get("/").url.startswith("/accounts/login/")
    assert Profile.objects.get(user=user).session_epoch == 1


def test_logging_in_again_afterwards_works(user):
    laptop = signed_in(user)
    signed_in(user).post("/accounts/logout-everywhere/")

    assert laptop.get("/").status_code == 302
    assert signed_in(user).get("/accounts/profile/").status_code == 200


def test_another_users_sessions_are_untouched(user, stranger):
    theirs = signed_in(stranger)

    signed_in(user).post("/accounts/logout-everywhere/")

    assert theirs.get("/").status_code == 200


def test_it_only_answers_post(owner_client):
    assert owner_client.get("/accounts/logout-everywhere/").status_code == 405
    assert owner_client.get("/").status_code == 200


def test_saving_the_profile_keeps_the_session_epoch_and_data_version(user):
    laptop = signed_in(user)
    signed_in(user).post("/accounts/logout-everywhere/")
    Profile.objects.filter(user=user).update(data_version=7)
    client = signed_in(user)

    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "O. W.",
            "timezone": "Europe/London",
            "fluid_unit": "ml",
            "coffee_mg": 95,
            "espresso_mg": 63,
            "tea_mg": 47,
            "energy_drink_mg": 80,
            "cola_mg": 34,
            "glass_ml": 250,
            "bottle_ml": 500,
        },
    )

    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    # The epoch is kept; the diary version moves on from 7 (never back to a stale value).
    assert (profile.display_name, profile.session_epoch, profile.data_version) == ("O. W.", 1, 8)
    assert laptop.get("/").status_code == 302  # still logged out
