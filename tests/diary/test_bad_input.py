"""Bad input saves nothing and says what is wrong next to the field; nothing gives a 500."""

import datetime as dt

import pytest
from django.test import Client

from diary.kinds import KINDS, KINDS_BY_SLUG
from tests.clock import NOW
from tests.conftest import make_user
from tests.factories import assert_field_error, make_entry, post_data
from twitchdiary.lib import clinical

pytestmark = pytest.mark.django_db

HUGE = str(10**30)
WHOLE = "Enter a whole number."
NUMBER = "Enter a number."
REQUIRED = "This field is required."
FUTURE_TIME = "This time is in the future."
FUTURE_DATE = "This date is in the future."
TOO_EARLY = "Enter a date from 1900 onwards."
INTENSITY = "Intensity is a number from 1 to 10."
DURATION = "Enter a duration from 1 second to 24 hours"
COUNT = f"Enter a count from 1 to {clinical.MAX_TWITCH_COUNT:,}."
MG = f"Enter an amount from 1 to {clinical.MAX_CAFFEINE_MG_PER_ENTRY:,} mg."
ML = f"Enter an amount from 1 to {clinical.MAX_FLUID_ML_PER_ENTRY:,} ml"
SLEEP_MAX = "A night's sleep is at most 24 hours."
SLEEP_NEGATIVE = "Hours of sleep cannot be negative."
QUALITY = "Quality is a number from 1 to 5."
STRESS = "Stress level is a number from 1 to 5."
MINUTES = "Enter from 1 to 1,440 minutes (a whole day)."
UNITS = f"Enter from 0.1 to {clinical.MAX_ALCOHOL_UNITS_PER_ENTRY} units."


def choice(value):
    return f"Select a valid choice. {value} is not one of the available choices."


# Local time in New York at NOW is 10:00; the tolerance allows up to 10:05.
TOO_LATE = "2026-03-02T10:06"

