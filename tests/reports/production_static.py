"""The static files as a production host serves them: DEBUG off, `collectstatic` run into a
folder of its own, whitenoise's manifest storage (hashed, compressed names)."""

import contextlib
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

MANIFEST_STORAGE = "tests.reports.production_static.GzipOnlyManifestStorage"


class GzipOnlyManifestStorage(CompressedManifestStaticFilesStorage):
    """The production storage, only without its Brotli copies: the same hashed names and
    manifest, a minute quicker to collect (Brotli at its best quality is slow)."""

    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=False, **kwargs)


@contextlib.contextmanager
def production_static(root: Path):
    """DEBUG off and the manifest storage reading `root` (collect it first)."""
    from django.conf import settings

    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(DEBUG=False, STATIC_ROOT=root, STORAGES=storages):
        yield


def collect_static(root: Path) -> Path:
    """`collectstatic` into `root` with the production storage; returns `root`."""
    with production_static(root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root
