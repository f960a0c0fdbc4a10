"""Ready-made diary data for the tests: one valid row and one valid form post per kind.

The clock is frozen at NOW (see conftest.py): 10:00 on Monday 2 March 2026 in New York
(EST, UTC-5), where the `user` fixture lives.
"""

import datetime as dt
from decimal import Decimal

from django.forms.models import model_to_dict
from django.utils.html import escape

from diary.kinds import KINDS_BY_SLUG

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
TODAY = dt.date(2026, 3, 2)  # the local date at NOW in New York (and in London)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# Per kind: model fields of a ready-made row, a valid create post (contract field names),
# what that post stores, and an edit (post overrides -> stored values).
ROW_DEFAULTS = {
    "episodes": {
        "started_at": NOW - dt.timedelta(hours=1),
        "side": "left",
        "muscle": "calf",
        "duration_seconds": 30,
        "intensity": 4,
    },
    "caffeine": {"taken_at": NOW - dt.timedelta(hours=2), "mg": 95, "source": "coffee"},
    "fluids": {"taken_at": NOW - dt.timedelta(hours=1), "ml": 250, "drink": "water"},
    "sleep": {"date": TODAY, "hours": Decimal("7.50"), "quality": 3},
    "stress": {"recorded_at": NOW - dt.timedelta(hours=1), "level": 3, "note": "work"},
    "exercise": {"started_at": NOW - dt.timedelta(hours=3), "minutes": 30, "intensity": "light"},
    "alcohol": {"taken_at": NOW - dt.timedelta(minutes=30), "units": Decimal("2.0")},
    "medications": {
        "name": "Magnesium glycinate",
        "kind": "supplement",
        "category": "magnesium",
        "started_on": dt.date(2026, 2, 1),
    },
    "checkins": {"date": TODAY, "twitching": False},
}

VALID_POST = {
    "episodes": {
        "started_at": "2026-03-02T09:15",
        "side": "left",
        "muscle": "calf",
        "duration_seconds": "30",
        "intensity": "4",
        "twitch_count": "12",
        "symptoms": ["tingling", "cramp"],
        "activity": "sitting",
        "notes": "Beim Lesen — ça tremble 😖",
    },
    "caffeine": {"taken_at": "2026-03-02T08:00", "mg": "95", "source": "coffee"},
    "fluids": {"taken_at": "2026-03-02T08:30", "ml": "330", "drink": "electrolyte"},
    "sleep": {"date": "2026-03-02", "hours": "7.25", "quality": "3"},
    "stress": {"recorded_at": "2026-03-02T09:00", "level": "4", "note": "締め切り (deadline)"},
    "exercise": {
        "started_at": "2026-03-01T18:00",
        "minutes": "45",
        "intensity": "moderate",
        "kind": "running",
    },
    "alcohol": {"taken_at": "2026-03-01T20:00", "units": "2.5"},
    "medications": {
        "name": "Sertraline",
        "kind": "medicine",
        "category": "psychiatric",
        "dose": "50 mg",
        "started_on": "2026-02-01",
        "stopped_on": "",
    },
    "checkins": {"date": "2026-03-01", "twitching": "no", "note": "quiet day"},
}

STORED = {
    "episodes": {
        "started_at": utc(2026, 3, 2, 14, 15),
        "side": "left",
        "muscle": "calf",
        "duration_seconds": 30,
        "intensity": 4,
        "twitch_count": 12,
        "symptoms": ["tingling", "cramp"],
        "activity": "sitting",
        "notes": "Beim Lesen — ça tremble 😖",
    },
    "caffeine": {"taken_at": utc(2026, 3, 2, 13, 0), "mg": 95, "source": "coffee"},
    "fluids": {"taken_at": utc(2026, 3, 2, 13, 30), "ml": 330, "drink": "electrolyte"},
    "sleep": {"date": dt.date(2026, 3, 2), "hours": Decimal("7.25"), "quality": 3},
    "stress": {"recorded_at": utc(2026, 3, 2, 14, 0), "level": 4, "note": "締め切り (deadline)"},
    "exercise": {
        "started_at": utc(2026, 3, 1, 23, 0),
        "minutes": 45,
        "intensity": "moderate",
        "kind": "running",
    },
    "alcohol": {"taken_at": utc(2026, 3, 2, 1, 0), "units": Decimal("2.5")},
    "medications": {
        "name": "Sertraline",
        "kind": "medicine",
        "category": "psychiatric",
        "dose": "50 mg",
        "started_on": dt.date(2026, 2, 1),
        "stopped_on": None,
        "suspected": False,
    },
    "checkins": {"date": dt.date(2026, 3, 1), "twitching": False, "note": "quiet day"},
}

