from django.contrib import admin
from django.urls import include, path

from .health import healthz

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path("reminders/", include("reminders.urls")),
    # Django's own views: login, logout (POST), password change and reset.
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("backup.urls")),
    path("", include("reports.urls")),
    path("", include("diary.urls")),
]
