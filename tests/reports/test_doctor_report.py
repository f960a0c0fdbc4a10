"""/reports/doctor/ and /reports/doctor.pdf: the report for a ten-minute appointment
(docs/clinical-rules.md §7)."""

import datetime as dt
import html
import io
import re
from pathlib import Path

import pypdf
import pytest
from django.conf import settings

from accounts import cache
from accounts.models import Profile
from diary.models import Alcohol, Caffeine, CheckIn, Episode, Medication, Stress
from diary.synthetic import generate

from .page_helpers import (
    FOOTER,
    NY,
    TODAY,
    add_checkin,
    add_episode,
    assert_no_chart_is_cut,
    forbidden_in,
    local,
    page_body,
    pdf_text,
    svg_from_data_uri,
    visible_text,
)

pytestmark = pytest.mark.django_db

EIGHT_WEEKS_AGO = TODAY - dt.timedelta(weeks=8) + dt.timedelta(days=1)  # 04 Feb 2026
A4 = (595, 842)  # points
LETTER = (612, 792)


@pytest.fixture
def diary(user):
    """A small diary: a 15-day run with a red flag, a previous period, medicines."""
    Profile.objects.filter(user=user).update(
        display_name="Ann Example", date_of_birth=dt.date(1980, 5, 3)
    )
    add_episode(user, dt.date(2026, 1, 10), intensity=2, duration_seconds=20)  # previous period
    add_episode(user, dt.date(2026, 3, 17), intensity=4, duration_seconds=30)
    add_checkin(user, dt.date(2026, 3, 18))
    add_episode(user, dt.date(2026, 3, 24), intensity=6, duration_seconds=90, symptoms=["pain"])
    add_episode(user, dt.date(2026, 3, 31), hour=9, intensity=5, duration_seconds=600)
    medicines = [
        ("Sertraline", "psychiatric", dt.date(2026, 3, 1), None),
        ("Ibuprofen", "other", dt.date(2025, 1, 1), dt.date(2026, 3, 10)),
        ("Vitamin D3", "vitamin_d", dt.date(2025, 6, 1), None),
        ("Old antibiotic", "other", dt.date(2025, 1, 1), dt.date(2025, 1, 8)),  # before
    ]
    for name, category, started, stopped in medicines:
        Medication.objects.create(
            user=user,
            name=name,
            kind="medicine",
            category=category,
            started_on=started,
            stopped_on=stopped,
        )
    return user


def page_one(response) -> str:
    """The visible text of the printed page 1 (the summary section) of the HTML report."""
    html = response.content.decode()
    start = html.index('<section class="page-one"')
    section = html[start : html.index("</section>", start)]

    class Fake:
        content = section.encode()

    return visible_text(Fake)


def pdf_pages(response) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return [pdf_text(page.extract_text()) for page in reader.pages]


def page_size(response, number: int = 0) -> tuple[int, int]:
    box = pypdf.PdfReader(io.BytesIO(response.content)).pages[number].mediabox
    return round(float(box.width)), round(float(box.height))


# --- The HTML page -----------------------------------------------------------------------


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    for url in ("/reports/doctor/", "/reports/doctor.pdf", "/reports/export.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_default_period_is_the_last_eight_weeks(owner_client, diary):
    response = owner_client.get("/reports/doctor/")

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.start, report.end) == (EIGHT_WEEKS_AGO, TODAY)
    assert "Period 04 Feb 2026 – 31 Mar 2026 (8 weeks)" in page_one(response)


def test_the_header_names_the_person_the_period_the_day_and_the_zone(owner_client, diary):
    text = page_one(owner_client.get("/reports/doctor/"))

    assert text.startswith("Twitch diary: summary for the doctor")
    assert "Name Ann Example" in text
    assert "Date of birth 03 May 1980" in text
    assert "Generated 31 Mar 2026" in text  # local time in New York
    assert "Time zone America/New_York" in text


def test_without_a_name_or_birth_date_it_prints_the_username(owner_client, user):
    text = page_one(owner_client.get("/reports/doctor/"))

    assert "Name owner" in text
    assert "Date of birth" not in text


def test_the_red_flag_box_comes_first_with_date_item_and_level(owner_client, diary):
    text = page_one(owner_client.get("/reports/doctor/"))

    box = text.index("Red-flag symptoms recorded")
    assert box < text.index("Persistence and other flags") < text.index("Key numbers")
    assert "Date Symptom Level 24 Mar 2026 Pain See a GP" in text


