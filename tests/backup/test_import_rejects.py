"""A bad file is rejected as a whole, with a message naming the kind, row and field."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Profile
from backup import services
from diary.forms import CaffeineForm
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

from .conftest import problems, upload
from .documents import EXPECTED, as_bytes, backup

ALL_MODELS = (Episode, Caffeine, Fluid, Sleep, Stress, Exercise, Alcohol, Medication, CheckIn)


def assert_nothing_written(user):
    assert [m.objects.filter(user=user).count() for m in ALL_MODELS] == [0] * len(ALL_MODELS)
    profile = Profile.objects.get(user=user)
    assert (profile.timezone, profile.display_name, profile.fluid_unit) == (
        "America/New_York",
        "",
        "ml",
    )


def with_bad_row(kind, **changes) -> dict:
    """A valid backup whose `kind` section has a second row: the first one, changed."""
    first = EXPECTED[kind][0]
    # Sleep and check-ins are one per date: the second row is for another day.
    other_day = {"date": "2026-01-07"} if "date" in first else {}
    return backup(**{kind: [first, first | other_day | changes]})


BAD_ROWS = [
    ("episodes", "intensity", 11, "Intensity is a number from 1 to 10."),
    ("episodes", "side", "up", "Select a valid choice. up is not one of the available choices."),
    (
        "episodes",
        "symptoms",
        ["hiccups"],
        "Select a valid choice. hiccups is not one of the available choices.",
    ),
    (
        "episodes",
        "duration_seconds",
        86401,
        "Enter a duration from 1 second to 24 hours (86,400 seconds).",
    ),
    ("episodes", "started_at", "yesterday", "Enter a valid date/time."),
    ("episodes", "symptoms", {"pain": True}, "Enter a list of codes."),
    (
        "caffeine",
        "mg",
        2001,
        "Enter an amount from 1 to 2,000 mg. For several drinks, log each one.",
    ),
    (
        "caffeine",
        "mg",
        "a lot",
        "Enter a whole number. Use digits only, such as 95, without other words.",
    ),
    ("caffeine", "source", "", "This field is required."),
    ("fluids", "ml", 0, "Enter an amount from 1 to 5,000 ml (5 litres). For more, log each drink."),
    ("fluids", "ml", None, "This field is required."),
    ("sleep", "hours", "25", "A night's sleep is at most 24 hours."),
    (
        "sleep",
        "hours",
        "NaN",
        "Enter a number. Use digits only, such as 2 or 1.5 (a dot or a comma for decimals), "
        "without other words. Hours can be written as 7.5 or 7:30.",
    ),
    ("sleep", "quality", 0, "Quality is a number from 1 to 5."),
    ("stress", "level", 6, "Stress level is a number from 1 to 5."),
    ("stress", "note", "x" * 501, "Ensure this value has at most 500 characters (it has 501)."),
    ("exercise", "minutes", 0, "Enter from 1 to 1,440 minutes (a whole day)."),
    (
        "exercise",
        "intensity",
        "extreme",
        "Select a valid choice. extreme is not one of the available choices.",
    ),
    ("alcohol", "units", "0", "Enter from 0.1 to 50 units. For more, log each drink."),
    ("alcohol", "units", "1.25", "Ensure that there are no more than 1 decimal place."),
    ("medications", "stopped_on", "2025-11-30", "The stop date is before the start date."),
    (
        "medications",
        "category",
        "opioid",
        "Select a valid choice. opioid is not one of the available choices.",
    ),
    ("medications", "name", ["a", "list"], "Enter a single value, not a list or an object."),
    ("medications", "suspected", "maybe", "Enter true or false."),
    ("checkins", "twitching", "maybe", "Enter true or false."),
    ("checkins", "twitching", None, "This field is required."),
    ("checkins", "date", "2026-02-30", "Enter a valid date."),
    ("caffeine", "cups", 2, "This is not a field of this kind of entry."),
    ("episodes", "notes", "a\x00b", "Null characters are not allowed."),
    ("caffeine", "taken_at", "0001-01-01T00:00:00+05:00", "Enter a date between 1900 and 2100."),
    ("sleep", "date", "2101-01-01", "Enter a date between 1900 and 2100."),
    ("medications", "stopped_on", "9999-12-31", "Enter a date between 1900 and 2100."),
]


@pytest.mark.parametrize(("kind", "name", "value", "message"), BAD_ROWS)
def test_a_bad_row_is_named_and_nothing_is_imported(owner_client, user, kind, name, value, message):
    response = upload(owner_client, as_bytes(with_bad_row(kind, **{name: value})))

    assert response.status_code == 200
    assert problems(response) == [
        "Nothing was imported. Please correct this and try again:",
        f"{kind} row 2, {name}: {message}",
    ]
    assert_nothing_written(user)


def test_the_same_date_twice_for_sleep_is_rejected(owner_client, user):
    document = backup(sleep=[EXPECTED["sleep"][0], EXPECTED["sleep"][0] | {"hours": "8.00"}])

    response = upload(owner_client, as_bytes(document))

    assert problems(response)[1] == "sleep row 2, date: Row 1 of the file has the same date."
    assert_nothing_written(user)


def test_the_same_date_twice_for_a_check_in_is_rejected_even_if_the_diary_has_it(
    owner_client, user
):
    day = EXPECTED["checkins"][0]
    CheckIn.objects.create(user=user, date="2026-01-06", twitching=False)
    document = backup(checkins=[day, day | {"note": "again"}])

    response = upload(owner_client, as_bytes(document))

    assert problems(response)[1:] == ["checkins row 2, date: Row 1 of the file has the same date."]
    assert CheckIn.objects.filter(user=user).count() == 1


def test_a_rule_added_to_an_entry_form_is_applied_to_imported_rows(owner_client, user, monkeypatch):
    """The import runs each row through its form's clean(), so a new rule needs no copy."""
    clean = CaffeineForm.clean

    def no_tea_after_noon(form):
        cleaned = clean(form)
        taken_at = cleaned.get("taken_at")
        if cleaned.get("source") == "tea" and taken_at and taken_at.hour >= 12:
            raise ValidationError("No tea after noon.", code="tea")
        return cleaned

    monkeypatch.setattr(CaffeineForm, "clean", no_tea_after_noon)
    first = EXPECTED["caffeine"][0]
    tea = first | {"source": "tea", "taken_at": "2026-01-05T13:00:00-05:00"}

    response = upload(owner_client, as_bytes(backup(caffeine=[first, tea])))

    assert response.status_code == 200
    assert problems(response)[1:] == ["caffeine row 2: No tea after noon."]
    assert_nothing_written(user)


