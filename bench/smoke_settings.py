"""Production settings for the smoke run, with Django's plain static storage.

The production storage needs `collectstatic`, which compresses every static file (about a minute
of CPU) although the benchmark never asks for one; the pages themselves are unchanged.
"""

from twitchdiary.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
