"""The doctor report printed to PDF by headless Chromium: page 1 is the summary, every
appendix starts a page, and no chart is cut across a page break (docs/clinical-rules.md §7).

Set REPORT_PAGE1_PNG=/some/file.png to keep a picture of the printed page 1 (needs pdftoppm).
"""

import base64
import io
import os
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import Profile
from diary.management.commands.seed_demo import DEMO_DAYS
from diary.models import Episode, Medication
from diary.synthetic import generate
from tests.reports.page_helpers import (
    FOOTER,
    assert_no_chart_is_cut,
    page_body,
    pdf_text,
    squeezed,
    svg_from_data_uri,
)

from .conftest import NEW_YORK

pytestmark = pytest.mark.browser

QUESTIONS = (
    "Could my coffee habit be linked to the twitching?\n"
    "Should I have any blood tests (for example magnesium or vitamin D)?"
)
PAGE_SIZES = {"a4": (595, 842), "letter": (612, 792)}  # points


@pytest.fixture
def demo_diary(diarist):
    """The demo account's data (seed_demo): ten weeks up to now, a built-in caffeine effect."""
    Profile.objects.filter(user=diarist).update(display_name="Demo D.", visit_questions=QUESTIONS)
    now = timezone.now()
    generate(
        user=diarist,
        tz=ZoneInfo(NEW_YORK),
        end=now.astimezone(ZoneInfo(NEW_YORK)).date(),
        days=DEMO_DAYS,
        seed=2,
        quiet_spells=False,
        now=now,
    )
    return diarist


def print_report(page: Page, paper: str) -> tuple[list[str], list[dict], bytes]:
    """Open the doctor report, print it as Chromium does; return page texts, charts, PDF."""
    page.goto(f"/reports/doctor/?paper={paper}")
    page.emulate_media(media="print")
    charts = page.locator("figure.chart").evaluate_all(
        """figures => figures.map(f => ({
            breakInside: getComputedStyle(f).breakInside,
            caption: f.querySelector('figcaption').textContent,
            src: f.querySelector('img').src,
        }))"""
    )
    for chart in charts:  # the appendix charts are images of their own on screen
        if not chart["src"].startswith("data:"):
            svg = page.request.get(chart["src"]).body()
            chart["src"] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    pdf = page.pdf(prefer_css_page_size=True)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == PAGE_SIZES[paper]
    return [pdf_text(p.extract_text()) for p in reader.pages], charts, pdf


def assert_page_one_is_the_summary(pages: list[str]) -> None:
    one = pages[0]
    for heading in (
        "Twitch diary: summary for the doctor",
        "Red-flag symptoms recorded",
        "Persistence and other flags",
        "Key numbers",
        "Medicines and supplements",
        "Possible patterns in the diary",
        "Questions and notes for the visit",
    ):
        assert heading in one, heading
    assert one.index("Red-flag symptoms recorded") < one.index("Key numbers")
    assert "Demo D." in one
    assert "Time zone: America/New_York" in one
    assert pdf_text(QUESTIONS) in one
    assert "not proof that caffeine causes your twitching" in one  # the demo's built-in effect
    assert FOOTER in one and f"Page 1 of {len(pages)}" in one
    assert "Appendix" not in one
    for number, text in enumerate(pages, start=1):
        assert FOOTER in text and f"Page {number} of {len(pages)}" in text


def assert_appendices_start_new_pages(pages: list[str]) -> None:
    assert len(pages) > 1
    assert page_body(pages[1]).startswith("Appendix A. Episode log")
    starts = [page_body(text)[:11] for text in pages if page_body(text).startswith("Appendix ")]
    assert starts == ["Appendix A.", "Appendix B.", "Appendix C."]
    assert sum(text.count("Appendix ") for text in pages) == 3  # never one mid-page


def assert_no_printed_chart_is_cut(pages: list[str], charts: list[dict]) -> None:
    """No chart is cut across a page break: in the browser, with print media, every
    figure.chart computes break-inside: avoid; in Chromium's PDF, each chart's caption and
    the words drawn inside it are all on one page (see assert_no_chart_is_cut for why that
    method). Checked once by hand: with break-inside: auto and a spacer that pushes the
    factor panels to a page's foot, the caption lands on the next page and this fails."""
    assert len(charts) == 3  # the daily chart on page 1; factors and ratios in appendix C
    assert [chart["breakInside"] for chart in charts] == ["avoid"] * 3
    assert_no_chart_is_cut(
        pages, [(chart["caption"], svg_from_data_uri(chart["src"])) for chart in charts]
    )
    assert squeezed(charts[0]["caption"]) in squeezed(pages[0])  # the daily chart: page 1


def save_page_one(pdf: bytes, tmp_path: Path) -> None:
    target = os.environ.get("REPORT_PAGE1_PNG")
    pdftoppm = shutil.which("pdftoppm")
    if not target or not pdftoppm:
        return
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    first_page = ["-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([pdftoppm, *first_page, source, tmp_path / "p1"], check=True)
    shutil.copy(tmp_path / "p1.png", target)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_demo_doctor_report_prints_its_summary_on_page_one_and_no_chart_is_cut(
    signed_in: Page, demo_diary, paper, tmp_path
):
    pages, charts, pdf = print_report(signed_in, paper)

    assert_page_one_is_the_summary(pages)
    assert_appendices_start_new_pages(pages)
    assert_no_printed_chart_is_cut(pages, charts)
    if paper == "a4":
        save_page_one(pdf, tmp_path)


def test_a_crowded_page_one_still_fits_one_printed_page(signed_in: Page, demo_diary):
    """A crowded but possible page 1: five red flags (the box shows at most five), the
    stiffness and medicine flags with four suspected medicines, a pattern, and 800
    characters of questions."""
    today = timezone.localdate(timezone=ZoneInfo(NEW_YORK))
    episodes = Episode.objects.filter(user=demo_diary).order_by("-started_at")[:5]
    symptoms = ["bladder_bowel", "weakness", "swallowing", "stiffness", "pain"]
    for episode, symptom in zip(episodes, symptoms, strict=True):
        episode.symptoms = [symptom, "tingling"]
        episode.save()
    for name, category in (
        ("Sertraline 50 mg", "psychiatric"),
        ("Atorvastatin", "statin"),
        ("Methylphenidate", "stimulant"),
        ("Vitamin B12", "vitamin_b"),
    ):
        Medication.objects.create(
            user=demo_diary,
            name=name,
            kind="medicine",
            category=category,
            dose="once daily",
            started_on=today.replace(day=1) if today.day > 1 else today,
            suspected=True,
        )
    Profile.objects.filter(user=demo_diary).update(
        visit_questions=("Is this twitching something to worry about? " * 18)[:800]
    )

    for paper in PAGE_SIZES:
        pages, charts, _ = print_report(signed_in, paper)

        assert "Questions and notes for the visit" in pages[0], paper
        assert page_body(pages[1]).startswith("Appendix A. Episode log"), paper
        assert_no_printed_chart_is_cut(pages, charts)
