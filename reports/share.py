"""Share with a clinician: the person's share links, and the shared page a link opens.

/reports/share/ lists the person's links (GET) and makes one (POST: start, end,
expires_days); /reports/share/<pk>/revoke/ ends one at once; /s/<token>/ is the
read-only report a clinician opens without an account (after a 6-digit code, if the
person asked for one). An expired, revoked or
unknown token gets the same 404 page, so a guess learns nothing.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import Profile
from twitchdiary.lib import clinical

from . import document
from .forms import ShareCodeForm, ShareForm
from .models import DEFAULT_EXPIRY_DAYS, MAX_CODE_ATTEMPTS, ShareLink
from .views import signed_in_user

# The full link is shown once, on the page after it was made (then only its hash is kept).
NEW_LINK_SESSION_KEY = "reports_new_share_link"
LISTED_LINKS = 50
# Set in a clinician's session once they gave the right code for a link.
CODE_SESSION_PREFIX = "reports_share_code_ok_"


def _get_link_for_user(request: HttpRequest, pk: int) -> ShareLink:
    return get_object_or_404(ShareLink, pk=pk, user=signed_in_user(request))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def share_links(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.method == "POST":
        form = ShareForm(request.POST, today=today)
        if form.is_valid():
            data = form.cleaned_data
            link, token, code = ShareLink.create_for(
                signed_in_user(request),
                start=data["start"],
                end=data["end"],
                expires_days=data["expires_days"],
                paper=data["paper"],
                with_code=data["with_code"],
            )
            request.session[NEW_LINK_SESSION_KEY] = {
                "pk": link.pk,
                "url": request.build_absolute_uri(reverse("reports:shared", args=[token])),
                "code": code,
            }
            return redirect("reports:share")
    else:
        start = today - dt.timedelta(weeks=clinical.DEFAULT_REPORT_WEEKS) + dt.timedelta(days=1)
        form = ShareForm(
            initial={"start": start, "end": today, "expires_days": DEFAULT_EXPIRY_DAYS},
            today=today,
        )
    new_link = request.session.pop(NEW_LINK_SESSION_KEY, None)
    links = ShareLink.objects.filter(user=signed_in_user(request)).order_by("-created_at", "-pk")
    return render(
        request,
        "reports/share_links.html",
        {
            "form": form,
            "links": links[:LISTED_LINKS],
            "new_link": new_link,
            "max_code_attempts": MAX_CODE_ATTEMPTS,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def revoke_link(request: HttpRequest, pk: int) -> HttpResponse:
    link = _get_link_for_user(request, pk)
    if request.method == "POST":
        link.revoke()
        messages.success(request, "The link no longer opens.")
        return redirect("reports:share")
    return render(request, "reports/share_revoke.html", {"link": link})


@require_http_methods(["GET", "POST"])
def shared_report(request: HttpRequest, token: str) -> HttpResponse:
    """The report a share link opens: no account, no navigation, nothing else of the diary.

    A link made with a code asks for it first (POST); the right code is remembered in this
    browser's session, and MAX_CODE_ATTEMPTS wrong ones end the link.
    """
    link = ShareLink.objects.by_token(token)
    if link is None:
        return _unlisted(render(request, "reports/shared_gone.html", status=404))
    session_key = f"{CODE_SESSION_PREFIX}{link.pk}"
    if link.needs_code and not request.session.get(session_key):
        form = ShareCodeForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            if link.check_code(token, form.cleaned_data["code"]):
                request.session[session_key] = True
                return _unlisted(redirect(request.path))
            if not link.is_open:
                return _unlisted(render(request, "reports/shared_gone.html", status=404))
            form.add_error(
                "code",
                forms.ValidationError(
                    f"That code is not right. Tries left: {link.codes_left}.", code="wrong"
                ),
            )
        return _unlisted(render(request, "reports/shared_code.html", {"form": form}))
    if request.method == "POST":
        return _unlisted(redirect(request.path))
    link.record_open()
    profile, _ = Profile.objects.get_or_create(user=link.user)
    response = render(
        request,
        "reports/shared.html",
        {
            "link": link,
            "paper": link.paper,
            "paper_html": document.paper_html(
                user=link.user,
                profile=profile,
                start=link.start,
                end=link.end,
                show_username=False,
            ),
        },
    )
    return _unlisted(response)


def _unlisted(response: HttpResponse) -> HttpResponse:
    """Health data on an unlisted URL: kept out of search engines, caches and the Referer
    header of any link followed from it."""
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
