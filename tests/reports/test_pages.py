"""/reports/: the person's own report page (docs/clinical-rules.md §3, §5, §6)."""

import datetime as dt

import pytest

from diary.synthetic import generate
from reports.forms import PRESET_WEEKS
from twitchdiary.lib.clinical import LEVEL_MESSAGES, Level

from .page_helpers import (
    NY,
    TODAY,
    add_checkin,
    add_episode,
    forbidden_in,
    visible_text,
)

pytestmark = pytest.mark.django_db

EIGHT_WEEKS_AGO = TODAY - dt.timedelta(weeks=8) + dt.timedelta(days=1)  # 04 Feb 2026


def shown_period(response) -> tuple[dt.date, dt.date]:
    report = response.context["report"]
    return report.start, report.end


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/reports/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/reports/")


def test_it_shows_the_last_eight_weeks_by_default(owner_client):
    response = owner_client.get("/reports/")

    assert response.status_code == 200
    assert shown_period(response) == (EIGHT_WEEKS_AGO, TODAY)
    text = visible_text(response)
    assert "04 Feb 2026 – 31 Mar 2026 (8 weeks) · times in America/New_York" in text


def test_the_period_picker_marks_the_period_shown(owner_client):
    html = owner_client.get("/reports/").content.decode()
    four_weeks = owner_client.get("/reports/", {"weeks": 4}).content.decode()

    assert 'href="?weeks=8" aria-current="true">Last 8 weeks</a>' in html
    assert 'href="?weeks=4">Last 4 weeks</a>' in html
    assert 'href="?weeks=4" aria-current="true">Last 4 weeks</a>' in four_weeks


@pytest.mark.parametrize("weeks", PRESET_WEEKS)
def test_it_shows_the_last_n_weeks_up_to_today(owner_client, weeks):
    response = owner_client.get("/reports/", {"weeks": weeks})

    assert response.status_code == 200
    assert shown_period(response) == (TODAY - dt.timedelta(days=7 * weeks - 1), TODAY)
    assert f"({weeks} weeks)" in visible_text(response)
    assert response.context["form"].errors == {}


def test_it_shows_a_custom_period(owner_client, user):
    add_episode(user, dt.date(2026, 1, 10))  # inside
    add_episode(user, dt.date(2026, 1, 25))  # after the end

    response = owner_client.get("/reports/", {"start": "2026-01-05", "end": "2026-01-20"})

    assert response.status_code == 200
    assert shown_period(response) == (dt.date(2026, 1, 5), dt.date(2026, 1, 20))
    assert "05 Jan 2026 – 20 Jan 2026 ·" in visible_text(response)
    assert len(response.context["report"].data.episodes) == 1
    # The doctor report and the CSV links keep the period.
    assert "/reports/doctor/?start=2026-01-05&amp;end=2026-01-20" in response.content.decode()


def test_custom_dates_win_over_the_preset(owner_client):
    response = owner_client.get(
        "/reports/", {"weeks": "2", "start": "2026-03-01", "end": "2026-03-10"}
    )

    assert shown_period(response) == (dt.date(2026, 3, 1), dt.date(2026, 3, 10))


def test_a_start_alone_runs_to_today(owner_client):
    response = owner_client.get("/reports/", {"start": "2026-03-20"})

    assert shown_period(response) == (dt.date(2026, 3, 20), TODAY)


