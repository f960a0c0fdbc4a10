"""Share with a clinician: /reports/share/ makes and lists links, /reports/share/<pk>/revoke/
ends one, /s/<token>/ opens a read-only doctor report without an account."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import ShareLink, hash_token

from .page_helpers import NOW, TODAY, add_episode, forbidden_in, visible_text

pytestmark = pytest.mark.django_db

SHARE = "/reports/share/"
START = TODAY - dt.timedelta(weeks=8) + dt.timedelta(days=1)
INSIDE = TODAY - dt.timedelta(days=3)
BEFORE = TODAY - dt.timedelta(days=200)


def shown(day: dt.date) -> str:
    return day.strftime("%d %b %Y")


@pytest.fixture
def diary(user):
    """Episodes inside the shared period, and one well before it."""
    add_episode(user, INSIDE, 9)
    add_episode(user, INSIDE + dt.timedelta(days=1), 9)
    add_episode(user, BEFORE, 9, side="right", muscle="shin")
    return user


def make_link(client, **fields) -> tuple[ShareLink, str]:
    """POST the share form; returns the new link and the URL shown once."""
    data = {"start": START.isoformat(), "end": TODAY.isoformat(), "expires_days": "7", **fields}
    response = client.post(SHARE, data)
    assert response.status_code == 302, response.content
    assert response["Location"] == reverse("reports:share")
    page = client.get(SHARE)
    url = re.search(r'id="new-link"[^>]*value="([^"]+)"', page.content.decode()).group(1)
    return ShareLink.objects.latest("pk"), url


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


class Links(HTMLParser):
    """Every URL a page points at: links, forms, images, scripts, styles."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src", "action", "formaction"} and value:
                self.urls.append(value)


def test_it_makes_a_link_with_an_unguessable_token_and_keeps_only_its_hash(owner_client, user):
    link, url = make_link(owner_client)

    token = path_of(url).removeprefix("/s/").strip("/")
    assert path_of(url) == f"/s/{token}/"
    assert len(token) >= 43  # 32 random bytes, URL-safe base64: 256 bits
    assert link.user == user
    assert (link.start, link.end, link.paper) == (START, TODAY, "a4")
    assert link.token_hash == hash_token(token) != token
    assert token not in str(ShareLink.objects.values().get(pk=link.pk))
    assert link.expires_at == NOW + dt.timedelta(days=7)
    assert (link.open_count, link.last_opened_at, link.revoked_at) == (0, None, None)


def test_the_full_link_is_shown_once_only(owner_client):
    _, url = make_link(owner_client)
    again = owner_client.get(SHARE).content.decode()
    assert url not in again
    assert 'id="new-link"' not in again


def test_anyone_opens_the_shared_report_without_an_account(owner_client, diary):
    link, url = make_link(owner_client)

    response = Client().get(path_of(url))

    assert response.status_code == 200
    text = visible_text(response)
    assert "Twitch diary: summary for the doctor" in text
    assert shown(INSIDE) in text
    assert shown(BEFORE) not in text
    assert not forbidden_in(text)
    assert "Name not given" in text  # no display name: the login name stays private
    assert diary.get_username() not in text
    link.refresh_from_db()
    assert link.open_count == 1


def test_the_shared_page_is_kept_out_of_search_engines_caches_and_referrers(owner_client, diary):
    _, url = make_link(owner_client)

    response = Client().get(path_of(url))

    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_shared_page_points_nowhere_in_the_app(owner_client, diary):
    _, url = make_link(owner_client)

    response = Client().get(path_of(url))

    finder = Links()
    finder.feed(response.content.decode())
    elsewhere = [u for u in finder.urls if not u.startswith(("/static/", "data:"))]
    assert not elsewhere
    assert 'id="print-button"' in response.content.decode()
    assert "/static/js/print.js" in finder.urls


def test_the_query_string_cannot_reach_another_period(owner_client, diary):
    _, url = make_link(owner_client)
    other = (TODAY - dt.timedelta(days=230)).isoformat()

    response = Client().get(path_of(url), {"start": other, "end": TODAY.isoformat()})

    assert response.status_code == 200
    assert shown(BEFORE) not in visible_text(response)
    assert shown(INSIDE) in visible_text(response)


