import csv
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from .build import get_report
from .forms import PRESET_WEEKS, PeriodForm, QuestionsForm


def _report(request):
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    start, end = form.period()
    report = get_report(
        user=request.user,
        profile=request.profile,
        start=start,
        end=end,
        today=timezone.localdate(),
    )
    return form, report


def _period_query(report) -> str:
    return urlencode({"start": report.start.isoformat(), "end": report.end.isoformat()})


@login_required
def report_page(request):
    form, report = _report(request)
    today = timezone.localdate()
    presets = [(w, report.end == today and report.days == w * 7) for w in PRESET_WEEKS]
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "report": report,
            "presets": presets,
            "period_query": _period_query(report),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def doctor_report(request):
    form, report = _report(request)
    profile = request.profile
    if request.method == "POST":
        questions = QuestionsForm(request.POST)
        if questions.is_valid():
            profile.visit_questions = questions.cleaned_data["questions"]
            profile.save(update_fields=["visit_questions"])
            messages.success(request, "Saved your questions; they are on page 1.")
            return redirect(f"{request.path}?{_period_query(report)}")
    else:
        questions = QuestionsForm(initial={"questions": profile.visit_questions})
    return render(request, "reports/doctor.html", _doctor_context(request, report, questions))


def _doctor_context(request, report, questions=None) -> dict:
    paper = "letter" if request.GET.get("paper") == "letter" else "a4"
    return {
        "report": report,
        "profile": request.profile,
        "questions_form": questions,
        "paper": paper,
        "period_query": _period_query(report),
        "generated": timezone.localtime(),
        # Long questions need the denser layout too (about 110 characters a printed line).
        "crowded_questions": len(request.profile.visit_questions) > 300,
    }


@login_required
def doctor_pdf(request):
    from weasyprint import HTML  # heavy import, only for the PDF

    _, report = _report(request)
    context = _doctor_context(request, report)
    context["pdf"] = True
    html = render_to_string("reports/doctor.html", context, request=request)
    pdf = HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_static_only_fetcher()
    ).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="twitch-diary-report-{report.start}-to-{report.end}.pdf"'
    )
    return response


def _static_only_fetcher():
    """WeasyPrint's fetcher: our own static files from disk, data: URIs, nothing else.

    No request leaves the server, not even to itself.
    """
    from django.conf import settings
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    marker = "/" + settings.STATIC_URL.strip("/") + "/"

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if marker in url:
                relative = url.split(marker, 1)[1].split("?")[0]
                path = finders.find(relative)
                if path:
                    return URLFetcherResponse(
                        url, Path(path).read_bytes(), {"Content-Type": _mime(relative)}
                    )
            raise ValueError(f"The PDF may only use the app's own static files, not {url}")

    return StaticOnlyFetcher()


def _mime(name: str) -> str:
    return {"css": "text/css", "svg": "image/svg+xml", "png": "image/png"}.get(
        name.rsplit(".", 1)[-1], "application/octet-stream"
    )


@login_required
def export_csv(request):
    _, report = _report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="twitch-diary-daily-{report.start}-to-{report.end}.csv"'
    )
    daily = report.data.daily.copy()
    daily.index = daily.index.date
    daily.index.name = "date"
    # Missing stays empty, never 0. Plain decimals: "%g" would print 12000 ml as 1.2e+04.
    daily.to_csv(response, na_rep="", quoting=csv.QUOTE_MINIMAL, float_format=_plain_number)
    return response


def _plain_number(value: float) -> str:
    """12000.0 -> "12000", 5.6666 -> "5.667": at most three decimals, never an exponent."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