def test_the_red_flag_box_says_none_recorded_when_there_are_none(owner_client, user):
    add_episode(user, dt.date(2026, 3, 30), symptoms=["tingling"])

    text = page_one(owner_client.get("/reports/doctor/"))

    assert "Red-flag symptoms recorded None recorded." in text


def test_it_shows_the_persistence_clock_and_the_other_flags(owner_client, diary):
    text = page_one(owner_client.get("/reports/doctor/"))

    assert (
        "Your twitching has come and gone for 15 days since 17 Mar 2026. The NHS advises "
        "seeing a GP if a twitch lasts more than 2 weeks."
    ) in text
    # Sertraline (a listed class) started 16 days before the run began.
    assert "Do not stop taking a prescribed medicine without getting medical advice." in text


def test_key_numbers_compare_with_the_previous_period(owner_client, diary):
    response = owner_client.get("/reports/doctor/")

    numbers = {
        row.label: (row.current, row.previous) for row in response.context["report"].key_numbers
    }
    assert numbers == {
        "Days logged": ("4 of 56 days (7%)", "1 of 56 days (2%)"),
        "Twitch days": ("3", "1"),
        "Episodes": ("3", "1"),
        "Episodes per twitch day": ("1", "1"),
        "Median intensity": ("5/10", "2/10"),
        "Median duration": ("1 min 30 s", "20 s"),
        "Sites": ("1", "1"),
    }
    text = page_one(response)
    assert "This period Previous 56 days" in text
    assert "Median duration 1 min 30 s 20 s" in text


def test_long_episodes_read_in_minutes_and_hours(owner_client, user):
    add_episode(user, dt.date(2026, 3, 29), duration_seconds=600)
    add_episode(user, dt.date(2026, 3, 30), duration_seconds=5400)

    text = visible_text(owner_client.get("/reports/doctor/"))

    assert "29 Mar 2026 12:00 Left calf 4 10 min" in text
    assert "30 Mar 2026 12:00 Left calf 4 1 h 30 min" in text
    assert "e+" not in text


def test_page_one_has_the_daily_chart_as_an_image(owner_client, diary):
    response = owner_client.get("/reports/doctor/")

    html = response.content.decode()
    one = html[html.index('<section class="page-one"') : html.index('<section class="appendix"')]
    assert re.search(
        r'<figure class="chart">\s*<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" '
        r'alt="Daily twitch episodes">',
        one,
    )
    assert "hatched: not logged; triangle: a red-flag symptom" in page_one(response)


def test_medicines_show_their_changes_in_the_period(owner_client, diary):
    text = page_one(owner_client.get("/reports/doctor/"))

    assert "Sertraline (psychiatric medicine; started 01 Mar 2026)" in text
    assert "Ibuprofen (other; stopped 10 Mar 2026)" in text
    assert "Vitamin D3 (vitamin d)" in text
    assert "Old antibiotic" not in text


def test_up_to_three_possible_patterns_are_printed(owner_client, user):
    # Seed 1 gives two possible patterns over these 8 weeks: caffeine, and alcohol by chance.
    generate(user=user, tz=NY, end=TODAY, days=70, seed=1, caffeine_effect=3.0, quiet_spells=False)

    response = owner_client.get("/reports/doctor/")

    report = response.context["report"]
    found = report.analysis.patterns
    assert len(found) == 2 and found[0].factor.code == "caffeine"
    html = response.content.decode()
    box = html[html.index('<div class="patterns">') :]
    box = box[: box.index("</div>")]
    assert box.count("<li>") == min(3, len(found))
    assert "not proof that caffeine causes your twitching" in box
    text = visible_text(response)
    assert forbidden_in(text) == []