def test_it_counts_openings_and_stores_when_but_not_who(owner_client, diary, frozen_clock):
    link, url = make_link(owner_client)
    Client().get(path_of(url))
    frozen_clock.shift(dt.timedelta(hours=5))
    Client().get(path_of(url), REMOTE_ADDR="203.0.113.9")

    link.refresh_from_db()
    assert link.open_count == 2
    assert link.last_opened_at == NOW + dt.timedelta(hours=5)
    assert "203.0.113.9" not in str(ShareLink.objects.values().get(pk=link.pk))
    listing = visible_text(owner_client.get(SHARE))
    assert "2 times, last" in listing


def test_a_link_stops_opening_when_it_expires(owner_client, diary, frozen_clock):
    link, url = make_link(owner_client, expires_days="2")
    frozen_clock.shift(dt.timedelta(days=2) - dt.timedelta(seconds=1))
    assert Client().get(path_of(url)).status_code == 200

    frozen_clock.shift(dt.timedelta(seconds=1))
    response = Client().get(path_of(url))

    assert response.status_code == 404
    assert shown(INSIDE) not in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    link.refresh_from_db()
    assert link.open_count == 1
    assert "Expired" in visible_text(owner_client.get(SHARE))


def test_revoking_a_link_ends_it_at_once(owner_client, diary):
    link, url = make_link(owner_client)
    revoke = reverse("reports:share-revoke", args=[link.pk])

    response = owner_client.post(revoke)

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:share")
    link.refresh_from_db()
    assert link.revoked_at == NOW
    assert Client().get(path_of(url)).status_code == 404
    assert "End this link" not in owner_client.get(SHARE).content.decode()


def test_expired_revoked_and_unknown_tokens_get_the_same_page(owner_client, diary, frozen_clock):
    _, revoked_url = make_link(owner_client)
    owner_client.post(reverse("reports:share-revoke", args=[ShareLink.objects.latest("pk").pk]))
    _, expired_url = make_link(owner_client, expires_days="1")
    frozen_clock.shift(dt.timedelta(days=1))

    pages = [Client().get(path_of(u)) for u in (revoked_url, expired_url, "/s/" + "A" * 43 + "/")]

    assert {p.status_code for p in pages} == {404}
    assert len({p.content for p in pages}) == 1
    assert not forbidden_in(visible_text(pages[0]))


def test_a_stranger_cannot_revoke_or_see_someone_elses_link(owner_client, stranger_client, diary):
    link, url = make_link(owner_client)
    revoke = reverse("reports:share-revoke", args=[link.pk])

    assert stranger_client.get(revoke).status_code == 404
    assert stranger_client.post(revoke).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
    assert "End this link" not in stranger_client.get(SHARE).content.decode()
    assert Client().get(path_of(url)).status_code == 200


def test_the_list_shows_only_the_persons_own_links(owner_client, stranger, diary):
    ShareLink.create_for(stranger, start=START, end=TODAY, expires_days=3)
    make_link(owner_client)

    listing = owner_client.get(SHARE)

    assert list(listing.context["links"]) == list(ShareLink.objects.filter(user=diary))


