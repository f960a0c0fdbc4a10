"""Sharing the doctor report in a real browser: made from the doctor report, copied, and
opened by a clinician's browser without an account (the Print button works without any
inline script; the page asks for nothing but the app's static files)."""

from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from diary.synthetic import generate

from .conftest import NEW_YORK, today_in_new_york

pytestmark = pytest.mark.browser


def test_a_link_made_from_the_doctor_report_opens_without_an_account(
    signed_in: Page, diarist, browser, live_server
):
    generate(user=diarist, tz=ZoneInfo(NEW_YORK), end=today_in_new_york(), days=21)
    page = signed_in
    page.goto("/reports/doctor/")
    page.get_by_text("Share a link with a clinician").click()
    page.get_by_label("The link works for (days, 1 to 28)").fill("3")
    page.get_by_role("button", name="Make a link to this report").click()

    expect(page.get_by_role("heading", name="Your new link")).to_be_visible()
    expect(page.get_by_role("button", name="Copy")).to_be_visible()
    url = page.locator("#new-link").input_value()
    assert url.startswith(f"{live_server.url}/s/")
    expect(page.get_by_role("button", name="End this link")).to_be_visible()

    clinician = browser.new_context(base_url=live_server.url)
    problems = []
    clinician.on("console", lambda m: m.type == "error" and problems.append(m.text))
    clinician.on("weberror", lambda e: problems.append(str(e.error)))
    shared = clinician.new_page()
    response = shared.goto(url)
    assert response.status == 200
    expect(
        shared.get_by_role("heading", name="Twitch diary: summary for the doctor")
    ).to_be_visible()
    expect(shared.get_by_role("button", name="Print")).to_be_visible()
    assert shared.locator("a[href]").count() == 0
    assert problems == []
    clinician.close()

    page.reload()
    expect(page.get_by_text("1 time, last")).to_be_visible()
