"""Daily housekeeping: idempotency keys are not kept for ever."""

import datetime as dt
import uuid

import pytest

from diary import tasks
from diary.idempotency import KEEP_KEYS
from diary.models import SubmissionKey
from tests.clock import NOW

pytestmark = pytest.mark.django_db


def key_made(user, ago: dt.timedelta) -> SubmissionKey:
    row = SubmissionKey.objects.create(user=user, key=uuid.uuid4())
    SubmissionKey.objects.filter(pk=row.pk).update(created_at=NOW - ago)
    return row


def test_the_daily_task_forgets_keys_older_than_kept(user, stranger):
    old = [key_made(user, KEEP_KEYS + dt.timedelta(seconds=1)), key_made(stranger, KEEP_KEYS * 2)]
    kept = [key_made(user, KEEP_KEYS - dt.timedelta(seconds=1)), key_made(stranger, dt.timedelta())]

    assert tasks.prune_submission_keys.call_local() == len(old)

    assert set(SubmissionKey.objects.values_list("pk", flat=True)) == {k.pk for k in kept}
