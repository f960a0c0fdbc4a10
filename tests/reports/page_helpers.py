"""Shared helpers for the tests of the report pages (/reports/, the doctor report, CSV, PDF).

Every report test runs at tests.clock.REPORT_NOW (tests/reports/conftest.py): 12:00 on Tuesday
31 March 2026 in New York (EDT, UTC-4), where the `user` fixture lives. NOW and TODAY here are
that moment and its local date.
"""

import base64
import datetime as dt
import html
import re
import unicodedata
from zoneinfo import ZoneInfo

from django.utils.html import strip_tags

from diary.models import CheckIn, Episode
from tests.clock import REPORT_NOW, REPORT_TODAY
from twitchdiary.lib.wording import forbidden_phrases

NY = ZoneInfo("America/New_York")
NOW = REPORT_NOW
TODAY = REPORT_TODAY

# The disclaimers the app must show (docs/clinical-rules.md §7 and the base template): they
# negate "diagnosis" on purpose, so the forbidden-word check removes exactly these first.
REQUIRED_DISCLAIMERS = (
    "Self-reported diary — not a diagnosis",
    "It does not diagnose.",
    "It is not a diagnosis, and patterns in it are not proof of a cause.",
)


def local(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=NY)


def add_episode(user, day: dt.date, hour: int = 12, **fields) -> Episode:
    defaults = {"side": "left", "muscle": "calf", "intensity": 4, "duration_seconds": 30}
    return Episode.objects.create(user=user, started_at=local(day, hour), **defaults | fields)


def add_checkin(user, day: dt.date, twitching: bool = False) -> CheckIn:
    return CheckIn.objects.create(user=user, date=day, twitching=twitching)


BLOCK_TAG = re.compile(
    r"</?(?:p|div|section|header|footer|main|h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|th|td"
    r"|figure|figcaption|form|label|option|button|details|summary|br)\b[^>]*>",
    re.I,
)


def visible_text(response) -> str:
    """What a person reads: the HTML without scripts, styles and tags, whitespace collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(BLOCK_TAG, " ", page)  # "<dt>Name</dt><dd>Ann" reads "Name Ann"
    return re.sub(r"\s+", " ", html.unescape(strip_tags(page))).strip()


def without_csrf(content: bytes) -> str:
    """A page without its per-response CSRF token: two pages are equal when their content is."""
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", content.decode())


def forbidden_in(text: str) -> list[str]:
    """forbidden_phrases() of a page's text, once the required disclaimers are taken out."""
    for disclaimer in REQUIRED_DISCLAIMERS:
        text = text.replace(disclaimer, " ")
    return forbidden_phrases(text)


# --- Printed reports (PDF) ---------------------------------------------------------------

FOOTER = "Self-reported diary — not a diagnosis"


def pdf_text(text: str) -> str:
    """PDF text as a reader sees it: ligatures undone ("ﬂ" -> "fl"), one space between words."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def squeezed(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks lines and joins words freely."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", html.unescape(text)))


def page_body(text: str) -> str:
    """A page's text without its running footer ("Page X of Y", the disclaimer)."""
    return re.sub(rf"Page \d+ of \d+|{FOOTER}", " ", text).strip()


def svg_from_data_uri(uri: str) -> str:
    return base64.b64decode(uri.split(",", 1)[1]).decode()


def svg_words(svg: str) -> list[str]:
    """The distinctive words drawn inside a chart (matplotlib keeps SVG text as text)."""
    texts = [squeezed(t) for t in re.findall(r"<text\b[^>]*>([^<]+)</text>", svg)]
    return [t for t in texts if len(t) >= 6]  # titles, labels, legend; not tick numbers


def assert_no_chart_is_cut(pages: list[str], charts: list[tuple[str, str]]) -> None:
    """Each chart (caption, svg) is whole on one page: its caption and every distinctive word
    drawn inside it (the title at the top, axis labels and legend at the bottom) are on one
    and the same page of the PDF.

    Why this method: the charts are SVG images printed as vectors with their text kept as
    text, so the PDF's own text says which page each part of a chart landed on. Browsers
    print an image whole (it is never sliced), so what a page break can do is part a chart
    from its caption, or cut a figure; both leave words of one figure on two pages. Geometry
    measured in the browser cannot tell, as the screen layout has no pages, and the PDF
    holds no per-chart objects to count.
    """
    flat = [squeezed(text) for text in pages]
    for caption, svg in charts:
        on = [i for i, text in enumerate(flat) if squeezed(caption) in text]
        assert len(on) == 1, f"caption {caption!r} is not whole on exactly one page"
        words = svg_words(svg)
        assert words, f"{caption!r}: the chart draws no text to find"
        missing = [w for w in words if w not in flat[on[0]]]
        assert missing == [], f"{caption!r}: {missing} are not on the caption's page"
