"""An import cannot blow up the work: a symptom repeated 20,000 times is stored
once, and a note of the longest allowed length comes back whole from the CSV zip."""

import json

from django.test import Client
from django.urls import reverse

from diary.models import Episode
from tests.conftest import make_user
from twitchdiary.lib import clinical

from .conftest import upload, utc


def newcomer_client():
    client = Client()
    client.force_login(make_user("newcomer"))
    return client


def test_a_symptom_repeated_twenty_thousand_times_is_imported_once(owner_client, user):
    Episode.objects.create(
        user=user,
        started_at=utc(2026, 1, 5, 9, 0),
        side="left",
        muscle="calf",
        intensity=3,
        symptoms=["numbness"],
    )
    document = json.loads(owner_client.get(reverse("backup:export-json")).content)
    document["episodes"][0]["symptoms"] = ["numbness"] * 20_000 + ["pain"]
    client = newcomer_client()

    response = upload(client, json.dumps(document).encode())

    assert response.status_code == 302
    assert Episode.objects.get(user__username="newcomer").symptoms == ["numbness", "pain"]


def test_a_note_of_the_longest_allowed_length_comes_back_from_the_csv_zip(owner_client, user):
    limit = clinical.MAX_EPISODE_NOTES_CHARS  # what the form accepts: no blank at either end
    notes = ('Zuckungen, "quoted"; ü 😖\n' * 200)[: limit - 1] + "."
    Episode.objects.create(
        user=user,
        started_at=utc(2026, 1, 5, 9, 0),
        side="left",
        muscle="calf",
        intensity=3,
        notes=notes,
    )
    archive = owner_client.get(reverse("backup:export-csv")).content
    client = newcomer_client()

    response = upload(client, archive, "backup.zip")

    assert response.status_code == 302
    assert Episode.objects.get(user__username="newcomer").notes == notes
