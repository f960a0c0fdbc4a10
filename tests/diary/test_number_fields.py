"""Numbers mean what was typed: every numeric field of the entry forms.

Each accepted text is stored as the value the person meant; each refused text
comes back with a message next to its field and saves nothing, never another number.
"""

import re
from decimal import Decimal

import pytest
from django.test import Client

from tests.conftest import make_user
from tests.factories import (
    assert_field_error,
    field_block,
    model_of,
    post_data,
    profile_form_data,
)

pytestmark = pytest.mark.django_db

ACCEPTED = [
    # The contract's plain values, as old clients and the JSON export send them.
    ("episodes", "duration_seconds", "90", 90),
    ("episodes", "duration_seconds", "", None),
    ("episodes", "intensity", "7", 7),
    ("episodes", "twitch_count", "1500", 1500),
    ("caffeine", "mg", "95", 95),
    ("fluids", "ml", "330", 330),
    ("sleep", "hours", "7.5", Decimal("7.5")),
    ("sleep", "hours", "7.50", Decimal("7.5")),
    ("sleep", "hours", "7.25", Decimal("7.25")),
    ("sleep", "quality", "3", 3),
    ("stress", "level", "4", 4),
    ("exercise", "minutes", "45", 45),
    ("alcohol", "units", "1.5", Decimal("1.5")),
    ("alcohol", "units", "2", Decimal("2")),
    # The friendlier forms.
    ("episodes", "duration_seconds", "90 s", 90),
    ("episodes", "duration_seconds", "90 sec", 90),
    ("episodes", "duration_seconds", "1:30", 90),
    ("episodes", "duration_seconds", "1.5 min", 90),
    ("episodes", "duration_seconds", "1,5 min", 90),
    ("episodes", "duration_seconds", "2 min", 120),
    ("episodes", "duration_seconds", "1 h 5 min", 3900),
    ("episodes", "intensity", " 7 ", 7),
    ("caffeine", "mg", "95 mg", 95),
    ("fluids", "ml", "330 ml", 330),
    ("sleep", "hours", "7.3", Decimal("7.3")),
    ("sleep", "hours", "7,3", Decimal("7.3")),
    ("sleep", "hours", "7:30", Decimal("7.5")),
    ("sleep", "hours", "7:20", Decimal("7.33")),
    ("alcohol", "units", "1,5", Decimal("1.5")),
    ("alcohol", "units", "0,5", Decimal("0.5")),
]

REFUSED = [
    ("episodes", "duration_seconds", "0,5", "A number alone means seconds"),
    ("episodes", "duration_seconds", "2 cups", "seconds, minutes or hours"),
    ("episodes", "duration_seconds", "1:75", "Write minutes and seconds as 1:30"),
    ("episodes", "duration_seconds", "0", "Enter a duration from 1 second to 24 hours"),
    ("episodes", "duration_seconds", "25 h", "Enter a duration from 1 second to 24 hours"),
    ("episodes", "intensity", "1,5", "Enter a whole number"),
    ("episodes", "intensity", "seven", "without other words"),
    ("episodes", "intensity", "11", "Intensity is a number from 1 to 10."),
    ("episodes", "twitch_count", "1,500", "could mean a thousand or more"),
    ("caffeine", "mg", "2 cups", "without other words"),
    ("caffeine", "mg", "1,500", "could mean a thousand or more"),
    ("caffeine", "mg", "1 1/2", "without other words"),
    ("caffeine", "mg", "2001", "Enter an amount from 1 to 2,000 mg."),
    ("fluids", "ml", "1.500,5", "without a thousands separator"),
    ("fluids", "ml", "a glass", "without other words"),
    ("sleep", "hours", "7:75", "Write hours and minutes as 7:30"),
    ("sleep", "hours", "about 7", "Hours can be written as 7.5 or 7:30"),
    ("sleep", "hours", "25", "A night's sleep is at most 24 hours."),
    ("sleep", "hours", "-1", "Hours of sleep cannot be negative."),
    ("sleep", "hours", "7.333", "with fewer decimals"),
    ("sleep", "quality", "3,5", "Enter a whole number"),
    ("stress", "level", "3,5", "Enter a whole number"),
    ("stress", "level", "6", "Stress level is a number from 1 to 5."),
    ("exercise", "minutes", "an hour", "without other words"),
    ("exercise", "minutes", "1441", "Enter from 1 to 1,440 minutes"),
    ("alcohol", "units", "1,500", "could mean a thousand or more"),
    ("alcohol", "units", "1.25", "no more than 1 decimal place"),
    ("alcohol", "units", "0", "Enter from 0.1 to 50 units."),
    ("alcohol", "units", "two pints", "without other words"),
]


def _id(case):
    return f"{case[0]}-{case[1]}-{case[2]!r}"


