"""The dashboard's one-tap check-ins (a small module of its own, beside views.py)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from twitchdiary.lib.dates import fmt_date

from .checkins import checkin_prompt, quick_check_in
from .idempotency import Refused, replay_safe, tap_time


def dashboard_prompt(request, today: dt.date):
    """The dashboard's check-in prompt (today's buttons and the last unlogged days)."""
    profile = request.profile
    joined = timezone.localtime(request.user.date_joined, profile.tzinfo).date()
    return checkin_prompt(user=request.user, tz=profile.tzinfo, today=today, joined=joined)


@login_required
@require_POST
@replay_safe
def quick_checkin(request):
    """One tap: today's check-in (the day of the tap, when it was queued offline), or one
    of the last unlogged days'. Refusals reach a queued tap with their message."""
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        day = timezone.localdate(tap_time(request))
    answer = request.POST.get("twitching")
    if answer not in ("yes", "no"):
        raise Refused("Choose whether there was any twitching.")
    twitching = answer == "yes"
    result = quick_check_in(
        user=request.user, day=day, twitching=twitching, tz=request.profile.tzinfo
    )
    if isinstance(result, str):
        raise Refused(result)
    else:
        when = "today" if day == today else f"for {fmt_date(day)}"
        what = "twitching" if twitching else "no twitching"
        messages.success(request, f"Checked in {when}: {what}.")
    return redirect("diary:dashboard")
