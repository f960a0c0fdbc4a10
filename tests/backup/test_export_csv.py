import csv
import io
import zipfile

from django.urls import reverse

from .documents import CONTRACT_FIELDS

PROFILE_HEADER = [
    "display_name",
    "timezone",
    "fluid_unit",
    "date_of_birth",
    "coffee_mg",
    "espresso_mg",
    "tea_mg",
    "energy_drink_mg",
    "cola_mg",
    "glass_ml",
    "bottle_ml",
    "visit_questions",
]


def export_zip(client):
    response = client.get(reverse("backup:export-csv"))
    assert response.status_code == 200
    return response, zipfile.ZipFile(io.BytesIO(response.content))


def read(archive, name) -> list[list[str]]:
    data = archive.read(name)
    assert not data.startswith(b"\xef\xbb\xbf"), f"{name} starts with a BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_it_downloads_a_zip_named_after_the_user_and_the_day(owner_client, diary):
    response, _ = export_zip(owner_client)

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="twitch-diary-owner-2026-03-02.zip"'
    )


def test_it_holds_one_csv_per_kind_and_the_profile_with_field_names_as_headers(owner_client, diary):
    _, archive = export_zip(owner_client)

    assert sorted(archive.namelist()) == sorted(
        ["profile.csv", *(f"{kind}.csv" for kind in CONTRACT_FIELDS)]
    )
    for kind, fields in CONTRACT_FIELDS.items():
        assert read(archive, f"{kind}.csv")[0] == fields
    assert read(archive, "profile.csv")[0] == PROFILE_HEADER


def test_the_cells_hold_the_same_values_as_the_json_backup(owner_client, diary):
    _, archive = export_zip(owner_client)

    episodes = read(archive, "episodes.csv")
    assert episodes[1] == [
        "2025-07-14T08:30:00-04:00",
        "left",
        "calf",
        "45",
        "4",
        "12",
        "tingling;cramp",
        "resting",
        'After a long walk, with a comma, and "quotes"',
    ]
    assert episodes[2] == ["2026-01-04T22:04:05.123456-05:00", "", "", "", "", "", "", "", ""]
    assert read(archive, "caffeine.csv")[1:] == [["2026-01-05T08:00:00-05:00", "95", "coffee"]] * 2
    assert read(archive, "sleep.csv")[1:] == [["2026-01-05", "7.25", "4"]]
    assert read(archive, "alcohol.csv")[1:] == [["2026-01-06T18:30:00-05:00", "2.5"]]
    assert read(archive, "checkins.csv")[1:] == [["2026-01-06", "true", "Évening"]]
    assert [row[-1] for row in read(archive, "medications.csv")[1:]] == ["false", "true"]
    assert read(archive, "medications.csv")[2][5] == ""  # still taking it
    profile = read(archive, "profile.csv")
    assert len(profile) == 2
    assert profile[1][PROFILE_HEADER.index("visit_questions")] == (
        "Is magnesium worth trying?\nShould I see a physio?"
    )


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_quoted(owner_client, diary):
    _, archive = export_zip(owner_client)

    assert read(archive, "stress.csv")[1] == ["2026-01-05T13:00:00-05:00", "3", "'=1+2"]


def test_a_strangers_rows_never_appear(owner_client, diary, stranger_diary):
    _, archive = export_zip(owner_client)

    everything = b"".join(archive.read(name) for name in archive.namelist())
    for secret in (b"1777", b"secret", b"Stranger pill", b"shin", b"Europe/London"):
        assert secret not in everything
    assert len(read(archive, "caffeine.csv")) == 3
