"""Importing a profile changes its settings only, never the account's own counters."""

import pytest

from accounts.models import Profile

from .conftest import upload
from .documents import as_bytes, backup

pytestmark = pytest.mark.django_db


def test_an_import_keeps_log_out_everywhere_and_invalidates_cached_reports(
    owner_client, user, monkeypatch
):
    Profile.objects.filter(user=user).update(session_epoch=0, data_version=5)

    # "Log out everywhere" on another device between loading and saving the profile
    # must not be undone: the import writes only the profile's settings.
    original_save = Profile.save

    def save_after_logout_elsewhere(self, *args, **kwargs):
        Profile.objects.filter(pk=self.pk).update(session_epoch=3)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Profile, "save", save_after_logout_elsewhere)

    response = upload(owner_client, as_bytes(backup()))

    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.session_epoch == 3
    assert profile.data_version > 5  # the new entries invalidate cached reports
    assert profile.display_name == backup()["profile"]["display_name"]
