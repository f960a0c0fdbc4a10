"""Nothing a signed-in person sees is kept by a browser or a proxy: every page and
download says `Cache-Control: no-store, private`; static files stay cacheable.

The sweep walks the project's URLconf, so a page added later is covered without editing this
file."""

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from diary.kinds import KINDS_BY_SLUG
from reports.chart_names import CHARTS
from tests.factories import make_row

from .urlwalk import walk

PRIVATE = {"no-store", "private"}
# A period that holds the rows make_row writes (March 2025), so charts have something to draw.
PERIOD = "?start=2025-02-01&end=2025-03-31"


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def signed_in_urls(user) -> list[str]:
    """A URL for every page and download outside the admin, with rows to show."""
    urls = []
    for n, route in enumerate(walk()):
        if route.name is None or "admin" in route.namespaces:
            continue
        kind = KINDS_BY_SLUG.get(route.default_args.get("slug"))
        kwargs_list = [{}]
        if kind:  # every history has a row to show, every edit page its own
            row = make_row(kind.model, user, n)
            if "pk" in route.params:
                kwargs_list = [{"pk": row.pk}]
        elif "day" in route.params:
            kwargs_list = [{"day": dt.date(2025, 3, 10)}]
        elif "name" in route.params:
            kwargs_list = [{"name": name} for name in CHARTS]
        for kwargs in kwargs_list:
            try:
                url = reverse(route.name, kwargs=kwargs)
            except NoReverseMatch:
                continue  # a password-reset link: no diary data, never signed in
            urls.append(url + PERIOD if url.startswith("/reports/") else url)
    return urls


@pytest.mark.slow
def test_every_page_and_download_for_a_signed_in_person_says_no_store(user):
    client = Client()
    client.force_login(user)
    shown, problems = {}, []
    for url in signed_in_urls(user):
        if url == reverse("logout"):
            continue  # GET is refused there, and it ends the session
        response = client.get(url)
        assert response.status_code < 500, url
        if not directives(response) >= PRIVATE or "max-age" in response.get("Cache-Control", ""):
            problems.append(f"{url}: {response.status_code} {response.get('Cache-Control')}")
        if response.status_code == 200:
            shown[url] = response["Content-Type"].split(";")[0]
    assert problems == [], "\n".join(problems)
    # The sweep saw every kind of thing that shows diary data.
    assert len(shown) >= 40
    assert {"text/html", "application/pdf", "text/csv", "image/svg+xml"} <= set(shown.values())
    assert any(url.startswith("/export/json") for url in shown)
    assert any(url.startswith("/export/csv") for url in shown)
    assert any(url.startswith("/reports/chart/") for url in shown)


def test_a_form_post_answer_is_private_too(owner_client):
    response = owner_client.post(reverse("diary:episodes-new"), {})

    assert response.status_code == 200  # the form again, with its errors and what was typed
    assert directives(response) == PRIVATE


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=False)
@pytest.mark.django_db
def test_static_files_stay_cacheable_for_a_signed_in_person(user):
    client = Client()  # a new client loads WhiteNoise with the settings above
    client.force_login(user)

    response = client.get("/static/css/app.css")

    assert response.status_code == 200
    assert "no-store" not in directives(response)
    assert "public" in directives(response)