# (kind, field, bad value, message shown next to that field)
BAD_INPUT = [
    ("episodes", "intensity", "0", INTENSITY),
    ("episodes", "intensity", "11", INTENSITY),
    ("episodes", "intensity", "-3", INTENSITY),
    ("episodes", "intensity", "abc", WHOLE),
    ("episodes", "intensity", "NaN", WHOLE),
    ("episodes", "intensity", "Infinity", WHOLE),
    ("episodes", "intensity", "4.5", WHOLE),
    ("episodes", "intensity", HUGE, INTENSITY),
    ("episodes", "intensity", None, REQUIRED),
    ("episodes", "side", "up", choice("up")),
    ("episodes", "side", None, REQUIRED),
    ("episodes", "muscle", "elbow", choice("elbow")),
    ("episodes", "muscle", "", REQUIRED),
    ("episodes", "activity", "flying", choice("flying")),
    ("episodes", "symptoms", ["bogus"], choice("bogus")),
    ("episodes", "symptoms", ["pain", "bogus"], choice("bogus")),
    ("episodes", "started_at", TOO_LATE, FUTURE_TIME),
    ("episodes", "started_at", "2027-01-01T00:00", FUTURE_TIME),
    ("episodes", "started_at", "yesterday", "Enter a valid date/time."),
    ("episodes", "started_at", "1899-12-31T23:59", TOO_EARLY),
    ("episodes", "started_at", None, REQUIRED),
    ("episodes", "duration_seconds", "-5", DURATION),
    ("episodes", "duration_seconds", "0", DURATION),
    ("episodes", "duration_seconds", str(clinical.MAX_EPISODE_DURATION_SECONDS + 1), DURATION),
    ("episodes", "duration_seconds", HUGE, DURATION),
    ("episodes", "twitch_count", "0", COUNT),
    ("episodes", "twitch_count", str(clinical.MAX_TWITCH_COUNT + 1), COUNT),
    ("episodes", "twitch_count", HUGE, COUNT),
    ("caffeine", "mg", "-1", MG),
    ("caffeine", "mg", "0", MG),
    ("caffeine", "mg", str(clinical.MAX_CAFFEINE_MG_PER_ENTRY + 1), MG),
    ("caffeine", "mg", HUGE, MG),
    ("caffeine", "mg", "NaN", WHOLE),
    ("caffeine", "mg", "1e3", WHOLE),
    ("caffeine", "mg", None, REQUIRED),
    ("caffeine", "source", "beer", choice("beer")),
    ("caffeine", "taken_at", TOO_LATE, FUTURE_TIME),
    ("fluids", "ml", "-250", ML),
    ("fluids", "ml", "0", ML),
    ("fluids", "ml", str(clinical.MAX_FLUID_ML_PER_ENTRY + 1), ML),
    ("fluids", "ml", HUGE, ML),
    ("fluids", "ml", "Infinity", WHOLE),
    ("fluids", "ml", None, REQUIRED),
    ("fluids", "drink", "juice", choice("juice")),
    ("fluids", "taken_at", TOO_LATE, FUTURE_TIME),
    ("sleep", "hours", "-1", SLEEP_NEGATIVE),
    ("sleep", "hours", "24.25", SLEEP_MAX),
    ("sleep", "hours", "25", SLEEP_MAX),
    ("sleep", "hours", "NaN", NUMBER),
    ("sleep", "hours", "sNaN", NUMBER),
    ("sleep", "hours", "Infinity", NUMBER),
    ("sleep", "hours", "-Infinity", NUMBER),
    ("sleep", "hours", HUGE, SLEEP_MAX),
    ("sleep", "hours", None, "Enter the hours you slept, or the times"),
    ("sleep", "quality", "0", QUALITY),
    ("sleep", "quality", "6", QUALITY),
    ("sleep", "date", "2026-03-03", FUTURE_DATE),
    ("sleep", "date", "0001-01-01", TOO_EARLY),
    ("sleep", "date", "2026-02-30", "Enter a valid date."),
    ("stress", "level", "0", STRESS),
    ("stress", "level", "6", STRESS),
    ("stress", "level", "abc", WHOLE),
    ("stress", "recorded_at", TOO_LATE, FUTURE_TIME),
    ("stress", "note", "x" * 501, "at most 500 characters"),
    ("stress", "note", "a\x00b", "Null characters are not allowed."),
    ("exercise", "minutes", "0", MINUTES),
    ("exercise", "minutes", "-10", MINUTES),
    ("exercise", "minutes", str(clinical.MAX_EXERCISE_MINUTES + 1), MINUTES),
    ("exercise", "minutes", HUGE, MINUTES),
    ("exercise", "intensity", "extreme", choice("extreme")),
    ("exercise", "started_at", None, REQUIRED),
    ("exercise", "started_at", TOO_LATE, FUTURE_TIME),
    ("alcohol", "units", "0", UNITS),
    ("alcohol", "units", "-1", UNITS),
    ("alcohol", "units", str(clinical.MAX_ALCOHOL_UNITS_PER_ENTRY + 1), UNITS),
    ("alcohol", "units", "0.05", "no more than 1 decimal place"),
    ("alcohol", "units", "NaN", NUMBER),
    ("alcohol", "units", "Infinity", NUMBER),
    ("alcohol", "units", HUGE, UNITS),
    ("alcohol", "taken_at", TOO_LATE, FUTURE_TIME),
    ("medications", "stopped_on", "2026-01-31", "The stop date is before the start date."),
    ("medications", "name", "", REQUIRED),
    ("medications", "kind", "poison", choice("poison")),
    ("medications", "category", "bogus", choice("bogus")),
    ("medications", "started_on", "2026-03-03", FUTURE_DATE),
    ("checkins", "twitching", "maybe", choice("maybe")),
    ("checkins", "twitching", None, REQUIRED),
    ("checkins", "date", "2026-03-03", FUTURE_DATE),
    ("checkins", "date", None, REQUIRED),
    ("checkins", "note", "ü" * 501, "at most 500 characters"),
]


