"""Backup test fixtures: the stopped clock (tests.clock.NOW), a small diary with one or two
rows of every kind, and a stranger with a diary (and a browser) of their own."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from diary.models import (
    Alcohol,
    Caffeine,
    CheckIn,
    Episode,
    Exercise,
    Fluid,
    Medication,
    Sleep,
    Stress,
)
from tests.clock import UTC, utc


@pytest.fixture(autouse=True)
def _stopped_clock(frozen_clock):
    return frozen_clock


@pytest.fixture
def stranger_client(stranger):
    other = Client()
    other.force_login(stranger)
    return other


def fill_diary(user):
    """One or two rows of every kind; times on both sides of a daylight-saving change."""
    Episode.objects.create(
        user=user,
        started_at=utc(2025, 7, 14, 12, 30),  # 08:30 EDT (UTC-4)
        side="left",
        muscle="calf",
        duration_seconds=45,
        intensity=4,
        twitch_count=12,
        symptoms=["tingling", "cramp"],
        activity="resting",
        notes='After a long walk, with a comma, and "quotes"',
    )
    # A "Twitch now" entry whose details were never added.
    Episode.objects.create(user=user, started_at=dt.datetime(2026, 1, 5, 3, 4, 5, 123456, UTC))
    Caffeine.objects.create(user=user, taken_at=utc(2026, 1, 5, 13, 0), mg=95, source="coffee")
    Caffeine.objects.create(user=user, taken_at=utc(2026, 1, 5, 13, 0), mg=95, source="coffee")
    Fluid.objects.create(user=user, taken_at=utc(2026, 1, 5, 14, 0), ml=250, drink="water")
    Sleep.objects.create(user=user, date=dt.date(2026, 1, 5), hours=Decimal("7.25"), quality=4)
    Stress.objects.create(user=user, recorded_at=utc(2026, 1, 5, 18, 0), level=3, note="=1+2")
    Exercise.objects.create(
        user=user, started_at=utc(2026, 1, 6, 12, 0), minutes=40, intensity="moderate", kind="Run"
    )
    Alcohol.objects.create(user=user, taken_at=utc(2026, 1, 6, 23, 30), units=Decimal("2.5"))
    Medication.objects.create(
        user=user,
        name="Magnesium glycinate",
        kind="supplement",
        category="magnesium",
        dose="200 mg",
        started_on=dt.date(2025, 12, 1),
        stopped_on=dt.date(2026, 2, 1),
        suspected=False,
    )
    Medication.objects.create(
        user=user,
        name="Salbutamol",
        kind="medicine",
        category="stimulant",
        started_on=dt.date(2026, 2, 10),
        suspected=True,
    )
    CheckIn.objects.create(user=user, date=dt.date(2026, 1, 6), twitching=True, note="Évening")


@pytest.fixture
def diary(user):
    profile = user.profile
    profile.display_name = "O. W."
    profile.fluid_unit = "floz"
    profile.date_of_birth = dt.date(1984, 5, 6)
    profile.coffee_mg = 110
    profile.visit_questions = "Is magnesium worth trying?\nShould I see a physio?"
    profile.save()
    fill_diary(user)
    return user


@pytest.fixture
def stranger_diary(stranger):
    Episode.objects.create(
        user=stranger, started_at=utc(2026, 1, 5, 9, 9), side="right", muscle="shin", intensity=9
    )
    Caffeine.objects.create(user=stranger, taken_at=utc(2026, 1, 5, 9, 9), mg=1777, source="tea")
    Sleep.objects.create(user=stranger, date=dt.date(2026, 1, 5), hours=Decimal("3.00"), quality=1)
    CheckIn.objects.create(user=stranger, date=dt.date(2026, 1, 6), twitching=False, note="secret")
    Medication.objects.create(
        user=stranger,
        name="Stranger pill",
        kind="medicine",
        category="statin",
        started_on=dt.date(2025, 1, 1),
    )
    return stranger


def upload(client, content: bytes, name: str = "backup.json"):
    """POST a file to the import page, as the browser's form does."""
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("backup:import"), {"file": file})


def problems(response) -> list[str]:
    """The messages the import page shows for a rejected file."""
    return list(response.context["form"].non_field_errors())
