"""Export -> delete the account -> sign up again -> import -> export gives the same data."""

import json

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

from .conftest import fill_diary, upload


def export(client) -> dict:
    document = json.loads(client.get(reverse("backup:export-json")).content)
    del document["exported_at"]
    return document


def test_a_deleted_account_comes_back_whole_from_its_backup(owner_client, diary):
    before = export(owner_client)
    saved = owner_client.get(reverse("backup:export-json")).content

    deleted = owner_client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert deleted.status_code == 302
    assert not get_user_model().objects.filter(username="owner").exists()
    signed_up = owner_client.post(
        reverse("accounts:signup"),
        {
            "username": "owner-again",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "timezone": "UTC",
        },
    )
    assert signed_up.status_code == 302
    imported = upload(owner_client, saved)

    assert imported.status_code == 302
    assert export(owner_client) == before
    assert get_user_model().objects.get(username="owner-again").profile.timezone == (
        "America/New_York"
    )


def test_the_csv_zip_round_trips_too(owner_client, diary):
    archive = owner_client.get(reverse("backup:export-csv")).content
    newcomer = Client()
    newcomer.force_login(make_user("newcomer"))

    response = upload(newcomer, archive, "twitch-diary-owner.zip")

    assert response.status_code == 302
    assert export(newcomer) == export(owner_client)


def test_a_diary_imported_into_a_busy_account_keeps_both(owner_client, diary):
    saved = owner_client.get(reverse("backup:export-json")).content
    other = make_user("other")
    fill_diary(other)  # the same entries already there ...
    client = Client()
    client.force_login(other)

    upload(client, saved)

    # ... so nothing doubles, and the settings come from the file.
    mine, theirs = export(owner_client), export(client)
    assert theirs == mine
