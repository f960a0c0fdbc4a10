"""Shared fixtures: an owner and a stranger, each with a profile and a time zone."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from accounts.models import Profile
from tests.clock import frozen_at

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fresh_django_cache():
    """Django's cache holds counters (password-reset limits); a test never sees another's.
    Rendered pages live in the test database, which each test rolls back."""
    cache.clear()
    yield
    cache.clear()


def make_user(username: str, *, timezone: str = "UTC", **profile_fields):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.com"
    )
    Profile.objects.create(user=user, timezone=timezone, **profile_fields)
    return user


@pytest.fixture
def user(db):
    return make_user("owner", timezone="America/New_York")


@pytest.fixture
def stranger(db):
    return make_user("stranger", timezone="Europe/London")


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def stranger_client(stranger):
    """A client of its own, so a test can hold an owner's and a stranger's at once."""
    client = Client()
    client.force_login(stranger)
    return client


@pytest.fixture
def frozen_clock():
    """The clock stopped at tests.clock.NOW; a test moves it with frozen_clock.move_to().

    The diary, backup and accounts tests use it for every test (their conftest.py).
    """
    with frozen_at() as traveller:
        yield traveller
