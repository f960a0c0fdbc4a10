"""The diary as a FHIR R4 Bundle (type "collection"), for the record systems clinicians use.

Plain dicts, so the runtime needs no FHIR package; the tests validate the output with
fhir.resources. The mapping, its code systems and what is left out are documented in
docs/fhir-mapping.md: SNOMED CT only for laterality (a standard value set), LOINC for
sleep duration, UCUM for units, and the project's own code systems for the rest.
"""

import base64
import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from accounts.models import Profile
from diary.models import (
    Activity,
    Alcohol,
    Caffeine,
    CheckIn,
    Episode,
    Exercise,
    Fluid,
    Medication,
    Muscle,
    Sleep,
    Stress,
)
from twitchdiary.lib import clinical

CONTENT_TYPE = "application/fhir+json"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
PROJECT = "https://twitchdiary.example/fhir/CodeSystem"
OBSERVATION_CODES = f"{PROJECT}/observation"
BODY_SITES = f"{PROJECT}/body-site"
SYMPTOMS = f"{PROJECT}/symptom"
ACTIVITIES = f"{PROJECT}/activity"
MEDICATION_CLASSES = f"{PROJECT}/medication-class"
UNITS = f"{PROJECT}/unit"
# HL7's Laterality value set (SNOMED CT qualifier values).
LATERALITY = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"),
}
# The doctor PDF in the bundle covers at most the report's default period (the last
# 8 weeks of the export): a longer one takes too long to draw for one download.
PDF_MAX_DAYS = clinical.DEFAULT_REPORT_WEEKS * 7


def _coding(system: str, code: str, display: str) -> dict:
    return {"system": system, "code": code, "display": display}


def _concept(system: str, code: str, display: str) -> dict:
    return {"coding": [_coding(system, code, display)], "text": display}


def _observation_code(code: str, display: str) -> dict:
    return _concept(OBSERVATION_CODES, code, display)


def _quantity(value, unit: str, code: str | None = None, system: str = UCUM) -> dict:
    number = float(value) if isinstance(value, Decimal | float) else value
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return {"value": number, "unit": unit, "system": system, "code": code or unit}


