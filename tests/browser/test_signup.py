"""Signing up in a real browser: the browser's time zone becomes the profile's."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from .conftest import NEW_YORK, today_in_new_york

NEW_PASSWORD = "knee-diary-Lantern-47"


@pytest.mark.browser
def test_signing_up_lands_on_the_dashboard_in_the_browsers_time_zone(page: Page, live_server):
    page.goto("/accounts/signup/")
    # static/js/timezone.js fills the hidden field from the browser (the form's default is UTC).
    expect(page.locator("input[name=timezone]")).to_have_value(NEW_YORK)

    page.locator("input[name=username]").fill("newcomer")
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my diary").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Welcome to your Twitch Diary.")).to_be_visible()
    today = today_in_new_york()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Today, {today:%A} {today.day} {today:%B}"
    )
    user = get_user_model().objects.get(username="newcomer")
    assert user.check_password(NEW_PASSWORD)
    assert user.profile.timezone == NEW_YORK
