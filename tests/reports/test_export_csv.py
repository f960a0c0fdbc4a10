"""/reports/export.csv: the daily frame of the period; missing stays empty, never 0."""

import csv
import datetime as dt
import io

import pytest

from diary.models import Caffeine, Fluid, Sleep, Stress
from reports.frames import DAILY_COLUMNS

from .page_helpers import TODAY, add_checkin, add_episode, local

pytestmark = pytest.mark.django_db

TWO_WEEKS = {"start": "2026-03-18", "end": "2026-03-31"}
# Columns that describe what the person logged; "logged" (a yes/no) and red_flag_level (0 when
# no red-flag symptom was ticked) always have a value.
MEASURED = [c for c in DAILY_COLUMNS if c not in ("logged", "red_flag_level")]


@pytest.fixture
def diary(user):
    add_episode(user, dt.date(2026, 3, 20), intensity=3)
    add_episode(user, dt.date(2026, 3, 20), hour=15, intensity=6)
    add_checkin(user, dt.date(2026, 3, 21))  # no twitching
    Caffeine.objects.create(user=user, taken_at=local(dt.date(2026, 3, 20), 8), mg=95)
    Fluid.objects.create(user=user, taken_at=local(dt.date(2026, 3, 20), 9), ml=2500)
    Fluid.objects.create(user=user, taken_at=local(dt.date(2026, 3, 20), 19), ml=4500)
    Fluid.objects.create(user=user, taken_at=local(dt.date(2026, 3, 20), 21), ml=5000)
    Sleep.objects.create(user=user, date=dt.date(2026, 3, 20), hours="7.25", quality=3)
    for level in (2, 3, 3):
        Stress.objects.create(user=user, recorded_at=local(dt.date(2026, 3, 20), 10), level=level)
    return user


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def by_date(response) -> dict[str, dict]:
    return {row["date"]: row for row in rows_of(response)}


def test_it_is_a_csv_download_of_the_period(owner_client, diary):
    response = owner_client.get("/reports/export.csv", TWO_WEEKS)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="twitch-diary-daily-2026-03-18-to-2026-03-31.csv"'
    )


def test_the_header_is_the_date_and_the_daily_columns(owner_client, diary):
    response = owner_client.get("/reports/export.csv", TWO_WEEKS)

    header = response.content.decode().splitlines()[0]
    assert header.split(",") == ["date", *DAILY_COLUMNS]


def test_there_is_one_row_per_day_of_the_period(owner_client, diary):
    rows = rows_of(owner_client.get("/reports/export.csv", TWO_WEEKS))

    assert [row["date"] for row in rows] == [
        (dt.date(2026, 3, 18) + dt.timedelta(days=i)).isoformat() for i in range(14)
    ]


def test_the_default_period_is_the_last_eight_weeks(owner_client, diary):
    rows = rows_of(owner_client.get("/reports/export.csv"))

    assert len(rows) == 56
    assert rows[0]["date"] == "2026-02-04" and rows[-1]["date"] == TODAY.isoformat()


def test_a_day_with_nothing_logged_is_empty_never_zero(owner_client, diary):
    day = by_date(owner_client.get("/reports/export.csv", TWO_WEEKS))["2026-03-25"]

    assert {column: day[column] for column in MEASURED} == dict.fromkeys(MEASURED, "")
    assert day["logged"] == "False"


def test_zero_episodes_only_on_a_no_twitching_check_in_day(owner_client, diary):
    rows = rows_of(owner_client.get("/reports/export.csv", TWO_WEEKS))

    zeros = [row["date"] for row in rows if row["episodes"] == "0"]
    assert zeros == ["2026-03-21"]
    checked = by_date(owner_client.get("/reports/export.csv", TWO_WEEKS))["2026-03-21"]
    assert (checked["twitch_day"], checked["checkin"], checked["logged"]) == (
        "False",
        "False",
        "True",
    )
    # Caffeine was used in the period, so a logged day without an entry counts as none;
    # fluids and sleep stay missing.
    assert (checked["caffeine_mg"], checked["fluids_ml"], checked["sleep_hours"]) == ("0", "", "")


def test_a_logged_day_carries_its_totals_as_plain_numbers(owner_client, diary):
    day = by_date(owner_client.get("/reports/export.csv", TWO_WEEKS))["2026-03-20"]

    assert day["episodes"] == "2"
    assert day["twitch_day"] == "True"
    assert day["intensity_mean"] == "4.5"
    assert day["intensity_max"] == "6"
    assert day["caffeine_mg"] == "95"
    assert day["fluids_ml"] == "12000"  # not 1.2e+04
    assert day["sleep_hours"] == "7.25"
    assert day["stress_mean"] == "2.667"
    assert "e+" not in owner_client.get("/reports/export.csv", TWO_WEEKS).content.decode()


def test_a_strangers_rows_never_appear(stranger_client, diary):
    rows = rows_of(stranger_client.get("/reports/export.csv", TWO_WEEKS))

    assert len(rows) == 14
    assert all(row["logged"] == "False" for row in rows)
    assert all(row["episodes"] == "" and row["caffeine_mg"] == "" for row in rows)