def test_an_end_after_today_is_refused_and_the_default_period_shown(owner_client):
    response = owner_client.get("/reports/", {"start": "2026-03-01", "end": "2026-04-01"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"end": ["The end date cannot be after today."]}
    assert "The end date cannot be after today." in visible_text(response)
    assert shown_period(response) == (EIGHT_WEEKS_AGO, TODAY)


def test_an_end_before_the_start_is_refused(owner_client):
    response = owner_client.get("/reports/", {"start": "2026-03-10", "end": "2026-03-01"})

    assert response.context["form"].errors == {"end": ["The end date is before the start date."]}
    assert "The end date is before the start date." in visible_text(response)
    assert shown_period(response) == (EIGHT_WEEKS_AGO, TODAY)


def test_a_period_longer_than_five_years_is_refused(owner_client):
    response = owner_client.get("/reports/", {"start": "1990-01-01", "end": "2026-03-31"})

    assert response.context["form"].errors == {
        "start": ["Choose a period of at most 5 years, starting on or after 01 Apr 2021."]
    }
    assert shown_period(response) == (EIGHT_WEEKS_AGO, TODAY)


ABSURD_QUERIES = [
    {"start": "0001-01-01"},
    {"start": "0001-01-01", "end": "0001-01-02"},
    {"start": "99999"},
    {"end": "99999-12-31"},
    {"start": "9999-12-31"},
    {"start": "2026-02-30"},
    {"weeks": "99"},
    {"weeks": "-2"},
    {"weeks": "1" + "0" * 30},
    {"weeks": "abc", "start": "\x00", "end": "ſ"},
]


def query_id(query: dict) -> str:
    return "&".join(f"{key}={value!r}" for key, value in query.items())


@pytest.mark.parametrize("query", ABSURD_QUERIES, ids=query_id)
def test_absurd_input_never_breaks_the_report(owner_client, query):
    response = owner_client.get("/reports/", query)

    assert response.status_code == 200
    assert response.context["form"].errors  # said, not ignored
    assert shown_period(response) == (EIGHT_WEEKS_AGO, TODAY)


@pytest.mark.parametrize("query", ABSURD_QUERIES[:4], ids=query_id)
def test_absurd_input_gives_the_default_period_in_the_csv(owner_client, query):
    response = owner_client.get("/reports/export.csv", query)

    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[1].startswith(f"{EIGHT_WEEKS_AGO.isoformat()},")
    assert lines[-1].startswith(f"{TODAY.isoformat()},")


def test_the_earliest_day_the_diary_accepts_makes_a_report(owner_client):
    response = owner_client.get("/reports/", {"start": "1900-01-01", "end": "1900-01-01"})

    assert response.status_code == 200
    assert shown_period(response) == (dt.date(1900, 1, 1), dt.date(1900, 1, 1))


def test_the_persistence_clock_counts_towards_day_fifteen(owner_client, user):
    for day in (20, 25, 30):
        add_episode(user, dt.date(2026, 3, day))

    text = visible_text(owner_client.get("/reports/"))

    assert (
        "Your twitching has come and gone for 11 days since 20 Mar 2026. Day 15 would be "
        "03 Apr 2026: the NHS advises seeing a GP if a twitch lasts more than 2 weeks."
    ) in text


def test_the_persistence_clock_gives_the_nhs_advice_from_day_fifteen(owner_client, user):
    # docs/clinical-rules.md §3 T3: gaps of 7 days keep one run; span 15 is flagged.
    for day in (17, 24, 31):
        add_episode(user, dt.date(2026, 3, day))

    response = owner_client.get("/reports/")

    assert response.context["report"].clock.flagged
    assert (
        "Your twitching has come and gone for 15 days since 17 Mar 2026. The NHS advises "
        "seeing a GP if a twitch lasts more than 2 weeks."
    ) in visible_text(response)


def test_a_run_that_ended_is_listed_but_no_clock_runs(owner_client, user):
    # docs/clinical-rules.md §3 T5: every day 1-20 March, today 31 March: no current run.
    for day in range(1, 21):
        add_episode(user, dt.date(2026, 3, day))

    text = visible_text(owner_client.get("/reports/"))

    assert "No current run of twitching; earlier in this period:" in text
    assert "01 Mar 2026 – 20 Mar 2026: on and off for 20 days" in text
    assert "has come and gone" not in text


def test_red_flags_are_listed_with_their_level_and_the_highest_levels_advice(owner_client, user):
    add_episode(user, dt.date(2026, 3, 20), symptoms=["pain"])
    add_episode(user, dt.date(2026, 3, 25), symptoms=["weakness", "cramp"])

    response = owner_client.get("/reports/")

    text = visible_text(response)
    assert "25 Mar 2026: Weakness in the leg — Medical advice today" in text
    assert "20 Mar 2026: Pain — See a GP" in text
    assert "Cramp" not in text  # a symptom without a level is no red flag
    assert text.index("Weakness in the leg") < text.index("Pain —")  # most urgent first
    assert LEVEL_MESSAGES[Level.URGENT] in text
    assert response.context["report"].level == Level.URGENT


def test_without_red_flags_it_says_none_were_recorded(owner_client, user):
    add_episode(user, dt.date(2026, 3, 25), symptoms=["tingling"])

    assert "None recorded in this period." in visible_text(owner_client.get("/reports/"))


def test_a_diary_with_a_caffeine_effect_shows_a_possible_pattern(owner_client, user):
    generate(user=user, tz=NY, end=TODAY, days=70, seed=2, caffeine_effect=3.0, quiet_spells=False)

    response = owner_client.get("/reports/")

    text = visible_text(response)
    assert "Possible pattern: caffeine, same day." in text
    assert "not proof that caffeine causes your twitching" in text
    assert "95% CI" in text
    assert "began within 3 hours after caffeine" in text  # the event-level timing view
    patterns = response.context["report"].patterns
    assert patterns and patterns[0].factor.code == "caffeine"
    assert {"daily", "factors", "ratios"} <= set(response.context["report"].charts)
    assert forbidden_in(text) == []


def test_a_diary_without_an_effect_shows_no_clear_pattern(owner_client, user):
    generate(user=user, tz=NY, end=TODAY, days=70, seed=2, caffeine_effect=1.0, quiet_spells=False)

    response = owner_client.get("/reports/")

    text = visible_text(response)
    assert "No clear pattern in your own records so far (14 comparisons tested)." in text
    assert "Possible pattern:" not in text
    assert response.context["report"].patterns == []
    assert forbidden_in(text) == []


def test_three_weeks_of_data_give_an_early_look(owner_client, user):
    generate(user=user, tz=NY, end=TODAY, days=21, seed=3, quiet_spells=False)

    response = owner_client.get("/reports/", {"weeks": 4})

    text = visible_text(response)
    assert "an early look at averages only (statistics start at 28 days)" in text
    assert "Early look" in text  # the status of each comparison
    assert "Possible pattern" not in text
    assert forbidden_in(text) == []


def test_a_few_days_of_data_ask_to_keep_logging(owner_client, user):
    for day in (28, 29, 30):
        add_episode(user, dt.date(2026, 3, day))
    add_checkin(user, dt.date(2026, 3, 31))

    response = owner_client.get("/reports/")

    text = visible_text(response)
    assert "Not enough data yet: keep logging" in text
    assert "Keep logging" in text
    assert forbidden_in(text) == []


def test_coverage_counts_logged_days_and_says_missing_is_not_twitch_free(owner_client, user):
    add_episode(user, dt.date(2026, 3, 20))
    add_episode(user, dt.date(2026, 3, 20), hour=18)  # same day: one logged day
    add_checkin(user, dt.date(2026, 3, 21))
    add_checkin(user, dt.date(2026, 3, 22), twitching=True)

    text = visible_text(owner_client.get("/reports/", {"weeks": 2}))

    assert (
        "3 of 14 days logged (21%). Days without an episode or a check-in count as missing, "
        "not as twitch-free."
    ) in text


def test_no_text_on_a_busy_report_uses_a_forbidden_word(owner_client, user):
    generate(user=user, tz=NY, end=TODAY, days=70, seed=1, caffeine_effect=3.0)
    add_episode(user, dt.date(2026, 3, 30), symptoms=["bladder_bowel", "pain", "stiffness"])

    response = owner_client.get("/reports/")

    assert response.status_code == 200
    text = visible_text(response)
    assert "Loss of bladder or bowel control — Emergency" in text
    assert forbidden_in(text) == []


def test_a_strangers_diary_never_appears(owner_client, user, stranger):
    add_episode(user, dt.date(2026, 3, 30))
    generate(user=stranger, tz=NY, end=TODAY, days=56, seed=2)
    add_episode(stranger, dt.date(2026, 3, 29), symptoms=["bladder_bowel"])

    response = owner_client.get("/reports/")

    report = response.context["report"]
    assert report.data.logged_days == 1
    assert len(report.data.episodes) == 1
    assert report.red_flags == []
    text = visible_text(response)
    assert "1 of 56 days logged" in text
    assert "bladder" not in text
    assert "stranger" not in text.lower()


# --- the detailed charts, drawn as images of their own ------------------------------


def test_the_detailed_charts_are_images_the_page_links_to(owner_client, user, client, stranger):
    generate(user=user, tz=NY, end=TODAY, days=70, seed=2, quiet_spells=False)

    html = owner_client.get("/reports/").content.decode()
    factors = owner_client.get("/reports/chart/factors.svg", {"weeks": 8})
    ratios = owner_client.get("/reports/chart/ratios.svg", {"weeks": 8})

    assert 'src="/reports/chart/factors.svg?start=' in html
    assert 'src="/reports/chart/ratios.svg?start=' in html
    for response in (factors, ratios):
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.startswith(b"<svg")
    assert b"Caffeine, same day (high)" in ratios.content
    # Someone else asking for the same URL gets their own (empty) diary, never this one.
    client.force_login(stranger)
    assert client.get("/reports/chart/ratios.svg", {"weeks": 8}).status_code == 404


def test_an_unknown_chart_is_not_found(owner_client):
    assert owner_client.get("/reports/chart/secrets.svg").status_code == 404


def test_a_chart_needs_a_login(client):
    assert client.get("/reports/chart/factors.svg").status_code == 302
