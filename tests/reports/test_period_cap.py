"""The report period is capped at five years or the whole diary, whichever is shorter: a doctor
would not ask for more, and one request must not be able to ask for hours of
work. A longer period is refused next to the field, on the pages and for the PDF."""

import datetime as dt
import time

import pytest

from .page_helpers import TODAY, add_episode, visible_text

pytestmark = pytest.mark.django_db

EIGHT_WEEKS_AGO = TODAY - dt.timedelta(weeks=8) + dt.timedelta(days=1)


def start_errors(response) -> list[str]:
    return response.context["form"].errors.get("start", [])


def test_ten_years_of_an_empty_diary_as_a_pdf_are_refused_at_once(owner_client, user):
    began = time.perf_counter()
    response = owner_client.get("/reports/doctor.pdf", {"start": "2016-03-31", "end": "2026-03-31"})
    seconds = time.perf_counter() - began

    assert response.status_code == 302
    assert response["Location"] == "/reports/?start=2016-03-31&end=2026-03-31"
    page = owner_client.get(response["Location"])
    assert start_errors(page) == [
        "Choose a period of at most 5 years, starting on or after 01 Apr 2021."
    ]
    assert "Choose a period of at most 5 years" in visible_text(page)
    print(f"\nrefused in {seconds:.3f} s")


def test_exactly_five_years_of_a_five_year_diary_are_allowed(owner_client, user):
    add_episode(user, dt.date(2021, 4, 1))

    response = owner_client.get("/reports/", {"start": "2021-04-01", "end": "2026-03-31"})

    assert start_errors(response) == []
    report = response.context["report"]
    assert (report.start, report.end) == (dt.date(2021, 4, 1), TODAY)


def test_a_period_longer_than_the_whole_diary_is_refused(owner_client, user):
    add_episode(user, dt.date(2025, 3, 31))

    response = owner_client.get("/reports/", {"start": "2024-01-01", "end": "2026-03-31"})

    assert start_errors(response) == [
        "Your diary starts on 31 Mar 2025: choose a period no longer than the whole diary."
    ]
    report = response.context["report"]
    assert (report.start, report.end) == (EIGHT_WEEKS_AGO, TODAY)


def test_the_whole_diary_is_allowed(owner_client, user):
    add_episode(user, dt.date(2025, 3, 31))

    response = owner_client.get("/reports/", {"start": "2025-03-31", "end": "2026-03-31"})

    assert start_errors(response) == []


def test_an_empty_diary_still_gets_every_preset_and_up_to_a_year(owner_client):
    for weeks in ("2", "12"):
        assert start_errors(owner_client.get("/reports/", {"weeks": weeks})) == []
    a_year = {"start": "2025-03-31", "end": "2026-03-31"}
    assert start_errors(owner_client.get("/reports/", a_year)) == []

    longer = owner_client.get("/reports/", {"start": "2025-03-30", "end": "2026-03-31"})

    assert start_errors(longer) == [
        "Your diary is empty so far: choose a period of at most a year."
    ]


def test_the_last_year_of_a_younger_diary_is_allowed(owner_client, user):
    add_episode(user, dt.date(2025, 7, 14))

    response = owner_client.get("/reports/", {"start": "2025-04-01", "end": "2026-03-31"})

    assert start_errors(response) == []