@pytest.mark.parametrize(
    ("slug", "field", "value", "message"),
    BAD_INPUT,
    ids=[f"{slug}-{field}-{str(value)[:12]!r}" for slug, field, value, _ in BAD_INPUT],
)
def test_bad_input_saves_nothing_and_shows_the_message_next_to_the_field(
    owner_client, slug, field, value, message
):
    model = KINDS_BY_SLUG[slug].model

    response = owner_client.post(f"/{slug}/new/", post_data(slug, **{field: value}))

    assert_field_error(response, field, message)
    assert model.objects.count() == 0


def test_bad_input_on_edit_changes_nothing(owner_client, user):
    episode = make_entry("episodes", user, intensity=4)

    response = owner_client.post(
        f"/episodes/{episode.pk}/edit/", post_data("episodes", intensity="11")
    )

    assert_field_error(response, "intensity", INTENSITY)
    episode.refresh_from_db()
    assert episode.intensity == 4


def test_a_time_a_few_minutes_ahead_is_accepted(owner_client, user):
    # Clocks drift: up to FUTURE_TOLERANCE ahead of now is fine.
    ahead = (NOW + clinical.FUTURE_TOLERANCE).astimezone(user.profile.tzinfo)

    response = owner_client.post(
        "/caffeine/new/", post_data("caffeine", taken_at=f"{ahead:%Y-%m-%dT%H:%M}")
    )

    assert response.status_code == 302
    assert KINDS_BY_SLUG["caffeine"].model.objects.get().taken_at == NOW + clinical.FUTURE_TOLERANCE


def test_the_future_is_judged_by_the_users_own_date(owner_client, frozen_clock):
    # 03:00 UTC on 2 March is still 1 March in New York: 2 March is tomorrow there.
    frozen_clock.move_to(dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC))

    tomorrow = owner_client.post("/sleep/new/", post_data("sleep", date="2026-03-02"))
    today = owner_client.post("/sleep/new/", post_data("sleep", date="2026-03-01"))

    assert_field_error(tomorrow, "date", FUTURE_DATE)
    assert today.status_code == 302


def test_a_stop_date_on_the_start_date_is_accepted(owner_client):
    response = owner_client.post(
        "/medications/new/", post_data("medications", stopped_on="2026-02-01")
    )

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("sleep", "You already logged sleep for this date. Edit that entry instead."),
        ("checkins", "You already checked in for this date. Edit that check-in instead."),
    ],
)
def test_a_second_entry_for_the_same_date_is_refused(owner_client, user, slug, message):
    existing = make_entry(slug, user, date=dt.date(2026, 3, 1))
    data = post_data(slug, date="2026-03-01")

    response = owner_client.post(f"/{slug}/new/", data)

    assert_field_error(response, "date", message)
    assert list(existing._meta.model.objects.all()) == [existing]


@pytest.mark.parametrize("slug", ["sleep", "checkins"])
def test_editing_the_entry_for_a_date_is_not_a_duplicate(owner_client, user, slug):
    existing = make_entry(slug, user, date=dt.date(2026, 3, 1))

    response = owner_client.post(f"/{slug}/{existing.pk}/edit/", post_data(slug, date="2026-03-01"))

    assert response.status_code == 302


@pytest.mark.parametrize("slug", ["sleep", "checkins"])
def test_another_users_entry_for_the_date_does_not_block_mine(owner_client, user, stranger, slug):
    make_entry(slug, stranger, date=dt.date(2026, 3, 1))

    response = owner_client.post(f"/{slug}/new/", post_data(slug, date="2026-03-01"))

    assert response.status_code == 302
    assert KINDS_BY_SLUG[slug].model.objects.filter(user=user).count() == 1


