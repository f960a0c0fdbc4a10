"""Settings for the test suite: the real settings, made fast."""

from .settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
# Tasks run inline, in memory; a retry with a delay waits in Huey's schedule.
HUEY = {**HUEY, "immediate": True}  # noqa: F405
SITE_URL = "http://testserver"
