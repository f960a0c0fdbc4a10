"""/export/fhir: the diary as a FHIR R4 Bundle, validated with fhir.resources (R4B models,
which read R4 Observation, MedicationStatement, Patient and DocumentReference unchanged)."""

import base64
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from backup.fhir import (
    ACTIVITIES,
    BODY_SITES,
    LOINC,
    OBSERVATION_CODES,
    SNOMED,
    SYMPTOMS,
    UCUM,
    export_bundle,
)
from diary.synthetic import generate
from tests.clock import NOW

pytestmark = pytest.mark.django_db

URL = "/export/fhir"
TODAY = dt.date(2026, 3, 2)  # NOW in New York


def validate(bundle: dict) -> None:
    """Parse the Bundle and every resource in it with the FHIR models (raises if invalid)."""
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def observations(bundle: dict, code: str) -> list[dict]:
    return [
        o
        for o in resources(bundle, "Observation")
        if any(c["code"] == code for c in o["code"]["coding"])
    ]


def components(observation: dict) -> dict[str, list]:
    """code -> the component values, e.g. {"intensity": [4], "symptom": [tingling, cramp]}."""
    found: dict[str, list] = {}
    for component in observation.get("component", []):
        code = component["code"]["coding"][0]
        assert code["system"] == OBSERVATION_CODES
        value = next(v for k, v in component.items() if k.startswith("value"))
        found.setdefault(code["code"], []).append(value)
    return found


def test_the_download_is_a_valid_fhir_bundle_of_a_demo_diary(owner_client, user):
    generate(user=user, tz=ZoneInfo("America/New_York"), end=TODAY, days=28, now=NOW)

    response = owner_client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.fhir.json"')
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    validate(bundle)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert kinds == {"Patient", "Observation", "MedicationStatement", "DocumentReference"}
    (document,) = resources(bundle, "DocumentReference")
    attachment = document["content"][0]["attachment"]
    assert attachment["contentType"] == "application/pdf"
    assert base64.b64decode(attachment["data"]).startswith(b"%PDF-")
    # The whole diary is 4 weeks long: the PDF covers the last 8 weeks up to today.
    assert document["context"]["period"] == {
        "start": (TODAY - dt.timedelta(days=55)).isoformat(),
        "end": TODAY.isoformat(),
    }


def test_every_kind_of_entry_is_in_the_bundle_with_its_values(diary):
    bundle = export_bundle(diary, with_pdf=False)
    validate(bundle)

    (patient,) = resources(bundle, "Patient")
    assert set(patient) == {"resourceType", "id", "name", "birthDate"}
    assert patient["name"] == [{"text": "O. W."}]
    assert patient["birthDate"] == "1984-05-06"
    patient_ref = {"reference": f"urn:uuid:{patient['id']}"}

    detailed, bare = observations(bundle, "twitch-episode")
    assert detailed["subject"] == patient_ref
    assert detailed["effectiveDateTime"] == "2025-07-14T08:30:00-04:00"
    values = components(detailed)
    assert values["laterality"] == [
        {"coding": [{"system": SNOMED, "code": "7771000", "display": "Left"}], "text": "Left"}
    ]
    assert values["body-site"][0]["coding"][0] == {
        "system": BODY_SITES,
        "code": "calf",
        "display": "Calf",
    }
    assert values["duration"] == [{"value": 45, "unit": "s", "system": UCUM, "code": "s"}]
    assert values["intensity"] == [4]
    assert values["twitch-count"] == [12]
    assert [s["coding"][0]["code"] for s in values["symptom"]] == ["tingling", "cramp"]
    assert {s["coding"][0]["system"] for s in values["symptom"]} == {SYMPTOMS}
    assert values["activity"][0]["coding"][0]["system"] == ACTIVITIES
    assert values["activity"][0]["coding"][0]["code"] == "resting"
    assert detailed["note"] == [{"text": 'After a long walk, with a comma, and "quotes"'}]
    # A "Twitch now" entry: only when, nothing made up.
    assert bare["effectiveDateTime"] == "2026-01-04T22:04:05-05:00"
    assert "component" not in bare and "bodySite" not in bare

    def daily(code):
        (observation,) = observations(bundle, code)
        return observation["effectiveDateTime"], observation.get("valueQuantity")

    assert daily("caffeine-intake") == (
        "2026-01-05",
        {"value": 190, "unit": "mg", "system": UCUM, "code": "mg"},
    )
    assert daily("fluid-intake")[1] == {"value": 250, "unit": "mL", "system": UCUM, "code": "mL"}
    assert daily("exercise-duration") == (
        "2026-01-06",
        {"value": 40, "unit": "min", "system": UCUM, "code": "min"},
    )
    assert daily("stress-level")[1] == {
        "value": 3,
        "unit": "{score}",
        "system": UCUM,
        "code": "{score}",
    }
    alcohol = daily("alcohol-intake")
    assert alcohol[0] == "2026-01-06"
    assert alcohol[1]["value"] == 2.5
    assert alcohol[1]["code"] == "alcohol-unit"
    (sleep,) = observations(bundle, "93832-4")
    assert sleep["code"]["coding"][0]["system"] == LOINC
    assert sleep["effectiveDateTime"] == "2026-01-05"
    assert sleep["valueQuantity"] == {"value": 7.25, "unit": "h", "system": UCUM, "code": "h"}
    assert components(sleep) == {"sleep-quality": [4]}
    (checkin,) = observations(bundle, "twitching-today")
    assert (checkin["effectiveDateTime"], checkin["valueBoolean"]) == ("2026-01-06", True)
    assert checkin["note"] == [{"text": "Évening"}]

    magnesium, salbutamol = resources(bundle, "MedicationStatement")
    assert magnesium["status"] == "completed"
    assert magnesium["effectivePeriod"] == {"start": "2025-12-01", "end": "2026-02-01"}
    assert magnesium["medicationCodeableConcept"]["text"] == "Magnesium glycinate"
    assert magnesium["dosage"] == [{"text": "200 mg"}]
    assert salbutamol["status"] == "active"
    assert salbutamol["effectivePeriod"] == {"start": "2026-02-10"}
    assert salbutamol["subject"] == patient_ref
    assert "suspect" in " ".join(n["text"] for n in salbutamol["note"])


