"""The newcomer story in a real browser: after three weeks of twitching, the first day of
the diary already shows the GP flag, with the recalled onset named (clinical rules §3)."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from diary.models import Onset

from .conftest import today_in_new_york


def log_twitch(page: Page, day: dt.date | None, *, first_noticed: dt.date, question: str) -> None:
    """Log a twitch on ``day`` at 09:00 (None: now, as the form suggests)."""
    page.goto("/episodes/new/")
    if day is not None:
        page.locator("input[name=started_at]").fill(f"{day:%Y-%m-%d}T09:00")
    expect(page.get_by_label(question)).to_have_value(f"{today_in_new_york():%Y-%m-%d}")
    page.get_by_label(question).fill(f"{first_noticed:%Y-%m-%d}")
    page.locator("select[name=side]").select_option("left")
    page.locator("select[name=muscle]").select_option(label="Calf")
    page.locator("input[name=intensity]").fill("4")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved your twitch episode.")).to_be_visible()


@pytest.mark.browser
def test_the_newcomer_sees_the_gp_flag_on_the_first_day_with_the_recalled_onset(
    signed_in: Page, diarist
):
    page = signed_in
    today = today_in_new_york()
    began = today - dt.timedelta(days=21)

    log_twitch(
        page, began, first_noticed=began, question="When did you first notice this twitching?"
    )
    log_twitch(
        page,
        None,
        first_noticed=began,
        question="Is this new, or has it been going on? Since when?",
    )

    page.goto("/")
    clock = page.locator(".persistence-clock")
    expect(clock).to_contain_text(f"for 22 days since {began:%d %b %Y} (when you first noticed it)")
    expect(clock).to_contain_text("The NHS advises seeing a GP")
    assert Onset.objects.filter(user=diarist, first_noticed=began).exists()
