"""Share with a clinician: the person's share links, and the shared page a link opens.

/reports/share/ lists the person's links (GET) and makes one (POST: start, end,
expires_days); /reports/share/<pk>/revoke/ ends one at once; /s/<token>/ is the
read-only report a clinician opens without an account. An expired, revoked or
unknown token gets the same 404 page, so a guess learns nothing.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Profile
from twitchdiary.lib import clinical

from . import document
from .forms import ShareForm
from .models import DEFAULT_EXPIRY_DAYS, ShareLink

# The full link is shown once, on the page after it was made (then only its hash is kept).
NEW_LINK_SESSION_KEY = "reports_new_share_link"
LISTED_LINKS = 50


def _get_link_for_user(request, pk: int) -> ShareLink:
    return get_object_or_404(ShareLink, pk=pk, user=request.user)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def share_links(request):
    today = timezone.localdate()
    if request.method == "POST":
        form = ShareForm(request.POST, today=today)
        if form.is_valid():
            data = form.cleaned_data
            link, token = ShareLink.create_for(
                request.user,
                start=data["start"],
                end=data["end"],
                expires_days=data["expires_days"],
                paper=data["paper"],
            )
            request.session[NEW_LINK_SESSION_KEY] = {
                "pk": link.pk,
                "url": request.build_absolute_uri(reverse("reports:shared", args=[token])),
            }
            return redirect("reports:share")
    else:
        start = today - dt.timedelta(weeks=clinical.DEFAULT_REPORT_WEEKS) + dt.timedelta(days=1)
        form = ShareForm(
            initial={"start": start, "end": today, "expires_days": DEFAULT_EXPIRY_DAYS},
            today=today,
        )
    new_link = request.session.pop(NEW_LINK_SESSION_KEY, None)
    links = ShareLink.objects.filter(user=request.user).order_by("-created_at", "-pk")
    return render(
        request,
        "reports/share_links.html",
        {"form": form, "links": links[:LISTED_LINKS], "new_link": new_link},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def revoke_link(request, pk: int):
    link = _get_link_for_user(request, pk)
    if request.method == "POST":
        link.revoke()
        messages.success(request, "The link no longer opens.")
        return redirect("reports:share")
    return render(request, "reports/share_revoke.html", {"link": link})


@require_GET
def shared_report(request, token: str):
    """The report a share link opens: no account, no navigation, nothing else of the diary."""
    link = ShareLink.objects.by_token(token)
    if link is None:
        response = render(request, "reports/shared_gone.html", status=404)
    else:
        link.record_open()
        profile, _ = Profile.objects.get_or_create(user=link.user)
        response = render(
            request,
            "reports/shared.html",
            {
                "link": link,
                "paper": link.paper,
                "paper_html": document.paper_html(
                    user=link.user, profile=profile, start=link.start, end=link.end
                ),
            },
        )
    # The page is health data on an unlisted URL: kept out of search engines, caches and
    # the Referer header of any link followed from it.
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
