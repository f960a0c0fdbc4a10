"""Idempotency keys and tap times for the one-tap logs and the entry forms.

The phone's service worker (static/js/sw.js) gives every one-tap log and new-entry form it
sends an `idempotency_key` (a UUID made on the phone before the first attempt). When the
network is down it keeps the request and sends it again later, adding `tapped_at` (when the
person tapped, ISO 8601). A view wrapped in `replay_safe`:

- saves at most once per key: the same key again returns the first result and creates nothing
  (a unique row per key, so two replays racing each other cannot both save);
- refuses a key that belongs to somebody else with a plain 404 that reveals nothing;
- finds the tap time, checked, through `tap_time(request)`, for entries logged "now".

A request that asks for JSON (the queue does) gets `{"ok": ..., "url": ..., "errors": [...]}`
instead of a page, so the phone can show the server's reason when an entry is refused.
Pages without JavaScript send no key and work as before.
"""

import datetime as dt
import html
import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.http import url_has_allowed_host_and_scheme

from twitchdiary.lib import clinical

from .models import SubmissionKey

KEY_FIELD = "idempotency_key"
TAPPED_AT_FIELD = "tapped_at"
# A tap kept on the phone longer than this is more likely a forgotten phone than a memory:
# the person is asked to add it through the form, with its time, instead.
MAX_QUEUED_AGE = dt.timedelta(days=7)
# How long a key is remembered: far longer than a tap is kept on the phone, so a replay of a
# request whose answer was lost always finds its key. Older keys are pruned daily (tasks.py).
KEEP_KEYS = dt.timedelta(days=90)


class Refused(Exception):
    """The request cannot be saved; the message says why and what to do."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status


def parse_tapped_at(value: str, *, now: dt.datetime) -> dt.datetime | None:
    """The tap time sent by the phone, or None when it sent none. Raises Refused."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Refused("The time this was tapped is not a valid time.", status=400) from None
    if timezone.is_naive(moment):
        raise Refused("The time this was tapped has no time zone.", status=400)
    local = timezone.localtime(moment)
    if moment > now + clinical.FUTURE_TOLERANCE:
        raise Refused(
            f"This was saved on your phone for {local:%d %b %H:%M}, which is in the future. "
            "Check the clock on your phone, then discard it and log it again."
        )
    if moment < now - MAX_QUEUED_AGE:
        raise Refused(
            f"This was saved on your phone on {local:%d %b %H:%M}, more than "
            f"{MAX_QUEUED_AGE.days} days ago. Add it through the form with its time instead."
        )
    return moment


def prune_keys(now: dt.datetime) -> int:
    """Forget the keys older than KEEP_KEYS; how many were deleted."""
    deleted, _ = SubmissionKey.objects.filter(created_at__lt=now - KEEP_KEYS).delete()
    return deleted


def tap_time(request) -> dt.datetime:
    """When the person tapped: the checked time the phone sent, else now."""
    return getattr(request, "tapped_at", None) or timezone.now()


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("diary:dashboard")


def _plain(message: str) -> str:
    """A message as text: the phone shows JSON errors as text, where a link's tags would show."""
    return html.unescape(strip_tags(message))


def _form_errors(response) -> list[str]:
    """The messages of an invalid form on a page the view rendered, as the person reads them."""
    context = response.context_data if isinstance(response, TemplateResponse) else None
    form = (context or {}).get("form")
    if form is None or not form.errors:
        return ["The diary did not accept this entry."]
    errors = []
    for name, field_errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        errors += [_plain(f"{label}: {e}" if label else e) for e in field_errors]
    return errors


def replay_safe(view):
    """Wrap a POST view that saves one entry (see the module docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        wants_json = _wants_json(request)
        try:
            request.tapped_at = parse_tapped_at(
                request.POST.get(TAPPED_AT_FIELD, ""), now=timezone.now()
            )
            raw_key = request.POST.get(KEY_FIELD, "")
            if not raw_key:
                return view(request, *args, **kwargs)
            try:
                key = uuid.UUID(raw_key)
            except ValueError:
                raise Refused("This entry's key is not valid.", status=400) from None
            return _once(request, key, wants_json, view, args, kwargs)
        except Refused as refusal:
            if wants_json:
                return JsonResponse(
                    {"ok": False, "errors": [_plain(refusal.message)]}, status=refusal.status
                )
            messages.error(request, refusal.message)
            return redirect(_back(request))

    return wrapper


def _once(request, key, wants_json, view, args, kwargs):
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = SubmissionKey.objects.create(user=request.user, key=key)
        except IntegrityError:
            first = SubmissionKey.objects.filter(key=key).first()
            if first is None or first.user_id != request.user.pk:
                raise Http404("No such entry") from None
            if wants_json:
                return JsonResponse({"ok": True, "url": first.result_url, "replayed": True})
            return redirect(first.result_url or reverse("diary:dashboard"))
        response = view(request, *args, **kwargs)
        if response.status_code not in (301, 302, 303):
            # Refused (an invalid form): nothing is saved, not even the key, so the
            # person can fix the entry and send it again.
            transaction.set_rollback(True)
            if wants_json:
                return JsonResponse({"ok": False, "errors": _form_errors(response)}, status=422)
            return response
        record.result_url = response["Location"][:500]
        record.save(update_fields=["result_url"])
    if wants_json:
        return JsonResponse({"ok": True, "url": record.result_url, "replayed": False})
    return response
