"""The production PDF (DEBUG off, `collectstatic`, the manifest storage) has as many pages as
Chromium's print of the on-screen doctor report for the same diary."""

import io
from zoneinfo import ZoneInfo

import pypdf
import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import Profile
from diary.synthetic import generate
from tests.reports.production_static import collect_static, production_static

from .conftest import NEW_YORK

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE_SIZES = {"a4": (595, 842), "letter": (612, 792)}  # points


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    return collect_static(tmp_path_factory.mktemp("static"))


@pytest.fixture
def four_weeks(diarist):
    Profile.objects.filter(user=diarist).update(display_name="Demo D.")
    now = timezone.now()
    end = now.astimezone(ZoneInfo(NEW_YORK)).date()
    generate(user=diarist, tz=ZoneInfo(NEW_YORK), end=end, days=28, seed=2, now=now)
    return diarist


def pages_and_size(pdf: bytes) -> tuple[int, set[tuple[int, int]]]:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages}
    return len(pages), sizes


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_production_pdf_has_as_many_pages_as_the_browsers_print(
    signed_in: Page, four_weeks, static_root, paper
):
    signed_in.goto(f"/reports/doctor/?paper={paper}")
    signed_in.emulate_media(media="print")
    printed = signed_in.pdf(prefer_css_page_size=True)
    client = Client()
    client.force_login(four_weeks)

    with production_static(static_root):
        response = client.get(f"/reports/doctor.pdf?paper={paper}")

    assert response.status_code == 200
    assert pages_and_size(response.content) == pages_and_size(printed)
    assert pages_and_size(printed)[1] == {PAGE_SIZES[paper]}
