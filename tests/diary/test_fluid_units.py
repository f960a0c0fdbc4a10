"""Fluids in US fluid ounces: typed in fl oz, stored in ml, shown in fl oz."""

import pytest
from django.test import Client

from diary.models import Fluid
from tests.conftest import make_user
from tests.factories import assert_field_error, make_entry
from twitchdiary.lib import clinical
from twitchdiary.lib.units import ML_PER_US_FL_OZ

pytestmark = pytest.mark.django_db


@pytest.fixture
def us_user(db):
    return make_user("ounces", timezone="America/Chicago", fluid_unit="floz")


@pytest.fixture
def us_client(us_user):
    client = Client()
    client.force_login(us_user)
    return client


def post_floz(client, floz, **extra):
    return client.post(
        "/fluids/new/", {"taken_at": "2026-03-02T08:00", "floz": floz, "drink": "water", **extra}
    )


def test_the_form_asks_for_fluid_ounces(us_client):
    html = us_client.get("/fluids/new/").content.decode()

    assert 'name="floz"' in html
    assert 'type="hidden" name="ml"' in html


def test_fluid_ounces_are_stored_as_millilitres(us_client, us_user):
    response = post_floz(us_client, "8")

    assert response.status_code == 302
    fluid = Fluid.objects.get()
    assert fluid.user == us_user
    assert fluid.ml == round(8 * ML_PER_US_FL_OZ) == 237


def test_history_and_dashboard_show_fluid_ounces(us_client, us_user):
    make_entry("fluids", us_user, ml=237)

    history = us_client.get("/fluids/").content.decode()
    dashboard = us_client.get("/").content.decode()

    assert "8.0 fl oz" in history
    assert "237 ml" not in history
    assert "8.0 fl oz" in dashboard


def test_the_edit_form_shows_the_amount_in_fluid_ounces(us_client, us_user):
    fluid = make_entry("fluids", us_user, ml=500)

    response = us_client.get(f"/fluids/{fluid.pk}/edit/")

    assert response.context["form"].initial["floz"] == 16.9
    assert 'name="floz" value="16.9"' in response.content.decode()


def test_editing_in_fluid_ounces_updates_the_millilitres(us_client, us_user):
    fluid = make_entry("fluids", us_user, ml=500)

    response = us_client.post(
        f"/fluids/{fluid.pk}/edit/",
        {"taken_at": "2026-03-02T08:00", "floz": "12", "ml": "500", "drink": "water"},
    )

    assert response.status_code == 302
    fluid.refresh_from_db()
    assert fluid.ml == 355


def test_the_largest_amount_accepted_stays_within_the_limit(us_client):
    response = post_floz(us_client, "169.0")

    assert response.status_code == 302
    assert Fluid.objects.get().ml <= clinical.MAX_FLUID_ML_PER_ENTRY


@pytest.mark.parametrize(
    ("floz", "message"),
    [
        ("169.1", "less than or equal to 169.0"),
        ("1000", "less than or equal to 169.0"),
        ("0", "greater than or equal to 0.1"),
        ("-8", "greater than or equal to 0.1"),
        ("8.25", "no more than 1 decimal place"),
        ("NaN", "Enter a number."),
        ("Infinity", "Enter a number."),
        ("", "Enter an amount."),
    ],
)
def test_bad_fluid_ounces_save_nothing(us_client, floz, message):
    response = post_floz(us_client, floz)

    assert_field_error(response, "floz", message)
    assert not Fluid.objects.exists()


def test_the_quick_water_message_uses_fluid_ounces(us_client):
    response = us_client.post("/fluids/quick/", {"preset": "glass"}, follow=True)

    assert Fluid.objects.get().ml == 250
    assert "Logged a glass of water (8.5 fl oz)." in [str(m) for m in response.context["messages"]]


def test_millilitre_users_do_not_see_fluid_ounces(owner_client):
    html = owner_client.get("/fluids/new/").content.decode()

    assert 'name="floz"' not in html
    assert 'name="ml"' in html
