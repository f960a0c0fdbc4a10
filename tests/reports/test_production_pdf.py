"""The doctor report PDF as a production host makes it: DEBUG off, `collectstatic`
run, whitenoise's manifest storage handing out hashed names. WeasyPrint must read those files
(the paper size and the print layout are in them) and still refuse every other URL."""

import io
import logging
import re

import pypdf
import pytest

from accounts.models import Profile
from diary.synthetic import generate
from reports.views import _static_only_fetcher

from .page_helpers import NOW, NY, TODAY
from .production_static import collect_static, production_static

pytestmark = pytest.mark.django_db

PAGE_SIZES = {"a4": (595, 842), "letter": (612, 792)}  # points


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    return collect_static(tmp_path_factory.mktemp("static"))


@pytest.fixture
def demo_diary(user):
    """Four weeks of the demo diary: a report of a handful of pages."""
    Profile.objects.filter(user=user).update(display_name="Demo D.")
    generate(user=user, tz=NY, end=TODAY, days=28, seed=2, quiet_spells=False, now=NOW)
    return user


def pdf_of(client, paper: str) -> pypdf.PdfReader:
    response = client.get(f"/reports/doctor.pdf?paper={paper}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content))


def size_of(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_production_pdf_reads_the_hashed_static_files_and_keeps_its_paper_and_pages(
    owner_client, demo_diary, static_root, paper, caplog
):
    development = pdf_of(owner_client, paper)  # static files found in the app's folders

    with production_static(static_root), caplog.at_level(logging.WARNING, "weasyprint"):
        page = owner_client.get(f"/reports/doctor/?paper={paper}").content.decode()
        production = pdf_of(owner_client, paper)

    assert re.search(rf'href="/static/css/page-{paper}\.[0-9a-f]{{12}}\.css"', page)
    assert [r.getMessage() for r in caplog.records if "Failed to load" in r.getMessage()] == []
    assert {size_of(p) for p in production.pages} == {PAGE_SIZES[paper]}
    assert len(production.pages) == len(development.pages)


def test_the_fetcher_reads_a_hashed_static_file_through_the_production_storage(static_root):
    hashed = next((static_root / "css").glob("doctor-report.*.css")).name
    fetcher = _static_only_fetcher("https://diary.example/")

    with production_static(static_root):
        response = fetcher.fetch(f"https://diary.example/static/css/{hashed}?v=1")

    assert response.headers["Content-Type"] == "text/css"
    assert response.read() == (static_root / "css" / hashed).read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example/static/css/doctor-report.css",  # another host
        "http://diary.example/static/css/doctor-report.css",  # another scheme
        "https://diary.example/static/../twitchdiary/settings.py",  # climbing out
        "https://diary.example/static/css/%2e%2e/%2e%2e/manage.py",  # climbing out, encoded
        "https://diary.example/static//etc/passwd",  # an absolute path inside
        "https://diary.example/accounts/login/",  # not a static file
        "https://diary.example/static/css/no-such-file.css",
        "file:///etc/passwd",
    ],
)
def test_the_fetcher_refuses_every_other_url(url, static_root):
    fetcher = _static_only_fetcher("https://diary.example/")

    with pytest.raises(ValueError, match="only use the app's own static files"):
        fetcher.fetch(url)
    with production_static(static_root), pytest.raises(ValueError, match="own static files"):
        fetcher.fetch(url)
