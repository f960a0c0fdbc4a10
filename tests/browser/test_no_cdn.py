"""Every page loads from the app itself: no CDN, no request to any other host."""

import pytest
from playwright.sync_api import Page, expect

from diary.kinds import KINDS

from .conftest import PASSWORD, today_in_new_york


@pytest.mark.browser
def test_no_page_requests_any_host_but_the_app(page: Page, browser_log, live_server):
    page.goto("/accounts/signup/")
    page.locator("input[name=username]").fill("walker")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Create my diary").click()
    expect(page.get_by_role("heading", name="Today,")).to_be_visible()

    page.get_by_role("button", name="Twitch now").click()
    expect(page.locator("input[name=intensity]")).to_be_visible()
    for path in [
        "/",
        f"/day/{today_in_new_york().isoformat()}/",
        "/accounts/profile/",
        *(kind.new_url for kind in KINDS),
        *(kind.list_url for kind in KINDS),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Bootstrap came from the app and works: its CSS lays out the navbar, its JS is loaded.
    assert any(url.startswith(f"{live_server.url}/static/bootstrap/") for url in browser_log.urls)
    assert page.locator("nav.navbar").evaluate("el => getComputedStyle(el).display") == "flex"
    assert page.evaluate("typeof window.bootstrap") == "object"
    assert len(browser_log.urls) > 30
    foreign = browser_log.foreign_urls()
    assert foreign == [], f"requests to other hosts: {foreign}"
