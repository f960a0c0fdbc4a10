"""The installable app's two files: /manifest.webmanifest and /sw.js, in development and in
production (DEBUG off, hashed static names after collectstatic), and the manifest link on
every page."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings
from PIL import Image

from diary.kinds import KINDS
from tests.security.test_headers import _html_pages, _page_urls, parse_policy

pytestmark = pytest.mark.django_db

MANIFEST_LINK = '<link rel="manifest" href="/manifest.webmanifest">'


def worker_config(response) -> dict:
    """The settings /sw.js writes in front of static/js/sw.js."""
    first_line = response.content.decode().split("\n", 1)[0]
    match = re.fullmatch(r"self\.TWITCH_DIARY = (\{.*\});", first_line)
    assert match, first_line
    return json.loads(match.group(1))


def static_path(url: str) -> str:
    assert url.startswith(settings.STATIC_URL), url
    return url.removeprefix(settings.STATIC_URL)


def test_the_manifest_is_served_as_a_web_app_manifest_without_a_login(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Twitch Diary"
    assert manifest["short_name"]
    assert (manifest["start_url"], manifest["scope"], manifest["id"]) == ("/", "/", "/")
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] and manifest["background_color"]


def test_the_manifests_icons_exist_at_the_sizes_it_names(client):
    icons = client.get("/manifest.webmanifest").json()["icons"]

    assert {(icon["sizes"], icon["purpose"]) for icon in icons} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    for icon in icons:
        path = finders.find(static_path(icon["src"]))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert "{}x{}".format(*image.size) == icon["sizes"]


def test_the_service_worker_is_served_from_the_root_as_javascript(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert 'self.addEventListener("fetch"' in response.content.decode()


def test_the_service_worker_keeps_today_and_every_entry_form_and_queues_the_one_tap_logs(client):
    config = worker_config(client.get("/sw.js"))

    assert config["shellPages"] == ["/", *(kind.new_url for kind in KINDS)]
    assert {"/episodes/now/", "/caffeine/quick/", "/fluids/quick/", "/checkins/new/"} <= set(
        config["queuedPaths"]
    )
    for url in config["shellStatic"]:
        assert finders.find(static_path(url)), url
    assert re.fullmatch(r"[0-9a-f]{12}", config["version"])


def test_every_static_file_of_the_offline_pages_is_kept_for_offline_use(owner_client):
    """A page kept offline whose script or style is not kept breaks with no signal."""
    config = worker_config(owner_client.get("/sw.js"))
    referenced = set()
    for url in config["shellPages"]:
        html = owner_client.get(url).content.decode()
        referenced |= set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))

    assert referenced - set(config["shellStatic"]) == set()


def test_the_policy_lets_the_site_run_its_own_worker_and_manifest(owner_client):
    policy = parse_policy(owner_client.get("/")["Content-Security-Policy"])

    assert policy["worker-src"] == ["'self'"]
    assert policy["manifest-src"] == ["'self'"]


def test_every_page_links_the_manifest_and_the_offline_script(user):
    owner = Client()
    owner.force_login(user)
    urls = _page_urls(user)
    pages = [("owner", owner, url) for url in urls] + [("anonymous", Client(), url) for url in urls]
    checked = 0
    for label, url, response in _html_pages(pages):
        html = response.content.decode()
        assert MANIFEST_LINK in html, (label, url)
        assert 'src="/static/js/offline.js"' in html, (label, url)
        assert '<meta name="theme-color"' in html, (label, url)
        checked += 1
    assert checked >= 20


def test_pages_tell_the_worker_whose_session_they_belong_to(client, user):
    anonymous = client.get("/accounts/login/").content.decode()
    client.force_login(user)
    first = client.get("/").content.decode()
    client.logout()
    client.force_login(user)
    second = client.get("/").content.decode()

    def tag(html, name):
        return re.search(rf'<meta name="{name}" content="([^"]*)">', html).group(1)

    assert tag(anonymous, "offline-session") == tag(anonymous, "offline-owner") == ""
    assert tag(first, "offline-session") and tag(second, "offline-session")
    # A new session: a new name for the pages the phone keeps; the same person.
    assert tag(first, "offline-session") != tag(second, "offline-session")
    assert tag(first, "offline-owner") == tag(second, "offline-owner")


def test_in_production_the_manifest_and_worker_name_the_hashed_static_files(client, tmp_path):
    # Production uses WhiteNoise's subclass of this storage, which also compresses every
    # file (minutes on a busy machine); the hashed names and the manifest are the same.
    production_storage = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(DEBUG=False, STATIC_ROOT=tmp_path, STORAGES=production_storage):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = client.get("/manifest.webmanifest").json()
        worker = client.get("/sw.js")

    assert worker.status_code == 200
    urls = [icon["src"] for icon in manifest["icons"]] + worker_config(worker)["shellStatic"]
    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), f"not a hashed name: {url}"
        assert (tmp_path / static_path(url)).is_file(), url
