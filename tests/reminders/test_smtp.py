"""A real reminder over SMTP to a local sink (aiosmtpd): the headers and both kinds of links."""

import datetime as dt
import email
import email.policy
import re

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client

from diary.models import CheckIn

from .conftest import at, free_port, reminder_person

SENT_AT = at(2026, 12, 1, 20, 0)


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_sink(settings):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 10
    yield sink
    controller.stop()


@pytest.mark.django_db
def test_a_reminder_goes_over_smtp_with_one_click_unsubscribe_and_working_links(smtp_sink):
    person = reminder_person("smtp", "Europe/London")

    with time_machine.travel(SENT_AT, tick=False):
        call_command("send_reminders")

    ((recipients, raw),) = smtp_sink.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert recipients == [person.email]
    assert message["Subject"] == "Twitch Diary: you have not checked in today"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<http://testserver(/reminders/unsubscribe/\S+/)>", message["List-Unsubscribe"].strip()
    )
    assert unsubscribe, repr(message["List-Unsubscribe"])
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    no_twitching, twitching, _ = re.findall(r"http://testserver(/reminders/\S+/)", text)
    assert no_twitching in html and twitching in html
    assert "twitch" not in message["Subject"].lower().replace("twitch diary", "")

    client = Client()
    client.force_login(person)
    with time_machine.travel(SENT_AT + dt.timedelta(minutes=10), tick=False):
        checked = client.get(no_twitching)
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe.group(1),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert checked.status_code == 302
    assert CheckIn.objects.get(user=person).twitching is False
    assert one_click.status_code == 200
    person.profile.refresh_from_db()
    assert person.profile.reminder_time is None
