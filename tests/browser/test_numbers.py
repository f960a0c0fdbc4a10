"""Numbers typed on a phone are stored as meant, or refused next to the field.

Each test types into the real text inputs at 390 px, submits, and checks the database;
the last one is the "no twitching" day met by a logged twitch.
"""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from diary.models import Alcohol, Caffeine, CheckIn, Episode, Sleep

from .conftest import PHONE, today_in_new_york

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(signed_in: Page) -> Page:
    signed_in.set_viewport_size(PHONE)
    return signed_in


def save(page: Page, name: str = "Save") -> None:
    page.get_by_role("button", name=name, exact=True).click()


def test_alcohol_units_typed_with_a_decimal_comma_are_one_and_a_half(phone: Page, diarist):
    phone.goto("/alcohol/new/")
    phone.locator("input[name=units]").fill("1,5")
    save(phone)

    expect(phone.get_by_text("Saved your")).to_be_visible()
    assert Alcohol.objects.get(user=diarist).units == Decimal("1.5")


@pytest.mark.parametrize(("typed", "stored"), [("7.3", Decimal("7.3")), ("7:30", Decimal("7.5"))])
def test_sleep_hours_are_stored_as_typed(phone: Page, diarist, typed, stored):
    phone.goto("/sleep/new/")
    phone.locator("input[name=hours]").fill(typed)
    phone.locator("input[name=quality]").fill("3")
    save(phone)

    expect(phone.get_by_text("Saved your")).to_be_visible()
    assert Sleep.objects.get(user=diarist).hours == stored


def test_sleep_hours_come_from_bed_and_wake_times(phone: Page, diarist):
    phone.goto("/sleep/new/")
    phone.locator("input[name=bed_time]").fill("23:45")
    phone.locator("input[name=wake_time]").fill("06:15")
    phone.locator("input[name=quality]").fill("4")
    save(phone)

    expect(phone.get_by_text("Saved your")).to_be_visible()
    assert Sleep.objects.get(user=diarist).hours == Decimal("6.5")


def test_a_duration_of_one_thirty_is_ninety_seconds(phone: Page, diarist):
    phone.goto("/episodes/new/")
    phone.locator("select[name=side]").select_option("left")
    phone.locator("select[name=muscle]").select_option(label="Calf")
    phone.locator("input[name=intensity]").fill("5")
    phone.get_by_label("Duration").fill("1:30")
    save(phone)

    expect(phone.get_by_text("Saved your")).to_be_visible()
    assert Episode.objects.get(user=diarist).duration_seconds == 90


def test_two_cups_of_caffeine_is_refused_next_to_the_field(phone: Page, diarist):
    phone.goto("/caffeine/new/")
    phone.locator("input[name=mg]").fill("2 cups")
    phone.locator("select[name=source]").select_option("coffee")
    save(phone)

    error = phone.locator("#error_1_id_mg")
    expect(error).to_contain_text("Enter a whole number.")
    expect(phone.locator("input[name=mg]")).to_have_value("2 cups")
    assert not Caffeine.objects.filter(user=diarist).exists()


def test_a_long_note_is_counted_and_never_cut(phone: Page, diarist):
    phone.goto("/checkins/new/")
    note = phone.locator("input[name=note]")
    counter = phone.locator("#id_note_count")

    note.fill("a" * 100)
    expect(counter).to_be_hidden()
    note.fill("a" * 450)
    expect(counter).to_have_text("50 characters left of 500")
    note.fill("a" * 510)
    expect(counter).to_contain_text("10 characters too many")
    expect(note).to_have_value("a" * 510)  # the browser cut nothing

    phone.get_by_label("No", exact=True).check()
    save(phone, "Save check-in")

    expect(phone.locator("#error_1_id_note")).to_contain_text("at most 500 characters")
    expect(phone.locator("input[name=note]")).to_have_value("a" * 510)
    assert not CheckIn.objects.exists()


def test_a_twitch_on_a_no_twitching_day_offers_to_change_the_check_in(phone: Page, diarist):
    checkin = CheckIn.objects.create(user=diarist, date=today_in_new_york(), twitching=False)
    phone.goto("/episodes/new/")
    phone.locator("select[name=side]").select_option("left")
    phone.locator("select[name=muscle]").select_option(label="Calf")
    phone.locator("input[name=intensity]").fill("5")
    save(phone)

    expect(phone.locator("#error_1_id_started_at")).to_contain_text("no twitching")
    assert not Episode.objects.exists()
    phone.get_by_label("Change that day's check-in to 'twitching'").check()
    save(phone)

    expect(phone.get_by_text("Saved your")).to_be_visible()
    assert Episode.objects.filter(user=diarist).count() == 1
    checkin.refresh_from_db()
    assert checkin.twitching is True
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
