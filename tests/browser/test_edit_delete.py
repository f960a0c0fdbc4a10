"""Editing and deleting entries in a real browser."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from diary.models import Caffeine, Episode


@pytest.fixture
def twitch_and_coffee(diarist):
    now = timezone.now().replace(second=0, microsecond=0)
    episode = Episode.objects.create(
        user=diarist, started_at=now, side="left", muscle="calf", intensity=3
    )
    coffee = Caffeine.objects.create(user=diarist, taken_at=now, mg=95, source="coffee")
    return episode, coffee


@pytest.mark.browser
def test_editing_an_episode_from_the_dashboard_changes_its_intensity(
    signed_in: Page, twitch_and_coffee, live_server
):
    page = signed_in
    episode, _coffee = twitch_and_coffee
    page.goto("/")
    row = page.get_by_role("region", name="Logged today").locator("li.kind-episodes")
    expect(row).to_contain_text("Twitch: left calf, intensity 3/10")

    row.get_by_role("link", name="Edit").click()

    expect(page).to_have_url(re.compile(rf"/episodes/{episode.pk}/edit/\?next="))
    intensity = page.locator("input[name=intensity]")
    expect(intensity).to_have_value("3")
    intensity.fill("7")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/")  # back where the edit started
    expect(page.get_by_text("Updated your twitch episode.")).to_be_visible()
    expect(row).to_contain_text("Twitch: left calf, intensity 7/10")
    episode.refresh_from_db()
    assert (episode.intensity, episode.side, episode.muscle) == (7, "left", "calf")


@pytest.mark.browser
def test_deleting_an_entry_asks_first_and_then_it_is_gone(
    signed_in: Page, twitch_and_coffee, live_server
):
    page = signed_in
    episode, coffee = twitch_and_coffee
    page.goto("/")
    today_list = page.get_by_role("region", name="Logged today")
    today_list.locator("li.kind-caffeine").get_by_role("link", name="Edit").click()
    page.get_by_role("link", name="Delete this caffeine entry").click()

    expect(page.get_by_role("heading", name="Delete this caffeine entry?")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Coffee, 95 mg caffeine")
    assert Caffeine.objects.filter(pk=coffee.pk).exists()  # asking deletes nothing

    page.get_by_role("link", name="Keep it").click()
    expect(page).to_have_url(f"{live_server.url}/caffeine/")
    expect(page.get_by_role("table")).to_contain_text("95")
    assert Caffeine.objects.filter(pk=coffee.pk).exists()

    page.get_by_role("table").get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete this caffeine entry?")).to_be_visible()
    page.get_by_role("main").get_by_role("button", name="Delete", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/caffeine/")
    expect(page.get_by_text("Deleted the caffeine entry.")).to_be_visible()
    expect(page.get_by_text("No caffeine logged.")).to_be_visible()
    assert not Caffeine.objects.filter(pk=coffee.pk).exists()
    assert Episode.objects.filter(pk=episode.pk).exists()

    page.get_by_role("link", name="Today", exact=True).click()
    expect(today_list.locator("li.kind-caffeine")).to_have_count(0)
    expect(today_list.locator("li.kind-episodes")).to_have_count(1)
