"""Logging in a real browser: "Twitch now", its details, and caffeine presets."""

import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from diary.models import Caffeine, Episode

from .conftest import NEW_YORK, today_in_new_york


def logged_today(page: Page):
    return page.get_by_role("region", name="Logged today")


def save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


@pytest.mark.browser
def test_twitch_now_saves_an_episode_in_one_tap_and_its_details_can_follow(
    signed_in: Page, diarist
):
    page = signed_in
    page.get_by_role("button", name="Twitch now").click()

    expect(page).to_have_url(re.compile(r"/episodes/\d+/edit/\?next=/$"))
    episode = Episode.objects.get(user=diarist)
    assert page.url.endswith(f"/episodes/{episode.pk}/edit/?next=/")
    assert episode.intensity is None  # saved by the tap alone, before any detail
    local = episode.started_at.astimezone(ZoneInfo(NEW_YORK))
    expect(page.get_by_text(f"Twitch saved at {local:%H:%M}.")).to_be_visible()
    expect(page.locator("input[name=started_at]")).to_have_value(f"{local:%Y-%m-%dT%H:%M}")

    page.locator("select[name=side]").select_option("left")
    page.locator("select[name=muscle]").select_option(label="Calf")
    page.locator("input[name=intensity]").fill("6")
    page.get_by_label("Cramp", exact=True).check()
    save(page)

    expect(page.get_by_text("Updated your twitch episode.")).to_be_visible()
    episode.refresh_from_db()
    assert (episode.side, episode.muscle, episode.intensity, episode.symptoms) == (
        "left",
        "calf",
        6,
        ["cramp"],
    )
    assert Episode.objects.filter(user=diarist).count() == 1  # the details updated it

    page.get_by_role("link", name="Today", exact=True).click()
    expect(logged_today(page).locator("li.kind-episodes")).to_contain_text(
        "Twitch: left calf, intensity 6/10 — with cramp"
    )


@pytest.mark.browser
def test_caffeine_presets_log_a_coffee_in_one_tap_and_fill_the_amount_in_the_form(
    signed_in: Page, diarist, live_server
):
    page = signed_in
    mg = {key: mg for key, _label, mg in diarist.profile.caffeine_presets()}

    page.get_by_role("button", name="Coffee").click()

    expect(page.get_by_text(f"Logged coffee, {mg['coffee']} mg caffeine.")).to_be_visible()
    expect(logged_today(page).locator("li.kind-caffeine")).to_contain_text(
        f"Coffee, {mg['coffee']} mg caffeine"
    )
    assert list(Caffeine.objects.filter(user=diarist).values_list("source", "mg")) == [
        ("coffee", mg["coffee"])
    ]

    page.goto("/caffeine/new/")
    amount = page.locator("input[name=mg]")
    expect(amount).to_have_value("")
    page.get_by_role("link", name=f"Espresso {mg['espresso']} mg").click()
    expect(amount).to_have_value(str(mg["espresso"]))
    expect(page.locator("select[name=source]")).to_have_value("espresso")
    save(page)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Saved your caffeine entry.")).to_be_visible()
    expect(logged_today(page).locator("li.kind-caffeine")).to_have_count(2)
    expect(logged_today(page)).to_contain_text(f"Espresso, {mg['espresso']} mg caffeine")
    assert sorted(Caffeine.objects.filter(user=diarist).values_list("source", "mg")) == [
        ("coffee", mg["coffee"]),
        ("espresso", mg["espresso"]),
    ]


@pytest.mark.browser
def test_a_twitch_and_a_coffee_show_on_the_dashboard_and_on_the_day_view(
    signed_in: Page, diarist, live_server
):
    page = signed_in
    page.get_by_role("button", name="Twitch now").click()
    page.locator("select[name=side]").select_option("right")
    page.locator("select[name=muscle]").select_option("quadriceps")
    page.locator("input[name=intensity]").fill("4")
    save(page)
    expect(page.get_by_text("Updated your twitch episode.")).to_be_visible()
    page.get_by_role("link", name="Today", exact=True).click()
    page.get_by_role("button", name="Coffee").click()
    expect(page.get_by_text("Logged coffee")).to_be_visible()

    twitch = "Twitch: right front of thigh, intensity 4/10"
    coffee = f"Coffee, {diarist.profile.coffee_mg} mg caffeine"
    today = today_in_new_york()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Today, {today:%A} {today.day} {today:%B}"
    )
    expect(logged_today(page).locator("li.kind-episodes")).to_contain_text(twitch)
    expect(logged_today(page).locator("li.kind-caffeine")).to_contain_text(coffee)

    page.get_by_role("main").get_by_role("link", name="Day view").click()

    expect(page).to_have_url(f"{live_server.url}/day/{today.isoformat()}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{today:%A} {today.day} {today:%B %Y}"
    )
    timeline = page.locator("ul.timeline")
    expect(timeline.locator("li")).to_have_count(2)
    expect(timeline.locator("li.kind-episodes")).to_contain_text(twitch)
    expect(timeline.locator("li.kind-caffeine")).to_contain_text(coffee)