def test_no_more_than_three_patterns_are_printed(owner_client, user):
    """Bad and good days alternate; every factor moves with them, so every factor (and its
    day-before lag, in reverse) is a possible pattern: far more than three."""
    rows = {Caffeine: [], Alcohol: [], Stress: [], Episode: [], CheckIn: []}
    for offset in range(42):
        day = TODAY - dt.timedelta(days=offset)
        bad = offset % 2 == 0
        rows[Caffeine].append(Caffeine(user=user, taken_at=local(day, 8), mg=300 if bad else 40))
        rows[Alcohol].append(Alcohol(user=user, taken_at=local(day, 7), units=3 if bad else 0.5))
        rows[Stress].append(Stress(user=user, recorded_at=local(day, 9), level=5 if bad else 1))
        if bad:
            rows[Episode] += [
                Episode(user=user, started_at=local(day, hour), side="left", muscle="calf")
                for hour in (9, 10, 11, 12)
            ]
        else:
            rows[CheckIn].append(CheckIn(user=user, date=day, twitching=False))
    for model, objs in rows.items():
        model.objects.bulk_create(objs)
    cache.invalidate(user.pk)

    response = owner_client.get("/reports/doctor/")

    assert len(response.context["report"].analysis.patterns) > 3
    html = response.content.decode()
    box = html[html.index('<div class="patterns">') :]
    assert box[: box.index("</div>")].count("<li>") == 3


def test_without_enough_data_it_says_so(owner_client, diary):
    text = page_one(owner_client.get("/reports/doctor/"))

    assert "Possible patterns in the diary Not enough data yet: keep logging" in text
    assert "Not enough data yet, or" not in text  # said once, not twice


def test_dates_are_printed_as_day_month_year(owner_client, diary):
    text = visible_text(owner_client.get("/reports/doctor/"))

    assert "17 Mar 2026" in text
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)  # no ISO dates
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", text)  # no 3/17/2026
    assert not re.search(r"\bMarch\b", text)


def test_appendices_follow_page_one(owner_client, diary):
    text = visible_text(owner_client.get("/reports/doctor/"))

    a, b, c = (text.index(f"Appendix {x}.") for x in "ABC")
    assert text.index("Questions and notes for the visit") < a < b < c
    # The episode log marks the red-flag episode; the daily table shows "–" for missing days.
    assert "24 Mar 2026 12:00 Left calf 6 1 min 30 s ▲ Pain" in text
    assert "Thu 19 Mar 2026 – – – – – – – –" in text  # nothing logged
    assert "Wed 18 Mar 2026 0 " in text  # "no twitching" check-in: zero episodes


def test_a_stranger_sees_only_their_own_doctor_report(stranger_client, diary):
    text = visible_text(stranger_client.get("/reports/doctor/"))

    assert "Ann Example" not in text
    assert "Sertraline" not in text
    assert "No episodes in this period." in text


# --- Questions for the visit -------------------------------------------------------------


def test_questions_are_saved_and_printed_on_page_one(owner_client, user):
    questions = "Is it the coffee?\nShould I have my magnesium checked? <b>soon</b>"

    response = owner_client.post(
        "/reports/doctor/?start=2026-03-01&end=2026-03-31", {"questions": questions}
    )

    assert response.status_code == 302
    assert response["Location"] == "/reports/doctor/?start=2026-03-01&end=2026-03-31"
    user.profile.refresh_from_db()
    assert user.profile.visit_questions == questions
    page = owner_client.get(response["Location"])
    assert "Saved your questions; they are on page 1." in visible_text(page)
    assert (
        '<p class="pre">Is it the coffee?\nShould I have my magnesium checked? '
        "&lt;b&gt;soon&lt;/b&gt;</p>"
    ) in page.content.decode()


def test_questions_over_800_characters_are_refused_and_nothing_is_saved(owner_client, user):
    Profile.objects.filter(user=user).update(visit_questions="Keep me")

    response = owner_client.post("/reports/doctor/", {"questions": "x" * 801})

    assert response.status_code == 200
    assert response.context["questions_form"].errors == {
        "questions": [
            "Questions can be at most 800 characters (these have 801). Shorten them to save."
        ]
    }
    assert "Questions can be at most 800 characters" in visible_text(response)
    user.profile.refresh_from_db()
    assert user.profile.visit_questions == "Keep me"


def test_800_characters_are_accepted(owner_client, user):
    response = owner_client.post("/reports/doctor/", {"questions": "y" * 800})

    assert response.status_code == 302
    user.profile.refresh_from_db()
    assert user.profile.visit_questions == "y" * 800


def test_questions_can_be_cleared(owner_client, user):
    Profile.objects.filter(user=user).update(visit_questions="Old question")

    owner_client.post("/reports/doctor/", {"questions": ""})

    user.profile.refresh_from_db()
    assert user.profile.visit_questions == ""
    assert "None written." in page_one(owner_client.get("/reports/doctor/"))


def test_an_anonymous_post_saves_nothing(client, user):
    response = client.post("/reports/doctor/", {"questions": "Hello"})

    assert response.status_code == 302
    user.profile.refresh_from_db()
    assert user.profile.visit_questions == ""


