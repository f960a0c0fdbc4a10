"""Reminder fixtures: people in several time zones, a pass at a given instant, an SMTP port."""

import datetime as dt
import socket

import pytest
import time_machine

from reminders.models import Reminder
from reminders.tasks import run_pass
from tests.conftest import make_user

UTC = dt.UTC


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def reminder_person(username: str, timezone: str, reminder_time: str = "20:00"):
    return make_user(
        username, timezone=timezone, reminder_time=dt.time.fromisoformat(reminder_time)
    )


def pass_at(when: dt.datetime) -> int:
    """One scheduler pass with the clock at `when` (the sends read the clock too)."""
    with time_machine.travel(when, tick=False):
        return run_pass(when)


def reminders_of(user) -> list[tuple[dt.date, str]]:
    return list(
        Reminder.objects.filter(user=user).order_by("local_date").values_list("local_date", "state")
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    """A mail server that refuses connections: nothing listens on the port."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return settings
