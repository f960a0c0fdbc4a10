"""Every URL that takes an id, for every model: a stranger gets 404 and the row is unchanged.

The sweep walks the project's URLconf, so a URL added later is covered without
editing this file, or, if the sweep cannot tell which model its id selects,
the test fails and says so.
"""

import pytest
from django.test import Client
from django.urls import reverse

from diary.kinds import KINDS, KINDS_BY_SLUG
from diary.models import Caffeine
from reports.models import ShareLink
from tests.factories import CHANGED_POST, make_row, snapshot

from .urlwalk import walk

# Staff-only; covered by test_the_admin_is_closed_to_a_signed_in_stranger below.
EXEMPT_NAMESPACES = {"admin"}
# URLs whose id selects a row that is not a diary entry: name -> model.
OTHER_ROUTES = {"reports:share-revoke": ShareLink}


def _model_for(route):
    """The model whose row the route's id selects, or None if the sweep does not know."""
    kind = KINDS_BY_SLUG.get(route.default_args.get("slug"))
    if kind and set(route.params) == {"pk"}:
        return kind.model
    if route.name in OTHER_ROUTES and set(route.params) == {"pk"}:
        return OTHER_ROUTES[route.name]
    return None


def _id_routes():
    return [
        route
        for route in walk()
        if route.id_params and not EXEMPT_NAMESPACES.intersection(route.namespaces)
    ]


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_every_url_with_an_id_is_known_to_the_sweep():
    unknown = [
        f"/{route.route} (name {route.name})" for route in _id_routes() if not _model_for(route)
    ]
    assert not unknown, (
        "These URLs take an id the isolation sweep cannot map to a model; add this URL to "
        "the sweep (tests/security/test_isolation_sweep.py, _model_for): " + ", ".join(unknown)
    )


def test_a_stranger_gets_404_on_every_url_with_an_id_and_the_row_is_unchanged(user, stranger):
    owner, intruder = _client_for(user), _client_for(stranger)
    routes = [route for route in _id_routes() if _model_for(route)]
    failures = []
    for n, route in enumerate(routes):
        model = _model_for(route)
        row = make_row(model, user, n)
        url = reverse(route.name, kwargs={"pk": row.pk})
        before = snapshot(row)

        get = intruder.get(url)
        post = intruder.post(url, CHANGED_POST[model])
        if get.status_code != 404:
            failures.append(f"GET {url} as a stranger: {get.status_code}")
        if post.status_code != 404:
            failures.append(f"POST {url} as a stranger: {post.status_code}")
        if snapshot(row) != before:
            failures.append(f"{url}: the stranger's requests changed the row")

        # Control: the same requests succeed for the owner, so a 404 above means something.
        own = make_row(model, user, n + len(routes))
        own_url = reverse(route.name, kwargs={"pk": own.pk})
        own_before = snapshot(own)
        assert owner.get(own_url).status_code == 200, own_url
        assert owner.post(own_url, CHANGED_POST[model]).status_code == 302, own_url
        assert snapshot(own) != own_before, f"{own_url}: the owner's POST did not change the row"

    print(f"\nIsolation sweep: {len(routes)} URLs with an id, GET and POST as a stranger")
    assert not failures, "\n".join(failures)
    swept_models = {_model_for(route) for route in routes}
    assert swept_models == {kind.model for kind in KINDS} | set(OTHER_ROUTES.values())
    assert len(routes) >= 2 * len(KINDS)  # edit and delete for each kind, at least


def test_a_stranger_cannot_see_that_a_row_exists(user, stranger):
    """The 404 for someone else's row is the same as for a row that was never there."""
    row = make_row(Caffeine, user)
    intruder = _client_for(stranger)
    theirs = intruder.get(reverse("diary:caffeine-edit", kwargs={"pk": row.pk}))
    missing = intruder.get(reverse("diary:caffeine-edit", kwargs={"pk": row.pk + 1000}))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_admin_is_closed_to_a_signed_in_stranger(method, user, stranger):
    row = make_row(Caffeine, user)
    before = snapshot(row)
    url = reverse("admin:diary_caffeine_change", args=[row.pk])
    response = getattr(_client_for(stranger), method)(url, {"mg": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert snapshot(row) == before
