"""The app on the home screen and without a signal, in a real browser at phone width.

Install criteria: Chromium parses the manifest and a service worker controls the page.
Offline: taps and a check-in wait on the phone, say so, and reach the diary once, with
the time of the tap, when the network is back.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from diary.models import CheckIn, Episode, SubmissionKey

from .conftest import PHONE, today_in_new_york

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The other browser tests block the service worker (see conftest); these need it."""
    return {**browser_context_args, "service_workers": "allow"}


def wait_for_worker(page: Page) -> None:
    """Until the service worker controls the page and has kept Today and the forms."""
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_selector("html[data-offline=ready]", state="attached")


@pytest.fixture
def phone(signed_in: Page) -> Page:
    signed_in.set_viewport_size(PHONE)
    wait_for_worker(signed_in)
    return signed_in


def test_chromium_finds_the_app_installable(phone: Page, context):
    cdp = context.new_cdp_session(phone)

    manifest = cdp.send("Page.getAppManifest")
    installability = cdp.send("Page.getInstallabilityErrors")

    assert manifest["errors"] == []
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert '"display": "standalone"' in manifest["data"]
    # Playwright's contexts are like incognito windows, where Chromium never offers to
    # install; that is the only reason allowed (no icon, manifest or worker problem).
    reasons = {error["errorId"] for error in installability["installabilityErrors"]}
    assert reasons <= {"in-incognito"}
    state = phone.evaluate("navigator.serviceWorker.ready.then((r) => r.active.state)")
    assert state == "activated"


def test_taps_and_a_check_in_made_offline_reach_the_diary_once_with_their_times(
    phone: Page, context, diarist, browser_log
):
    page = phone
    context.set_offline(True)
    tapped = []
    for count in (1, 2, 3):
        tapped.append(dt.datetime.now(dt.UTC))
        page.get_by_role("button", name="Twitch now").click()
        expect(page.locator(".offline-waiting li")).to_have_count(count)
    page.goto("/checkins/new/")  # the phone's copy of the form
    # "Yes": a "no twitching" check-in on a day with twitches is refused (entries agree).
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Save check-in").click()

    waiting = page.locator(".offline-waiting")
    expect(waiting).to_contain_text("Saved on this phone — will sync")
    expect(waiting.locator("li")).to_have_count(4)
    expect(waiting).to_contain_text("Twitch now")
    assert Episode.objects.count() == 0
    assert CheckIn.objects.count() == 0

    context.set_offline(False)
    # Four posts to the live server, after the browser notices it is online: allow time.
    expect(page.locator(".offline-queue .alert-success")).to_contain_text(
        "4 entries", timeout=30_000
    )

    episodes = list(Episode.objects.filter(user=diarist).order_by("started_at"))
    assert len(episodes) == 3
    for episode, tap in zip(episodes, tapped, strict=True):
        assert abs(episode.started_at - tap) <= dt.timedelta(minutes=1)
    check_in = CheckIn.objects.get(user=diarist)
    assert (check_in.date, check_in.twitching) == (today_in_new_york(), True)
    assert SubmissionKey.objects.filter(user=diarist).count() == 4

    page.reload()
    expect(page.get_by_role("button", name="Twitch now")).to_be_visible()
    expect(page.locator(".offline-waiting")).to_have_count(0)
    assert Episode.objects.count() == 3
    assert CheckIn.objects.count() == 1
    # What failed while the network was off was the point of the test, not a fault.
    browser_log.problems = [p for p in browser_log.problems if "INTERNET_DISCONNECTED" not in p]


def test_an_entry_the_diary_refuses_stays_on_the_phone_with_the_reason_until_discarded(
    phone: Page, context, diarist, browser_log
):
    page = phone
    context.set_offline(True)
    page.goto("/checkins/new/")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.locator(".offline-waiting li")).to_have_count(1)
    # Meanwhile the same day was logged elsewhere (say on a laptop).
    CheckIn.objects.create(user=diarist, date=today_in_new_york(), twitching=False)

    context.set_offline(False)

    refused = page.locator(".offline-refused")
    expect(refused).to_contain_text("You already checked in for this date", timeout=30_000)
    page.reload()
    expect(refused).to_contain_text("You already checked in for this date")
    assert CheckIn.objects.get(user=diarist).twitching is False
    expect(refused.get_by_role("link", name="Change it")).to_have_attribute(
        "href", re.compile(r"^/checkins/new/\?.*twitching=yes.*#key=")
    )

    refused.get_by_role("button", name="Discard it").click()

    expect(refused).to_have_count(0)
    page.reload()
    expect(page.get_by_role("button", name="Twitch now")).to_be_visible()
    expect(refused).to_have_count(0)
    assert CheckIn.objects.count() == 1
    # The network off, and the diary's refusal (422): what the test is about, not faults.
    browser_log.problems = [
        p
        for p in browser_log.problems
        if "INTERNET_DISCONNECTED" not in p
        and not p.startswith("HTTP 422")
        and "status of 422" not in p
    ]