def test_a_wall_clock_time_skipped_by_daylight_saving_is_refused(owner_client):
    # 02:30 on 9 March 2025 never happened in New York (clocks went 02:00 -> 03:00).
    response = owner_client.post(
        "/episodes/new/", post_data("episodes", started_at="2026-01-01T00:00")
    )
    assert response.status_code == 302  # a control: ordinary times are fine

    with_gap = owner_client.post(
        "/episodes/new/", post_data("episodes", started_at="2025-03-09T02:30")
    )

    assert with_gap.status_code == 200
    assert "started_at" in with_gap.context["form"].errors
    assert KINDS_BY_SLUG["episodes"].model.objects.count() == 1


def test_a_far_past_time_is_refused_in_a_time_zone_ahead_of_utc(client, db):
    # Year 1 at midnight in Tokyo is before year 1 in UTC: refused, not a 500.
    tokyo = make_user("tokyo", timezone="Asia/Tokyo")
    client.force_login(tokyo)

    response = client.post("/episodes/new/", post_data("episodes", started_at="0001-01-01T00:00"))

    assert_field_error(response, "started_at", TOO_EARLY)
    assert not KINDS_BY_SLUG["episodes"].model.objects.exists()


NASTY = [
    "a\x00b",
    "😖٣",  # an emoji and an Arabic-Indic digit
    "1e309",
    "9" * 400,
    "-Infinity",
    "9999-12-31T23:59",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("kind", KINDS, ids=[k.slug for k in KINDS])
def test_no_value_in_any_field_gives_a_server_error(user, kind):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    model = kind.model
    fields = [name for name in kind.form_class.base_fields if name != "floz"]
    for field in fields:
        for value in NASTY:
            model.objects.all().delete()
            response = client.post(f"/{kind.slug}/new/", post_data(kind.slug, **{field: value}))
            assert response.status_code in (200, 302), (field, value, response.status_code)
            if response.status_code == 200:
                assert not model.objects.exists(), (field, value)
        repeated = client.post(f"/{kind.slug}/new/", {field: ["1", "x", "\x00"]})
        assert repeated.status_code == 200, field


@pytest.mark.parametrize("kind", KINDS, ids=[k.slug for k in KINDS])
def test_no_query_string_gives_a_server_error(user, kind):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    for value in NASTY + ["9999-12-31", "0001-01-01", "\x00", " "]:
        listing = client.get(f"/{kind.slug}/", {"start": value, "end": value, "page": value})
        new = client.get(f"/{kind.slug}/new/", dict.fromkeys(kind.form_class.base_fields, value))
        assert listing.status_code == 200, (value, listing.status_code)
        assert new.status_code == 200, (value, new.status_code)


@pytest.mark.parametrize(
    "day", ["9999-12-31", "0001-01-01", "1899-12-31", "2026-02-30", "2026-13-01"]
)
def test_a_day_outside_the_calendar_is_a_404(owner_client, day):
    assert owner_client.get(f"/day/{day}/").status_code == 404


@pytest.mark.parametrize("value", ["", "garbage", "2026-02-30", "9999-12-31", "\x00"])
def test_the_day_picker_never_gives_a_server_error(user, value):
    client = Client(raise_request_exception=False)
    client.force_login(user)

    response = client.get("/day/", {"date": value}, follow=True)

    assert response.status_code in (200, 404)


def test_a_history_date_range_outside_the_calendar_shows_an_error(owner_client, user):
    make_entry("episodes", user)

    response = owner_client.get("/episodes/", {"start": "2026-03-01", "end": "9999-12-31"})

    assert response.status_code == 200
    assert "end" in response.context["filter_form"].errors
    assert len(response.context["rows"]) == 1


def test_an_end_date_before_the_start_date_is_reported(owner_client):
    response = owner_client.get("/episodes/", {"start": "2026-03-02", "end": "2026-03-01"})

    assert response.status_code == 200
    assert response.context["filter_form"].errors["end"] == [
        "The end date is before the start date."
    ]
