"""Importing only adds: what is already in the diary is skipped, never duplicated or changed."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from backup import services
from diary.models import Caffeine, CheckIn, Episode, Sleep
from tests.clock import utc

from .conftest import upload
from .documents import EXPECTED, as_bytes, backup


def diary_state(user) -> dict:
    document = services.export_document(user)
    del document["exported_at"]
    return document


def test_importing_the_same_file_twice_adds_nothing_the_second_time(owner_client, user):
    upload(owner_client, as_bytes(backup()))
    after_first = diary_state(user)

    response = upload(owner_client, as_bytes(backup()))

    assert response.status_code == 302
    assert diary_state(user) == after_first
    # Both identical coffees of the file are kept, once each.
    assert Caffeine.objects.filter(user=user).count() == 2
    page = owner_client.get(reverse("backup:import")).content.decode()
    assert (
        "Imported 0 entries. 12 entries were already in your diary and were left as they were."
        in page
    )


def test_importing_a_backup_into_the_diary_it_came_from_changes_nothing(owner_client, diary):
    before = diary_state(diary)
    exported = owner_client.get(reverse("backup:export-json")).content

    upload(owner_client, exported)

    assert diary_state(diary) == before


def test_an_existing_night_of_sleep_and_check_in_are_kept_as_they_are(owner_client, user):
    Sleep.objects.create(user=user, date=dt.date(2026, 1, 5), hours=Decimal("5.00"), quality=1)
    CheckIn.objects.create(user=user, date=dt.date(2026, 1, 6), twitching=False, note="mine")

    upload(owner_client, as_bytes(backup()))

    sleep = Sleep.objects.get(user=user)
    assert (sleep.hours, sleep.quality) == (Decimal("5.00"), 1)
    checkin = CheckIn.objects.get(user=user)
    assert (checkin.twitching, checkin.note) == (False, "mine")
    page = owner_client.get(reverse("backup:import")).content.decode()
    assert "Imported 10 entries. 2 entries were already in your diary" in page


def test_an_entry_edited_since_the_backup_is_not_duplicated_or_reverted(owner_client, diary):
    old_backup = owner_client.get(reverse("backup:export-json")).content
    episode = Episode.objects.get(user=diary, started_at=utc(2025, 7, 14, 12, 30))
    episode.intensity, episode.notes = 7, "Edited later"
    episode.save()

    upload(owner_client, old_backup)

    assert Episode.objects.filter(user=diary).count() == 2
    episode.refresh_from_db()
    assert (episode.intensity, episode.notes) == (7, "Edited later")


def test_rows_new_since_the_backup_are_added_and_the_rest_skipped(owner_client, user):
    upload(owner_client, as_bytes(backup()))
    third = {"taken_at": "2026-01-05T08:00:00-05:00", "mg": 95, "source": "coffee"}

    upload(owner_client, as_bytes(backup(caffeine=[*EXPECTED["caffeine"], third])))

    assert Caffeine.objects.filter(user=user).count() == 3


def test_a_strangers_identical_rows_do_not_count_as_already_there(
    owner_client, user, stranger_diary
):
    document = backup(
        caffeine=[{"taken_at": "2026-01-05T09:09:00+00:00", "mg": 1777, "source": "tea"}],
        sleep=[{"date": "2026-01-05", "hours": "3.00", "quality": 1}],
    )

    upload(owner_client, as_bytes(document))

    assert Caffeine.objects.filter(user=user, mg=1777).count() == 1
    assert Sleep.objects.filter(user=user, date=dt.date(2026, 1, 5)).count() == 1
    assert Caffeine.objects.filter(user=stranger_diary).count() == 1
