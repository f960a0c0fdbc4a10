"""The pages at phone width (390 x 844, an iPhone 12-14)."""

import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from diary.kinds import KINDS
from diary.models import (
    Alcohol,
    Caffeine,
    CheckIn,
    Episode,
    Exercise,
    Fluid,
    Medication,
    Sleep,
    Stress,
)

from .conftest import PHONE, today_in_new_york


@pytest.fixture
def one_of_each(diarist):
    """One entry of every kind, today, with the longest texts a person would type."""
    now = timezone.now().replace(second=0, microsecond=0)
    today = today_in_new_york()
    Episode.objects.create(
        user=diarist,
        started_at=now,
        side="both",
        muscle="quadriceps",
        intensity=8,
        duration_seconds=90,
        twitch_count=12,
        symptoms=["pain", "cramp", "twitching_elsewhere"],
        activity="after_exercise",
        notes="After a long drive",
    )
    Caffeine.objects.create(user=diarist, taken_at=now, mg=80, source="energy_drink")
    Fluid.objects.create(user=diarist, taken_at=now, ml=500, drink="electrolyte")
    Sleep.objects.create(user=diarist, date=today, hours=6.5, quality=2)
    Stress.objects.create(user=diarist, recorded_at=now, level=4, note="A deadline at work")
    Exercise.objects.create(
        user=diarist, started_at=now, minutes=45, intensity="vigorous", kind="Running intervals"
    )
    Alcohol.objects.create(user=diarist, taken_at=now, units=2.5)
    Medication.objects.create(
        user=diarist,
        name="Magnesium citrate",
        kind="supplement",
        category="magnesium",
        dose="200 mg twice a day",
        started_on=today,
        suspected=True,
    )
    CheckIn.objects.create(user=diarist, date=today, twitching=True, note="Twice, both small")


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the screen (0: no sideways scrolling)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def pages_too_wide(page: Page, paths) -> dict[str, int]:
    too_wide = {}
    for path in paths:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if overflow := sideways_overflow(page):
            too_wide[path] = overflow
    return too_wide


@pytest.mark.browser
def test_at_phone_width_the_menu_collapses_and_twitch_now_fits_on_screen(
    signed_in: Page, one_of_each
):
    page = signed_in
    page.set_viewport_size(PHONE)
    page.goto("/")

    menu = page.get_by_role("button", name="Menu")
    menu_panel = page.locator("#nav")
    today_link = menu_panel.get_by_role("link", name="Today", exact=True)
    expect(menu).to_be_visible()
    expect(today_link).to_be_hidden()
    menu.click()
    expect(menu_panel).to_have_class(re.compile(r"\bshow\b"))  # opened, animation over
    expect(today_link).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    menu.click()
    expect(today_link).to_be_hidden()

    twitch_now = page.get_by_role("button", name="Twitch now")
    expect(twitch_now).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    screenshot = os.environ.get("DASHBOARD_SCREENSHOT")  # e.g. /tmp/dashboard-phone.png
    if screenshot:
        page.screenshot(path=screenshot, full_page=True)


@pytest.mark.browser
def test_the_dashboard_day_view_profile_and_forms_fit_a_phone_screen(signed_in: Page, one_of_each):
    page = signed_in
    page.set_viewport_size(PHONE)
    paths = ["/", f"/day/{today_in_new_york().isoformat()}/", "/accounts/profile/"]
    paths += [kind.new_url for kind in KINDS]
    assert pages_too_wide(page, paths) == {}, "wider than a phone (path: extra pixels)"


@pytest.mark.browser
def test_the_history_pages_fit_a_phone_screen(signed_in: Page, one_of_each):
    page = signed_in
    page.set_viewport_size(PHONE)
    too_wide = pages_too_wide(page, [kind.list_url for kind in KINDS])
    assert too_wide == {}, "wider than a phone (path: extra pixels)"
