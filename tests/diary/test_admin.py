"""The admin site: every diary model and the profile are registered and their lists load."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model

from accounts.models import Profile
from diary.kinds import KINDS
from tests.factories import make_one_of_each

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, user, stranger):
    superuser = get_user_model().objects.create_superuser("boss", "boss@example.com", "x")
    make_one_of_each(user)
    make_one_of_each(stranger)
    client.force_login(superuser)
    return client


def test_every_diary_model_and_the_profile_are_registered():
    models = list(apps.get_app_config("diary").get_models()) + [Profile]

    assert {kind.model for kind in KINDS} <= set(models)
    for model in models:
        assert admin.site.is_registered(model), model.__name__


@pytest.mark.parametrize(
    "model",
    [kind.model for kind in KINDS] + [Profile],
    ids=[kind.slug for kind in KINDS] + ["profile"],
)
def test_each_admin_list_loads_with_its_rows(superuser_client, model):
    opts = model._meta

    response = superuser_client.get(f"/admin/{opts.app_label}/{opts.model_name}/")

    assert response.status_code == 200
    expected = 3 if model is Profile else 2  # the profile list has the superuser's too
    assert response.context["cl"].result_count == expected


@pytest.mark.parametrize("kind", KINDS, ids=[k.slug for k in KINDS])
def test_each_admin_list_filters_and_searches(superuser_client, kind):
    opts = kind.model._meta

    response = superuser_client.get(f"/admin/{opts.app_label}/{opts.model_name}/", {"q": "owner"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_a_diary_user_cannot_open_the_admin(client, user):
    client.force_login(user)

    assert client.get("/admin/diary/episode/").status_code == 302


def test_deleting_selected_entries_invalidates_their_owners_cached_reports(
    superuser_client, user, stranger
):
    from diary.models import Caffeine

    before = Profile.objects.get(user=user).data_version
    ids = list(Caffeine.objects.filter(user=user).values_list("pk", flat=True))

    response = superuser_client.post(
        "/admin/diary/caffeine/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )

    assert response.status_code == 302
    assert not Caffeine.objects.filter(user=user).exists()
    assert Caffeine.objects.filter(user=stranger).exists()
    assert Profile.objects.get(user=user).data_version > before


def test_an_entry_cannot_be_moved_to_another_persons_diary(superuser_client, user, stranger):
    from diary.models import Caffeine

    entry = Caffeine.objects.filter(user=user).first()

    html = superuser_client.get(f"/admin/diary/caffeine/{entry.pk}/change/").content.decode()

    assert 'name="user"' not in html  # shown read-only, not as an input
