"""The tests' one set of factories: ready-made rows, form posts and backups for every kind.

- Per kind (by slug): a valid row (make_entry, build_entries), a valid create post and what it
  stores, an edit and what it changes, all around tests.clock.NOW.
- Per model, for the security sweeps: a row (make_row) and a post that would change every
  field of it (CHANGED_POST), so a missing ownership check shows.
- A seeded generator of years of daily logging in the backup format (generate_backup).
"""

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.html import escape

from diary.kinds import KINDS_BY_SLUG
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
from tests.clock import NOW, TODAY, utc

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


def snapshot(row) -> dict | None:
    """Everything about a row that a request could change (None once it is gone)."""
    fresh = type(row).objects.filter(pk=row.pk).first()
    if fresh is None:
        return None
    data = {**model_to_dict(fresh), "user": fresh.user_id}
    if hasattr(fresh, "updated_at"):  # diary entries; a share link's change is revoked_at
        data["updated_at"] = fresh.updated_at
    return data


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


# --- Rows for the security sweeps, by model ----------------------------------------

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
            f"tests/factories.py has no row for {model.__name__}: add it to ROW_FIELDS "
            "and CHANGED_POST so the security sweeps cover it."
        ) from None
    return model.objects.create(user=user, **fields)


# --- Backups: years of daily logging (seeded) -------------------------------------
# Rows are sorted as the export sorts them (by time), so a generated file that is imported
# and exported again comes back identical apart from "exported_at".

SIDES = ("left", "right", "both")
MUSCLES = ("quadriceps", "hamstring", "calf", "kneecap", "shin", "other")
ACTIVITIES = ("", "resting", "sitting", "standing", "walking", "exercising", "lying_in_bed")
SYMPTOMS = ("tingling", "cramp", "stiffness", "pain", "swelling")
SOURCES = ("coffee", "espresso", "tea", "energy_drink", "soda")
NOTES = ("", "", "", "busy day", "after the gym", "Évening walk, 5 km", "stressful; late")


def generate_backup(
    *,
    years: int = 5,
    end: dt.date = dt.date(2026, 3, 1),
    seed: int = 20260302,
    timezone: str = "Europe/London",
) -> dict:
    rng = random.Random(seed)
    tz = ZoneInfo(timezone)
    start = end - dt.timedelta(days=round(365.25 * years) - 1)

    def at(day, low_hour, high_hour):
        # Local times between 06:00 and 23:59 never fall in a daylight-saving gap.
        minutes = rng.randrange(low_hour * 60, high_hour * 60)
        local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=tz)
        return local.isoformat()

    doc = {
        "format": "twitch-diary/1",
        "exported_at": dt.datetime.combine(end, dt.time(12), tzinfo=tz).isoformat(),
        "profile": {
            "display_name": "Five Years",
            "timezone": timezone,
            "fluid_unit": "ml",
            "date_of_birth": "1980-02-29",
            "coffee_mg": 95,
            "espresso_mg": 63,
            "tea_mg": 47,
            "energy_drink_mg": 80,
            "cola_mg": 34,
            "glass_ml": 250,
            "bottle_ml": 500,
            "visit_questions": "What else could it be?",
        },
    }
    kinds = ("episodes", "caffeine", "fluids", "sleep", "stress", "exercise", "alcohol")
    rows = {kind: [] for kind in (*kinds, "medications", "checkins")}
    day = start
    while day <= end:
        n_episodes = rng.choices(range(7), weights=(20, 20, 20, 15, 12, 8, 5))[0]
        for when in sorted(at(day, 6, 24) for _ in range(n_episodes)):
            rows["episodes"].append(
                {
                    "started_at": when,
                    "side": rng.choice(SIDES),
                    "muscle": rng.choice(MUSCLES),
                    "duration_seconds": rng.randint(1, 600),
                    "intensity": rng.randint(1, 10),
                    "twitch_count": rng.choice([None, rng.randint(1, 200)]),
                    "symptoms": rng.sample(SYMPTOMS, rng.choice((0, 0, 0, 1, 2))),
                    "activity": rng.choice(ACTIVITIES),
                    "notes": rng.choice(NOTES),
                }
            )
        for when in sorted(at(day, 6, 18) for _ in range(rng.randint(1, 4))):
            source = rng.choice(SOURCES)
            rows["caffeine"].append(
                {"taken_at": when, "mg": rng.randint(20, 200), "source": source}
            )
        for when in sorted(at(day, 6, 23) for _ in range(rng.randint(2, 6))):
            drink = rng.choice(("water", "water", "electrolyte", "other"))
            rows["fluids"].append(
                {"taken_at": when, "ml": rng.choice((250, 330, 500)), "drink": drink}
            )
        hours = rng.randint(16, 40) * 25  # hundredths, in quarter hours: 4.00 to 10.00
        rows["sleep"].append(
            {"date": day.isoformat(), "hours": f"{hours / 100:.2f}", "quality": rng.randint(1, 5)}
        )
        if rng.random() < 0.8:
            rows["stress"].append(
                {
                    "recorded_at": at(day, 18, 22),
                    "level": rng.randint(1, 5),
                    "note": rng.choice(NOTES),
                }
            )
        if rng.random() < 0.5:
            rows["exercise"].append(
                {
                    "started_at": at(day, 6, 20),
                    "minutes": rng.randint(10, 120),
                    "intensity": rng.choice(("light", "moderate", "vigorous")),
                    "kind": rng.choice(("", "running", "gym", "gardening")),
                }
            )
        if rng.random() < 0.35:
            rows["alcohol"].append(
                {"taken_at": at(day, 18, 23), "units": f"{rng.randint(5, 60) / 10:.1f}"}
            )
        rows["checkins"].append(
            {"date": day.isoformat(), "twitching": n_episodes > 0, "note": rng.choice(NOTES)}
        )
        day += dt.timedelta(days=1)

    for i in range(12):
        started = start + dt.timedelta(days=rng.randrange(0, (end - start).days))
        stopped = started + dt.timedelta(days=rng.randint(10, 200))
        rows["medications"].append(
            {
                "name": f"Medicine {i + 1}",
                "kind": rng.choice(("medicine", "supplement")),
                "category": rng.choice(("magnesium", "statin", "diuretic", "other")),
                "dose": rng.choice(("", "10 mg", "200 mg")),
                "started_on": started.isoformat(),
                "stopped_on": stopped.isoformat() if stopped <= end else None,
                "suspected": rng.random() < 0.3,
            }
        )
    rows["medications"].sort(key=lambda row: row["started_on"])
    doc.update(rows)
    return doc


def count_rows(doc: dict) -> int:
    return sum(len(value) for value in doc.values() if isinstance(value, list))


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
