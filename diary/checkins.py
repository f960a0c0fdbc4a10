"""One-tap daily check-ins: today's buttons, the last unlogged days, reminder links.

A day counts as logged when it has a check-in or an episode (docs/clinical-rules.md §2);
anything else is "not logged", which the reports must not read as twitch-free.
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from twitchdiary.lib.dates import day_bounds, range_bounds

from .forms import CheckInForm
from .models import CheckIn, Episode

# The dashboard asks about at most this many unlogged days, within this many days back.
PROMPT_DAYS = 3
LOOKBACK_DAYS = 7


@dataclass(frozen=True)
class CheckInPrompt:
    today_checked_in: bool
    unlogged_days: list[dt.date] = field(default_factory=list)


def checkin_prompt(*, user, tz: ZoneInfo, today: dt.date, joined: dt.date) -> CheckInPrompt:
    """What the dashboard asks: today's check-in, and the latest days with nothing logged.

    Two queries whatever the diary's size. Days before the account existed are not asked about.
    """
    first = max(today - dt.timedelta(days=LOOKBACK_DAYS), joined)
    checked = set(
        CheckIn.objects.filter(user=user, date__gte=first, date__lte=today).values_list(
            "date", flat=True
        )
    )
    start, end = range_bounds(first, today, tz)
    twitched = {
        started.astimezone(tz).date()
        for started in Episode.objects.filter(
            user=user, started_at__gte=start, started_at__lt=end
        ).values_list("started_at", flat=True)
    }
    logged = checked | twitched
    unlogged = []
    day = today - dt.timedelta(days=1)
    while day >= first and len(unlogged) < PROMPT_DAYS:
        if day not in logged:
            unlogged.append(day)
        day -= dt.timedelta(days=1)
    return CheckInPrompt(today_checked_in=today in checked, unlogged_days=unlogged)


def day_is_logged(*, user, day: dt.date, tz: ZoneInfo) -> bool:
    start, end = day_bounds(day, tz)
    return (
        CheckIn.objects.filter(user=user, date=day).exists()
        or Episode.objects.filter(user=user, started_at__gte=start, started_at__lt=end).exists()
    )


def quick_check_in(*, user, day: dt.date, twitching: bool, tz: ZoneInfo) -> CheckIn | str:
    """Save a check-in for `day` in one tap; the error message to show if it cannot be."""
    form = CheckInForm(
        data={"date": day.isoformat(), "twitching": "yes" if twitching else "no", "note": ""},
        user=user,
    )
    if not form.is_valid():
        # The form's own messages (one may link to the day: kept safe for the page's message).
        return mark_safe(" ".join(conditional_escape(m) for e in form.errors.values() for m in e))
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        return "You already checked in for this date. Edit that check-in instead."
