"""Every page carries the security headers, and no page needs inline script or style."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from diary.kinds import KINDS_BY_SLUG
from tests.conftest import PASSWORD
from tests.factories import make_row

from .urlwalk import walk

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def parse_policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, styles and handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in DATA_SCRIPT_TYPES:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            elif name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
            elif name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


def _page_urls(user):
    """A URL for every page of the site outside the admin, with a row where one is needed."""
    urls = []
    for n, route in enumerate(walk()):
        if route.name is None or "admin" in route.namespaces:
            continue
        kwargs = {}
        if "pk" in route.params and route.default_args.get("slug") in KINDS_BY_SLUG:
            kwargs["pk"] = make_row(KINDS_BY_SLUG[route.default_args["slug"]].model, user, n).pk
        if "day" in route.params:
            kwargs["day"] = dt.date(2025, 3, 10)
        try:
            urls.append(reverse(route.name, kwargs=kwargs))
        except NoReverseMatch:
            continue  # e.g. a password-reset link: covered by the pages that lead to it
    return urls


@pytest.fixture
def pages(user):
    """(client label, client, url) for each page, signed in and signed out."""
    owner = Client()
    owner.force_login(user)
    urls = _page_urls(user)
    return [("owner", owner, url) for url in urls] + [("anonymous", Client(), url) for url in urls]


def _html_pages(pages):
    for label, client, url in pages:
        response = client.get(url)
        assert response.status_code < 500, (label, url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            yield label, url, response


def test_every_page_sends_a_strict_content_security_policy(pages):
    checked = 0
    for label, url, response in _html_pages(pages):
        policy = parse_policy(response["Content-Security-Policy"])
        for directive, values in EXPECTED_POLICY.items():
            assert policy.get(directive) == values, (label, url, directive, policy)
        assert "'unsafe-inline'" not in policy.get("script-src", [])
        assert "'unsafe-eval'" not in policy.get("script-src", [])
        checked += 1
    print(f"\nCSP checked on {checked} pages")
    assert checked >= 20


def test_every_page_refuses_framing_and_keeps_the_referrer_on_site(pages):
    for label, url, response in _html_pages(pages):
        assert response["X-Frame-Options"] == "DENY", (label, url)
        assert response["Referrer-Policy"] == "same-origin", (label, url)
        assert response["X-Content-Type-Options"] == "nosniff", (label, url)
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", (label, url)


def test_no_page_needs_inline_script_or_style(pages):
    problems = []
    for label, url, response in _html_pages(pages):
        finder = InlineFinder()
        finder.feed(response.content.decode())
        problems += [f"{url} ({label}): {found}" for found in finder.found]
    assert not problems, "\n".join(problems)


def test_every_signed_in_page_offers_logging_out(pages):
    """Every page of the site's layout; standalone documents (a printable report) are not."""
    logout = reverse("logout")
    checked = 0
    for label, url, response in _html_pages(pages):
        in_layout = "base.html" in {template.name for template in response.templates}
        if label == "owner" and response.wsgi_request.user.is_authenticated and in_layout:
            assert f'action="{logout}"' in response.content.decode(), url
            checked += 1
    assert checked >= 20


def test_the_policy_finder_spots_inline_content():
    """Control for the test above: the finder is not blind."""
    finder = InlineFinder()
    finder.feed(
        '<script>alert(1)</script><p style="color:red" onclick="x()">'
        '<a href="javascript:alert(1)">x</a><style>p{}</style>'
        '<script src="/static/a.js"></script><script type="application/json">{}</script>'
    )
    assert len(finder.found) == 5


@override_settings(SESSION_COOKIE_AGE=600)
def test_the_session_cookie_is_http_only_same_site_and_expires_as_configured(user):
    client = Client()
    response = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 600
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_logging_out_ends_the_session_on_the_server(user):
    client = Client()
    client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    old_session = client.cookies["sessionid"].value
    assert client.get(reverse("diary:dashboard")).status_code == 200

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    dashboard = client.get(reverse("diary:dashboard"))
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=old_session).exists()

    # A copy of the old cookie (another tab, a stolen cookie) no longer signs anyone in.
    replay = Client()
    replay.cookies["sessionid"] = old_session
    assert replay.get(reverse("diary:dashboard")).status_code == 302
