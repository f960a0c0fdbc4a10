"""A red-flag symptom: the urgency message is shown prominently once the episode is saved."""

import pytest
from playwright.sync_api import Page, expect

from diary.models import Episode
from twitchdiary.lib import clinical

EMERGENCY_MESSAGE = clinical.LEVEL_MESSAGES[clinical.Level.EMERGENCY]


@pytest.mark.browser
def test_saving_an_episode_with_a_red_flag_symptom_shows_the_emergency_message(
    signed_in: Page, diarist, live_server
):
    page = signed_in
    page.get_by_role("main").get_by_role("link", name="Twitch episode", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/episodes/new/")
    expect(page.locator("input[name=started_at]")).not_to_have_value("")  # defaults to now

    page.locator("select[name=side]").select_option("right")
    page.locator("select[name=muscle]").select_option("hamstring")
    page.locator("input[name=intensity]").fill("5")
    page.get_by_label("Loss of bladder or bowel control").check()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/")
    message = page.locator(".red-flag-message")
    expect(message).to_have_count(1)
    expect(message).to_have_attribute("role", "alert")
    expect(message).to_contain_text(EMERGENCY_MESSAGE)
    expect(message).to_be_in_viewport()  # no scrolling needed to see it
    above_content = message.evaluate(
        "el => Boolean(el.compareDocumentPosition(document.querySelector('h1')) "
        "& Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert above_content, "the message comes before the page's own heading"
    episode = Episode.objects.get(user=diarist)
    assert episode.symptoms == ["bladder_bowel"]
    assert episode.level == clinical.Level.EMERGENCY

    # The save's message is shown once; the dashboard keeps the red flag while it is recent.
    page.reload()
    expect(page.locator(".red-flag-message")).to_have_count(0)
    recent = page.locator(".red-flag-recent")
    expect(recent).to_contain_text("loss of bladder or bowel control")
    expect(recent).to_contain_text(EMERGENCY_MESSAGE)