def test_a_patient_who_entered_nothing_is_a_patient_with_nothing(user):
    bundle = export_bundle(user, with_pdf=False)
    validate(bundle)
    (patient,) = resources(bundle, "Patient")
    assert set(patient) == {"resourceType", "id"}
    assert len(bundle["entry"]) == 1


def test_another_persons_diary_never_appears(diary, stranger_diary):
    bundle = export_bundle(diary, with_pdf=False)
    text = json.dumps(bundle, ensure_ascii=False)

    for theirs in ("1777", "secret", "Stranger pill", '"shin"', "statin"):
        assert theirs not in text
    assert len(observations(bundle, "twitch-episode")) == 2
    assert [o["valueQuantity"]["value"] for o in observations(bundle, "93832-4")] == [7.25]
    stranger_text = json.dumps(export_bundle(stranger_diary, with_pdf=False), ensure_ascii=False)
    assert "O. W." not in stranger_text and "Magnesium" not in stranger_text


def test_the_period_keeps_local_days_from_start_to_end(diary):
    bundle = export_bundle(
        diary, start=dt.date(2026, 1, 5), end=dt.date(2026, 1, 5), with_pdf=False
    )
    validate(bundle)

    assert observations(bundle, "twitch-episode") == []  # 22:04 on 4 January, local time
    assert [o["effectiveDateTime"] for o in observations(bundle, "caffeine-intake")] == [
        "2026-01-05"
    ]
    assert observations(bundle, "93832-4") and observations(bundle, "stress-level")
    assert not observations(bundle, "twitching-today")  # 6 January
    assert not observations(bundle, "alcohol-intake")  # 18:30 on 6 January, local time
    # Medicines taken at some time in the period: magnesium (Dec–Feb), not salbutamol (Feb 10).
    names = [
        m["medicationCodeableConcept"]["text"] for m in resources(bundle, "MedicationStatement")
    ]
    assert names == ["Magnesium glycinate"]

    later = export_bundle(diary, start=dt.date(2026, 2, 2), with_pdf=False)
    names = [
        m["medicationCodeableConcept"]["text"] for m in resources(later, "MedicationStatement")
    ]
    assert names == ["Salbutamol"]
    assert not observations(later, "twitch-episode")


def test_the_doctor_pdf_covers_at_most_the_last_eight_weeks_of_the_period(diary, owner_client):
    response = owner_client.get(URL, {"start": "2025-07-01", "end": "2026-01-31"})

    assert response.status_code == 200
    bundle = json.loads(response.content)
    validate(bundle)
    (document,) = resources(bundle, "DocumentReference")
    assert document["context"]["period"] == {"start": "2025-12-07", "end": "2026-01-31"}
    assert document["subject"] == {"reference": f"urn:uuid:{resources(bundle, 'Patient')[0]['id']}"}
    assert len(observations(bundle, "twitch-episode")) == 2


def test_a_period_that_ends_before_it_starts_is_refused(owner_client):
    response = owner_client.get(URL, {"start": "2026-02-02", "end": "2026-02-01"})
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    assert owner_client.get(URL, {"start": "2 Feb"}).status_code == 400


def test_the_export_needs_an_account(user):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_profile_links_to_the_export(owner_client):
    page = owner_client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{URL}"' in page
