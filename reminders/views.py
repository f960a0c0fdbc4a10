import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Profile, push_configured
from diary.checkins import quick_check_in
from twitchdiary.lib.dates import fmt_date

from .links import read_checkin_token, read_unsubscribe_token
from .models import PushSubscription, Reminder
from .signals import SESSION_ENDPOINTS


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


_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_https_url = URLValidator(schemes=["https"])


def _read_subscription(request) -> dict | None:
    """The browser's PushSubscription.toJSON() from the body; None when it is not one."""
    try:
        data = json.loads(request.body)
        endpoint, keys = data["endpoint"], data["keys"]
        p256dh, auth = keys["p256dh"], keys["auth"]
    except (ValueError, KeyError, TypeError):
        return None
    fields = PushSubscription._meta
    checks = [
        (endpoint, fields.get_field("endpoint").max_length),
        (p256dh, fields.get_field("p256dh").max_length),
        (auth, fields.get_field("auth").max_length),
    ]
    if not all(isinstance(value, str) and 0 < len(value) <= limit for value, limit in checks):
        return None
    if not (_BASE64URL.fullmatch(p256dh) and _BASE64URL.fullmatch(auth)):
        return None
    try:
        _https_url(endpoint)
    except ValidationError:
        return None
    return {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}


def _bad_request(message: str, status: int = 400):
    return JsonResponse({"error": message}, status=status)


@login_required
@require_POST
def push_subscribe(request):
    """Save this browser's push subscription for the logged-in person (JSON, CSRF-checked)."""
    if not push_configured():
        return _bad_request("Push notifications are not set up on this server.", status=404)
    subscription = _read_subscription(request)
    if subscription is None:
        return _bad_request("This is not a push subscription.")
    endpoint = subscription.pop("endpoint")
    # Another account's subscription on this browser is left alone: the endpoint is unique.
    if PushSubscription.objects.filter(endpoint=endpoint).exclude(user=request.user).exists():
        return _bad_request("This browser gets another account's reminders.", status=409)
    _, created = PushSubscription.objects.update_or_create(
        user=request.user, endpoint=endpoint, defaults=subscription
    )
    # Remembered with this log-in, so logging out of this browser stops its reminders.
    request.session[SESSION_ENDPOINTS] = [
        *(e for e in request.session.get(SESSION_ENDPOINTS, []) if e != endpoint),
        endpoint,
    ]
    return JsonResponse({"saved": True}, status=201 if created else 200)


@login_required
@require_POST
def push_unsubscribe(request):
    """Forget one of the logged-in person's push subscriptions, by its endpoint."""
    try:
        endpoint = json.loads(request.body)["endpoint"]
    except (ValueError, KeyError, TypeError):
        return _bad_request("Send the subscription's endpoint.")
    if not isinstance(endpoint, str):
        return _bad_request("Send the subscription's endpoint.")
    deleted, _ = PushSubscription.objects.filter(user=request.user, endpoint=endpoint).delete()
    if not deleted:
        return _bad_request("No such subscription.", status=404)
    return JsonResponse({"deleted": True})
