"""The profile: time zone (an IANA name), fluid unit, presets and date of birth."""

import datetime as dt

import pytest

from accounts.models import Profile
from tests.factories import assert_field_error, profile_form_data

pytestmark = pytest.mark.django_db


def save(client, user, **changes):
    return client.post("/accounts/profile/", profile_form_data(user.profile, **changes))


def fresh_profile(user) -> Profile:
    return Profile.objects.get(user=user)


def test_the_profile_page_shows_the_time_zone_chosen(owner_client):
    response = owner_client.get("/accounts/profile/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="timezone"' in html
    assert '<option value="America/New_York" selected>' in html


def test_it_saves_a_new_time_zone_and_uses_it_at_once(owner_client, user):
    # At 15:00 UTC on 2 March it is already midnight, 3 March, in Tokyo.
    response = save(owner_client, user, timezone="Asia/Tokyo", display_name="J. D.")

    assert response.status_code == 302
    assert response.url == "/accounts/profile/"
    profile = fresh_profile(user)
    assert (profile.timezone, profile.display_name) == ("Asia/Tokyo", "J. D.")
    assert owner_client.get("/").context["today"] == dt.date(2026, 3, 3)


@pytest.mark.parametrize("timezone", ["Mars/Olympus_Mons", "", "america/new_york", "UTC\x00"])
def test_an_unknown_time_zone_is_refused(owner_client, user, timezone):
    response = save(owner_client, user, timezone=timezone)

    assert response.status_code == 200
    assert "timezone" in response.context["form"].errors
    assert fresh_profile(user).timezone == "America/New_York"


def test_the_presets_can_be_changed(owner_client, user):
    response = save(owner_client, user, coffee_mg=120, espresso_mg=80, glass_ml=300, bottle_ml=750)

    assert response.status_code == 302
    profile = fresh_profile(user)
    assert (profile.coffee_mg, profile.espresso_mg) == (120, 80)
    assert (profile.glass_ml, profile.bottle_ml) == (300, 750)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("coffee_mg", 1001, "Enter at most 1,000 mg."),
        ("cola_mg", 10**30, "Enter at most 1,000 mg."),
        ("tea_mg", -5, "greater than or equal to 0"),
        ("espresso_mg", "lots", "Enter a whole number."),
        ("glass_ml", 0, "Enter at least 1 ml."),
        ("bottle_ml", 5001, "Enter at most 5,000 ml."),
        ("bottle_ml", "NaN", "Enter a whole number."),
        ("fluid_unit", "gallons", "Select a valid choice."),
        ("date_of_birth", "2026-03-03", "The date of birth is in the future."),
        ("date_of_birth", "1899-12-31", "Enter a date of birth after 1900."),
        ("date_of_birth", "2026-02-30", "Enter a valid date."),
    ],
)
def test_out_of_range_values_are_refused_next_to_the_field(
    owner_client, user, field, value, message
):
    before = profile_form_data(fresh_profile(user))

    response = save(owner_client, user, **{field: value})

    assert_field_error(response, field, message)
    assert profile_form_data(fresh_profile(user)) == before


def test_a_date_of_birth_today_or_earlier_is_kept(owner_client, user):
    response = save(owner_client, user, date_of_birth="1980-06-15")

    assert response.status_code == 302
    assert fresh_profile(user).date_of_birth == dt.date(1980, 6, 15)


def test_the_fluid_unit_can_be_changed(owner_client, user):
    save(owner_client, user, fluid_unit="floz")

    assert fresh_profile(user).fluid_unit == "floz"


def test_the_profile_needs_a_login(client):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
