"""The report pages read a fixed number of queries, whatever the data; rendered pages are
stored per person (accounts.cache) until the diary changes."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import CachedPage
from diary.models import Caffeine
from diary.synthetic import generate

from .page_helpers import NY, TODAY, add_episode, local, without_csrf

pytestmark = pytest.mark.django_db

# Every signed-in page: session, user, profile.
PER_REQUEST = 3
# accounts.cache: one query to look a rendered page up; storing one prunes expired rows and
# inserts in a savepoint (four).
CACHE_READ = 1
CACHE_WRITE = 4
# reports.frames.load_diary: one query per diary table (nine), covering the period and the
# previous one; diary.status.load_history: episodes and check-ins up to the end (two);
# diary.status.load_onset: the recalled onset of the current run (one row, one query).
BUILD = 9 + 2 + 1
FIRST_VIEW = PER_REQUEST + CACHE_READ + BUILD + CACHE_WRITE
CACHED = PER_REQUEST + CACHE_READ

A_YEAR = {"start": (TODAY - dt.timedelta(days=364)).isoformat(), "end": TODAY.isoformat()}
URLS = ["/reports/", "/reports/doctor/", "/reports/export.csv", "/reports/chart/daily.svg"]


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_a_year_of_data_reads_no_more_queries_than_two_weeks(owner_client, user):
    """Both sizes measured, so a budget below cannot hide a query per row or per day."""

    def measure() -> list[int]:
        counts = []
        for url in URLS:  # each one's first request since the last write: built, not stored
            with CaptureQueriesContext(connection) as queries:
                assert owner_client.get(url, A_YEAR).status_code == 200
            counts.append(len(queries))
        return counts

    generate(user=user, tz=NY, end=TODAY, days=14, seed=1)
    two_weeks = measure()
    generate(user=user, tz=NY, end=TODAY - dt.timedelta(days=14), days=351, seed=2)
    a_year = measure()

    assert a_year == two_weeks == [FIRST_VIEW] * len(URLS)


@pytest.mark.parametrize("days", [14, 365], ids=["two-weeks-of-data", "a-year-of-data"])
def test_each_report_url_reads_a_fixed_number_of_queries(
    owner_client, user, days, django_assert_num_queries
):
    generate(user=user, tz=NY, end=TODAY, days=days, seed=1)

    for url in URLS:
        with django_assert_num_queries(FIRST_VIEW):
            response = owner_client.get(url, A_YEAR)
        assert response.status_code == 200
        if url.endswith(".csv"):
            rows = csv_rows(response)

    assert len(rows) == 365
    logged = sum(row["logged"] == "True" for row in rows)
    assert days * 0.85 < logged <= days  # the data really was read
    assert CachedPage.objects.filter(user=user).count() == len(URLS)


def test_the_default_period_reads_the_same_queries_with_a_year_of_data(
    owner_client, user, django_assert_num_queries
):
    generate(user=user, tz=NY, end=TODAY, days=365, seed=1)

    with django_assert_num_queries(FIRST_VIEW):
        response = owner_client.get("/reports/")

    assert "04 Feb 2026 – 31 Mar 2026 (8 weeks)" in response.content.decode()


def test_a_repeat_request_is_served_from_the_stored_page(
    owner_client, user, django_assert_num_queries
):
    add_episode(user, dt.date(2026, 3, 30))
    first = {url: without_csrf(owner_client.get(url).content) for url in URLS}

    for url in URLS:
        with django_assert_num_queries(CACHED):
            again = owner_client.get(url)
        assert again.status_code == 200
        assert without_csrf(again.content) == first[url]


def test_another_period_is_built_afresh(owner_client, django_assert_num_queries):
    owner_client.get("/reports/")

    with django_assert_num_queries(FIRST_VIEW):
        response = owner_client.get("/reports/", {"weeks": 2})

    assert "18 Mar 2026 – 31 Mar 2026 (2 weeks)" in response.content.decode()


def test_saving_an_entry_refreshes_the_cached_report(owner_client, user):
    before = csv_rows(owner_client.get("/reports/export.csv"))
    assert before[-1]["date"] == "2026-03-31" and before[-1]["caffeine_mg"] == ""

    saved = owner_client.post(
        "/caffeine/new/", {"taken_at": "2026-03-31T08:00", "mg": "95", "source": "coffee"}
    )

    assert saved.status_code == 302
    assert Caffeine.objects.filter(user=user, mg=95).count() == 1
    after = csv_rows(owner_client.get("/reports/export.csv"))
    assert after[-1]["caffeine_mg"] == "95"


def test_deleting_an_entry_refreshes_the_cached_report(owner_client, user):
    coffee = Caffeine.objects.create(
        user=user, taken_at=local(dt.date(2026, 3, 31), 8), mg=95, source="coffee"
    )
    assert csv_rows(owner_client.get("/reports/export.csv"))[-1]["caffeine_mg"] == "95"

    deleted = owner_client.post(f"/caffeine/{coffee.pk}/delete/")

    assert deleted.status_code == 302
    assert not Caffeine.objects.filter(pk=coffee.pk).exists()
    assert csv_rows(owner_client.get("/reports/export.csv"))[-1]["caffeine_mg"] == ""


def test_a_strangers_request_never_gets_the_owners_stored_page(owner_client, stranger_client, user):
    add_episode(user, dt.date(2026, 3, 30), symptoms=["bladder_bowel"])
    owner = owner_client.get("/reports/").content.decode()

    theirs = stranger_client.get("/reports/").content.decode()

    assert "Loss of bladder or bowel control" in owner
    assert "Loss of bladder or bowel control" not in theirs
    assert "times in Europe/London" in theirs
