"""Sign-up: username, two passwords, optional e-mail, and the browser's time zone."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import assert_field_error

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "knee-twitch-diary-2026"


def signup(client, **overrides):
    data = {
        "username": "newbie",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "email": "",
        "timezone": "Europe/Paris",
        **overrides,
    }
    return client.post("/accounts/signup/", {k: v for k, v in data.items() if v is not None})


def test_the_signup_page_has_the_contract_fields(client):
    response = client.get("/accounts/signup/")

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("username", "password1", "password2", "email"):
        assert f'name="{name}"' in html
    assert 'type="hidden" name="timezone"' in html
    assert "js/timezone.js" in html


def test_signing_up_creates_the_account_logs_in_and_keeps_the_time_zone(client):
    response = signup(client, email="new@example.com")

    assert response.status_code == 302
    assert response.url == "/"
    user = User.objects.get(username="newbie")
    assert user.email == "new@example.com"
    assert user.check_password(PASSWORD)
    assert user.profile.timezone == "Europe/Paris"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/").status_code == 200


def test_the_email_is_optional(client):
    response = signup(client, email=None)

    assert response.status_code == 302
    assert User.objects.get(username="newbie").email == ""


@pytest.mark.parametrize("timezone", ["Mars/Olympus_Mons", "", "<script>", "Not a zone"])
def test_an_unknown_time_zone_falls_back_to_utc(client, timezone):
    response = signup(client, timezone=timezone)

    assert response.status_code == 302
    assert User.objects.get(username="newbie").profile.timezone == "UTC"


def test_a_null_character_in_the_time_zone_never_gives_a_server_error(client):
    response = signup(client, timezone="Europe/Paris\x00")

    assert response.status_code in (200, 302)
    for user in User.objects.all():
        assert user.profile.timezone == "UTC"


def test_a_missing_time_zone_falls_back_to_utc(client):
    response = signup(client, timezone=None)

    assert response.status_code == 302
    assert User.objects.get(username="newbie").profile.timezone == "UTC"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "something-else-2026"}, "password2", "fields didn’t match"),
        ({"password1": "12345678", "password2": "12345678"}, "password2", "too common"),
        ({"password1": "sh0rt", "password2": "sh0rt"}, "password2", "too short"),
        ({"username": ""}, "username", "This field is required."),
        ({"username": "no spaces!"}, "username", "Enter a valid username."),
        ({"username": "a\x00b"}, "username", "Null characters are not allowed."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
    ],
)
def test_bad_signups_create_nothing(client, overrides, field, message):
    response = signup(client, **overrides)

    assert_field_error(response, field, message)
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_taken_username_is_refused(client, user):
    response = signup(client, username=user.username)

    assert_field_error(response, "username", "already exists")
    assert User.objects.count() == 1


def test_a_signed_in_user_is_sent_to_the_dashboard(owner_client):
    response = owner_client.get("/accounts/signup/")

    assert response.status_code == 302
    assert response.url == "/"
