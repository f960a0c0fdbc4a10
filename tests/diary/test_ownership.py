"""Isolation: a stranger never sees or changes another person's rows (404, never 403)."""

import pytest

from diary.kinds import KINDS
from tests.factories import EDIT_POST, make_entry, make_one_of_each, post_data, snapshot

pytestmark = pytest.mark.django_db

ACTIONS = [("edit", "get"), ("edit", "post"), ("delete", "get"), ("delete", "post")]
CASES = [(kind, action, method) for kind in KINDS for action, method in ACTIONS]
CASE_IDS = [f"{kind.slug}-{action}-{method}" for kind, action, method in CASES]


def request(client, method, url, slug):
    if method == "post":
        return client.post(url, post_data(slug, **EDIT_POST[slug]))
    return client.get(url)


@pytest.mark.parametrize(("kind", "action", "method"), CASES, ids=CASE_IDS)
def test_a_stranger_gets_404_and_the_row_is_unchanged(
    owner_client, stranger_client, user, kind, action, method
):
    row = make_entry(kind.slug, user)
    before = snapshot(row)
    url = f"/{kind.slug}/{row.pk}/{action}/"

    response = request(stranger_client, method, url, kind.slug)

    assert response.status_code == 404
    assert snapshot(row) == before
    # The same URL works for the owner, so the 404 above is about ownership.
    assert owner_client.get(url).status_code == 200


@pytest.mark.parametrize("kind", KINDS, ids=[k.slug for k in KINDS])
def test_a_stranger_cannot_create_a_row_for_someone_else(stranger_client, user, kind):
    response = stranger_client.post(f"/{kind.slug}/new/", post_data(kind.slug, user=user.pk))

    assert response.status_code == 302
    assert not kind.model.objects.filter(user=user).exists()


@pytest.mark.parametrize("kind", KINDS, ids=[k.slug for k in KINDS])
def test_history_pages_list_only_my_own_rows(owner_client, user, stranger, kind):
    mine = make_entry(kind.slug, user)
    theirs = make_entry(kind.slug, stranger)

    response = owner_client.get(f"/{kind.slug}/")

    assert response.status_code == 200
    assert [entry for entry, _ in response.context["rows"]] == [mine]
    html = response.content.decode()
    assert f'href="{mine.get_absolute_url()}"' in html
    assert f'href="{theirs.get_absolute_url()}"' not in html


def test_the_day_view_shows_only_my_own_rows(owner_client, user, stranger):
    mine = make_one_of_each(user)
    theirs = make_one_of_each(stranger)

    response = owner_client.get("/day/2026-03-02/")

    assert response.status_code == 200
    shown = {item.entry for item in response.context["timeline"]}
    assert shown == set(mine.values())
    html = response.content.decode()
    for row in theirs.values():
        assert f'href="{row.get_absolute_url()}?' not in html


def test_the_dashboard_shows_only_my_own_rows(owner_client, user, stranger):
    mine = make_one_of_each(user)
    make_one_of_each(stranger)
    make_entry("episodes", stranger, symptoms=["bladder_bowel"])

    response = owner_client.get("/")

    assert response.status_code == 200
    assert {item.entry for item in response.context["timeline"]} == set(mine.values())
    assert response.context["red_flags"] == []
