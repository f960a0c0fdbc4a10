"""Realistic, deterministic synthetic diaries: the demo account and the benchmark.

The generator writes with bulk_create (a few statements per table, whatever the
number of days). Caffeine has a built-in effect: on days with more caffeine the
expected number of episodes is `caffeine_effect` times higher, and episodes on
those days tend to start in the hours after a drink, so the report has a real
pattern to find. Nothing here is used by the app at run time.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts import cache

from .models import Alcohol, Caffeine, CheckIn, Episode, Exercise, Fluid, Medication, Sleep, Stress

BATCH = 2000
HIGH_CAFFEINE_MG = 150  # about the median day: the effect splits the days in two


@dataclass
class GenerationResult:
    days: int
    counts: dict[str, int]


def _at(day: dt.date, hour: float, tz: ZoneInfo) -> dt.datetime:
    minutes = int(hour * 60)
    return dt.datetime.combine(day, dt.time(minutes // 60 % 24, minutes % 60), tzinfo=tz)


def generate(
    *,
    user,
    tz: ZoneInfo,
    end: dt.date,
    days: int,
    seed: int = 1,
    caffeine_effect: float = 3.0,
    forget_rate: float = 0.06,
    quiet_spells: bool = True,
    now: dt.datetime | None = None,
) -> GenerationResult:
    """Fill `days` local days ending on `end` for `user`. Returns row counts.

    forget_rate is the share of days the person logged nothing at all (missing
    days, which the reports must treat as missing, not zero).
    quiet_spells adds quiet weeks and flare-ups, as twitching comes and goes.
    now: entries later than this are not written (so "today" has no future rows).
    """
    rng = random.Random(seed)
    start = end - dt.timedelta(days=days - 1)
    rows: dict[type, list] = {
        m: []
        for m in (Episode, Caffeine, Fluid, Sleep, Stress, Exercise, Alcohol, CheckIn, Medication)
    }
    sites = [("left", "quadriceps"), ("left", "calf"), ("right", "quadriceps")]
    site_weights = [0.7, 0.2, 0.1]
    quiet_until = start - dt.timedelta(days=1)

    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        if quiet_spells and day > quiet_until and rng.random() < 0.012:
            quiet_until = day + dt.timedelta(days=rng.randint(7, 21))
        quiet = quiet_spells and day <= quiet_until
        if rng.random() < forget_rate:
            continue  # a day with nothing logged: missing data

        # Lifestyle
        drinks = rng.choices([0, 1, 2, 3, 4], weights=[1, 3, 3, 2, 1])[0]
        caffeine_hours = sorted(rng.uniform(7, 16) for _ in range(drinks))
        mg_total = 0
        for hour in caffeine_hours:
            source, mg = rng.choice(
                [
                    ("coffee", 95),
                    ("coffee", 95),
                    ("espresso", 63),
                    ("tea", 47),
                    ("energy_drink", 80),
                    ("soda", 34),
                ]
            )
            mg_total += mg
            rows[Caffeine].append(
                Caffeine(user=user, taken_at=_at(day, hour, tz), mg=mg, source=source)
            )
        for _ in range(rng.randint(3, 7)):
            rows[Fluid].append(
                Fluid(
                    user=user,
                    taken_at=_at(day, rng.uniform(7, 22), tz),
                    ml=rng.choice([250, 250, 330, 500]),
                    drink=rng.choice(["water", "water", "water", "other"]),
                )
            )
        hours = max(3.0, min(11.0, rng.gauss(7.0, 1.1)))
        rows[Sleep].append(
            Sleep(
                user=user,
                date=day,
                hours=Decimal(f"{hours:.2f}"),
                quality=max(1, min(5, round(hours - 3 + rng.gauss(0, 0.8)))),
            )
        )
        for _ in range(rng.choice([1, 1, 2])):
            rows[Stress].append(
                Stress(
                    user=user,
                    recorded_at=_at(day, rng.uniform(9, 21), tz),
                    level=rng.choices([1, 2, 3, 4, 5], [2, 4, 3, 2, 1])[0],
                )
            )
        if rng.random() < 0.4:
            rows[Exercise].append(
                Exercise(
                    user=user,
                    started_at=_at(day, rng.uniform(6, 19), tz),
                    minutes=rng.choice([20, 30, 45, 60, 90]),
                    intensity=rng.choice(["light", "moderate", "moderate", "vigorous"]),
                    kind=rng.choice(["walk", "run", "gym", "cycling", "gardening"]),
                )
            )
        if rng.random() < 0.25:
            rows[Alcohol].append(
                Alcohol(
                    user=user,
                    taken_at=_at(day, rng.uniform(18, 22.5), tz),
                    units=Decimal(rng.choice(["1.5", "2.0", "2.3", "3.0"])),
                )
            )

        # Twitching: a base rate, higher after more caffeine, lower in quiet spells.
        rate = 0.15 if quiet else 0.9
        if mg_total >= HIGH_CAFFEINE_MG:
            rate *= caffeine_effect
        count = _poisson(rng, rate)
        for _ in range(count):
            if caffeine_hours and mg_total >= HIGH_CAFFEINE_MG and rng.random() < 0.7:
                hour = rng.choice(caffeine_hours) + rng.uniform(0.2, 2.5)
            else:
                hour = rng.uniform(7, 23.5)
            side, muscle = rng.choices(sites, site_weights)[0]
            symptoms = []
            if rng.random() < 0.04:
                symptoms.append(rng.choice(["tingling", "cramp"]))
            rows[Episode].append(
                Episode(
                    user=user,
                    started_at=_at(day, min(hour, 23.9), tz),
                    side=side,
                    muscle=muscle,
                    duration_seconds=rng.choice([5, 10, 20, 30, 60, 120, 300]),
                    intensity=max(1, min(10, round(rng.gauss(4, 1.5)))),
                    twitch_count=rng.choice([None, None, 5, 10, 20]),
                    symptoms=symptoms,
                    activity=rng.choice(
                        [
                            "resting",
                            "sitting",
                            "sitting",
                            "lying_in_bed",
                            "walking",
                            "after_exercise",
                        ]
                    ),
                )
            )
        if count == 0 and rng.random() < 0.85:
            rows[CheckIn].append(CheckIn(user=user, date=day, twitching=False))
        elif count and rng.random() < 0.2:
            rows[CheckIn].append(CheckIn(user=user, date=day, twitching=True))

    rows[Medication] += [
        Medication(
            user=user,
            name="Magnesium glycinate",
            kind="supplement",
            category="magnesium",
            dose="200 mg daily",
            started_on=start + dt.timedelta(days=days // 3),
        ),
        Medication(
            user=user,
            name="Salbutamol inhaler",
            kind="medicine",
            category="other",
            dose="as needed",
            started_on=start - dt.timedelta(days=400),
        ),
    ]
    if days > 120:
        rows[Medication].append(
            Medication(
                user=user,
                name="Prednisolone",
                kind="medicine",
                category="corticosteroid",
                dose="20 mg",
                started_on=start + dt.timedelta(days=60),
                stopped_on=start + dt.timedelta(days=74),
            )
        )

    if now is not None:
        for model in (Episode, Caffeine, Fluid, Stress, Exercise, Alcohol):
            field = model.time_field
            rows[model] = [r for r in rows[model] if getattr(r, field) <= now]

    with transaction.atomic():
        for model, objs in rows.items():
            model.objects.bulk_create(objs, batch_size=BATCH)
        # bulk_create skips Entry.save(); this also covers generate_diary --replace and --timezone.
        cache.invalidate(user.pk)
    return GenerationResult(days=days, counts={m.url_slug: len(o) for m, o in rows.items()})


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method: fine for the small rates used here."""
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
