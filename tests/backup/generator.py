"""A seeded generator of realistic backups: years of daily logging, in the backup format.

Rows are sorted as the export sorts them (by time), so a generated file that is imported
and exported again comes back identical apart from "exported_at".
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

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