def test_making_and_listing_links_needs_an_account(user):
    anonymous = Client()
    data = {"start": START.isoformat(), "end": TODAY.isoformat(), "expires_days": "7"}
    for response in (anonymous.get(SHARE), anonymous.post(SHARE, data)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"expires_days": "0"}, "expires_days", "Choose between 1 and 28 days (4 weeks)."),
        ({"expires_days": "29"}, "expires_days", "Choose between 1 and 28 days (4 weeks)."),
        ({"expires_days": "a week"}, "expires_days", "Enter a whole number of days, from 1 to 28."),
        ({"expires_days": ""}, "expires_days", "Enter how many days the link should work"),
        (
            {"start": TODAY.isoformat(), "end": (TODAY - dt.timedelta(days=1)).isoformat()},
            "end",
            "The end date is before the start date.",
        ),
        (
            {"start": (TODAY - dt.timedelta(days=366)).isoformat()},
            "start",
            "A shared report covers at most one year",
        ),
        (
            {"end": (TODAY + dt.timedelta(days=1)).isoformat()},
            "end",
            "The end date cannot be after today.",
        ),
    ],
)
def test_the_form_says_what_to_fix(owner_client, fields, field, message):
    data = {"start": START.isoformat(), "end": TODAY.isoformat(), "expires_days": "7", **fields}

    response = owner_client.post(SHARE, data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not ShareLink.objects.exists()


def test_a_year_and_four_weeks_are_accepted(owner_client):
    start = TODAY - dt.timedelta(days=365)
    link, _ = make_link(owner_client, start=start.isoformat(), expires_days="28")
    assert (link.start, link.expires_at) == (start, NOW + dt.timedelta(days=28))


def test_the_doctor_report_and_the_profile_lead_to_sharing(owner_client):
    doctor = owner_client.get(reverse("reports:doctor")).content.decode()
    assert f'action="{SHARE}"' in doctor
    assert 'name="expires_days"' in doctor
    profile = owner_client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{SHARE}"' in profile


def test_the_doctor_report_shares_its_own_period(owner_client, diary):
    start = TODAY - dt.timedelta(days=13)
    page = owner_client.get(reverse("reports:doctor"), {"start": start.isoformat()})
    form = re.search(
        r'<form method="post" action="/reports/share/".*?</form>', page.content.decode(), re.S
    )
    fields = dict(re.findall(r'name="(start|end|paper)" value="([^"]+)"', form.group(0)))
    assert fields == {"start": start.isoformat(), "end": TODAY.isoformat(), "paper": "a4"}


def make_link_with_code(client) -> tuple[ShareLink, str, str]:
    data = {
        "start": START.isoformat(),
        "end": TODAY.isoformat(),
        "expires_days": "7",
        "with_code": "on",
    }
    assert client.post(SHARE, data).status_code == 302
    page = client.get(SHARE).content.decode()
    url = re.search(r'id="new-link"[^>]*value="([^"]+)"', page).group(1)
    code = re.search(r'id="new-code">(\d{6})<', page).group(1)
    return ShareLink.objects.latest("pk"), path_of(url), code


def test_a_link_with_a_code_shows_nothing_until_the_code_is_given(owner_client, diary):
    link, url, code = make_link_with_code(owner_client)
    assert link.code_hash and code not in link.code_hash
    clinician = Client()

    asked = clinician.get(url)
    assert asked.status_code == 200
    assert "Enter the code" in visible_text(asked)
    assert not forbidden_in(visible_text(asked))
    assert shown(INSIDE) not in visible_text(asked)
    assert asked["X-Robots-Tag"] == "noindex" and asked["Referrer-Policy"] == "no-referrer"

    given = clinician.post(url, {"code": code})
    assert given.status_code == 302 and given["Location"] == url
    report = clinician.get(url)
    assert shown(INSIDE) in visible_text(report)
    link.refresh_from_db()
    assert (link.open_count, link.failed_codes) == (1, 0)
    # Another browser still needs the code.
    assert shown(INSIDE) not in visible_text(Client().get(url))


def test_five_wrong_codes_end_the_link(owner_client, diary):
    link, url, code = make_link_with_code(owner_client)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    clinician = Client()

    first = clinician.post(url, {"code": wrong})
    assert first.status_code == 200
    assert "That code is not right. Tries left: 4." in visible_text(first)
    for _ in range(3):
        clinician.post(url, {"code": wrong})
    last = clinician.post(url, {"code": wrong})

    assert last.status_code == 404
    assert clinician.post(url, {"code": code}).status_code == 404
    link.refresh_from_db()
    assert link.failed_codes == 5
    assert link.revoked_at == NOW
    assert "after 5 wrong codes" in visible_text(owner_client.get(SHARE))


def test_a_code_that_is_not_six_digits_is_not_counted(owner_client, diary):
    link, url, _ = make_link_with_code(owner_client)
    response = Client().post(url, {"code": "12ab"})
    assert "Enter the 6 digits of the code." in visible_text(response)
    link.refresh_from_db()
    assert link.failed_codes == 0


def test_making_and_ending_links_need_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    link, _, _ = ShareLink.create_for(user, start=START, end=TODAY, expires_days=3)
    data = {"start": START.isoformat(), "end": TODAY.isoformat(), "expires_days": "7"}

    assert client.post(SHARE, data).status_code == 403
    assert client.post(reverse("reports:share-revoke", args=[link.pk])).status_code == 403

    assert list(ShareLink.objects.all()) == [link]
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_urls_are_the_ones_the_issue_names():
    assert reverse("reports:share") == "/reports/share/"
    assert reverse("reports:share-revoke", args=[12]) == "/reports/share/12/revoke/"
    assert reverse("reports:shared", args=["abc"]) == "/s/abc/"