EDIT_POST = {
    "episodes": {"intensity": "7", "side": "both", "symptoms": []},
    "caffeine": {"mg": "63", "source": "espresso"},
    "fluids": {"ml": "500"},
    "sleep": {"hours": "5.5", "quality": "2"},
    "stress": {"level": "2", "note": ""},
    "exercise": {"minutes": "20", "intensity": "vigorous"},
    "alcohol": {"units": "1.0", "taken_at": "2026-03-01T21:30"},
    "medications": {"stopped_on": "2026-02-20", "suspected": "on"},
    "checkins": {"twitching": "yes", "note": ""},
}

EDITED = {
    "episodes": {"intensity": 7, "side": "both", "symptoms": []},
    "caffeine": {"mg": 63, "source": "espresso"},
    "fluids": {"ml": 500},
    "sleep": {"hours": Decimal("5.50"), "quality": 2},
    "stress": {"level": 2, "note": ""},
    "exercise": {"minutes": 20, "intensity": "vigorous"},
    "alcohol": {"units": Decimal("1.0"), "taken_at": utc(2026, 3, 2, 2, 30)},
    "medications": {"stopped_on": dt.date(2026, 2, 20), "suspected": True},
    "checkins": {"twitching": True, "note": ""},
}


def model_of(slug):
    return KINDS_BY_SLUG[slug].model


def make_entry(slug: str, user, **fields):
    """A saved, valid row of one kind for `user`."""
    return model_of(slug).objects.create(user=user, **{**ROW_DEFAULTS[slug], **fields})


def make_one_of_each(user) -> dict:
    """One row of every kind, all on the local day TODAY (for New York and London)."""
    today = {"medications": {"started_on": TODAY}}  # a medicine shows on its start day
    return {slug: make_entry(slug, user, **today.get(slug, {})) for slug in KINDS_BY_SLUG}


def build_entries(slug: str, user, n: int, *, day_offset_base=0) -> list:
    """`n` unsaved rows of one kind for bulk_create.

    Timed kinds fall on TODAY (one a minute before NOW); dated kinds take one date each,
    going back from TODAY (sleep and check-ins allow one a day).
    """
    model = model_of(slug)
    rows = []
    for i in range(n):
        fields = dict(ROW_DEFAULTS[slug])
        if slug in ("sleep", "checkins"):
            fields["date"] = TODAY - dt.timedelta(days=day_offset_base + i)
        elif slug == "medications":
            fields["started_on"] = TODAY - dt.timedelta(days=day_offset_base + i)
            fields["name"] = f"Medicine {i}"
        else:
            field = KINDS_BY_SLUG[slug].time_field
            fields[field] = NOW - dt.timedelta(minutes=1 + i)
        rows.append(model(user=user, **fields))
    return rows


def post_data(slug: str, **overrides) -> dict:
    """The valid create post of a kind, with some fields replaced (None drops a field)."""
    data = {**VALID_POST[slug], **overrides}
    return {key: value for key, value in data.items() if value is not None}


def snapshot(row) -> dict:
    """Everything about a row that a request could change."""
    row = type(row).objects.get(pk=row.pk)
    return {**model_to_dict(row), "user": row.user_id, "updated_at": row.updated_at}


def profile_form_data(profile, **overrides) -> dict:
    """A complete, valid post of the profile form for `profile`, with some fields replaced."""
    data = {
        "display_name": profile.display_name,
        "email": profile.user.email,
        "timezone": profile.timezone,
        "fluid_unit": profile.fluid_unit,
        "date_of_birth": profile.date_of_birth.isoformat() if profile.date_of_birth else "",
        "coffee_mg": profile.coffee_mg,
        "espresso_mg": profile.espresso_mg,
        "tea_mg": profile.tea_mg,
        "energy_drink_mg": profile.energy_drink_mg,
        "cola_mg": profile.cola_mg,
        "glass_ml": profile.glass_ml,
        "bottle_ml": profile.bottle_ml,
        "reminder_time": profile.reminder_time.strftime("%H:%M") if profile.reminder_time else "",
    }
    return {**data, **overrides}


# --- Assertions -------------------------------------------------------------------


def field_block(html: str, field: str) -> str:
    """The HTML of one crispy-forms field wrapper (label, input, error, help text)."""
    start = html.index(f'id="div_id_{field}"')
    end = html.find('id="div_id_', start + 1)
    return html[start : end if end != -1 else len(html)]


def assert_field_error(response, field: str, message: str):
    """The form came back (200, not saved) with `message` shown next to `field`."""
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, f"no error on {field}: {form.errors.as_data()}"
    assert any(message in error for error in form.errors[field]), form.errors[field]
    block = field_block(response.content.decode(), field)
    assert f'id="error_1_id_{field}"' in block
    assert escape(message) in block
