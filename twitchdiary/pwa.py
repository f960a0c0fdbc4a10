"""The installable web app: its manifest, its service worker, and what pages tell the worker.

- /manifest.webmanifest: names, colours and icons, the icons' URLs resolved through the
  static files storage (hashed names in production).
- /sw.js: static/js/sw.js served from the site's root so that it controls every page, with
  the list of pages and files to keep for offline use written in front of it. The lists name
  the hashed static files, so a new release is a new worker and old caches are dropped.
- `offline` (a context processor): per-session and per-person tags that pages give the worker
  in meta tags, so the pages it keeps belong to one session and queued entries to one person.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

THEME_COLOR = "#0d6efd"
BACKGROUND_COLOR = "#ffffff"

# The static files every offline page needs (others are kept as they are fetched).
SHELL_STATIC = [
    "bootstrap/css/bootstrap.min.css",
    "bootstrap/js/bootstrap.bundle.min.js",
    "css/app.css",
    "js/offline.js",
    "js/charcount.js",  # the entry forms' character counter
    "favicon.svg",
    "icons/icon-192.png",
    "icons/apple-touch-icon.png",
]
# One-tap logs the worker may keep on the phone and send later (each view is replay_safe).
QUEUED_URL_NAMES = [
    "diary:twitch-now",
    "diary:quick-caffeine",
    "diary:quick-fluid",
    "diary:quick-checkin",
]


@require_safe
@cache_control(max_age=60 * 60)
def manifest(request):
    icon = {"type": "image/png"}
    data = {
        "id": "/",
        "name": "Twitch Diary",
        "short_name": "Twitch Diary",
        "description": "A diary of knee twitches and what goes with them, for your doctor.",
        "start_url": reverse("diary:dashboard"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "lang": "en",
        "icons": [
            {**icon, "src": static("icons/icon-192.png"), "sizes": "192x192", "purpose": "any"},
            {**icon, "src": static("icons/icon-512.png"), "sizes": "512x512", "purpose": "any"},
            {
                **icon,
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


def _shell_pages() -> list[str]:
    from diary.kinds import KINDS  # the diary's registry; imported late, at request time

    return [reverse("diary:dashboard"), *(kind.new_url for kind in KINDS)]


def _queued_paths() -> list[str]:
    from diary.kinds import KINDS

    return [reverse(name) for name in QUEUED_URL_NAMES] + [kind.new_url for kind in KINDS]


def _worker_source() -> str:
    # The source file where the finders see it; else the copy collectstatic made.
    path = finders.find("js/sw.js")
    if path is None:
        with staticfiles_storage.open("js/sw.js") as file:
            return file.read().decode()
    with open(path, encoding="utf-8") as file:
        return file.read()


def worker_script() -> str:
    config = {
        "shellPages": _shell_pages(),
        "shellStatic": [static(name) for name in SHELL_STATIC],
        "queuedPaths": _queued_paths(),
        "staticUrl": settings.STATIC_URL,
    }
    source = _worker_source()
    version = hashlib.sha256((json.dumps(config) + source).encode()).hexdigest()[:12]
    config["version"] = version
    return f"self.TWITCH_DIARY = {json.dumps(config)};\n{source}"


@require_safe
def service_worker(request):
    response = HttpResponse(worker_script(), content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on navigation; never let a cache hide one.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request):
    """Meta-tag values for static/js/offline.js; empty when nobody is logged in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.session.session_key:
        return {"offline_session": "", "offline_owner": ""}
    return {
        "offline_session": salted_hmac(
            "twitchdiary.offline.session", request.session.session_key
        ).hexdigest()[:24],
        "offline_owner": salted_hmac("twitchdiary.offline.owner", str(user.pk)).hexdigest()[:24],
    }
