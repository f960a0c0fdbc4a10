"""The report pages read a fixed number of queries, whatever the data; built reports are cached
until the diary changes."""

import csv
import datetime as dt
import io

import pytest
import time_machine

from diary.models import Caffeine
from diary.synthetic import generate
from reports.build import report_cache

from .page_helpers import NOW, NY, TODAY, add_episode, local

pytestmark = pytest.mark.django_db

# Every signed-in page: session, user, profile.
PER_REQUEST = 3
# reports.frames.load_diary: one query per diary table (nine), covering the period and the
# previous one; diary.status.load_history: episodes and check-ins up to the end (two);
# diary.status.load_onset: the recalled onset of the current run (one row, one query).
BUILD = 9 + 2 + 1
REPORT_PAGE = PER_REQUEST + BUILD
DOCTOR_PAGE = PER_REQUEST + BUILD
EXPORT_CSV = PER_REQUEST + BUILD
CACHED = PER_REQUEST

A_YEAR = {"start": (TODAY - dt.timedelta(days=364)).isoformat(), "end": TODAY.isoformat()}
URLS = ["/reports/", "/reports/doctor/", "/reports/export.csv"]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_budgets_add_up():
    assert (REPORT_PAGE, DOCTOR_PAGE, EXPORT_CSV, CACHED) == (15, 15, 15, 3)


@pytest.mark.parametrize("days", [14, 365], ids=["two-weeks-of-data", "a-year-of-data"])
def test_each_report_url_reads_a_fixed_number_of_queries(
    owner_client, user, days, django_assert_num_queries
):
    generate(user=user, tz=NY, end=TODAY, days=days, seed=1)
    budgets = dict(zip(URLS, [REPORT_PAGE, DOCTOR_PAGE, EXPORT_CSV], strict=True))

    for url, budget in budgets.items():
        report_cache.clear()
        with django_assert_num_queries(budget):
            response = owner_client.get(url, A_YEAR)
        assert response.status_code == 200

    rows = csv_rows(response)
    assert len(rows) == 365
    logged = sum(row["logged"] == "True" for row in rows)
    assert days * 0.85 < logged <= days  # the data really was read


def test_the_default_period_reads_the_same_queries_with_a_year_of_data(
    owner_client, user, django_assert_num_queries
):
    generate(user=user, tz=NY, end=TODAY, days=365, seed=1)

    with django_assert_num_queries(REPORT_PAGE):
        response = owner_client.get("/reports/")

    assert response.context["report"].data.calendar_days == 56


def test_a_repeat_request_is_served_from_the_cache(owner_client, user, django_assert_num_queries):
    add_episode(user, dt.date(2026, 3, 30))
    first_csv = owner_client.get("/reports/export.csv")
    first = owner_client.get("/reports/")

    with django_assert_num_queries(CACHED):
        again = owner_client.get("/reports/")
    with django_assert_num_queries(CACHED):
        again_csv = owner_client.get("/reports/export.csv")
    with django_assert_num_queries(CACHED):
        doctor = owner_client.get("/reports/doctor/")

    assert again.context["body"] == first.context["body"]  # rendered once, shared by workers
    assert again.context["report"].data is first.context["report"].data  # built once
    assert doctor.context["report"].data is first.context["report"].data
    assert again_csv.content == first_csv.content
    assert again.status_code == doctor.status_code == 200


def test_another_period_is_built_afresh(owner_client, django_assert_num_queries):
    owner_client.get("/reports/")

    with django_assert_num_queries(REPORT_PAGE):
        response = owner_client.get("/reports/", {"weeks": 2})

    assert response.context["report"].days == 14


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


def test_a_new_episode_shows_up_on_the_report_page_at_once(owner_client, user):
    assert owner_client.get("/reports/").context["report"].data.episodes.empty

    owner_client.post(
        "/episodes/new/",
        {"started_at": "2026-03-31T09:15", "side": "left", "muscle": "calf", "intensity": "4"},
    )

    episodes = owner_client.get("/reports/").context["report"].data.episodes
    assert len(episodes) == 1


def test_a_strangers_request_never_gets_the_owners_cached_report(
    owner_client, stranger_client, user
):
    add_episode(user, dt.date(2026, 3, 30))
    owner = owner_client.get("/reports/").context["report"]

    theirs = stranger_client.get("/reports/").context["report"]

    assert theirs is not owner
    assert theirs.data.episodes.empty and theirs.tz_name == "Europe/London"
    assert len(owner.data.episodes) == 1


def test_another_worker_serves_a_repeat_request_from_the_shared_cache(
    owner_client, user, django_assert_num_queries
):
    add_episode(user, dt.date(2026, 3, 30))
    first = owner_client.get("/reports/")
    report_cache.clear()  # a different worker process: nothing built in its memory

    with django_assert_num_queries(CACHED):
        again = owner_client.get("/reports/")

    assert again.context["body"] == first.context["body"]


def test_a_new_account_that_gets_a_deleted_accounts_id_never_sees_its_cached_report(db):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.models import Profile
    from tests.conftest import make_user

    first = make_user("first", timezone="America/New_York")
    add_episode(first, dt.date(2026, 3, 30), symptoms=["bladder_bowel"])
    client = Client()
    client.force_login(first)
    assert "Loss of bladder or bowel control" in client.get("/reports/").content.decode()
    pk, version = first.pk, Profile.objects.get(user=first).data_version
    first.delete()

    second = get_user_model().objects.create_user("second", id=pk)  # the id comes back
    # The same id and the same diary version: only the account itself differs.
    Profile.objects.create(user=second, timezone="America/New_York", data_version=version)
    client.force_login(second)

    assert "Loss of bladder or bowel control" not in client.get("/reports/").content.decode()