# --- Print stylesheet --------------------------------------------------------------------


def test_every_printed_page_carries_the_footer_and_page_numbers():
    css = (Path(settings.BASE_DIR) / "static/css/doctor-report.css").read_text()

    page_rule = css[css.index("@page {") :]
    page_rule = page_rule[: page_rule.index("\n}\n")]
    assert f'content: "{FOOTER}"' in page_rule
    assert 'content: "Page " counter(page) " of " counter(pages)' in page_rule
    assert ".appendix { break-before: page;" in css
    assert "figure.chart { margin: 2mm 0; break-inside: avoid;" in css


@pytest.mark.parametrize(("paper", "size"), [("a4", "A4"), ("letter", "letter")])
def test_the_paper_stylesheets_set_the_page_size(owner_client, paper, size):
    css = (Path(settings.BASE_DIR) / f"static/css/page-{paper}.css").read_text()
    html = owner_client.get("/reports/doctor/", {"paper": paper}).content.decode()

    assert f"size: {size};" in css
    assert f"/static/css/page-{paper}.css" in html


# --- The PDF -----------------------------------------------------------------------------


def test_the_pdf_is_a_download_with_the_summary_on_page_one(owner_client, diary):
    Profile.objects.filter(user=diary).update(visit_questions="Is it the coffee?")

    response = owner_client.get("/reports/doctor.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="twitch-diary-report-2026-02-04-to-2026-03-31.pdf"'
    )
    pages = pdf_pages(response)
    assert len(pages) > 1
    one = pages[0]
    for heading in (
        "Twitch diary: summary for the doctor",
        "Red-flag symptoms recorded",
        "Persistence and other flags",
        "Key numbers",
        "Possible patterns in the diary",
        "Questions and notes for the visit",
    ):
        assert heading in one
    assert "Ann Example" in one
    assert "Is it the coffee?" in one
    assert FOOTER in one
    assert f"Page 1 of {len(pages)}" in one
    assert "Appendix" not in one
    assert page_size(response) == A4
    for number, text in enumerate(pages, start=1):
        assert FOOTER in text and f"Page {number} of {len(pages)}" in text


def test_each_appendix_of_the_pdf_starts_on_a_new_page(owner_client, diary):
    pages = pdf_pages(owner_client.get("/reports/doctor.pdf"))

    assert page_body(pages[1]).startswith("Appendix A. Episode log")
    starts = [i for i, text in enumerate(pages) if page_body(text).startswith("Appendix ")]
    assert [page_body(pages[i]).split(".")[0] for i in starts] == [
        "Appendix A",
        "Appendix B",
        "Appendix C",
    ]
    # Nowhere else does an appendix heading appear: none starts mid-page.
    assert sum(text.count("Appendix ") for text in pages) == 3


def test_the_pdf_on_letter_paper(owner_client, diary):
    response = owner_client.get("/reports/doctor.pdf", {"paper": "letter"})

    assert response.status_code == 200
    assert page_size(response) == LETTER
    assert "Red-flag symptoms recorded" in pdf_pages(response)[0]


def test_the_pdf_keeps_the_chosen_period(owner_client, diary):
    response = owner_client.get("/reports/doctor.pdf", {"start": "2026-03-17", "end": "2026-03-24"})

    assert response["Content-Disposition"].endswith(
        'filename="twitch-diary-report-2026-03-17-to-2026-03-24.pdf"'
    )
    assert "17 Mar 2026 – 24 Mar 2026" in pdf_pages(response)[0]


def test_no_chart_is_cut_across_pages_of_the_pdf(owner_client, user):
    generate(user=user, tz=NY, end=TODAY, days=70, seed=2, quiet_spells=False)
    page = owner_client.get("/reports/doctor/").content.decode()
    figures = re.findall(
        r'<figure class="chart">\s*<img src="([^"]+)"[^>]*>\s*<figcaption>([^<]+)</figcaption>',
        page,
    )

    pages = pdf_pages(owner_client.get("/reports/doctor.pdf"))

    def svg_of(src: str) -> str:
        if src.startswith("data:"):
            return svg_from_data_uri(src)
        return owner_client.get(html.unescape(src)).content.decode()  # an image of its own

    assert len(figures) == 3
    assert_no_chart_is_cut(pages, [(caption, svg_of(src)) for src, caption in figures])
