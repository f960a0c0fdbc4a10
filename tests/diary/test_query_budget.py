"""No N+1 queries: each page makes the same, fixed number of queries for 10 or 200 entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary.kinds import KINDS
from tests.factories import build_entries

pytestmark = pytest.mark.django_db

# Every signed-in page: session, user, profile.
PER_REQUEST = 3
# The dashboard's status (persistence clock and flags) through accounts.cache: one query to
# look it up; when not stored, four to build it (episodes,
# check-ins, medicines and the recalled onset) and four to store it (prune, savepoint, insert).
STATUS_STORED = 1
STATUS_BUILT = 1 + 4 + 4
# One query per kind for today, one for red flags, the status, and two for the check-in
# prompt (check-ins and episodes of the last week).
DASHBOARD_STORED = PER_REQUEST + len(KINDS) + 1 + STATUS_STORED + 2
DASHBOARD = PER_REQUEST + len(KINDS) + 1 + STATUS_BUILT + 2
DAY_VIEW = PER_REQUEST + len(KINDS)  # one query per kind
HISTORY = PER_REQUEST + 2  # count and page

SIZES = [10, 200]


def fill(user, kinds, n):
    """`n` entries of each kind; half the episodes carry red-flag symptoms."""
    for kind in kinds:
        rows = build_entries(kind.slug, user, n)
        if kind.slug == "episodes":
            for i, row in enumerate(rows):
                row.symptoms = ["pain", "weakness"] if i % 2 else []
        kind.model.objects.bulk_create(rows)


@pytest.fixture(params=SIZES, ids=[f"{n}-entries" for n in SIZES])
def size(request):
    return request.param


@pytest.fixture
def full_diary(user, size):
    """`size` entries of every kind: the timed ones all today, medicines all current."""
    fill(user, KINDS, size)
    return size


def shown_today(n):
    # Six timed kinds with n entries today each, one sleep, one check-in, and the one
    # medicine started today (the others started on earlier days).
    return 6 * n + 1 + 1 + 1


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_twenty_times_the_entries_make_no_more_queries(
    owner_client, user, stranger_client, stranger
):
    """Both sizes measured, so a budget above cannot hide a query per row."""
    urls = ["/", "/day/2026-03-02/", *(f"/{kind.slug}/" for kind in KINDS)]
    fill(user, KINDS, 10)
    fill(stranger, KINDS, 200)

    with_ten = [queries_of(owner_client, url) for url in urls]
    with_two_hundred = [queries_of(stranger_client, url) for url in urls]

    assert with_two_hundred == with_ten
    assert with_ten[:2] == [DASHBOARD, DAY_VIEW]


def test_the_dashboard_has_a_fixed_query_budget(
    owner_client, full_diary, django_assert_num_queries
):
    with django_assert_num_queries(DASHBOARD):
        response = owner_client.get("/")

    assert response.status_code == 200
    assert len(response.context["timeline"]) == shown_today(full_diary)
    assert len(response.context["red_flags"]) == full_diary // 2


def test_logging_a_coffee_keeps_the_dashboards_clock_cached_but_a_twitch_does_not(
    owner_client, full_diary, django_assert_num_queries
):
    owner_client.get("/")  # computes and caches the persistence clock and flags
    owner_client.post("/caffeine/quick/", {"preset": "coffee"}, follow=True)

    with django_assert_num_queries(DASHBOARD_STORED):
        owner_client.get("/")

    owner_client.post("/episodes/now/", follow=True)
    with django_assert_num_queries(DASHBOARD):
        owner_client.get("/")
    with django_assert_num_queries(DASHBOARD_STORED):
        owner_client.get("/")


def test_the_day_view_has_a_fixed_query_budget(owner_client, full_diary, django_assert_num_queries):
    with django_assert_num_queries(DAY_VIEW):
        response = owner_client.get("/day/2026-03-02/")

    assert response.status_code == 200
    assert len(response.context["timeline"]) == shown_today(full_diary)


@pytest.mark.parametrize("kind", KINDS, ids=[k.slug for k in KINDS])
def test_each_history_page_has_a_fixed_query_budget(
    owner_client, user, size, kind, django_assert_num_queries
):
    fill(user, [kind], size)

    with django_assert_num_queries(HISTORY):
        response = owner_client.get(f"/{kind.slug}/")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == size
    assert len(response.context["rows"]) == min(size, 25)


@pytest.mark.parametrize("kind", KINDS, ids=[k.slug for k in KINDS])
def test_a_filtered_later_history_page_has_the_same_budget(
    owner_client, user, size, kind, django_assert_num_queries
):
    fill(user, [kind], size)

    with django_assert_num_queries(HISTORY):
        response = owner_client.get(
            f"/{kind.slug}/", {"start": "2025-01-01", "end": "2026-03-02", "page": "2"}
        )

    assert response.status_code == 200
