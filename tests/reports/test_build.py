"""reports.pipeline: the pipeline composed into one Report, as the pages read it."""

import datetime as dt

import pytest

from diary.models import Medication
from reports.pipeline import build_report

from .page_helpers import NY, add_checkin, add_episode, local

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 14)
LIFESTYLE_CELLS = (
    "episodes",
    "caffeine",
    "fluids",
    "sleep",
    "sleep_quality",
    "stress",
    "exercise",
    "alcohol",
)


def report_of(user, start=START, end=END, today=END, with_charts=False):
    return build_report(
        user=user,
        tz=NY,
        tz_name="America/New_York",
        start=start,
        end=end,
        today=today,
        with_charts=with_charts,
    )


def key(report, label):
    return next(row for row in report.key_numbers if row.label == label)


def test_the_previous_period_is_the_same_length_just_before(user):
    add_episode(user, dt.date(2026, 2, 15))  # first day of the previous period
    add_episode(user, dt.date(2026, 2, 14))  # before it: in neither
    add_episode(user, dt.date(2026, 2, 28), hour=23)  # last day of the previous period
    add_episode(user, START)

    report = report_of(user)

    assert (report.previous_start, report.previous_end) == (
        dt.date(2026, 2, 15),
        dt.date(2026, 2, 28),
    )
    assert (key(report, "Episodes").current, key(report, "Episodes").previous) == ("1", "2")
    assert len(report.data.daily) == 14


def test_an_episode_late_in_the_evening_counts_on_its_local_day(user):
    # 23:30 in New York on 14 March is 15 March in UTC (docs/clinical-rules.md §3 T6).
    add_episode(user, END, hour=23)
    report = report_of(user)

    assert len(report.data.episodes) == 1
    assert report.lifestyle_rows[-1]["episodes"] == "1"


def test_the_lifestyle_appendix_shows_a_dash_for_missing_and_zero_for_no_twitching(user):
    add_episode(user, dt.date(2026, 3, 2))
    add_checkin(user, dt.date(2026, 3, 3))

    rows = {row["date"]: row for row in report_of(user).lifestyle_rows}

    assert rows[dt.date(2026, 3, 2)]["episodes"] == "1"
    assert rows[dt.date(2026, 3, 3)]["episodes"] == "0"
    missing = rows[dt.date(2026, 3, 4)]
    assert {k: v for k, v in missing.items() if k not in ("date", "red_flag")} == dict.fromkeys(
        LIFESTYLE_CELLS, "–"
    )


def test_the_episode_log_gives_durations_in_seconds_minutes_and_hours(user):
    for day, seconds in ((2, 45), (3, 90), (4, 600), (5, 7200), (6, 3930), (7, None)):
        add_episode(user, dt.date(2026, 3, day), duration_seconds=seconds)

    durations = [row["duration"] for row in report_of(user).episode_log]

    assert durations == ["45 s", "1 min 30 s", "10 min", "2 h", "1 h 6 min", "–"]


def test_the_episode_log_marks_red_flags_and_names_the_symptoms(user):
    add_episode(user, dt.date(2026, 3, 5), symptoms=["numbness", "cramp"])

    (row,) = report_of(user).episode_log

    assert row["symptoms"] == "Numbness in the leg, Cramp"
    assert row["level"] == 2
    assert row["when"] == local(dt.date(2026, 3, 5))


def test_medicines_list_what_was_taken_in_the_period_with_its_changes(user):
    def medicine(name, started, stopped=None):
        Medication.objects.create(
            user=user,
            name=name,
            kind="medicine",
            category="other",
            started_on=started,
            stopped_on=stopped,
        )

    medicine("Started", dt.date(2026, 3, 5))
    medicine("Course", dt.date(2026, 3, 2), dt.date(2026, 3, 9))
    medicine("Stopped", dt.date(2025, 1, 1), dt.date(2026, 3, 8))
    medicine("Ongoing", dt.date(2025, 1, 1))
    medicine("Ended before", dt.date(2025, 1, 1), dt.date(2026, 2, 27))
    medicine("Starts after", dt.date(2026, 3, 20))

    rows = {row["medicine"].name: row for row in report_of(user).medicine_rows}

    assert set(rows) == {"Started", "Course", "Stopped", "Ongoing"}
    assert rows["Started"]["change"] == "started 05 Mar 2026"
    assert rows["Course"]["change"] == "started 02 Mar 2026, stopped 09 Mar 2026"
    assert rows["Course"]["current"] is False
    assert rows["Stopped"]["change"] == "stopped 08 Mar 2026"
    assert rows["Stopped"]["current"] is False
    assert (rows["Ongoing"]["change"], rows["Ongoing"]["current"]) == ("", True)


def test_a_past_period_reads_the_clock_as_of_its_end(user):
    for day in (1, 5, 10, 14):
        add_episode(user, dt.date(2026, 3, day))

    report = report_of(user, today=dt.date(2026, 6, 1))

    # As of 1 June the run would long be over; as of 14 March it is current, 14 days long.
    assert report.clock.today == END
    assert report.clock.current is not None
    assert (report.clock.days_so_far, report.clock.flagged) == (14, False)
    assert report.past_runs == []


def test_period_text_names_whole_weeks_only(user):
    assert report_of(user).period_text == "01 Mar 2026 – 14 Mar 2026 (2 weeks)"
    assert report_of(user, end=dt.date(2026, 3, 10)).period_text == "01 Mar 2026 – 10 Mar 2026"
    assert report_of(user, end=START).days == 1


def test_charts_without_data_are_left_out(user):
    add_episode(user, dt.date(2026, 3, 2))

    report = report_of(user, with_charts=True)

    assert set(report.charts) == {"daily"}
    assert report.charts["daily"].data_uri.startswith("data:image/svg+xml;base64,")
