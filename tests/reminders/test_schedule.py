"""The reminder pass: one e-mail per person and local day, at their local time, only if unlogged."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from diary.models import CheckIn, Episode
from reminders.models import Reminder
from reminders.schedule import due_people
from reminders.tasks import send_reminder

from .conftest import at, pass_at, reminder_person, reminders_of

pytestmark = pytest.mark.django_db

FIVE_MINUTES = dt.timedelta(minutes=5)


def run_every_five_minutes(start: dt.datetime, end: dt.datetime, step=FIVE_MINUTES):
    when = start
    while when < end:
        pass_at(when)
        when += step


def sent_to(mailoutbox, user) -> int:
    return sum(message.to == [user.email] for message in mailoutbox)


def test_each_person_gets_one_reminder_at_their_own_local_time(mailoutbox):
    berlin = reminder_person("berlin", "Europe/Berlin")  # 20:00 CET is 19:00 UTC
    new_york = reminder_person("newyork", "America/New_York")  # 20:00 EST is 01:00 UTC
    tokyo = reminder_person("tokyo", "Asia/Tokyo", "07:30")  # 22:30 UTC the day before

    assert pass_at(at(2026, 12, 1, 18, 59)) == 0
    assert pass_at(at(2026, 12, 1, 19, 0)) == 1
    assert reminders_of(berlin) == [(dt.date(2026, 12, 1), "sent")]
    assert pass_at(at(2026, 12, 1, 22, 30)) == 1
    assert reminders_of(tokyo) == [(dt.date(2026, 12, 2), "sent")]
    assert pass_at(at(2026, 12, 2, 1, 0)) == 1
    assert reminders_of(new_york) == [(dt.date(2026, 12, 1), "sent")]

    # Every pass for the rest of the day finds nobody new.
    run_every_five_minutes(at(2026, 12, 2, 1, 5), at(2026, 12, 2, 18, 0))
    assert [sent_to(mailoutbox, person) for person in (berlin, new_york, tokyo)] == [1, 1, 1]
    assert mailoutbox[0].subject == "Twitch Diary: you have not checked in today"


def test_two_days_of_passes_send_one_reminder_a_day(mailoutbox):
    # 08:15 in Sydney (UTC+11 in December) is 21:15 UTC on the day before.
    person = reminder_person("daily", "Australia/Sydney", "08:15")

    run_every_five_minutes(at(2026, 12, 1, 0, 0), at(2026, 12, 3, 0, 0), step=FIVE_MINUTES * 3)

    assert reminders_of(person) == [(dt.date(2026, 12, 2), "sent"), (dt.date(2026, 12, 3), "sent")]
    assert sent_to(mailoutbox, person) == 2


def test_a_missed_pass_is_caught_up_within_the_hour_but_not_later(mailoutbox):
    late = reminder_person("late", "UTC", "09:00")
    too_late = reminder_person("toolate", "UTC", "07:59")

    pass_at(at(2026, 12, 1, 9, 0) + dt.timedelta(minutes=40))

    assert reminders_of(late) == [(dt.date(2026, 12, 1), "sent")]
    assert reminders_of(too_late) == []


def test_a_time_skipped_by_the_clocks_going_forward_fires_at_the_first_moment_after(mailoutbox):
    # Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 never happens.
    person = reminder_person("spring", "Europe/Berlin", "02:30")

    run_every_five_minutes(at(2026, 3, 28, 23, 0), at(2026, 3, 29, 1, 0))  # up to 01:55 CET
    assert reminders_of(person) == []
    pass_at(at(2026, 3, 29, 1, 0))  # 03:00 CEST

    assert reminders_of(person) == [(dt.date(2026, 3, 29), "sent")]
    assert sent_to(mailoutbox, person) == 1


def test_a_time_repeated_by_the_clocks_going_back_fires_once(mailoutbox):
    # Berlin, 25 October 2026: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
    person = reminder_person("autumn", "Europe/Berlin", "02:30")

    pass_at(at(2026, 10, 25, 0, 30))  # the first 02:30 (CEST)
    pass_at(at(2026, 10, 25, 1, 30))  # the second 02:30 (CET)
    run_every_five_minutes(at(2026, 10, 25, 0, 0), at(2026, 10, 25, 4, 0))

    assert reminders_of(person) == [(dt.date(2026, 10, 25), "sent")]
    assert sent_to(mailoutbox, person) == 1


def test_a_day_with_a_check_in_gets_no_reminder(mailoutbox):
    person = reminder_person("checked", "Europe/Berlin")
    CheckIn.objects.create(user=person, date=dt.date(2026, 12, 1), twitching=False)

    assert pass_at(at(2026, 12, 1, 19, 0)) == 0
    assert reminders_of(person) == []
    assert mailoutbox == []


def test_an_episode_in_the_local_day_counts_as_logged_even_on_the_utc_day_before(mailoutbox):
    person = reminder_person("tokyo", "Asia/Tokyo", "21:00")  # 12:00 UTC
    # 23:30 UTC on 30 November is 08:30 on 1 December in Tokyo.
    Episode.objects.create(user=person, started_at=at(2026, 11, 30, 23, 30))
    yesterday_only = reminder_person("tokyo2", "Asia/Tokyo", "21:00")
    Episode.objects.create(user=yesterday_only, started_at=at(2026, 11, 30, 14, 0))  # 23:00 local

    pass_at(at(2026, 12, 1, 12, 0))

    assert reminders_of(person) == []
    assert reminders_of(yesterday_only) == [(dt.date(2026, 12, 1), "sent")]


def test_nobody_without_a_reminder_time_or_an_address_is_reminded(mailoutbox):
    off = reminder_person("off", "UTC")
    off.profile.reminder_time = None
    off.profile.save()
    no_address = reminder_person("noaddress", "UTC")
    no_address.email = ""
    no_address.save()

    assert pass_at(at(2026, 12, 1, 20, 0)) == 0
    assert Reminder.objects.count() == 0


def test_nobody_is_reminded_after_unsubscribing(client, mailoutbox):
    person = reminder_person("leaver", "UTC")
    pass_at(at(2026, 12, 1, 20, 0))
    unsubscribe = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")

    response = client.post(unsubscribe.removeprefix("http://testserver"))

    assert response.status_code == 200
    run_every_five_minutes(at(2026, 12, 2, 0, 0), at(2026, 12, 3, 0, 0), step=FIVE_MINUTES * 3)
    assert reminders_of(person) == [(dt.date(2026, 12, 1), "sent")]
    assert len(mailoutbox) == 1


def test_a_reminder_is_not_sent_when_the_day_is_logged_between_the_pass_and_the_send(
    mailoutbox,
):
    person = reminder_person("quick", "UTC")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reminders.tasks.send_reminder", lambda reminder_id: None)  # queued only
        pass_at(at(2026, 12, 1, 20, 0))
    CheckIn.objects.create(user=person, date=dt.date(2026, 12, 1), twitching=True)

    send_reminder(Reminder.objects.get(user=person).pk)

    assert reminders_of(person) == [(dt.date(2026, 12, 1), "skipped")]
    assert mailoutbox == []


def test_the_pass_takes_a_constant_number_of_queries(django_assert_num_queries):
    for i in range(30):
        reminder_person(f"person{i}", ["UTC", "Europe/Berlin", "Asia/Kolkata"][i % 3], "20:00")
    with django_assert_num_queries(2):
        # 20:00 in London, 21:00 in Berlin (caught up), 01:30 the next day in Kolkata.
        due = due_people(at(2026, 12, 1, 20, 0))
    assert len(due) == 20


def test_send_reminders_runs_one_pass_and_exits(mailoutbox, capsys):
    reminder_person("cron", "UTC")

    with time_machine.travel(at(2026, 12, 1, 20, 1), tick=False):
        call_command("send_reminders")

    assert "1 reminder(s) processed" in capsys.readouterr().out
    assert len(mailoutbox) == 1
