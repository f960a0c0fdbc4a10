"""The benchmark's smoke run: it starts the app as production does and every page answers.

It runs `python -m bench --smoke` as a developer would, so the benchmark cannot rot unnoticed:
a page that fails, a renamed URL or form field, or a broken import makes this test fail.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
HISTORIES = ("episodes", "caffeine", "fluids", "sleep", "stress", "exercise", "alcohol")
HISTORIES += ("medications", "checkins")


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """One smoke run (on a fresh PostgreSQL database when the suite runs on PostgreSQL)."""
    out = tmp_path_factory.mktemp("bench") / "smoke.json"
    command = [sys.executable, "-m", "bench", "--smoke", "--json", str(out)]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        command += ["--database-url", os.environ["DATABASE_URL"]]
    done = subprocess.run(
        command, cwd=BASE_DIR, capture_output=True, text=True, timeout=900, check=False
    )
    return done, out


@pytest.mark.slow
def test_the_smoke_run_succeeds_and_times_every_page(smoke):
    done, out = smoke

    assert done.returncode == 0, done.stderr[-3000:]
    (size,) = json.loads(out.read_text())["sizes"]
    pages = {page["page"]: page for page in size["pages"]}
    expected = [
        "floor: /help/",
        "dashboard /",
        *(f"history /{slug}/" for slug in HISTORIES),
        "entry form /caffeine/new/",
        "/reports/ first (8 weeks)",
        "/reports/ repeat (8 weeks)",
        "/reports/ first (whole diary)",
        "/reports/doctor/ first (8 weeks)",
        "/reports/doctor/ first (whole diary)",
        "/reports/doctor/ repeat (8 weeks)",
        "/reports/doctor.pdf (8 weeks, report cached)",
        "/reports/doctor.pdf first (8 weeks)",
        "/export/json",
        "/reports/ 2nd request, same period (either worker)",
        "dashboard just after an entry",
        "log a caffeine entry (POST /caffeine/new/)",
    ]
    assert set(expected) <= set(pages)
    assert any(label.startswith("day view /day/") for label in pages)
    assert any(label.startswith("JSON import") for label in pages)
    for page in size["pages"]:
        assert page["samples_ms"], page["page"]
        assert all(ms > 0 for ms in page["samples_ms"]), page["page"]
        assert page["bytes"] > 0 or page["page"].startswith(("JSON import", "log a")), page


@pytest.mark.slow
def test_the_smoke_run_imports_the_export_into_an_empty_diary(smoke):
    done, out = smoke

    assert done.returncode == 0, done.stderr[-3000:]
    (size,) = json.loads(out.read_text())["sizes"]
    assert size["import_ok"] is True
    assert str(size["entries"]) in size["import"]
    assert size["entries"] > 100
