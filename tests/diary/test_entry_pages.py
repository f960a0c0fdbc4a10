"""Create, edit and delete every kind of entry through its pages."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from diary.kinds import KINDS, KINDS_BY_SLUG
from tests.factories import EDIT_POST, EDITED, STORED, VALID_POST, make_entry, post_data, snapshot

pytestmark = pytest.mark.django_db

KIND_IDS = [kind.slug for kind in KINDS]


def assert_row_holds(row, expected: dict):
    row.refresh_from_db()
    for field, value in expected.items():
        assert getattr(row, field) == value, field


def test_every_kind_has_test_data():
    # A new kind must come with data here, so that every sweep below covers it.
    for table in (VALID_POST, STORED, EDIT_POST, EDITED):
        assert set(table) == set(KINDS_BY_SLUG)


def test_the_contract_urls_are_the_ones_the_kinds_serve():
    assert set(KINDS_BY_SLUG) == {
        "episodes",
        "caffeine",
        "fluids",
        "sleep",
        "stress",
        "exercise",
        "alcohol",
        "medications",
        "checkins",
    }
    assert reverse("diary:caffeine-new") == "/caffeine/new/"
    assert reverse("diary:checkins-edit", args=[3]) == "/checkins/3/edit/"
    assert reverse("diary:medications-delete", args=[3]) == "/medications/3/delete/"
    assert reverse("diary:day", args=["2026-03-01"]) == "/day/2026-03-01/"


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_the_new_entry_form_shows_the_contract_fields(owner_client, kind):
    response = owner_client.get(f"/{kind.slug}/new/")

    assert response.status_code == 200
    html = response.content.decode()
    for name in VALID_POST[kind.slug]:
        assert f'name="{name}"' in html, name


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_it_creates_an_entry_from_the_contract_fields(owner_client, user, kind):
    response = owner_client.post(f"/{kind.slug}/new/", VALID_POST[kind.slug])

    assert response.status_code == 302
    assert response.url == reverse("diary:dashboard")
    row = kind.model.objects.get()
    assert row.user == user
    assert_row_holds(row, STORED[kind.slug])


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_it_confirms_the_save_on_the_next_page(owner_client, kind):
    response = owner_client.post(f"/{kind.slug}/new/", VALID_POST[kind.slug], follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert f"Saved your {kind.noun}." in [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_it_edits_an_entry(owner_client, user, kind):
    row = make_entry(kind.slug, user)
    url = f"/{kind.slug}/{row.pk}/edit/"

    page = owner_client.get(url)
    response = owner_client.post(url, post_data(kind.slug, **EDIT_POST[kind.slug]))

    assert page.status_code == 200
    assert page.context["form"].instance == row
    assert response.status_code == 302
    assert response.url == f"/{kind.slug}/"
    assert kind.model.objects.count() == 1
    assert_row_holds(row, EDITED[kind.slug])


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_the_delete_page_asks_first_and_deletes_nothing(owner_client, user, kind):
    row = make_entry(kind.slug, user)
    before = snapshot(row)

    response = owner_client.get(f"/{kind.slug}/{row.pk}/delete/")

    assert response.status_code == 200
    assert escape(f"Delete this {kind.noun}?") in response.content.decode()
    assert snapshot(row) == before


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_it_deletes_an_entry_on_post(owner_client, user, stranger, kind):
    row = make_entry(kind.slug, user)
    kept = make_entry(kind.slug, stranger)

    response = owner_client.post(f"/{kind.slug}/{row.pk}/delete/")

    assert response.status_code == 302
    assert response.url == f"/{kind.slug}/"
    assert list(kind.model.objects.all()) == [kept]


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_anonymous_visitors_are_sent_to_log_in_and_save_nothing(client, kind):
    for url in (f"/{kind.slug}/", f"/{kind.slug}/new/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=")

    response = client.post(f"/{kind.slug}/new/", VALID_POST[kind.slug])

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not kind.model.objects.exists()


def test_a_user_field_in_the_post_is_ignored(owner_client, user, stranger):
    response = owner_client.post("/caffeine/new/", post_data("caffeine", user=stranger.pk))

    assert response.status_code == 302
    assert KINDS_BY_SLUG["caffeine"].model.objects.get().user == user


def test_it_returns_to_a_local_next_page_after_saving(owner_client):
    response = owner_client.post("/caffeine/new/", post_data("caffeine", next="/day/2026-03-02/"))

    assert response.status_code == 302
    assert response.url == "/day/2026-03-02/"


def test_it_ignores_a_next_page_on_another_site(owner_client, user):
    row = make_entry("caffeine", user)

    saved = owner_client.post("/caffeine/new/", post_data("caffeine", next="https://evil.test/"))
    deleted = owner_client.post(
        f"/caffeine/{row.pk}/delete/", {"next": "//evil.test/phish"}, follow=False
    )

    assert saved.url == "/"
    assert deleted.url == "/caffeine/"


def test_the_new_entry_form_takes_preset_values_from_the_query_string(owner_client):
    response = owner_client.get("/caffeine/new/?source=espresso&mg=63&bogus=1")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["source"] == "espresso"
    assert form.initial["mg"] == "63"
    assert "bogus" not in form.initial
    assert not KINDS_BY_SLUG["caffeine"].model.objects.exists()


def test_an_unknown_entry_id_is_a_404(owner_client):
    assert owner_client.get("/episodes/999999/edit/").status_code == 404
    assert owner_client.post("/episodes/999999/delete/").status_code == 404
