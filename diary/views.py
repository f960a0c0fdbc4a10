import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from twitchdiary.lib import clinical

from .checkin_views import dashboard_prompt
from .forms import DateRangeForm
from .idempotency import Refused, replay_safe, tap_time
from .kinds import KINDS, KINDS_BY_SLUG
from .models import Caffeine, CheckIn, Episode, Fluid, Onset
from .onset import OnsetForm
from .selectors import day_timeline, filter_period, recent_red_flags
from .status import get_status

PAGE_SIZE = 25


def _kind(slug):
    try:
        return KINDS_BY_SLUG[slug]
    except KeyError:
        raise Http404("No such kind of entry") from None


def _get_entry(request, kind, pk):
    """The one ownership check: a stranger's row is a 404, never a 403."""
    return get_object_or_404(kind.model, pk=pk, user=request.user)


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _announce_red_flag(request, episode, *, to_dashboard: bool):
    """Show the urgency message of the highest level ticked, prominently
    (docs/clinical-rules.md §5)."""
    level = episode.level
    if level > clinical.Level.NONE:
        messages.warning(
            request,
            clinical.LEVEL_MESSAGES[level],
            extra_tags=f"red-flag level-{level.code}",
        )
        if to_dashboard:
            # The dashboard shows this message once, not again as a "recent" flag.
            request.session["announced_episode"] = episode.pk


@login_required
def dashboard(request):
    profile = request.profile
    today = timezone.localdate()
    announced = request.session.pop("announced_episode", None)
    return render(
        request,
        "diary/dashboard.html",
        {
            "today": today,
            "timeline": day_timeline(request.user, today, profile.tzinfo),
            "red_flags": [e for e in recent_red_flags(request.user) if e.pk != announced],
            "status": get_status(user=request.user, profile=profile, today=today),
            "kinds": KINDS,
            "caffeine_presets": profile.caffeine_presets(),
            "fluid_presets": profile.fluid_presets(),
            "checkin_prompt": dashboard_prompt(request, today),
        },
    )


@login_required
def entry_list(request, slug):
    kind = _kind(slug)
    filter_form = DateRangeForm(request.GET or None)
    start = end = None
    if filter_form.is_valid():
        start, end = filter_form.cleaned_data["start"], filter_form.cleaned_data["end"]
    qs = filter_period(
        kind.model.objects.filter(user=request.user), kind, start, end, request.profile.tzinfo
    ).order_by(f"-{kind.time_field}", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (entry, [column.value(entry, request.profile) for column in kind.columns])
        for entry in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "diary/entry_list.html",
        {
            "kind": kind,
            "page": page,
            "rows": rows,
            "filter_form": filter_form,
            "filter_query": query.urlencode(),
        },
    )


def _initial_from_query(request, form_class):
    """Prefill a new entry from the query string (preset links), never trusted as saved."""
    names = form_class.base_fields.keys() | form_class._meta.fields
    return {key: value for key, value in request.GET.items() if key in names}


