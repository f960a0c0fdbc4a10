import pytest
from django.urls import reverse

URLS = ["backup:export-json", "backup:export-csv", "backup:export-fhir", "backup:import"]


@pytest.mark.parametrize("name", URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, db, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_an_anonymous_upload_is_sent_to_log_in_and_writes_nothing(client, db):
    response = client.post(reverse("backup:import"), {"file": b"{}"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["backup:export-json", "backup:export-csv", "backup:export-fhir"])
def test_the_exports_only_answer_get(owner_client, name):
    assert owner_client.post(reverse(name)).status_code == 405


def test_the_urls_are_the_ones_the_issue_names(db):
    assert reverse("backup:export-json") == "/export/json"
    assert reverse("backup:export-csv") == "/export/csv"
    assert reverse("backup:export-fhir") == "/export/fhir"
    assert reverse("backup:import") == "/import/"


def test_deleting_the_account_offers_the_json_export_first(owner_client):
    page = owner_client.get(reverse("accounts:delete")).content.decode()

    assert "Download a copy of your diary first" in page
    assert f'href="{reverse("backup:export-json")}"' in page
    assert page.index("Download a copy of your diary first") < page.index('name="password"')


def test_the_profile_page_links_to_export_and_import(owner_client):
    page = owner_client.get(reverse("accounts:profile")).content.decode()

    assert "Your data" in page
    for name in URLS:
        assert f'href="{reverse(name)}"' in page
