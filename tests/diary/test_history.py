"""History pages: newest first, paginated, filtered by local date range."""

import datetime as dt

import pytest

from diary.models import Caffeine
from tests.clock import NOW
from tests.factories import build_entries, make_entry

pytestmark = pytest.mark.django_db


def test_history_lists_the_newest_first_and_paginates(owner_client, user):
    Caffeine.objects.bulk_create(build_entries("caffeine", user, 30))
    newest_first = list(Caffeine.objects.order_by("-taken_at"))

    first = owner_client.get("/caffeine/")
    second = owner_client.get("/caffeine/", {"page": 2})

    assert [e for e, _ in first.context["rows"]] == newest_first[:25]
    assert [e for e, _ in second.context["rows"]] == newest_first[25:]
    assert "Page 1 of 2" in first.content.decode()


def test_page_links_keep_the_date_filter(owner_client, user):
    Caffeine.objects.bulk_create(build_entries("caffeine", user, 30))

    response = owner_client.get("/caffeine/", {"start": "2026-03-01", "end": "2026-03-02"})

    assert 'href="?start=2026-03-01&amp;end=2026-03-02&amp;page=2"' in response.content.decode()


def test_an_empty_range_says_so(owner_client, user):
    make_entry("caffeine", user)

    response = owner_client.get("/caffeine/", {"start": "2026-01-01", "end": "2026-01-31"})

    assert response.context["rows"] == []
    assert "No caffeine logged in this date range." in response.content.decode()


def test_medicines_are_listed_by_start_date(owner_client, user):
    older = make_entry("medications", user, started_on=dt.date(2025, 1, 1), name="Older")
    newer = make_entry("medications", user, started_on=dt.date(2026, 1, 1), name="Newer")

    response = owner_client.get("/medications/", {"start": "2025-06-01"})

    assert [e for e, _ in response.context["rows"]] == [newer]
    assert older.name not in response.content.decode()


def test_history_rows_show_the_columns_in_plain_words(owner_client, user):
    make_entry("episodes", user, started_at=NOW, duration_seconds=90, symptoms=["pain"])

    html = owner_client.get("/episodes/").content.decode()

    for text in ("02 Mar 2026 10:00", "Left calf", "4/10", "1 min 30 s", "Pain"):
        assert text in html
