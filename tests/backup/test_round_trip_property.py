"""Whatever an entry form accepts, its JSON export and its CSV zip export re-import unchanged
: a property test over the forms' input space — times at both ends of the allowed
range in every time zone, the longest texts, characters of every Unicode class."""

import datetime as dt
import itertools
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import timezone_choices
from backup.services import export_csv_zip, export_document, export_json, import_backup
from diary.kinds import KINDS_BY_SLUG
from tests.clock import NOW
from tests.conftest import make_user
from tests.factories import VALID_POST
from twitchdiary.lib import clinical
from twitchdiary.lib.dates import FIRST_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TIME_FIELDS = {
    "episodes": "started_at",
    "caffeine": "taken_at",
    "fluids": "taken_at",
    "stress": "recorded_at",
    "exercise": "started_at",
    "alcohol": "taken_at",
    "sleep": "date",
    "medications": "started_on",
    "checkins": "date",
}
TEXT_FIELDS = {
    "episodes": ("notes",),
    "stress": ("note",),
    "exercise": ("kind",),
    "medications": ("name", "dose"),
    "checkins": ("note",),
}
ZONES = [zone for zone, _ in timezone_choices()]  # the zones a profile can have
SYMPTOM_CODES = [code for code, _ in clinical.SYMPTOM_CHOICES]
# From the day before the first allowed one (refused in the zones ahead of UTC) to now.
EARLIEST = dt.datetime.combine(FIRST_DAY - dt.timedelta(days=1), dt.time.min)
LATEST = NOW.replace(tzinfo=None) + dt.timedelta(hours=14)
usernames = itertools.count()
TOKYO = "Asia/Tokyo"


def limit_of(slug: str, name: str) -> int:
    return KINDS_BY_SLUG[slug].model._meta.get_field(name).max_length


# Every Unicode class a browser can send (lone surrogates cannot travel as UTF-8).
characters = st.characters(exclude_categories=("Cs",))


def texts(limit: int):
    """Short texts of any characters, and texts of exactly the longest allowed length."""
    longest = st.text(characters, min_size=1, max_size=8).map(lambda piece: (piece * limit)[:limit])
    return st.one_of(st.text(characters, max_size=40), longest)


times = st.one_of(
    st.datetimes(min_value=EARLIEST, max_value=LATEST),
    st.sampled_from([EARLIEST, EARLIEST + dt.timedelta(days=1), LATEST]),
).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M"))
days = st.dates(min_value=EARLIEST.date(), max_value=LATEST.date()).map(dt.date.isoformat)


@st.composite
def form_posts(draw):
    slug = draw(st.sampled_from(sorted(TIME_FIELDS)))
    data = dict(VALID_POST[slug])
    field = TIME_FIELDS[slug]
    data[field] = draw(days if field in ("date", "started_on") else times)
    for name in TEXT_FIELDS.get(slug, ()):
        data[name] = draw(texts(limit_of(slug, name)))
    if slug == "episodes":
        data["symptoms"] = draw(st.lists(st.sampled_from(SYMPTOM_CODES), max_size=20))
        data["duration_seconds"] = str(draw(st.integers(1, clinical.MAX_EPISODE_DURATION_SECONDS)))
        data["intensity"] = str(draw(st.integers(1, 10)))
    if slug == "medications":
        data["stopped_on"] = ""
    return slug, data


def document_of(user) -> dict:
    document = export_document(user)
    del document["exported_at"]
    return document


def restored(saved: bytes, name: str) -> dict:
    newcomer = make_user(f"restored{next(usernames)}")
    import_backup(newcomer, SimpleUploadedFile(name, saved))
    return document_of(newcomer)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(post=form_posts(), zone=st.sampled_from(ZONES))
# Tokyo has kept UTC+9 since 1888: 09:00 on 1 January 1900 is the first moment there.
@example(
    post=("episodes", {**VALID_POST["episodes"], "started_at": "1900-01-01T09:00"}), zone=TOKYO
)
@example(
    post=("episodes", {**VALID_POST["episodes"], "started_at": "1900-01-01T08:59"}), zone=TOKYO
)
@example(post=("checkins", {**VALID_POST["checkins"], "date": "1900-01-01"}), zone=TOKYO)
def test_whatever_a_form_accepts_its_exports_re_import_unchanged(post, zone):
    slug, data = post
    person = make_user(f"person{next(usernames)}", timezone=zone)
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        form = KINDS_BY_SLUG[slug].form_class(data, user=person)
        accepted = form.is_valid()
        if accepted:
            form.save()
    original = document_of(person)

    assert restored(export_json(person), "backup.json") == original
    assert restored(export_csv_zip(person), "backup.zip") == original
    if accepted:
        assert len(original[slug]) == 1
