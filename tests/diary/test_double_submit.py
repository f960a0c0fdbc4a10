"""A form sent twice at once: the second save meets a database constraint, never a 500."""

import pytest
from django.db import IntegrityError

from diary.forms import SleepForm
from diary.models import Sleep
from tests.factories import post_data

pytestmark = pytest.mark.django_db


def test_a_constraint_met_at_save_time_shows_a_message_and_saves_nothing(owner_client, monkeypatch):
    # Simulates the race: both requests passed the form's duplicate check, the other
    # one committed first, so this save hits the one-sleep-per-day constraint.
    def save_too_late(self, commit=True):
        raise IntegrityError("UNIQUE constraint failed: diary_sleep.user_id, diary_sleep.date")

    monkeypatch.setattr(SleepForm, "save", save_too_late)

    response = owner_client.post("/sleep/new/", post_data("sleep"))

    assert response.status_code == 200
    assert "was the form sent twice?" in response.content.decode()
    assert Sleep.objects.count() == 0