class _Builder:
    """Collects the bundle's entries; ids are stable per account and row (UUID 5)."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.tz = profile.tzinfo
        self.namespace = profile.cache_token
        self.entries: list[dict] = []
        self.patient_ref = {"reference": self._url("patient")}

    def _id(self, name: str) -> str:
        return str(uuid.uuid5(self.namespace, name))

    def _url(self, name: str) -> str:
        return f"urn:uuid:{self._id(name)}"

    def add(self, name: str, resource: dict) -> None:
        resource = {"resourceType": resource.pop("resourceType"), "id": self._id(name), **resource}
        self.entries.append({"fullUrl": self._url(name), "resource": resource})

    def local(self, moment: dt.datetime) -> str:
        return moment.astimezone(self.tz).isoformat(timespec="seconds")

    def observation(self, name: str, code: dict, when: str, **fields) -> None:
        self.add(
            name,
            {
                "resourceType": "Observation",
                "status": "final",
                "code": code,
                "subject": self.patient_ref,
                "effectiveDateTime": when,
                **fields,
            },
        )


def _patient(builder: _Builder) -> None:
    """Only what the person entered: the name they chose and their date of birth."""
    profile = builder.profile
    patient: dict = {"resourceType": "Patient"}
    if profile.display_name:
        patient["name"] = [{"text": profile.display_name}]
    if profile.date_of_birth:
        patient["birthDate"] = profile.date_of_birth.isoformat()
    builder.add("patient", patient)


def _episode(builder: _Builder, episode: Episode) -> None:
    components = []
    if episode.side:
        code, display = LATERALITY[episode.side]
        components.append(
            {
                "code": _observation_code("laterality", "Side"),
                "valueCodeableConcept": _concept(SNOMED, code, display),
            }
        )
    if episode.muscle:
        components.append(
            {
                "code": _observation_code("body-site", "Muscle or area"),
                "valueCodeableConcept": _concept(
                    BODY_SITES, episode.muscle, Muscle(episode.muscle).label
                ),
            }
        )
    if episode.duration_seconds is not None:
        components.append(
            {
                "code": _observation_code("duration", "Duration of the episode"),
                "valueQuantity": _quantity(episode.duration_seconds, "s"),
            }
        )
    if episode.intensity is not None:
        components.append(
            {
                "code": _observation_code("intensity", "Intensity (1 to 10)"),
                "valueInteger": episode.intensity,
            }
        )
    if episode.twitch_count is not None:
        components.append(
            {
                "code": _observation_code("twitch-count", "Number of twitches"),
                "valueInteger": episode.twitch_count,
            }
        )
    for code in episode.symptoms:
        symptom = clinical.SYMPTOMS_BY_CODE.get(code)
        if symptom:
            components.append(
                {
                    "code": _observation_code("symptom", "Symptom recorded with the episode"),
                    "valueCodeableConcept": _concept(SYMPTOMS, symptom.code, symptom.label),
                }
            )
    if episode.activity:
        components.append(
            {
                "code": _observation_code("activity", "What the person was doing"),
                "valueCodeableConcept": _concept(
                    ACTIVITIES, episode.activity, Activity(episode.activity).label
                ),
            }
        )
    fields: dict = {}
    if episode.site:
        fields["bodySite"] = {"text": episode.site}
    if components:
        fields["component"] = components
    if episode.notes:
        fields["note"] = [{"text": episode.notes}]
    builder.observation(
        f"episode/{episode.pk}",
        _observation_code("twitch-episode", "Muscle twitching episode"),
        builder.local(episode.started_at),
        **fields,
    )


def _daily_totals(builder: _Builder, rows, value_field: str) -> dict[dt.date, Decimal]:
    totals: dict[dt.date, Decimal] = defaultdict(Decimal)
    for row in rows:
        day = getattr(row, row.time_field).astimezone(builder.tz).date()
        totals[day] += Decimal(getattr(row, value_field))
    return dict(sorted(totals.items()))


def _lifestyle(builder: _Builder, user, window: dict, day_window: dict) -> None:
    """One Observation per local day and kind: totals (stress: the day's mean level)."""
    timed = [
        (Caffeine, "mg", "caffeine-intake", "Caffeine taken in the day", ("mg",)),
        (Fluid, "ml", "fluid-intake", "Fluids drunk in the day", ("mL",)),
        (Exercise, "minutes", "exercise-duration", "Exercise in the day", ("min",)),
        (
            Alcohol,
            "units",
            "alcohol-intake",
            "Alcohol in the day",
            ("UK unit of alcohol", "alcohol-unit", UNITS),
        ),
    ]
    for model, field, code, display, unit in timed:
        rows = model.objects.filter(user=user, **window(model)).order_by(model.time_field)
        for day, total in _daily_totals(builder, rows, field).items():
            builder.observation(
                f"{code}/{day.isoformat()}",
                _observation_code(code, display),
                day.isoformat(),
                valueQuantity=_quantity(total, *unit),
            )

    levels: dict[dt.date, list[int]] = defaultdict(list)
    for row in Stress.objects.filter(user=user, **window(Stress)).order_by("recorded_at"):
        levels[row.recorded_at.astimezone(builder.tz).date()].append(row.level)
    for day, values in sorted(levels.items()):
        builder.observation(
            f"stress-level/{day.isoformat()}",
            _observation_code("stress-level", "Stress level in the day (mean, 1 to 5)"),
            day.isoformat(),
            valueQuantity=_quantity(round(sum(values) / len(values), 2), "{score}"),
        )

    for night in Sleep.objects.filter(user=user, **day_window(Sleep)).order_by("date"):
        builder.observation(
            f"sleep/{night.date.isoformat()}",
            _concept(LOINC, "93832-4", "Sleep duration"),
            night.date.isoformat(),
            valueQuantity=_quantity(night.hours, "h"),
            component=[
                {
                    "code": _observation_code("sleep-quality", "Sleep quality (1 to 5)"),
                    "valueInteger": night.quality,
                }
            ],
        )

    for checkin in CheckIn.objects.filter(user=user, **day_window(CheckIn)).order_by("date"):
        fields = {"note": [{"text": checkin.note}]} if checkin.note else {}
        builder.observation(
            f"checkin/{checkin.date.isoformat()}",
            _observation_code("twitching-today", "Any twitching today (daily check-in)"),
            checkin.date.isoformat(),
            valueBoolean=checkin.twitching,
            **fields,
        )


def _medications(builder: _Builder, user, start, end, today: dt.date) -> None:
    medicines = Medication.objects.filter(user=user).order_by("started_on", "pk")
    if end:
        medicines = medicines.filter(started_on__lte=end)
    if start:
        medicines = medicines.exclude(stopped_on__lt=start)
    for medicine in medicines:
        period = {"start": medicine.started_on.isoformat()}
        if medicine.stopped_on:
            period["end"] = medicine.stopped_on.isoformat()
        stopped = medicine.stopped_on is not None and medicine.stopped_on < today
        statement: dict = {
            "resourceType": "MedicationStatement",
            "status": "completed" if stopped else "active",
            "category": _concept(
                "http://terminology.hl7.org/CodeSystem/medication-statement-category",
                "patientspecified",
                "Patient Specified",
            ),
            "medicationCodeableConcept": {
                "coding": [
                    _coding(
                        MEDICATION_CLASSES,
                        medicine.category,
                        Medication.Category(medicine.category).label,
                    )
                ],
                "text": medicine.name,
            },
            "subject": builder.patient_ref,
            "effectivePeriod": period,
        }
        if medicine.dose:
            statement["dosage"] = [{"text": medicine.dose}]
        notes = [Medication.Kind(medicine.kind).label]
        if medicine.suspected:
            notes.append("The person marked this one as one they suspect.")
        statement["note"] = [{"text": text} for text in notes]
        builder.add(f"medication/{medicine.pk}", statement)


def pdf_period(start: dt.date | None, end: dt.date | None, today: dt.date):
    """The period the bundle's doctor PDF covers: the last PDF_MAX_DAYS days of the export."""
    pdf_end = end or today
    pdf_start = pdf_end - dt.timedelta(days=PDF_MAX_DAYS - 1)
    if start and start > pdf_start:
        pdf_start = start
    return pdf_start, pdf_end


def _document(builder: _Builder, pdf: bytes, pdf_start: dt.date, pdf_end: dt.date) -> None:
    builder.add(
        "doctor-report",
        {
            "resourceType": "DocumentReference",
            "status": "current",
            "type": {"text": "Symptom diary report for the doctor"},
            "subject": builder.patient_ref,
            "date": builder.local(timezone.now()),
            "description": (
                f"Doctor report of the diary, {pdf_start.isoformat()} to {pdf_end.isoformat()} "
                f"(at most the last {PDF_MAX_DAYS // 7} weeks of this export)."
            ),
            "content": [
                {
                    "attachment": {
                        "contentType": "application/pdf",
                        "data": base64.b64encode(pdf).decode("ascii"),
                        "title": f"twitch-diary-report-{pdf_start}-to-{pdf_end}.pdf",
                    }
                }
            ],
            "context": {"period": {"start": pdf_start.isoformat(), "end": pdf_end.isoformat()}},
        },
    )


def export_bundle(
    user, *, start: dt.date | None = None, end: dt.date | None = None, with_pdf: bool = True
) -> dict:
    """The person's diary from start to end (local dates; None: no bound) as a Bundle."""
    from reports import document  # WeasyPrint and the report pipeline, only when asked

    profile = Profile.objects.get_or_create(user=user)[0]
    builder = _Builder(profile)
    today = timezone.now().astimezone(builder.tz).date()

    def local_midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=builder.tz)

    def window(model) -> dict:
        bounds = {}
        if start:
            bounds[f"{model.time_field}__gte"] = local_midnight(start)
        if end:
            bounds[f"{model.time_field}__lt"] = local_midnight(end + dt.timedelta(days=1))
        return bounds

    def day_window(model) -> dict:
        bounds = {}
        if start:
            bounds[f"{model.time_field}__gte"] = start
        if end:
            bounds[f"{model.time_field}__lte"] = end
        return bounds

    _patient(builder)
    for episode in Episode.objects.filter(user=user, **window(Episode)).order_by("started_at"):
        _episode(builder, episode)
    _lifestyle(builder, user, window, day_window)
    _medications(builder, user, start, end, today)
    if with_pdf:
        pdf_start, pdf_end = pdf_period(start, end, today)
        pdf = document.pdf_bytes(user=user, profile=profile, start=pdf_start, end=pdf_end)
        _document(builder, pdf, pdf_start, pdf_end)
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": builder.local(timezone.now()),
        "entry": builder.entries,
    }
