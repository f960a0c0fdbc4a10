"""Input that cannot blow up the work: symptoms counted once and bounded by the list,
free text bounded in the form and the database with a clear message, and times no earlier than
the first moment a backup can hold."""

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Profile
from diary.models import CheckIn, Episode
from tests.factories import assert_field_error, post_data
from twitchdiary.lib import clinical

pytestmark = pytest.mark.django_db

NOTES_LIMIT = clinical.MAX_EPISODE_NOTES_CHARS


def test_a_symptom_sent_many_times_is_saved_once(owner_client, user):
    symptoms = ["pain"] * 500 + ["tingling", "pain"]  # a form post holds at most 1,000 fields

    response = owner_client.post("/episodes/new/", post_data("episodes", symptoms=symptoms))

    assert response.status_code == 302
    assert Episode.objects.get(user=user).symptoms == ["pain", "tingling"]


def test_every_symptom_at_once_is_bounded_by_the_list(owner_client, user):
    every = [code for code, _ in clinical.SYMPTOM_CHOICES]

    response = owner_client.post("/episodes/new/", post_data("episodes", symptoms=every * 3))

    assert response.status_code == 302
    assert Episode.objects.get(user=user).symptoms == every


def test_a_symptom_not_on_the_list_is_refused(owner_client, user):
    response = owner_client.post("/episodes/new/", post_data("episodes", symptoms=["gout"]))

    assert_field_error(response, "symptoms", "Select a valid choice.")
    assert not Episode.objects.filter(user=user).exists()


def test_notes_of_the_longest_allowed_length_are_saved_whole(owner_client, user):
    notes = "é😖 " * (NOTES_LIMIT // 3) + "x" * (NOTES_LIMIT % 3)

    response = owner_client.post("/episodes/new/", post_data("episodes", notes=notes))

    assert response.status_code == 302
    assert Episode.objects.get(user=user).notes == notes


def test_longer_notes_are_refused_with_the_limit_and_never_cut_short(owner_client, user):
    response = owner_client.post(
        "/episodes/new/", post_data("episodes", notes="x" * (NOTES_LIMIT + 1))
    )

    assert_field_error(
        response, "notes", f"Notes can be at most 2,000 characters (these have {NOTES_LIMIT + 1})"
    )
    assert f'maxlength="{NOTES_LIMIT}"' in response.content.decode()
    assert not Episode.objects.filter(user=user).exists()


def test_the_database_refuses_longer_notes_written_past_the_form(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(user=user, started_at="2026-03-01T10:00Z", notes="x" * 2001)
    assert not Episode.objects.filter(user=user).exists()


def test_the_database_refuses_longer_questions_for_the_doctor(user):
    limit = clinical.MAX_VISIT_QUESTIONS_CHARS
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.filter(user=user).update(visit_questions="?" * (limit + 1))
    assert Profile.objects.get(user=user).visit_questions == ""


def test_longer_questions_for_the_doctor_are_refused_with_the_limit(owner_client, user):
    limit = clinical.MAX_VISIT_QUESTIONS_CHARS

    response = owner_client.post("/reports/doctor/", {"questions": "?" * (limit + 1)})

    assert response.status_code == 200
    errors = response.context["questions_form"].errors["questions"]
    assert errors == [
        f"Questions can be at most {limit} characters (these have {limit + 1}). "
        "Shorten them to save."
    ]
    assert Profile.objects.get(user=user).visit_questions == ""


@pytest.fixture
def far_east(user):
    """A person fourteen hours ahead of UTC, all year round."""
    Profile.objects.filter(user=user).update(timezone="Etc/GMT-14")
    return user


def test_a_time_before_the_first_utc_moment_is_refused_with_the_local_first_time(
    owner_client, far_east
):
    response = owner_client.post(
        "/episodes/new/", post_data("episodes", started_at="1900-01-01T13:59")
    )

    assert_field_error(response, "started_at", "Enter a time from 01 Jan 1900, 14:00 onwards")
    assert not Episode.objects.filter(user=far_east).exists()


def test_the_first_utc_moment_itself_is_accepted(owner_client, far_east):
    response = owner_client.post(
        "/episodes/new/", post_data("episodes", started_at="1900-01-01T14:00")
    )

    assert response.status_code == 302
    assert Episode.objects.get(user=far_east).started_at.isoformat() == "1900-01-01T00:00:00+00:00"


def test_a_date_on_the_first_allowed_day_is_accepted(owner_client, far_east):
    response = owner_client.post("/checkins/new/", post_data("checkins", date="1900-01-01"))

    assert response.status_code == 302
    assert CheckIn.objects.get(user=far_east).date.isoformat() == "1900-01-01"
