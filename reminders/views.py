from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Profile
from diary.checkins import quick_check_in
from twitchdiary.lib.dates import fmt_date

from .links import read_checkin_token, read_unsubscribe_token
from .models import Reminder


def _link_refused(request, reason: str, *, status: int):
    return render(request, "reminders/link_refused.html", {"reason": reason}, status=status)


@require_GET
@login_required  # a lost session goes through the login page, then comes back here
def checkin(request, token):
    """The e-mail's one-tap check-in: works once, for its own day, for its own account."""
    try:
        reminder_id, twitching = read_checkin_token(token)
    except signing.SignatureExpired:
        return _link_refused(
            request, "This link has expired. You can still check in from Today.", status=410
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _link_refused(request, "This link is not valid.", status=400)
    # Another account's link is a 404, as everywhere else in the app.
    reminder = get_object_or_404(Reminder, pk=reminder_id, user=request.user)
    with transaction.atomic():
        used = Reminder.objects.filter(pk=reminder.pk, link_used_at__isnull=True).update(
            link_used_at=timezone.now()
        )
        if not used:
            return _link_refused(
                request,
                "This link was already used. Your check-ins are on Today and in your history.",
                status=410,
            )
        result = quick_check_in(
            user=request.user,
            day=reminder.local_date,
            twitching=twitching,
            tz=request.profile.tzinfo,
        )
        if isinstance(result, str):
            transaction.set_rollback(True)  # the link stays usable (e.g. for the other answer)
            messages.error(request, result)
            return redirect("diary:dashboard")
    what = "twitching" if twitching else "no twitching"
    messages.success(request, f"Checked in for {fmt_date(reminder.local_date)}: {what}.")
    return redirect("diary:dashboard")


# Mail apps POST here with no cookie and no CSRF token (RFC 8058 one-click
# unsubscribe); the signed token is what authorises it, and it can only turn
# reminders off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user_id = read_unsubscribe_token(token)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _link_refused(request, "This unsubscribe link is not valid.", status=400)
    if request.method == "POST":
        Profile.objects.filter(user_id=user_id).update(reminder_time=None)
        return render(request, "reminders/unsubscribed.html")
    return render(request, "reminders/unsubscribe.html")
