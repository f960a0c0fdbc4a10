import datetime as dt
import io
import zipfile
from decimal import Decimal

from django.urls import reverse

from diary.models import (
    Alcohol,
    Caffeine,
    CheckIn,
    Episode,
    Exercise,
    Fluid,
    Medication,
    Sleep,
    Stress,
)
from tests.clock import utc

from .conftest import problems, upload
from .documents import EXPECTED, as_bytes, backup

ALL_MODELS = (Episode, Caffeine, Fluid, Sleep, Stress, Exercise, Alcohol, Medication, CheckIn)


def zip_of(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_it_shows_an_upload_form(owner_client):
    response = owner_client.get(reverse("backup:import"))

    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b'name="file"' in response.content
    assert reverse("backup:export-json").encode() in response.content


def test_it_imports_every_kind_from_a_json_backup(owner_client, user):
    response = upload(owner_client, as_bytes(backup()))

    assert response.status_code == 302
    assert response["Location"] == reverse("backup:import")
    page = owner_client.get(response["Location"])
    assert "Imported 12 entries." in page.content.decode()
    assert {m: m.objects.filter(user=user).count() for m in ALL_MODELS} == {
        Episode: 2,
        Caffeine: 2,
        Fluid: 1,
        Sleep: 1,
        Stress: 1,
        Exercise: 1,
        Alcohol: 1,
        Medication: 2,
        CheckIn: 1,
    }
    first = Episode.objects.get(user=user, started_at=utc(2025, 7, 14, 12, 30))
    assert (first.side, first.muscle, first.intensity, first.duration_seconds) == (
        "left",
        "calf",
        4,
        45,
    )
    assert first.symptoms == ["tingling", "cramp"]
    assert first.notes == 'After a long walk, with a comma, and "quotes"'
    # The "Twitch now" entry comes back without details, to the microsecond.
    later = Episode.objects.get(user=user, started_at__year=2026)
    assert later.started_at == dt.datetime(2026, 1, 5, 3, 4, 5, 123456, dt.UTC)
    assert (later.side, later.muscle, later.intensity, later.symptoms) == ("", "", None, [])
    assert Sleep.objects.get(user=user).hours == Decimal("7.25")
    assert Alcohol.objects.get(user=user).units == Decimal("2.5")
    assert Stress.objects.get(user=user).note == "=1+2"
    assert CheckIn.objects.get(user=user).twitching is True
    salbutamol = Medication.objects.get(user=user, name="Salbutamol")
    assert (salbutamol.stopped_on, salbutamol.suspected) == (None, True)


def test_it_updates_the_profile_from_the_file(owner_client, user):
    upload(owner_client, as_bytes(backup()))

    profile = user.profile
    profile.refresh_from_db()
    assert profile.display_name == "O. W."
    assert profile.fluid_unit == "floz"
    assert profile.date_of_birth == dt.date(1984, 5, 6)
    assert profile.coffee_mg == 110
    assert profile.visit_questions == "Is magnesium worth trying?\nShould I see a physio?"


def test_a_file_with_a_few_kinds_and_part_of_a_profile_changes_only_those(owner_client, user):
    document = {
        "format": "twitch-diary/1",
        "profile": {"display_name": "Sam"},
        "sleep": [{"date": "2026-02-01", "hours": 6.5, "quality": "2"}],
        "alcohol": [{"taken_at": "2026-02-01T20:00:00+00:00", "units": 3}],
    }

    response = upload(owner_client, as_bytes(document))

    assert response.status_code == 302
    profile = user.profile
    profile.refresh_from_db()
    assert (profile.display_name, profile.timezone, profile.coffee_mg) == (
        "Sam",
        "America/New_York",
        95,
    )
    # Decimals may be numbers as well as strings.
    assert Sleep.objects.get(user=user).hours == Decimal("6.50")
    assert Alcohol.objects.get(user=user).units == Decimal("3.0")
    assert Episode.objects.filter(user=user).count() == 0


def test_entries_years_old_are_imported(owner_client, user):
    document = backup(
        caffeine=[{"taken_at": "2019-06-01T07:30:00+01:00", "mg": 63, "source": "espresso"}]
    )

    upload(owner_client, as_bytes(document))

    assert Caffeine.objects.get(user=user).taken_at == utc(2019, 6, 1, 6, 30)


def test_it_imports_a_zip_of_edited_csv_files(owner_client, user):
    archive = zip_of(
        {
            # A spreadsheet may save with a BOM, leave blank rows, and drop the offsets.
            "caffeine.csv": "\ufefftaken_at,mg,source\r\n2026-01-05 08:00,95,coffee\r\n,,\r\n",
            "episodes.csv": (
                "started_at,side,muscle,intensity,symptoms,notes\n"
                "2026-01-05T09:00:00+00:00,right,shin,3,pain; cramp,'=A1\n"
            ),
            "checkins.csv": "date,twitching,note\n2026-01-05,no,\n",
            "profile.csv": "timezone,display_name\nEurope/London,From a spreadsheet\n",
        }
    )

    response = upload(owner_client, archive, "my-diary.zip")

    assert response.status_code == 302, problems(response)
    # A time without an offset is in the file's time zone (London, UTC+0 in January).
    assert Caffeine.objects.get(user=user).taken_at == utc(2026, 1, 5, 8, 0)
    episode = Episode.objects.get(user=user)
    assert (episode.side, episode.symptoms, episode.notes) == ("right", ["pain", "cramp"], "=A1")
    assert CheckIn.objects.get(user=user).twitching is False
    user.profile.refresh_from_db()
    assert user.profile.timezone == "Europe/London"


def test_the_success_message_counts_what_was_added(owner_client, user):
    upload(owner_client, as_bytes(backup()))

    response = owner_client.get(reverse("backup:import"))

    assert "Your profile settings were updated from the file." in response.content.decode()
    assert len(EXPECTED["episodes"]) == 2
