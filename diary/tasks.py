"""Huey tasks of the diary (found by huey.contrib.djhuey): daily housekeeping."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .idempotency import prune_keys


@db_periodic_task(crontab(hour="3", minute="17"))
def prune_submission_keys() -> int:
    """Idempotency keys older than idempotency.KEEP_KEYS: one row per tap would pile up."""
    return prune_keys(timezone.now())
