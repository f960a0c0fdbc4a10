"""Who is due a reminder now, in a constant number of queries however many people.

A pass: (1) the distinct (time zone, reminder time) pairs of people who asked
for reminders; (2) in Python, each zone's local date and time, once; (3) one
INSERT ... SELECT of a reminder row for each due person in those zones whose
local day has no check-in, no episode and no reminder row yet (NOT EXISTS
subqueries), ignoring conflicts; (4) one SELECT of the rows this pass won.
Only those are handed to the delivery task, so two schedulers running the same
pass at once send one reminder, not two: the unique (user, local date) row
decides.
"""

import datetime as dt
import uuid
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, DateField, DateTimeField, Exists, OuterRef, Q, Value, When

from accounts.models import Profile
from diary.models import CheckIn, Episode
from twitchdiary.lib.dates import day_bounds

from .models import Reminder

# A reminder missed by a stopped scheduler still goes out this long after its time
# (and a wall-clock time skipped by a DST change goes at the first moment after it).
CATCH_UP = dt.timedelta(hours=1)
# A failed reminder is not retried once it is this old (it would be about another day).
RETRY_FOR = dt.timedelta(hours=6)


@dataclass(frozen=True)
class ZoneNow:
    name: str
    local_date: dt.date
    local_time: dt.time
    window_start: dt.time
    day_start: dt.datetime
    day_end: dt.datetime


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")  # as Profile.tzinfo does


def zone_now(name: str, now: dt.datetime) -> ZoneNow:
    tz = _zone(name)
    local = now.astimezone(tz)
    # Wall-clock arithmetic on purpose: the window is in local clock times.
    earliest = local - CATCH_UP
    window_start = earliest.time() if earliest.date() == local.date() else dt.time.min
    start, end = day_bounds(local.date(), tz)
    return ZoneNow(
        name=name,
        local_date=local.date(),
        local_time=local.time().replace(tzinfo=None),
        window_start=window_start.replace(tzinfo=None),
        day_start=start,
        day_end=end,
    )


def due_zones(now: dt.datetime) -> list[tuple[ZoneNow, list[dt.time]]]:
    """Each zone with someone due now, and the reminder times due there (query 1)."""
    pairs = (
        Profile.objects.filter(reminder_time__isnull=False)
        .values_list("timezone", "reminder_time")
        .distinct()
    )
    times_by_zone = defaultdict(list)
    for name, reminder_time in pairs:
        times_by_zone[name].append(reminder_time)
    due = []
    for name, times in times_by_zone.items():
        zone = zone_now(name, now)
        due_times = [t for t in times if zone.window_start <= t <= zone.local_time]
        if due_times:
            due.append((zone, due_times))
    return due


def _due_queryset(zones: list[tuple[ZoneNow, list[dt.time]]]):
    """(user id, local date, channel) of the people due in these zones, logged today excluded."""
    in_window = Q()
    for zone, times in zones:
        in_window |= Q(timezone=zone.name, reminder_time__in=times)

    def per_zone(attr, output_field):
        return Case(
            *[When(timezone=zone.name, then=Value(getattr(zone, attr))) for zone, _ in zones],
            output_field=output_field,
        )

    return (
        Profile.objects.filter(in_window, user__is_active=True)
        # Push without an address is kept: delivery skips it if no device is left.
        .exclude(user__email="", reminder_channel=Profile.ReminderChannel.EMAIL)
        .annotate(
            local_date=per_zone("local_date", DateField()),
            day_start=per_zone("day_start", DateTimeField()),
            day_end=per_zone("day_end", DateTimeField()),
        )
        .filter(
            ~Exists(
                CheckIn.objects.filter(user_id=OuterRef("user_id"), date=OuterRef("local_date"))
            ),
            ~Exists(
                Episode.objects.filter(
                    user_id=OuterRef("user_id"),
                    started_at__gte=OuterRef("day_start"),
                    started_at__lt=OuterRef("day_end"),
                )
            ),
            ~Exists(
                Reminder.objects.filter(
                    user_id=OuterRef("user_id"), local_date=OuterRef("local_date")
                )
            ),
        )
        .values_list("user_id", "local_date", "reminder_channel")
    )


def due_people(now: dt.datetime) -> list[tuple[int, dt.date]]:
    """(user id, local date) of everyone due a reminder now: two queries in all."""
    zones = due_zones(now)
    if not zones:
        return []
    return [(user_id, day) for user_id, day, _ in _due_queryset(zones)]


def retries_due(now: dt.datetime) -> list[int]:
    """Reminders whose send failed and whose next attempt is due (one query)."""
    return list(
        Reminder.objects.filter(
            state=Reminder.State.PENDING, retry_at__lte=now, created_at__gte=now - RETRY_FOR
        ).values_list("pk", flat=True)
    )


def claim_due(now: dt.datetime) -> list[int]:
    """Insert a reminder row for everyone due; the ids of the rows this pass won.

    The due people never travel through Python: one INSERT ... SELECT ... ON CONFLICT
    DO NOTHING writes their rows (a row another pass inserted first is skipped, not
    duplicated), then one SELECT reads back the rows carrying this pass's claim.
    """
    zones = due_zones(now)
    if not zones:
        return []
    claim = uuid.uuid4()
    select_sql, select_params = _due_queryset(zones).query.sql_with_params()
    fields = {f.name: f for f in Reminder._meta.fields}
    quote = connection.ops.quote_name
    columns = ["user_id", "local_date", "channel", "state", "attempts", "last_error", "claim"]
    columns.append("created_at")
    constants = [
        Reminder.State.PENDING.value,
        0,
        "",
        fields["claim"].get_db_prep_value(claim, connection),
        fields["created_at"].get_db_prep_value(now, connection),
    ]
    # "WHERE true" keeps SQLite from reading ON CONFLICT as a join's ON.
    sql = (
        f"INSERT INTO {quote(Reminder._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"SELECT due.*, %s, %s, %s, %s, %s FROM ({select_sql}) AS due WHERE true "
        f"ON CONFLICT ({quote('user_id')}, {quote('local_date')}) DO NOTHING"
    )
    with connection.cursor() as cursor:  # one statement: atomic by itself
        cursor.execute(sql, [*constants, *select_params])  # in the order they appear
    return list(Reminder.objects.filter(claim=claim).values_list("pk", flat=True))
