import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from diary.forms import DateRangeForm

from . import fhir, services
from .forms import ImportForm


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_GET
@never_cache
def export_json(request):
    return _download(
        services.export_json(request.user),
        "application/json; charset=utf-8",
        services.backup_filename(request.user, "json"),
    )


@login_required
@require_GET
@never_cache
def export_csv(request):
    return _download(
        services.export_csv_zip(request.user),
        "application/zip",
        services.backup_filename(request.user, "zip"),
    )


@login_required
@require_GET
@never_cache
def export_fhir(request):
    # The history pages' period filter: local dates in the allowed range, end after start.
    form = DateRangeForm(request.GET)
    if not form.is_valid():
        problems = [message for errors in form.errors.values() for message in errors]
        return HttpResponseBadRequest(" ".join(problems), content_type="text/plain; charset=utf-8")
    bundle = fhir.export_bundle(
        request.user, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
    )
    return _download(
        json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode(),
        fhir.CONTENT_TYPE,
        services.backup_filename(request.user, "fhir.json"),
    )


@login_required
@never_cache
def import_backup(request):
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = services.import_backup(request.user, form.cleaned_data["file"])
            except services.BackupError as error:
                for problem in error.problems:
                    form.add_error(None, problem)
            else:
                messages.success(request, result.summary())
                return redirect("backup:import")
    else:
        form = ImportForm()
    return render(
        request,
        "backup/import.html",
        {"form": form, "max_mb": services.MAX_UPLOAD_BYTES // (1024 * 1024)},
    )
