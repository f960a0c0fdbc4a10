"""Huey tasks (found by huey.contrib.djhuey): the minute-by-minute pass and each send."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .delivery import deliver
from .schedule import claim_due, retries_due


@db_task()
def send_reminder(reminder_id: int) -> str:
    return deliver(reminder_id)


def run_pass(now=None) -> int:
    """Queue the retries due and a reminder for everyone due now; how many were queued.

    Two passes at once may both queue a retry: only one send happens, since
    delivery moves the row out of "pending" in one UPDATE before sending.
    """
    now = now or timezone.now()
    ids = retries_due(now) + claim_due(now)
    for reminder_id in ids:
        send_reminder(reminder_id)
    return len(ids)


@db_periodic_task(crontab(minute="*"))
def reminder_pass() -> int:
    return run_pass()
