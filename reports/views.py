import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from accounts import cache
from accounts.models import Profile
from diary.selectors import first_diary_day

from .chart_names import CHARTS
from .forms import PRESET_WEEKS, PeriodForm, QuestionsForm
from .pipeline import build_report
from .report import Report

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind login_required: signed in, so never AnonymousUser."""
    # login_required has already sent anyone else to the login page; the project keeps
    # Django's own User model (no AUTH_USER_MODEL), so this is what request.user holds.
    return cast(User, request.user)


def request_profile(request: HttpRequest) -> Profile:
    """The signed-in person's Profile, set on the request by
    accounts.middleware.UserTimezoneMiddleware (None only for anonymous requests)."""
    profile = getattr(request, "profile", None)
    if not isinstance(profile, Profile):
        raise TypeError(f"expected the signed-in person's profile, got {profile!r}")
    return profile


class Period:
    """The period a report page shows, read from the query string."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.today = timezone.localdate()
        self.form = PeriodForm(
            request.GET or None,
            today=self.today,
            first_day=lambda: first_diary_day(
                signed_in_user(request), request_profile(request).tzinfo
            ),
        )
        self.start, self.end = self.form.period()

    @property
    def query(self) -> str:
        return urlencode({"start": self.start.isoformat(), "end": self.end.isoformat()})

    @cached_property
    def report(self) -> Report:
        """The report, built at most once a request, and only if a cache miss reads it."""
        profile = request_profile(self.request)
        return build_report(
            user=signed_in_user(self.request),
            tz=profile.tzinfo,
            tz_name=profile.timezone,
            start=self.start,
            end=self.end,
            today=self.today,
            fluid_unit=profile.fluid_unit,
        )

    def lazy_report(self) -> "SimpleLazyObject[Report]":
        """The report for a template context: built only if something reads it."""
        return SimpleLazyObject(lambda: self.report)

    def key(self, part: str) -> str:
        return cache.report_key(
            request_profile(self.request),
            start=self.start,
            end=self.end,
            today=self.today,
            part=part,
        )


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    period = Period(request)
    report = period.lazy_report()
    body = cache.get_or_build_html(
        request_profile(request),
        period.key("page"),
        lambda: render_to_string(
            "reports/_report_body.html", {"report": report, "period_query": period.query}
        ),
    )
    days = (period.end - period.start).days + 1
    presets = [(w, period.end == period.today and days == w * 7) for w in PRESET_WEEKS]
    return render(
        request,
        "reports/report.html",
        {
            "form": period.form,
            "report": report,
            "body": body,
            "presets": presets,
            "period_query": period.query,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def doctor_report(request: HttpRequest) -> HttpResponse:
    period = Period(request)
    profile = request_profile(request)
    if request.method == "POST":
        questions = QuestionsForm(request.POST)
        if questions.is_valid():
            profile.visit_questions = questions.cleaned_data["questions"]
            profile.save(update_fields=["visit_questions"])
            cache.invalidate(signed_in_user(request).pk)  # the old questions leave the stored paper
            messages.success(request, "Saved your questions; they are on page 1.")
            return redirect(f"{request.path}?{period.query}")
    else:
        questions = QuestionsForm(initial={"questions": profile.visit_questions})
    return render(request, "reports/doctor.html", _doctor_context(request, period, questions))


def _doctor_context(
    request: HttpRequest,
    period: Period,
    questions: QuestionsForm | None = None,
    *,
    pdf: bool = False,
) -> dict[str, object]:
    profile = request_profile(request)
    report = period.lazy_report()
    paper_context = {
        "report": report,
        "pdf": pdf,
        "period_query": period.query,
        "profile": profile,
        "username": signed_in_user(request).get_username(),
        # Long questions need the denser layout too (about 110 characters a printed line).
        "crowded_questions": len(profile.visit_questions) > 300,
    }
    key = cache.doctor_key(profile, start=period.start, end=period.end, today=period.today, pdf=pdf)
    return {
        "report": report,
        "start": period.start,
        "end": period.end,
        "profile": profile,
        "questions_form": questions,
        "paper": "letter" if request.GET.get("paper") == "letter" else "a4",
        "period_query": period.query,
        "paper_html": cache.get_or_build_html(
            profile, key, lambda: render_to_string("reports/_doctor_paper.html", paper_context)
        ),
        "pdf": pdf,
    }


@login_required
def chart_svg(request: HttpRequest, name: str) -> HttpResponse:
    """One detailed chart of /reports/, as an image of its own (drawn after the page)."""
    if name not in CHARTS:
        raise Http404("No such chart")
    period = Period(request)
    svg = cache.get_or_build(
        request_profile(request), period.key(f"chart:{name}"), lambda: period.report.chart(name).svg
    )
    if not svg:
        raise Http404("Nothing to draw")
    response = HttpResponse(svg, content_type="image/svg+xml")
    # Its URL names the period, not the diary's version: a copy kept by the browser would
    # show an old chart after an edit (and keep health data on a shared computer).
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def doctor_pdf(request: HttpRequest) -> HttpResponse:
    from django.urls import reverse

    period = Period(request)
    if period.form.is_bound and not period.form.is_valid():
        # The report page shows why next to the field; never a PDF of another period.
        return redirect(f"{reverse('reports:report')}?{request.GET.urlencode()}")

    context = _doctor_context(request, period, pdf=True)
    html = render_to_string("reports/doctor.html", context, request=request)
    pdf = write_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="twitch-diary-report-{period.start}-to-{period.end}.pdf"'
    )
    return response


def write_pdf(html: str, *, base_url: str) -> bytes:
    """The PDF of an HTML document; its relative URLs resolve against base_url, and only
    _static_only_fetcher reads them (from disk)."""
    from weasyprint import HTML  # heavy import, only for the PDF

    pdf = HTML(
        string=html, base_url=base_url, url_fetcher=_static_only_fetcher(base_url)
    ).write_pdf()
    if not isinstance(pdf, bytes):  # write_pdf() without a target returns the bytes
        raise TypeError(f"expected the PDF's bytes, got {type(pdf).__name__}")
    return pdf


def _static_only_fetcher(base_url: str) -> "URLFetcher":
    """WeasyPrint's fetcher: our own static files, data: URIs, nothing else.

    A static file is read through the storage that serves it (under DEBUG=0 the collected,
    hashed names of the manifest storage), or found in the app's static folders when it was
    never collected (development, tests). No request leaves the server, not even to itself.
    """
    from urllib.parse import urljoin

    from django.conf import settings
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    prefix = urljoin(base_url, settings.STATIC_URL)

    # weasyprint ships no type information (see pyproject.toml), so its URLFetcher is Any.
    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            name = _static_name(url, prefix)
            body = _read_static(name) if name else None
            if name is None or body is None:
                raise ValueError(f"The PDF may only use the app's own static files, not {url}")
            return URLFetcherResponse(url, body, {"Content-Type": _mime(name)})

    return StaticOnlyFetcher()


def _static_name(url: str, prefix: str) -> str | None:
    """The static file a URL names ("css/page-a4.1f2e3d.css"), or None when the URL is not
    under STATIC_URL on our own host or tries to climb out of it."""
    from urllib.parse import unquote, urlsplit

    parts, static = urlsplit(url), urlsplit(prefix)
    if (parts.scheme, parts.netloc) != (static.scheme, static.netloc):
        return None
    if not parts.path.startswith(static.path):
        return None
    name = unquote(parts.path[len(static.path) :])
    segments = name.replace("\\", "/").split("/")
    if not name or name.startswith("/") or any(s in ("", ".", "..") for s in segments):
        return None
    return name


def _read_static(name: str) -> bytes | None:
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.exceptions import SuspiciousFileOperation

    try:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as file:
                body = file.read()  # opened "rb": bytes
                if not isinstance(body, bytes):
                    raise TypeError(f"expected the bytes of {name}, got {type(body).__name__}")
                return body
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    path = finders.find(name)
    return Path(path).read_bytes() if path else None


def _mime(name: str) -> str:
    return {"css": "text/css", "svg": "image/svg+xml", "png": "image/png"}.get(
        name.rsplit(".", 1)[-1], "application/octet-stream"
    )


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    period = Period(request)
    response = HttpResponse(
        cache.get_or_build(
            request_profile(request), period.key("csv"), lambda: _daily_csv(period.report)
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="twitch-diary-daily-{period.start}-to-{period.end}.csv"'
    )
    return response


def _daily_csv(report: Report) -> str:
    daily = report.data.daily.copy()
    dates = daily.index
    if not isinstance(dates, pd.DatetimeIndex):  # frames.DiaryData's contract
        raise TypeError(f"expected a DatetimeIndex, got {type(dates).__name__}")
    daily.index = dates.date
    daily.index.name = "date"
    out = io.StringIO()
    # Missing stays empty, never 0. Plain decimals: "%g" would print 12000 ml as 1.2e+04.
    daily.to_csv(out, na_rep="", quoting=csv.QUOTE_MINIMAL, float_format=_plain_number)
    return out.getvalue()


def _plain_number(value: object) -> str:
    """12000.0 -> "12000", 5.6666 -> "5.667": at most three decimals, never an exponent."""
    if not isinstance(value, (int, float, np.integer, np.floating)):  # pandas passes floats
        raise TypeError(f"expected a number, got {value!r}")
    return f"{value:.3f}".rstrip("0").rstrip(".")
