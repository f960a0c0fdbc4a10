"""Deleting an account asks for the password and removes every row of that user's data."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Profile
from diary.kinds import KINDS
from tests.conftest import PASSWORD
from tests.factories import assert_field_error, make_entry, make_one_of_each

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def two_diaries(user, stranger):
    make_one_of_each(user)
    make_entry("episodes", user, symptoms=["pain"])
    make_one_of_each(stranger)


def rows_of(user_id) -> dict[str, int]:
    return {kind.slug: kind.model.objects.filter(user_id=user_id).count() for kind in KINDS}


def test_the_delete_page_asks_for_the_password(owner_client, user, two_diaries):
    response = owner_client.get("/accounts/delete/")

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_a_wrong_password_deletes_nothing(owner_client, user, two_diaries):
    before = rows_of(user.pk)

    response = owner_client.post("/accounts/delete/", {"password": "not-my-password"})

    assert_field_error(response, "password", "That is not your password.")
    assert User.objects.filter(pk=user.pk).exists()
    assert rows_of(user.pk) == before
    assert sum(before.values()) == len(KINDS) + 1


def test_a_missing_password_deletes_nothing(owner_client, user, two_diaries):
    response = owner_client.post("/accounts/delete/", {})

    assert_field_error(response, "password", "This field is required.")
    assert User.objects.filter(pk=user.pk).exists()


def test_the_right_password_deletes_the_account_and_all_its_data(
    owner_client, user, stranger, two_diaries
):
    theirs = rows_of(stranger.pk)

    response = owner_client.post("/accounts/delete/", {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert "Your account and all of your diary data are deleted." in response.content.decode()
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Profile.objects.filter(user_id=user.pk).exists()
    assert rows_of(user.pk) == dict.fromkeys(rows_of(user.pk), 0)
    # The other person's diary is untouched.
    assert rows_of(stranger.pk) == theirs == dict.fromkeys(theirs, 1)
    assert Profile.objects.filter(user=stranger).exists()
    # And the browser is logged out.
    assert "_auth_user_id" not in owner_client.session
    assert owner_client.get("/").status_code == 302


def test_deleting_needs_a_login(client, user):
    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert User.objects.filter(pk=user.pk).exists()
