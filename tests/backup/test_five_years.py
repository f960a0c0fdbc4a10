"""Five years of daily logging, generated (seeded), imported and exported in one go."""

import json
import time

import pytest
from django.urls import reverse

from diary.models import Caffeine, CheckIn, Episode, Fluid, Sleep
from tests.factories import count_rows, generate_backup

from .conftest import upload


@pytest.mark.slow  # over 10 s: 22,000 entries imported twice and exported twice
def test_a_five_year_backup_imports_whole_and_exports_the_same(owner_client, user):
    document = generate_backup(years=5)
    content = json.dumps(document).encode()
    rows = count_rows(document)
    assert 15_000 <= rows <= 25_000

    started = time.perf_counter()
    response = upload(owner_client, content)
    imported_in = time.perf_counter() - started

    assert response.status_code == 302
    assert Episode.objects.filter(user=user).count() == len(document["episodes"])
    assert Caffeine.objects.filter(user=user).count() == len(document["caffeine"])
    assert Fluid.objects.filter(user=user).count() == len(document["fluids"])
    assert Sleep.objects.filter(user=user).count() == len(document["sleep"]) == 1826
    assert CheckIn.objects.filter(user=user).count() == 1826

    started = time.perf_counter()
    exported = owner_client.get(reverse("backup:export-json")).content
    exported_in = time.perf_counter() - started
    started = time.perf_counter()
    csv_zip = owner_client.get(reverse("backup:export-csv")).content
    zipped_in = time.perf_counter() - started
    started = time.perf_counter()
    again = upload(owner_client, content)
    reimported_in = time.perf_counter() - started

    assert again.status_code == 302
    assert Episode.objects.filter(user=user).count() == len(document["episodes"])
    back = json.loads(exported)
    del back["exported_at"], document["exported_at"]
    assert back == document
    print(
        f"\n5-year backup: {rows:,} rows, {len(content) / 1e6:.1f} MB JSON, "
        f"{len(csv_zip) / 1e6:.1f} MB zip; import {imported_in:.2f} s, "
        f"re-import (all skipped) {reimported_in:.2f} s, JSON export {exported_in:.2f} s, "
        f"CSV export {zipped_in:.2f} s"
    )
