import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backup import services

from .documents import CONTRACT_FIELDS, EXPECTED


def export(client):
    response = client.get(reverse("backup:export-json"))
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_it_downloads_an_attachment_named_after_the_user_and_the_day(owner_client, diary):
    response, _ = export(owner_client)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="twitch-diary-owner-2026-03-02.json"'
    )
    assert "no-store" in response["Cache-Control"]


def test_it_writes_the_whole_diary_with_offsets_dates_and_form_field_names(owner_client, diary):
    _, document = export(owner_client)

    assert document == EXPECTED


def test_the_sections_and_their_fields_follow_the_contract(owner_client, diary):
    _, document = export(owner_client)

    assert list(document) == ["format", "exported_at", "profile", *CONTRACT_FIELDS]
    for kind, fields in CONTRACT_FIELDS.items():
        assert document[kind], kind
        for row in document[kind]:
            assert list(row) == fields, kind


def test_an_empty_diary_exports_its_profile_and_empty_lists(owner_client, user):
    _, document = export(owner_client)

    assert document["format"] == "twitch-diary/1"
    assert document["profile"]["timezone"] == "America/New_York"
    assert all(document[kind] == [] for kind in CONTRACT_FIELDS)


def test_a_strangers_data_never_appears(owner_client, stranger_client, diary, stranger_diary):
    response, document = export(owner_client)

    assert document == EXPECTED
    for secret in (b"1777", b"secret", b"Stranger pill", b"shin", b"Europe/London"):
        assert secret not in response.content
    _, theirs = export(stranger_client)
    assert theirs["profile"]["timezone"] == "Europe/London"
    assert [row["mg"] for row in theirs["caffeine"]] == [1777]
    assert [row["name"] for row in theirs["medications"]] == ["Stranger pill"]
    assert theirs["episodes"][0]["started_at"] == "2026-01-05T09:09:00+00:00"


def test_it_reads_each_table_once_however_many_rows(diary):
    with CaptureQueriesContext(connection) as queries:
        services.export_document(diary)

    # The profile, then one query per kind of entry.
    assert len(queries) == 1 + len(CONTRACT_FIELDS)
