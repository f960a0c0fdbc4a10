"""Sending one reminder: claim the row, check the day is still unlogged, send, record."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Profile, push_configured
from diary.checkins import day_is_logged

from . import push
from .links import checkin_url, unsubscribe_url
from .models import PushSubscription, Reminder

logger = logging.getLogger(__name__)

# One try and three retries, 1, 2 then 4 minutes apart (picked up by later passes).
MAX_ATTEMPTS = 4
FIRST_RETRY = dt.timedelta(minutes=1)


def build_email(reminder: Reminder) -> EmailMultiAlternatives:
    user = reminder.user
    unsubscribe = unsubscribe_url(user.pk)
    context = {
        "name": user.profile.display_name or user.get_username(),
        "no_twitching_url": checkin_url(reminder, twitching=False),
        "twitching_url": checkin_url(reminder, twitching=True),
        "unsubscribe_url": unsubscribe,
        "profile_url": f"{settings.SITE_URL}/accounts/profile/",
    }
    message = EmailMultiAlternatives(
        subject="Twitch Diary: you have not checked in today",
        body=render_to_string("reminders/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            # RFC 2369 and RFC 8058: mail apps show an "Unsubscribe" button that POSTs here.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return message


def deliver(reminder_id: int) -> str:
    """Send one reminder at most once; its state afterwards.

    Never raises: a failed send goes back to pending with a retry time (a later
    pass tries again), and after the last attempt the row is marked failed.
    """
    # The row moves pending -> sending in one UPDATE: whoever changes it sends it.
    won = Reminder.objects.filter(pk=reminder_id, state=Reminder.State.PENDING).update(
        state=Reminder.State.SENDING, attempts=F("attempts") + 1
    )
    if not won:
        return "not pending"
    reminder = Reminder.objects.select_related("user__profile").get(pk=reminder_id)
    user = reminder.user
    profile = user.profile
    devices = []
    if reminder.channel == Profile.ReminderChannel.PUSH and push_configured():
        devices = list(PushSubscription.objects.filter(user=user))
    if (
        profile.reminder_time is None
        or not (devices or user.email)
        or day_is_logged(user=user, day=reminder.local_date, tz=profile.tzinfo)
    ):
        # Logged, turned off, or no way left to reach them: nothing to send.
        return _finish(reminder, Reminder.State.SKIPPED)
    try:
        channel = _send(reminder, devices)
    except Exception as exc:  # any failure of the mail server or the network
        error = f"{type(exc).__name__}: {exc}"[:300]
        if reminder.attempts >= MAX_ATTEMPTS:
            logger.error(
                "Reminder %s failed after %s attempts: %s", reminder.pk, MAX_ATTEMPTS, error
            )
            return _finish(reminder, Reminder.State.FAILED, last_error=error)
        logger.warning(
            "Reminder %s not sent (attempt %s): %s", reminder.pk, reminder.attempts, error
        )
        backoff = FIRST_RETRY * 2 ** (reminder.attempts - 1)
        return _finish(
            reminder,
            Reminder.State.PENDING,
            last_error=error,
            retry_at=timezone.now() + backoff,
        )
    if channel is None:
        return _finish(reminder, Reminder.State.SKIPPED)
    return _finish(reminder, Reminder.State.SENT, sent_at=timezone.now(), channel=channel)


def _send(reminder: Reminder, devices: list[PushSubscription]) -> str | None:
    """Send by push to the person's devices, else by e-mail; the channel used (None: neither).

    Push falls back to e-mail only when no subscription is left (all were gone);
    a push that failed otherwise raises, and the reminder is retried.
    """
    if devices and push.send_to_devices(devices):
        return Profile.ReminderChannel.PUSH
    if not reminder.user.email:
        return None
    build_email(reminder).send()
    return Profile.ReminderChannel.EMAIL


def _finish(reminder: Reminder, state: str, **fields) -> str:
    Reminder.objects.filter(pk=reminder.pk).update(state=state, **fields)
    return state
