import pytest
from django.test import Client
from tests.conftest import make_user
from diary.models import Fluid, Episode

pytestmark = pytest.mark.django_db

def c(user):
    cl = Client(raise_request_exception=False)
    cl.force_login(user)
    return cl

def test_probe():
    ny = make_user("ny", timezone="America/New_York")
    tk = make_user("tk", timezone="Asia/Tokyo", fluid_unit="floz")
    cny, ctk = c(ny), c(tk)
    for url in ["/day/9999-12-31/", "/day/0001-01-01/", "/episodes/?end=9999-12-31", "/episodes/?start=0001-01-01",
                "/sleep/?end=9999-12-31", "/day/?date=9999-12-31", "/episodes/?page=abc", "/episodes/new/?started_at=garbage&notes=%00",
                "/caffeine/new/?mg=abc"]:
        print(url, cny.get(url).status_code, ctk.get(url).status_code)
    r = ctk.post("/episodes/new/", {"started_at": "0001-01-01T00:00", "side": "left", "muscle": "calf", "intensity": 3})
    print("tokyo year1", r.status_code)
    r = ctk.post("/fluids/new/", {"taken_at": "2020-01-01T00:00", "floz": "169.1", "drink": "water"})
    print("floz 169.1", r.status_code, Fluid.objects.count(), r.content.decode().count("invalid-feedback"), "onstraint" in r.content.decode())
    r = cny.post("/sleep/new/", {"date": "2020-01-01", "hours": "sNaN", "quality": 3})
    print("sNaN", r.status_code)
    r = cny.post("/episodes/new/?next=/%0a/evil", {"started_at": "2020-01-01T00:00", "side": "left", "muscle": "calf", "intensity": 3, "next": "/\x00x"})
    print("next nul", r.status_code, r.get("Location"))
    r = cny.post("/episodes/new/", {"started_at": "2026-03-08T02:30", "side": "left", "muscle": "calf", "intensity": 3})
    print("dst gap", r.status_code)
    anon = Client(raise_request_exception=False)
    r = anon.post("/accounts/login/", {"username": "a\x00b", "password": "x"})
    print("login nul", r.status_code)
    r = anon.post("/accounts/signup/", {"username": "new\x00", "password1": "x", "password2": "x", "timezone": "\x00"})
    print("signup nul", r.status_code)
    r = anon.post("/accounts/signup/", {"username": "newbie", "password1": "a-Long-pass-123", "password2": "a-Long-pass-123", "timezone": "Europe/Paris\x00"})
    print("signup tz nul", r.status_code)
