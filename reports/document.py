"""The doctor report as a document for someone other than the signed-in page: the shared
link (reports.share) and the FHIR export's PDF (backup.fhir) render it for a given person
and period, with no request user.

It renders the same templates as /reports/doctor/ and /reports/doctor.pdf, with the charts
inlined as data: URIs, so the paper needs no signed-in URL of the app.
"""

import datetime as dt

from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from accounts.models import Profile

from .pipeline import build_report


def paper_html(
    *, user: User, profile: Profile, start: dt.date, end: dt.date, show_username: bool = True
) -> SafeString:
    """The printable report (reports/_doctor_paper.html) of this person for start..end.

    show_username=False: a person without a display name is "not given", not their login
    name (a shared link is opened by people who have no business knowing it).
    """
    with timezone.override(profile.tzinfo):
        today = timezone.localdate()
        # Not cached: a shared link is opened a few times, an export once.
        report = build_report(
            user=user,
            tz=profile.tzinfo,
            tz_name=profile.timezone,
            start=start,
            end=end,
            today=today,
            fluid_unit=profile.fluid_unit,
        )
        html = render_to_string(
            "reports/_doctor_paper.html",
            {
                "report": report,
                # Inlines every chart (data: URIs), as the PDF does.
                "pdf": True,
                "period_query": urlencode({"start": start.isoformat(), "end": end.isoformat()}),
                "profile": profile,
                "username": user.get_username() if show_username else "not given",
                "crowded_questions": len(profile.visit_questions) > 300,
            },
        )
    return mark_safe(html)  # rendered by our own template, with autoescaping


def pdf_bytes(
    *, user: User, profile: Profile, start: dt.date, end: dt.date, paper: str = "a4"
) -> bytes:
    """The doctor PDF of this person for start..end, as /reports/doctor.pdf writes it."""
    from .views import write_pdf

    html = render_to_string(
        "reports/doctor.html",
        {
            "start": start,
            "end": end,
            "profile": profile,
            "paper": paper,
            "paper_html": paper_html(user=user, profile=profile, start=start, end=end),
            "pdf": True,
        },
    )
    # Relative static URLs resolve against a base URL only the fetcher reads (from disk).
    return write_pdf(html, base_url="http://localhost/")
