import datetime as dt

from django.urls import path, register_converter

from twitchdiary.lib.dates import FIRST_DAY, LAST_DAY

from . import checkin_views, views
from .kinds import KINDS

app_name = "diary"


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        day = dt.date.fromisoformat(value)  # ValueError (e.g. 2026-02-30) -> 404
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValueError("date out of range")  # 404, not an overflow further on
        return day

    def to_url(self, value):
        return value.isoformat() if isinstance(value, dt.date) else value


register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("episodes/now/", views.twitch_now, name="twitch-now"),
    path("caffeine/quick/", views.quick_caffeine, name="quick-caffeine"),
    path("fluids/quick/", views.quick_fluid, name="quick-fluid"),
    path("checkins/quick/", checkin_views.quick_checkin, name="quick-checkin"),
    path("onset/", views.onset, name="onset"),
    path("help/", views.help_page, name="help"),
    path("day/", views.day_today, name="day-today"),
    path("day/<isodate:day>/", views.day_view, name="day"),
]
for kind in KINDS:
    slug = kind.slug
    urlpatterns += [
        path(f"{slug}/", views.entry_list, {"slug": slug}, name=f"{slug}-list"),
        path(f"{slug}/new/", views.entry_create, {"slug": slug}, name=f"{slug}-new"),
        path(f"{slug}/<int:pk>/edit/", views.entry_edit, {"slug": slug}, name=f"{slug}-edit"),
        path(f"{slug}/<int:pk>/delete/", views.entry_delete, {"slug": slug}, name=f"{slug}-delete"),
    ]