def test_a_bad_profile_setting_is_named_and_nothing_is_imported(owner_client, user):
    document = backup(profile=EXPECTED["profile"] | {"timezone": "Mars/Olympus", "coffee_mg": 5000})

    response = upload(owner_client, as_bytes(document))

    assert problems(response)[1:] == [
        "profile, timezone: Select a valid choice. Mars/Olympus is not one of the available "
        "choices.",
        "profile, coffee_mg: Enter at most 1,000 mg.",
    ]
    assert_nothing_written(user)


def test_a_bad_row_in_a_csv_is_named_by_its_spreadsheet_row(owner_client, user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("sleep.csv", "date,hours,quality\n2026-01-01,7,3\n2026-01-02,7,9\n")
        archive.writestr("caffeine.csv", "taken_at,mg,source\n2026-01-01T08:00:00+00:00,95,tea\n")

    response = upload(owner_client, buffer.getvalue(), "backup.zip")

    assert problems(response)[1:] == ["sleep.csv row 3, quality: Quality is a number from 1 to 5."]
    assert_nothing_written(user)


def test_it_lists_the_first_problems_and_counts_the_rest(owner_client, user):
    rows = [EXPECTED["caffeine"][0] | {"mg": 0}] * 25

    response = upload(owner_client, as_bytes(backup(caffeine=rows)))

    shown = problems(response)
    assert len(shown) == 1 + services.MAX_PROBLEMS_SHOWN + 1
    assert shown[-1] == f"… and {25 - services.MAX_PROBLEMS_SHOWN} more problems."
    assert_nothing_written(user)


def zip_bytes(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def damaged_zip() -> bytes:
    data = bytearray(zip_bytes({"caffeine.csv": "taken_at,mg,source\n" * 50}))
    data[40:60] = b"\xff" * 20  # inside the compressed data
    return bytes(data)


BAD_FILES = [
    ("not json", b"{not json", "backup.json", "This file is not valid JSON (line 1, column 2: "),
    ("plain text", b"hello", "notes.txt", "This file is neither a Twitch Diary JSON backup"),
    ("an image", b"\x89PNG\r\n\x1a\n\x00\x00", "photo.png", "This file is not UTF-8 text"),
    ("a list", b"[1, 2]", "backup.json", "This file is neither a Twitch Diary JSON backup"),
    (
        "another format",
        as_bytes(backup(format="twitch-diary/2")),
        "backup.json",
        'This file\'s "format" is "twitch-diary/2"; this version of Twitch Diary imports '
        '"twitch-diary/1".',
    ),
    (
        "no format",
        json.dumps({"episodes": []}).encode(),
        "backup.json",
        'This JSON file has no "format" field',
    ),
    (
        "a section that is not a list",
        as_bytes(backup(caffeine={"mg": 95})),
        "backup.json",
        '"caffeine" must be a list of entries.',
    ),
    (
        "a row that is not an object",
        as_bytes(backup(fluids=[250])),
        "backup.json",
        "fluids row 1: each entry must be a JSON object.",
    ),
    (
        "an unknown section",
        as_bytes(backup(weight=[])),
        "backup.json",
        'Unknown section in this backup: "weight".',
    ),
    ("deep nesting", b'{"format": ' + b"[" * 100_000, "backup.json", "This file is not valid JSON"),
    (
        "a 5000-digit number",
        b'{"format": "twitch-diary/1", "caffeine": [{"mg": ' + b"9" * 5000 + b"}]}",
        "backup.json",
        "This file is not valid JSON",
    ),
    (
        "a lone surrogate",
        b'{"format": "twitch-diary/1", "stress": [{"note": "\\ud800"}]}',
        "backup.json",
        "This file holds text that is not valid Unicode.",
    ),
    ("a fake zip", b"PK\x03\x04garbage", "backup.zip", "This file is not a zip file"),
    (
        "a zip with a damaged member",
        damaged_zip(),
        "backup.zip",
        "caffeine.csv cannot be read from the zip.",
    ),
    (
        "a zip of other files",
        zip_bytes({"photo.jpg": b"\xff\xd8"}),
        "backup.zip",
        "The zip holds none of the expected CSV files (profile.csv, episodes.csv,",
    ),
    (
        "a csv with an unknown column",
        zip_bytes({"caffeine.csv": "taken_at,mg,cups\n"}),
        "backup.zip",
        'caffeine.csv has a column "cups" that it should not.',
    ),
    (
        "a csv that is not utf-8",
        zip_bytes(
            {"checkins.csv": "date,twitching,note\n2026-01-01,yes,caf\xe9\n".encode("latin-1")}
        ),
        "backup.zip",
        "checkins.csv is not UTF-8 text. Save it as CSV (UTF-8).",
    ),
    (
        "a csv row longer than its header",
        zip_bytes({"alcohol.csv": "taken_at,units\n2026-01-01T20:00:00+00:00,2,3\n"}),
        "backup.zip",
        "alcohol.csv row 2 has more cells than the header.",
    ),
    (
        "two profile rows",
        zip_bytes({"profile.csv": "display_name\nA\nB\n"}),
        "backup.zip",
        "profile.csv must have exactly one row under its header.",
    ),
    (
        "a lone csv",
        b"taken_at,mg,source\n",
        "caffeine.csv",
        "To import CSV files, upload them together in a zip",
    ),
]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_a_file_that_is_not_a_backup_gets_a_clear_message(
    owner_client, user, content, name, message
):
    response = upload(owner_client, content, name)

    assert response.status_code == 200
    assert any(problem.startswith(message) for problem in problems(response)), problems(response)
    assert_nothing_written(user)


def test_a_file_over_the_size_limit_is_refused(owner_client, user, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 1000)

    response = upload(owner_client, as_bytes(backup()))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This file is larger than 0 MB, the most an import takes. A backup from this app is far "
        "smaller; is it the right file?"
    ]
    assert_nothing_written(user)


def test_a_zip_that_unpacks_beyond_the_size_limit_is_refused(owner_client, user, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 100_000)
    # Compresses to a few hundred bytes, unpacks to 200 kB.
    archive = zip_bytes({"stress.csv": "recorded_at,level,note\n" + "x" * 200_000})

    response = upload(owner_client, archive, "backup.zip")

    assert problems(response)[0].startswith("This file is larger than")
    assert_nothing_written(user)


def test_an_empty_upload_and_no_upload_are_refused(owner_client, user):
    empty = upload(owner_client, b"", "backup.json")
    missing = owner_client.post("/import/", {})

    assert empty.context["form"].errors["file"] == ["The submitted file is empty."]
    assert missing.context["form"].errors["file"] == ["This field is required."]
    assert_nothing_written(user)


def test_questions_longer_than_the_report_holds_are_rejected(owner_client, user):
    profile = EXPECTED["profile"] | {"visit_questions": "x" * 801}

    response = upload(owner_client, as_bytes(backup(profile=profile)))

    assert any("visit_questions" in p and "800" in p for p in problems(response))
    assert_nothing_written(user)
