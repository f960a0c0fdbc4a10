"""The day view: one local day as a timeline."""

import datetime as dt

import pytest

from tests.clock import NOW
from tests.factories import make_entry

pytestmark = pytest.mark.django_db


def test_whole_day_entries_come_first_then_by_time(owner_client, user):
    late = make_entry("caffeine", user, taken_at=NOW - dt.timedelta(hours=1))
    early = make_entry("episodes", user, started_at=NOW - dt.timedelta(hours=4))
    sleep = make_entry("sleep", user)

    timeline = owner_client.get("/day/2026-03-02/").context["timeline"]

    assert [item.entry for item in timeline] == [sleep, early, late]
    assert [item.local_time and item.local_time.strftime("%H:%M") for item in timeline] == [
        None,
        "06:00",
        "09:00",
    ]


def test_a_medicine_shows_on_the_days_it_was_started_and_stopped(owner_client, user):
    medicine = make_entry(
        "medications", user, started_on=dt.date(2026, 2, 1), stopped_on=dt.date(2026, 2, 10)
    )

    def shown(day):
        return medicine in [i.entry for i in owner_client.get(f"/day/{day}/").context["timeline"]]

    days = ("2026-01-31", "2026-02-01", "2026-02-05", "2026-02-10", "2026-02-11")
    assert [shown(d) for d in days] == [False, True, False, True, False]


def test_the_day_view_links_the_days_around_it(owner_client):
    html = owner_client.get("/day/2026-03-01/").content.decode()

    assert 'href="/day/2026-02-28/"' in html
    assert 'href="/day/2026-03-02/"' in html


def test_today_has_no_link_to_tomorrow(owner_client):
    html = owner_client.get("/day/2026-03-02/").content.decode()

    assert 'href="/day/2026-03-03/"' not in html


def test_the_day_picker_opens_the_chosen_day(owner_client):
    response = owner_client.get("/day/", {"date": "2026-02-14"})

    assert response.status_code == 302
    assert response.url == "/day/2026-02-14/"


def test_entries_link_back_to_the_day_after_editing(owner_client, user):
    caffeine = make_entry("caffeine", user)

    html = owner_client.get("/day/2026-03-02/").content.decode()

    assert f'href="/caffeine/{caffeine.pk}/edit/?next=/day/2026-03-02/"' in html
