"""Read-only queries on the diary, always scoped to one user."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from twitchdiary.lib import clinical
from twitchdiary.lib.dates import day_bounds

from .kinds import KINDS, Kind
from .models import Episode, Medication


def filter_period(qs, kind: Kind, start: dt.date | None, end: dt.date | None, tz: ZoneInfo):
    """Entries of `kind` whose local date lies in [start, end] (either end open)."""
    name = kind.time_field
    if kind.is_dated:
        if start:
            qs = qs.filter(**{f"{name}__gte": start})
        if end:
            qs = qs.filter(**{f"{name}__lte": end})
        return qs
    if start:
        qs = qs.filter(**{f"{name}__gte": day_bounds(start, tz)[0]})
    if end:
        qs = qs.filter(**{f"{name}__lt": day_bounds(end, tz)[1]})
    return qs


@dataclass
class TimelineItem:
    kind: Kind
    entry: object
    local_time: dt.datetime | None  # None for whole-day entries (sleep, check-in)


def day_timeline(user, day: dt.date, tz: ZoneInfo) -> list[TimelineItem]:
    """Everything logged on one local day, whole-day entries first, then by time.

    One query per kind, whatever the amount of data. Medicines appear on the
    days they were started or stopped.
    """
    start, end = day_bounds(day, tz)
    items: list[TimelineItem] = []
    for kind in KINDS:
        qs = kind.model.objects.filter(user=user)
        if kind.model is Medication:
            # On the days it was started or stopped, not on every day it is taken.
            qs = qs.filter(Q(started_on=day) | Q(stopped_on=day))
        elif kind.is_dated:
            qs = qs.filter(**{kind.time_field: day})
        else:
            qs = qs.filter(**{f"{kind.time_field}__gte": start, f"{kind.time_field}__lt": end})
        for entry in qs.order_by(kind.time_field, "pk"):
            when = entry.when
            local = timezone.localtime(when, tz) if isinstance(when, dt.datetime) else None
            items.append(TimelineItem(kind, entry, local))
    items.sort(key=lambda i: (i.local_time is not None, i.local_time and i.local_time.timestamp()))
    return items


def recent_red_flags(user, *, now: dt.datetime | None = None) -> list[Episode]:
    """Episodes of the last RED_FLAG_RECENT_DAYS with a symptom that carries a level.

    Most urgent first, then newest.
    """
    now = now or timezone.now()
    since = now - dt.timedelta(days=clinical.RED_FLAG_RECENT_DAYS)
    episodes = [
        e
        for e in Episode.objects.filter(user=user, started_at__gte=since)
        .exclude(symptoms=[])
        .order_by("-started_at")
        if e.level > clinical.Level.NONE
    ]
    episodes.sort(key=lambda e: -e.level)
    return episodes


def first_diary_day(user, tz: ZoneInfo) -> dt.date | None:
    """The local date of the person's earliest entry of any kind; None for an empty diary."""
    days = []
    for kind in KINDS:
        first = (
            kind.model.objects.filter(user=user)
            .order_by(kind.time_field)
            .values_list(kind.time_field, flat=True)
            .first()
        )
        if first is not None:
            days.append(first if kind.is_dated else first.astimezone(tz).date())
    return min(days, default=None)