@pytest.mark.parametrize(("slug", "field", "typed", "stored"), ACCEPTED, ids=map(_id, ACCEPTED))
def test_it_stores_what_was_typed(owner_client, user, slug, field, typed, stored):
    response = owner_client.post(f"/{slug}/new/", post_data(slug, **{field: typed}))

    assert response.status_code == 302, response.context["form"].errors
    row = model_of(slug).objects.get(user=user)
    assert getattr(row, field) == stored


@pytest.mark.parametrize(("slug", "field", "typed", "message"), REFUSED, ids=map(_id, REFUSED))
def test_it_refuses_text_it_cannot_read_next_to_the_field(
    owner_client, user, slug, field, typed, message
):
    response = owner_client.post(f"/{slug}/new/", post_data(slug, **{field: typed}))

    assert_field_error(response, field, message)
    assert not model_of(slug).objects.filter(user=user).exists()


NUMBER_FIELDS = [
    ("episodes", "duration_seconds", "text"),
    ("episodes", "intensity", "numeric"),
    ("episodes", "twitch_count", "numeric"),
    ("caffeine", "mg", "numeric"),
    ("fluids", "ml", "numeric"),
    ("sleep", "hours", "text"),
    ("sleep", "quality", "numeric"),
    ("stress", "level", "numeric"),
    ("exercise", "minutes", "numeric"),
    ("alcohol", "units", "decimal"),
]


@pytest.mark.parametrize(("slug", "field", "inputmode"), NUMBER_FIELDS)
def test_number_fields_are_text_inputs_with_a_keypad_hint(owner_client, slug, field, inputmode):
    html = owner_client.get(f"/{slug}/new/").content.decode()

    tag = html[html.rindex("<input", 0, html.index(f'name="{field}"')) :].split(">", 1)[0]
    assert 'type="text"' in tag
    assert f'inputmode="{inputmode}"' in tag
    assert 'type="number"' not in html


def test_the_duration_is_labelled_as_a_duration_with_examples(owner_client):
    html = owner_client.get("/episodes/new/").content.decode()

    label = re.search(r"<label[^>]*>([^<]*)", field_block(html, "duration_seconds")).group(1)
    assert label.strip() == "Duration"
    assert "e.g. 30 s, 1:30, 2 min" in html


# --- Sleep from bed and wake times ---------------------------------------------------


def post_sleep(client, **fields):
    return client.post("/sleep/new/", post_data("sleep", **fields))


def test_sleep_hours_come_from_bed_and_wake_times_across_midnight(owner_client, user):
    response = post_sleep(owner_client, hours="", bed_time="23:30", wake_time="07:00")

    assert response.status_code == 302
    assert model_of("sleep").objects.get(user=user).hours == Decimal("7.5")


def test_sleep_accepts_hours_that_agree_with_the_times(owner_client, user):
    response = post_sleep(owner_client, hours="7:30", bed_time="23:30", wake_time="07:00")

    assert response.status_code == 302
    assert model_of("sleep").objects.get(user=user).hours == Decimal("7.5")


def test_sleep_refuses_hours_that_disagree_with_the_times(owner_client, user):
    response = post_sleep(owner_client, hours="8", bed_time="23:30", wake_time="07:00")

    assert_field_error(response, "hours", "Bed and wake times make 7.5 hours, not 8.")
    assert not model_of("sleep").objects.exists()


def test_sleep_asks_for_the_wake_time_when_only_bed_time_is_given(owner_client, user):
    response = post_sleep(owner_client, hours="", bed_time="23:30")

    assert_field_error(response, "wake_time", "Enter both the time you went to bed")
    assert not model_of("sleep").objects.exists()


def test_sleep_asks_for_hours_or_times_when_neither_is_given(owner_client, user):
    response = post_sleep(owner_client, hours="")

    assert_field_error(response, "hours", "Enter the hours you slept, or the times")
    assert not model_of("sleep").objects.exists()


# --- Profile presets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [("coffee_mg", "120 mg", 120), ("glass_ml", "300", 300), ("bottle_ml", "750 ml", 750)],
)
def test_profile_presets_accept_a_unit_after_the_number(owner_client, user, field, typed, stored):
    data = profile_form_data(user.profile, **{field: typed})
    response = owner_client.post("/accounts/profile/", data)

    assert response.status_code == 302
    user.profile.refresh_from_db()
    assert getattr(user.profile, field) == stored


# --- Fluid ounces ---------------------------------------------------------------------


def test_fluid_ounces_accept_a_decimal_comma(db):
    us_user = make_user("ounces", fluid_unit="floz")
    client = Client()
    client.force_login(us_user)

    response = client.post(
        "/fluids/new/", {"taken_at": "2026-03-02T08:00", "floz": "8,5", "drink": "water"}
    )

    assert response.status_code == 302
    assert model_of("fluids").objects.get(user=us_user).ml == 251