def _entry_form(request, kind, entry, *, done: str, default_next: str):
    """Create (entry is None) or edit an entry: the one place a form saves one."""
    if request.method == "POST":
        level_before = entry.level if isinstance(entry, Episode) else clinical.Level.NONE
        form = kind.form_class(request.POST, instance=entry, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = form.save()
            except IntegrityError:
                # Two submissions at once: the second meets a one-per-day constraint.
                form.add_error(
                    None,
                    "This could not be saved: an entry like it was saved at "
                    "the same moment (was the form sent twice?). Check your history.",
                )
            else:
                target = _next_url(request, default_next)
                if isinstance(saved, Episode) and saved.level > level_before:
                    _announce_red_flag(
                        request, saved, to_dashboard=target == reverse("diary:dashboard")
                    )
                messages.success(request, f"{done} your {kind.noun}.")
                return redirect(target)
    else:
        initial = {} if entry else _initial_from_query(request, kind.form_class)
        form = kind.form_class(instance=entry, user=request.user, initial=initial)
    # A TemplateResponse: replay_safe reads the form's errors for the phone's offline queue.
    return TemplateResponse(
        request, "diary/entry_form.html", {"kind": kind, "form": form, "entry": entry}
    )


@login_required
@replay_safe
def entry_create(request, slug):
    return _entry_form(
        request, _kind(slug), None, done="Saved", default_next=reverse("diary:dashboard")
    )


@login_required
def entry_edit(request, slug, pk):
    kind = _kind(slug)
    return _entry_form(
        request,
        kind,
        _get_entry(request, kind, pk),
        done="Updated",
        default_next=reverse(kind.url_name("list")),
    )


@login_required
def entry_delete(request, slug, pk):
    kind = _kind(slug)
    entry = _get_entry(request, kind, pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, f"Deleted the {kind.noun}.")
        return redirect(_next_url(request, reverse(kind.url_name("list"))))
    return render(request, "diary/entry_confirm_delete.html", {"kind": kind, "entry": entry})


@login_required
@require_POST
@replay_safe
def twitch_now(request):
    """One tap: an episode now (or when tapped offline), where the last one was."""
    last = Episode.objects.filter(user=request.user).order_by("-started_at").first()
    episode = Episode.objects.create(
        user=request.user,
        started_at=tap_time(request).replace(second=0, microsecond=0),
        side=last.side if last else "",
        muscle=last.muscle if last else "",
    )
    local = timezone.localtime(episode.started_at)
    where = f", in the same place as last time ({episode.site.lower()})" if episode.site else ""
    # A tap means they are twitching: today's "no twitching" check-in no longer holds.
    checkin = ""
    for no_twitching in CheckIn.objects.filter(
        user=request.user, date=local.date(), twitching=False
    ):
        no_twitching.twitching = True
        no_twitching.save(update_fields=["twitching", "updated_at"])  # save() refreshes reports
        checkin = " Today's check-in now says you had twitching."
    messages.success(
        request,
        f"Twitch saved at {local:%H:%M}{where}.{checkin} Add or change the details below, "
        "or come back later.",
    )
    return redirect(f"{episode.get_absolute_url()}?next={reverse('diary:dashboard')}")


@login_required
@require_POST
@replay_safe
def quick_caffeine(request):
    presets = {key: (label, mg) for key, label, mg in request.profile.caffeine_presets()}
    key = request.POST.get("preset", "")
    if key not in presets:
        raise Refused("Unknown caffeine preset.")
    label, mg = presets[key]
    Caffeine.objects.create(user=request.user, taken_at=tap_time(request), mg=mg, source=key)
    messages.success(request, f"Logged {label.lower()}, {mg} mg caffeine.")
    return redirect(_next_url(request, reverse("diary:dashboard")))


@login_required
@require_POST
@replay_safe
def quick_fluid(request):
    presets = {key: (label, ml) for key, label, ml in request.profile.fluid_presets()}
    key = request.POST.get("preset", "")
    if key not in presets:
        raise Refused("Unknown drink preset.")
    label, ml = presets[key]
    Fluid.objects.create(user=request.user, taken_at=tap_time(request), ml=ml, drink="water")
    messages.success(
        request, f"Logged a {label.lower()} of water ({request.profile.format_fluid(ml)})."
    )
    return redirect(_next_url(request, reverse("diary:dashboard")))


@login_required
def day_view(request, day):
    """One local day as a timeline; `day` is a date (the URL converter parsed it)."""
    return render(
        request,
        "diary/day.html",
        {
            "day": day,
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1),
            "is_today": day == timezone.localdate(),
            "timeline": day_timeline(request.user, day, request.profile.tzinfo),
            "kinds": KINDS,
        },
    )


@login_required
def onset(request):
    """Change when the twitching was first noticed (the dashboard clock and the profile)."""
    today = timezone.localdate()
    if request.method == "POST":
        form = OnsetForm(request.POST, user=request.user, today=today)
        if form.is_valid():
            form.save()
            messages.success(request, "Saved when you first noticed the twitching.")
            return redirect(_next_url(request, reverse("diary:dashboard")))
    else:
        given = Onset.current(request.user, until=today)
        initial = (
            {"first_noticed": given.first_noticed, "dont_remember": given.dont_remember}
            if given
            else {}
        )
        form = OnsetForm(user=request.user, today=today, initial=initial)
    return render(request, "diary/onset_form.html", {"form": form})


@login_required
def help_page(request):
    return render(request, "diary/help.html", {"clinical": clinical})


@login_required
def day_today(request):
    """Today's day view, or the date picked in the day view's form (?date=)."""
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    return redirect("diary:day", day=day)
