"""The one home of caching: every cache key, the versions in them, and invalidation.

What is cached is rendered output of one person's reports (page HTML, chart SVGs,
the CSV) and small values (the dashboard's status), in ``CachedPage`` rows owned
by that person. A key holds everything its output depends on:

- the release: a fingerprint of the code and templates that render the output, so a
  deploy that changes how a page looks never serves a copy rendered by the old code;
- the account (``Profile.cache_token``; rows are also read by their user);
- ``Profile.data_version`` for report output, ``Profile.status_version`` for the
  status (which reads only episodes, check-ins and medicines);
- the time zone and, for reports, the fluid unit;
- the period and today's date;
- for the doctor report, what it prints of the profile (name, username, date of
  birth, questions).

Every write to a person's diary or profile calls ``invalidate(user_id)``: it bumps
the versions, so no worker serves an old copy, and deletes the person's rows, so
no old copy of their health data stays stored. Nothing else builds a cache key.
"""

import datetime as dt
import functools
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import CachedPage, Profile

# How long a rendered copy lives at most; "today" in the key ends it at midnight too.
LIFETIME = dt.timedelta(hours=1)

REPORT = "report"
STATUS = "status"

T = TypeVar("T")


# --- Keys -----------------------------------------------------------------------------------

# What renders cached output: the apps' code and the templates (static files are named by
# their content already, by the manifest storage).
_RENDERING_SOURCES = ("accounts", "diary", "reports", "twitchdiary", "templates")


@functools.cache
def release() -> str:
    """A fingerprint of this release's code and templates, read once per process.

    ``settings.RELEASE`` (e.g. the deployed commit) wins when set; otherwise the files'
    contents are hashed, so two workers of one release agree and a changed template or
    module gives new keys.
    """
    if settings.RELEASE:
        return str(settings.RELEASE)
    digest = hashlib.sha256()
    for top in _RENDERING_SOURCES:
        for path in sorted(Path(settings.BASE_DIR, top).rglob("*")):
            if path.suffix in (".py", ".html", ".txt") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(group: str, profile: Profile, *parts: Any) -> str:
    # Rows are read by their user, so the key names the account by its token alone: a
    # database may give a deleted account's id to the next new one, never its token.
    # repr() tells "1" from 1 and None from "None".
    key = (release(), str(profile.cache_token), *parts)
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    return f"{group}:{digest}"


def _report_parts(
    profile: Profile, start: dt.date, end: dt.date, today: dt.date
) -> tuple[Any, ...]:
    """What every report piece depends on: the diary's version, zone, units and period."""
    return (profile.data_version, profile.timezone, profile.fluid_unit, start, end, today)


def report_key(profile: Profile, *, start: dt.date, end: dt.date, today: dt.date, part: str) -> str:
    """A piece of /reports/ for the period start..end: "page", "csv", "chart:<name>"."""
    return _key(REPORT, profile, *_report_parts(profile, start, end, today), part)


def doctor_key(profile: Profile, *, start: dt.date, end: dt.date, today: dt.date, pdf: bool) -> str:
    """The doctor report's paper, which also prints the person's details."""
    return _key(
        REPORT,
        profile,
        *_report_parts(profile, start, end, today),
        "doctor-pdf" if pdf else "doctor",
        profile.user.get_username(),
        profile.display_name,
        profile.date_of_birth,
        profile.visit_questions,
    )


def status_key(profile: Profile, *, today: dt.date) -> str:
    """The dashboard's persistence clock and flags as of today."""
    return _key(STATUS, profile, profile.status_version, profile.timezone, today)


# --- Reading and storing --------------------------------------------------------------------


def get_or_build(profile: Profile, key: str, build: Callable[[], T]) -> T:
    """The value stored under key for this person, or build() stored for LIFETIME.

    One query when stored; build() plus two writes (prune, insert) when not.
    """
    now = timezone.now()
    stored = (
        CachedPage.objects.filter(user_id=profile.user_id, key=key, expires_at__gt=now)
        .values_list("value", flat=True)
        .first()
    )
    if stored is not None:
        return pickle.loads(stored)  # written only by _store below, never from input
    value = build()
    _store(profile.user_id, key, value, now)
    return value


def get_or_build_html(profile: Profile, key: str, build: Callable[[], str]) -> SafeString:
    """Rendered HTML (from our own autoescaping templates), safe to insert as it is."""
    return mark_safe(get_or_build(profile, key, build))


def _store(user_id: int, key: str, value: Any, now: dt.datetime) -> None:
    # Expired rows of anyone go here, by the expires_at index: nothing outlives LIFETIME.
    CachedPage.objects.filter(expires_at__lte=now).delete()
    row = CachedPage(user_id=user_id, key=key, value=pickle.dumps(value), expires_at=now + LIFETIME)
    try:
        with transaction.atomic():
            # A row already there came from another worker with the same key: the same value.
            CachedPage.objects.bulk_create([row], ignore_conflicts=True)
    except IntegrityError:
        pass  # the account was deleted while its page was being built: nothing to keep


# --- Invalidation ---------------------------------------------------------------------------


def invalidate(user_id: int, *, status: bool = True) -> None:
    """After any change to a person's diary or profile: old copies are neither served
    nor kept. status=False when the change cannot move the dashboard's status (e.g. a
    coffee), which then stays stored."""
    versions: dict[str, Any] = {"data_version": models.F("data_version") + 1}
    if status:
        versions["status_version"] = models.F("status_version") + 1
    Profile.objects.filter(user_id=user_id).update(**versions)
    rows = CachedPage.objects.filter(user_id=user_id)
    if not status:
        rows = rows.filter(key__startswith=f"{REPORT}:")
    rows.delete()
