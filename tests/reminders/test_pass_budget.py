"""The reminder pass costs the same number of queries for 100 people as for 10,000.

Slow (it creates 10,000 accounts); run it on PostgreSQL to get the figures in the README:
DATABASE_URL=postgres://... pytest -m slow tests/reminders/test_pass_budget.py -s
"""

import datetime as dt
import time
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Profile
from diary.models import CheckIn, Episode
from reminders.models import Reminder
from reminders.schedule import claim_due
from reminders.tasks import send_reminder

from .conftest import at

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

NOW = at(2026, 12, 1, 18, 0)
ZONES = [
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Helsinki",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Africa/Lagos",
    "Asia/Kathmandu",
]


def people_due_now(count: int, prefix: str) -> int:
    """`count` people whose reminder time is the local time at NOW; a fifth logged today."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{prefix}{i}", email=f"{prefix}{i}@example.com", password="!")
        for i in range(count)
    )
    profiles, checkins, episodes = [], [], []
    for i, user in enumerate(users):
        zone = ZONES[i % len(ZONES)]
        local = NOW.astimezone(zoneinfo.ZoneInfo(zone))
        minutes_ago = i % 30  # inside the catch-up window
        reminder = (local - dt.timedelta(minutes=minutes_ago)).time().replace(tzinfo=None)
        profiles.append(Profile(user=user, timezone=zone, reminder_time=reminder))
        if i % 10 == 0:
            checkins.append(CheckIn(user=user, date=local.date(), twitching=False))
        elif i % 10 == 1:
            episodes.append(Episode(user=user, started_at=NOW - dt.timedelta(minutes=5)))
    Profile.objects.bulk_create(profiles)
    CheckIn.objects.bulk_create(checkins)
    Episode.objects.bulk_create(episodes)
    return count - len(checkins) - len(episodes)


def measured_pass() -> tuple[list[int], list[tuple[float, str]], float]:
    """The pass's rows, its queries (ms, SQL) and its time, timed without Django's query log
    (which re-quotes every parameter and would dominate the figure)."""
    queries = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        ids = claim_due(NOW)
        elapsed = time.perf_counter() - started
    return ids, queries, elapsed


def test_the_pass_does_not_grow_per_person():
    expected_small = people_due_now(100, "small")
    small_ids, small_queries, small_seconds = measured_pass()
    Reminder.objects.all().delete()
    expected_large = people_due_now(10_000, "large") + expected_small
    large_ids, queries_of_large, large_seconds = measured_pass()
    small_queries, large_queries = len(small_queries), len(queries_of_large)

    # One send, for the record: its queries are per reminder, by nature.
    with CaptureQueriesContext(connection) as send_queries:
        send_reminder(large_ids[0])

    print(
        f"\n[{connection.vendor}] pass over {len(small_ids)} due: {small_queries} queries, "
        f"{small_seconds * 1000:.0f} ms; over {len(large_ids)} due of 10,100 people: "
        f"{large_queries} queries, {large_seconds * 1000:.0f} ms; one send: "
        f"{len(send_queries)} queries"
    )
    for ms, sql in queries_of_large:
        print(f"  {ms:.0f} ms  {sql[:70]}")
    assert (len(small_ids), len(large_ids)) == (expected_small, expected_large)
    if connection.vendor == "postgresql":  # SQLite splits a bulk INSERT by its variable limit
        assert large_queries == small_queries
