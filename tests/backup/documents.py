"""What the `diary` fixture exports, and the contract's field names, for every backup test."""

import copy
import json

# The contract: field names as in the entry forms, in this order.
CONTRACT_FIELDS = {
    "episodes": [
        "started_at",
        "side",
        "muscle",
        "duration_seconds",
        "intensity",
        "twitch_count",
        "symptoms",
        "activity",
        "notes",
    ],
    "caffeine": ["taken_at", "mg", "source"],
    "fluids": ["taken_at", "ml", "drink"],
    "sleep": ["date", "hours", "quality"],
    "stress": ["recorded_at", "level", "note"],
    "exercise": ["started_at", "minutes", "intensity", "kind"],
    "alcohol": ["taken_at", "units"],
    "medications": ["name", "kind", "category", "dose", "started_on", "stopped_on", "suspected"],
    "checkins": ["date", "twitching", "note"],
}

# The `diary` fixture (tests/backup/conftest.py) as the backup must write it: the owner
# lives in New York, so July is EDT (-04:00) and January EST (-05:00).
EXPECTED = {
    "format": "twitch-diary/1",
    "exported_at": "2026-03-02T10:00:00-05:00",
    "profile": {
        "display_name": "O. W.",
        "timezone": "America/New_York",
        "fluid_unit": "floz",
        "date_of_birth": "1984-05-06",
        "coffee_mg": 110,
        "espresso_mg": 63,
        "tea_mg": 47,
        "energy_drink_mg": 80,
        "cola_mg": 34,
        "glass_ml": 250,
        "bottle_ml": 500,
        "visit_questions": "Is magnesium worth trying?\nShould I see a physio?",
    },
    "episodes": [
        {
            "started_at": "2025-07-14T08:30:00-04:00",
            "side": "left",
            "muscle": "calf",
            "duration_seconds": 45,
            "intensity": 4,
            "twitch_count": 12,
            "symptoms": ["tingling", "cramp"],
            "activity": "resting",
            "notes": 'After a long walk, with a comma, and "quotes"',
        },
        {
            "started_at": "2026-01-04T22:04:05.123456-05:00",
            "side": "",
            "muscle": "",
            "duration_seconds": None,
            "intensity": None,
            "twitch_count": None,
            "symptoms": [],
            "activity": "",
            "notes": "",
        },
    ],
    "caffeine": [
        {"taken_at": "2026-01-05T08:00:00-05:00", "mg": 95, "source": "coffee"},
        {"taken_at": "2026-01-05T08:00:00-05:00", "mg": 95, "source": "coffee"},
    ],
    "fluids": [{"taken_at": "2026-01-05T09:00:00-05:00", "ml": 250, "drink": "water"}],
    "sleep": [{"date": "2026-01-05", "hours": "7.25", "quality": 4}],
    "stress": [{"recorded_at": "2026-01-05T13:00:00-05:00", "level": 3, "note": "=1+2"}],
    "exercise": [
        {
            "started_at": "2026-01-06T07:00:00-05:00",
            "minutes": 40,
            "intensity": "moderate",
            "kind": "Run",
        }
    ],
    "alcohol": [{"taken_at": "2026-01-06T18:30:00-05:00", "units": "2.5"}],
    "medications": [
        {
            "name": "Magnesium glycinate",
            "kind": "supplement",
            "category": "magnesium",
            "dose": "200 mg",
            "started_on": "2025-12-01",
            "stopped_on": "2026-02-01",
            "suspected": False,
        },
        {
            "name": "Salbutamol",
            "kind": "medicine",
            "category": "stimulant",
            "dose": "",
            "started_on": "2026-02-10",
            "stopped_on": None,
            "suspected": True,
        },
    ],
    "checkins": [{"date": "2026-01-06", "twitching": True, "note": "Évening"}],
}


def backup(**changes) -> dict:
    """A fresh copy of EXPECTED (a valid backup), with top-level sections replaced."""
    document = copy.deepcopy(EXPECTED)
    document.update(changes)
    return document


def as_bytes(document) -> bytes:
    return json.dumps(document).encode()
