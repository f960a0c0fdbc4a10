"""The production settings, for serving from a test without running collectstatic first.

With DEBUG off, whitenoise's manifest storage needs `collectstatic` to have run;
the gunicorn test only requests pages, so plain storage is enough.
"""

from twitchdiary.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
