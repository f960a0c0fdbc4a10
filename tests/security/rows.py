"""Rows and form data for every kind of diary entry, shared by the security tests.

One valid row and one valid, *different* form submission per model, so a sweep
can create an owner's row and post a change to it that would succeed if the
ownership check were missing.
"""

import datetime as dt
from decimal import Decimal

from django.forms.models import model_to_dict
from django.utils import timezone

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
from reports.models import ShareLink

BASE_DAY = dt.date(2025, 3, 10)


def _at(n: int) -> dt.datetime:
    return dt.datetime(2025, 3, 10, 8, 30, tzinfo=dt.UTC) - dt.timedelta(days=n)


def _day(n: int) -> dt.date:
    return BASE_DAY - dt.timedelta(days=n)


# model -> (n -> field values of a valid row). n spreads rows over days, so the
# one-per-day kinds (sleep, check-ins) can have several rows.
ROW_FIELDS = {
    Episode: lambda n: {
        "started_at": _at(n),
        "side": "left",
        "muscle": "calf",
        "intensity": 4,
        "duration_seconds": 30,
        "symptoms": [],
        "activity": "resting",
        "notes": "owner's note",
    },
    Caffeine: lambda n: {"taken_at": _at(n), "mg": 95, "source": "coffee"},
    Fluid: lambda n: {"taken_at": _at(n), "ml": 250, "drink": "water"},
    Sleep: lambda n: {"date": _day(n), "hours": Decimal("7.50"), "quality": 3},
    Stress: lambda n: {"recorded_at": _at(n), "level": 2, "note": "owner's note"},
    Exercise: lambda n: {"started_at": _at(n), "minutes": 30, "intensity": "light", "kind": "walk"},
    Alcohol: lambda n: {"taken_at": _at(n), "units": Decimal("2.0")},
    Medication: lambda n: {
        "name": "Magnesium",
        "kind": "supplement",
        "category": "magnesium",
        "dose": "300 mg",
        "started_on": _day(n),
        "stopped_on": None,
        "suspected": False,
    },
    CheckIn: lambda n: {"date": _day(n), "twitching": True, "note": "owner's note"},
    ShareLink: lambda n: {
        "token_hash": f"{n:064x}",
        "start": _day(n + 55),
        "end": _day(n),
        "expires_at": timezone.now() + dt.timedelta(days=7),
    },
}

# model -> a valid POST for its create/edit form, differing from every ROW_FIELDS row.
CHANGED_POST = {
    Episode: {
        "started_at": "2025-01-02T07:15",
        "side": "right",
        "muscle": "quadriceps",
        "intensity": "9",
        "duration_seconds": "600",
        "activity": "walking",
        "notes": "changed by someone else",
    },
    Caffeine: {"taken_at": "2025-01-02T07:15", "mg": "400", "source": "energy_drink"},
    Fluid: {"taken_at": "2025-01-02T07:15", "ml": "1000", "drink": "electrolyte"},
    Sleep: {"date": "2024-12-25", "hours": "3.25", "quality": "1"},
    Stress: {"recorded_at": "2025-01-02T07:15", "level": "5", "note": "changed by someone else"},
    Exercise: {"started_at": "2025-01-02T07:15", "minutes": "90", "intensity": "vigorous"},
    Alcohol: {"taken_at": "2025-01-02T07:15", "units": "9.5"},
    Medication: {
        "name": "Changed",
        "kind": "medicine",
        "category": "diuretic",
        "started_on": "2024-12-25",
        "suspected": "on",
    },
    CheckIn: {"date": "2024-12-25", "twitching": "no", "note": "changed by someone else"},
    # Revoking takes no fields: the POST itself is the change.
    ShareLink: {},
}


def make_row(model, user, n: int = 0):
    try:
        fields = ROW_FIELDS[model](n)
    except KeyError:
        raise AssertionError(
            f"tests/security/rows.py has no row for {model.__name__}: add it to ROW_FIELDS "
            "and CHANGED_POST so the security sweeps cover it."
        ) from None
    return model.objects.create(user=user, **fields)


def snapshot(row) -> dict:
    """Every field of the row as stored now (None if the row is gone)."""
    fresh = type(row).objects.filter(pk=row.pk).first()
    if fresh is None:
        return None
    data = model_to_dict(fresh)
    if hasattr(fresh, "updated_at"):  # diary entries; a share link's change is revoked_at
        data["updated_at"] = fresh.updated_at
    return data
