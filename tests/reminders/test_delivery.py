"""Sending: a mail server that is down is retried with backoff, then marked failed."""

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections

from reminders.models import Reminder
from reminders.tasks import run_pass

from .conftest import at, pass_at, reminder_person, reminders_of

MINUTE = dt.timedelta(minutes=1)


@pytest.mark.django_db
def test_a_mail_server_that_is_down_is_retried_then_the_reminder_is_marked_failed(
    smtp_down, mailoutbox
):
    person = reminder_person("unlucky", "UTC")
    start = at(2026, 12, 1, 20, 0)

    # The first try at 20:00, then retries 1, 2 and 4 minutes after each failure
    # (20:01, 20:03, 20:07); no pass ever raises.
    attempts = []
    for minutes in range(0, 10):
        pass_at(start + minutes * MINUTE)
        attempts.append(Reminder.objects.get(user=person).attempts)

    assert attempts == [1, 2, 2, 3, 3, 3, 3, 4, 4, 4]
    reminder = Reminder.objects.get(user=person)
    assert reminder.state == "failed"
    assert "ConnectionRefusedError" in reminder.last_error
    assert mailoutbox == []


@pytest.mark.django_db
def test_after_a_failed_day_the_next_days_reminder_still_goes(smtp_down, settings, mailoutbox):
    person = reminder_person("unlucky", "UTC")
    for minutes in range(0, 10):
        pass_at(at(2026, 12, 1, 20, 0) + minutes * MINUTE)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # back up
    pass_at(at(2026, 12, 2, 20, 0))

    assert reminders_of(person) == [
        (dt.date(2026, 12, 1), "failed"),
        (dt.date(2026, 12, 2), "sent"),
    ]
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_send_that_works_on_a_retry_is_sent_once(smtp_down, settings, mailoutbox):
    person = reminder_person("second-time", "UTC")
    pass_at(at(2026, 12, 1, 20, 0))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    for minutes in range(1, 10):
        pass_at(at(2026, 12, 1, 20, 0) + minutes * MINUTE)

    assert reminders_of(person) == [(dt.date(2026, 12, 1), "sent")]
    assert Reminder.objects.get(user=person).attempts == 2
    assert len(mailoutbox) == 1


def _passes_at_once(now, count=2):
    """`count` scheduler passes started together in threads, each on its own connection."""
    barrier = threading.Barrier(count)
    errors = []

    def one_pass():
        try:
            barrier.wait(timeout=10)
            run_pass(now)
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_pass) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    and not settings.DATABASES["default"]["TEST"].get("NAME"),
    reason="the in-memory test database shares one cache between threads and refuses a "
    "concurrent write at once ('table is locked') instead of waiting out the busy timeout as "
    "the file database does; set SQLITE_TEST_NAME to a file to run it on SQLite",
)
def test_two_schedulers_running_the_same_pass_at_once_send_exactly_one_reminder():
    people = [reminder_person(f"person{i}", "Europe/Berlin") for i in range(20)]
    mail.outbox = []

    errors = _passes_at_once(at(2026, 12, 1, 19, 0))

    assert errors == []
    assert Reminder.objects.filter(state="sent").count() == len(people)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in people)
    assert connection.vendor in ("sqlite", "postgresql")
