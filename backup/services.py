"""Export and import of a whole diary, as plain functions (views stay thin).

The backup format, "twitch-diary/1", is one JSON object: the profile and one list per kind of
entry, with the entry forms' field names, times as ISO 8601 in the user's time zone with the
offset, dates as YYYY-MM-DD and decimals as strings. The CSV export is the same data, one file
per kind in a zip.

An import is checked as a whole before anything is written: every row goes through its entry
form's is_valid(), clean() included, so the same fields, rules and messages apply. The form
runs with restoring=True (diary.forms.EntryForm): no "not in the future" rule, and the episode
details that a "Twitch now" entry may still lack. Then it is written in one transaction with
bulk inserts. It only ever adds: a row whose natural key (NATURAL_KEYS) is already in the diary
is skipped, so importing a file twice adds nothing the second time, and an existing night's
sleep or check-in is kept as it is.
"""

import csv
import io
import json
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts import cache
from accounts.forms import ProfileForm
from accounts.models import Profile
from diary.forms import OnePerDayForm
from diary.kinds import KINDS_BY_SLUG
from twitchdiary.lib import clinical

FORMAT = "twitch-diary/1"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 20
BATCH_SIZE = 1000
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Section:
    """One kind of entry as a backup holds it: a JSON list, or <slug>.csv in the zip."""

    slug: str
    # What makes two rows "the same entry" when importing (see the module docstring).
    natural_key: tuple[str, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """The entry form's field names, in its order (the backup's contract), less any
        form-only field (fluid ounces)."""
        stored = {f.name for f in self.model._meta.get_fields()}
        return tuple(name for name in self.form_class._meta.fields if name in stored)

    @property
    def model(self) -> type[models.Model]:
        return KINDS_BY_SLUG[self.slug].model

    @property
    def form_class(self):
        return KINDS_BY_SLUG[self.slug].form_class

    @property
    def csv_name(self) -> str:
        return f"{self.slug}.csv"


SECTIONS: tuple[Section, ...] = (
    Section("episodes", ("started_at", "side", "muscle")),
    Section("caffeine", ("taken_at", "source", "mg")),
    Section("fluids", ("taken_at", "drink", "ml")),
    Section("sleep", ("date",)),
    Section("stress", ("recorded_at", "level")),
    Section("exercise", ("started_at", "intensity", "minutes")),
    Section("alcohol", ("taken_at", "units")),
    Section("medications", ("name", "started_on")),
    Section("checkins", ("date",)),
)
SECTIONS_BY_SLUG = {s.slug: s for s in SECTIONS}
NATURAL_KEYS = {s.slug: s.natural_key for s in SECTIONS}
# The profile's settings that travel with the diary. Reminders stay with the account they were
# set up on (they need its e-mail address), so a restored backup never starts sending e-mails.
PROFILE_FIELDS: tuple[str, ...] = (
    *(name for name in ProfileForm.Meta.fields if not name.startswith("reminder_")),
    "visit_questions",
)
LIST_FIELDS = frozenset({"symptoms"})


class BackupError(Exception):
    """A file that cannot be imported; `problems` are shown to the person as they are."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


@dataclass
class ImportResult:
    added: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    profile_updated: bool = False

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())

    def summary(self) -> str:
        parts = [f"Imported {self.total_added:,} {_entries(self.total_added)}."]
        skipped = self.total_skipped
        if skipped == 1:
            parts.append("1 entry was already in your diary and was left as it was.")
        elif skipped:
            parts.append(
                f"{skipped:,} entries were already in your diary and were left as they were."
            )
        if self.profile_updated:
            parts.append("Your profile settings were updated from the file.")
        return " ".join(parts)


def _entries(n: int) -> str:
    return "entry" if n == 1 else "entries"


# --- Export ---------------------------------------------------------------------------------


def profile_of(user) -> Profile:
    return Profile.objects.get_or_create(user=user)[0]


def _exporter(model, name, tz):
    """How one model field's value is written: None stays None (JSON null, empty CSV cell)."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.DateTimeField):
        return lambda v: None if v is None else v.astimezone(tz).isoformat()
    if isinstance(model_field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(model_field, models.DecimalField):
        # A string keeps the exact stored value ("7.50"), which a float would not.
        return lambda v: None if v is None else str(v)
    return None


def export_rows(user, section: Section, tz) -> Iterator[dict]:
    """The user's rows of one kind, oldest first, with values as the backup writes them."""
    model = section.model
    converters = {
        name: convert
        for name in section.fields
        if (convert := _exporter(model, name, tz)) is not None
    }
    rows = (
        model.objects.filter(user=user)
        .order_by(model.time_field, "pk")
        .values(*section.fields)
        .iterator(chunk_size=2000)
    )
    for row in rows:
        for name, convert in converters.items():
            row[name] = convert(row[name])
        yield row


def export_profile(profile: Profile) -> dict:
    data = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    if data["date_of_birth"] is not None:
        data["date_of_birth"] = data["date_of_birth"].isoformat()
    return data


def export_document(user) -> dict:
    """The whole backup as one dict, ready for json.dumps: one query per table."""
    profile = profile_of(user)
    tz = profile.tzinfo
    document = {
        "format": FORMAT,
        "exported_at": timezone.now().astimezone(tz).isoformat(timespec="seconds"),
        "profile": export_profile(profile),
    }
    for section in SECTIONS:
        document[section.slug] = list(export_rows(user, section, tz))
    return document


def export_json(user) -> bytes:
    """The backup as JSON text, one entry per line (readable, and diffable between backups)."""

    def dump(value):
        return json.dumps(value, ensure_ascii=False)

    members = []
    for key, value in export_document(user).items():
        if isinstance(value, list) and value:
            entries = ",\n".join(f"  {dump(entry)}" for entry in value)
            members.append(f" {dump(key)}: [\n{entries}\n ]")
        else:
            members.append(f" {dump(key)}: {dump(value)}")
    return ("{\n" + ",\n".join(members) + "\n}\n").encode()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, str):
        return _defuse_formula(value)
    return str(value)


def _defuse_formula(text: str) -> str:
    """Prefix an apostrophe so a spreadsheet shows the text instead of running it.

    Text that already starts with apostrophes before a formula character gets one more, so
    that _restore_formula undoes exactly what this did.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def _restore_formula(text: str) -> str:
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _csv_bytes(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in header])
    return buffer.getvalue().encode()


def export_csv_zip(user) -> bytes:
    """profile.csv and one CSV per kind, UTF-8 without a BOM, in one zip."""
    profile = profile_of(user)
    tz = profile.tzinfo
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("profile.csv", _csv_bytes(PROFILE_FIELDS, [export_profile(profile)]))
        for section in SECTIONS:
            archive.writestr(
                section.csv_name, _csv_bytes(section.fields, export_rows(user, section, tz))
            )
    return buffer.getvalue()


def backup_filename(user, extension: str) -> str:
    return f"twitch-diary-{user.get_username()}-{timezone.localdate().isoformat()}.{extension}"


# --- Reading an uploaded file ---------------------------------------------------------------


@dataclass
class RawSection:
    label: str  # how problems name it: "caffeine" (JSON) or "caffeine.csv"
    rows: list[tuple[int, dict]]  # (row number as the person sees it, values)


@dataclass
class RawBackup:
    profile: RawSection | None = None
    sections: dict[str, RawSection] = field(default_factory=dict)
    from_csv: bool = False


def read_upload(upload) -> RawBackup:
    """A JSON backup or a zip of CSVs, parsed but not yet validated."""
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise BackupError(too_large_message())
    name = (getattr(upload, "name", "") or "").lower()
    if data.startswith(b"PK") or name.endswith(".zip"):
        return read_csv_zip(data)
    if name.endswith(".csv"):
        raise BackupError(
            "To import CSV files, upload them together in a zip, as the CSV export gives them."
        )
    return read_json(data)


def too_large_message() -> str:
    return (
        f"This file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB, the most an import "
        "takes. A backup from this app is far smaller; is it the right file?"
    )


def read_json(data: bytes) -> RawBackup:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BackupError("This file is not UTF-8 text, so it is not a JSON backup.") from None
    if not text.lstrip().startswith("{"):
        raise BackupError("This file is neither a Twitch Diary JSON backup nor a zip of CSV files.")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BackupError(
            f"This file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except (ValueError, RecursionError):
        raise BackupError("This file is not valid JSON.") from None
    if not isinstance(document, dict):
        raise BackupError("This file is not a Twitch Diary backup (no JSON object at the top).")
    try:
        # A "\ud800" escape decodes to a lone surrogate, which no database can store.
        json.dumps(document, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        raise BackupError("This file holds text that is not valid Unicode.") from None

    found = document.get("format")
    if found != FORMAT:
        if found is None:
            raise BackupError(
                'This JSON file has no "format" field, so it is not a Twitch Diary backup.'
            )
        raise BackupError(
            f'This file\'s "format" is "{str(found)[:50]}"; this version of Twitch Diary '
            f'imports "{FORMAT}".'
        )
    allowed = {"format", "exported_at", "profile", *SECTIONS_BY_SLUG}
    unknown = sorted(str(k) for k in document if k not in allowed)
    if unknown:
        raise BackupError(f'Unknown section in this backup: "{unknown[0][:50]}".')

    raw = RawBackup()
    profile = document.get("profile")
    if profile is not None:
        if not isinstance(profile, dict):
            raise BackupError('"profile" must be a JSON object.')
        raw.profile = RawSection("profile", [(1, profile)])
    problems = []
    for section in SECTIONS:
        rows = document.get(section.slug)
        if rows is None:
            continue
        if not isinstance(rows, list):
            raise BackupError(f'"{section.slug}" must be a list of entries.')
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                problems.append(f"{section.slug} row {number}: each entry must be a JSON object.")
        raw.sections[section.slug] = RawSection(section.slug, list(enumerate(rows, start=1)))
    if problems:
        raise BackupError(problems)
    return raw


def read_csv_zip(data: bytes) -> RawBackup:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise BackupError(
            "This file is not a zip file, or it is damaged. Upload the JSON backup, or the zip "
            "that the CSV export gives."
        ) from None
    with archive:
        expected = {"profile.csv": None} | {s.csv_name: s for s in SECTIONS}
        members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            base = PurePosixPath(info.filename).name
            if info.is_dir() or base not in expected or info.filename.startswith("__MACOSX/"):
                continue
            if base in members:
                raise BackupError(f"The zip holds {base} twice.")
            members[base] = info
        if not members:
            raise BackupError(
                "The zip holds none of the expected CSV files (" + ", ".join(expected) + ")."
            )
        if sum(info.file_size for info in members.values()) > MAX_UPLOAD_BYTES:
            raise BackupError(too_large_message())

        raw = RawBackup(from_csv=True)
        budget = MAX_UPLOAD_BYTES
        for base, info in members.items():
            try:
                with archive.open(info) as member:
                    content = member.read(budget + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError):
                # Damaged, encrypted, or packed with a method Python cannot unpack.
                raise BackupError(f"{base} cannot be read from the zip.") from None
            # The sizes in a zip's directory can lie; count what is really unpacked.
            budget -= len(content)
            if budget < 0:
                raise BackupError(too_large_message())
            header, rows = _read_csv(base, content)
            known = PROFILE_FIELDS if base == "profile.csv" else expected[base].fields
            unknown = [name for name in header if name not in known]
            if unknown:
                raise BackupError(f'{base} has a column "{unknown[0][:50]}" that it should not.')
            if base == "profile.csv":
                if len(rows) != 1:
                    raise BackupError("profile.csv must have exactly one row under its header.")
                raw.profile = RawSection(base, rows)
            else:
                raw.sections[expected[base].slug] = RawSection(base, rows)
    return raw


def _read_csv(name: str, content: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    """Rows numbered as a spreadsheet shows them: the header is row 1."""
    try:
        text = content.decode("utf-8-sig")  # a spreadsheet may add a BOM when saving
    except UnicodeDecodeError:
        raise BackupError(f"{name} is not UTF-8 text. Save it as CSV (UTF-8).") from None
    rows = []
    try:
        records = csv.reader(io.StringIO(text, newline=""))
        header = next(records, None)
        if not header:
            raise BackupError(f"{name} has no header row.")
        header = [h.strip() for h in header]
        named = [h for h in header if h]  # spreadsheets may add empty columns at the end
        if len(set(named)) != len(named):
            raise BackupError(f"{name} has the same column twice in its header.")
        for number, record in enumerate(records, start=2):
            if not any(cell.strip() for cell in record):
                continue  # blank lines that spreadsheets leave at the end
            if len(record) > len(header):
                raise BackupError(f"{name} row {number} has more cells than the header.")
            row = {}
            for column, cell in zip(header, record, strict=False):
                if column:
                    row[column] = cell
                elif cell.strip():
                    raise BackupError(f"{name} row {number} has a value in a column with no name.")
            rows.append((number, row))
    except csv.Error as error:
        raise BackupError(f"{name} is not a readable CSV file ({error}).") from None
    return named, rows


# --- Validation -----------------------------------------------------------------------------


@dataclass
class Plan:
    """A validated backup, ready to write: unsaved entries, each built by its own form."""

    profile_form: ProfileForm | None = None
    visit_questions: str | None = None
    entries: dict[str, list[models.Model]] = field(default_factory=dict)


# The doctor report's own limit, so a restored question list fits on the page as typed ones do.
VISIT_QUESTIONS_FIELD = forms.CharField(
    required=False, max_length=clinical.MAX_VISIT_QUESTIONS_CHARS
)


def _parse_bool(value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    if text == "":
        return None
    raise ValidationError("Enter true or false.", code="invalid")


# How a form posts a boolean field: the check-in's yes/no radio, a checkbox elsewhere.
POSTED_BOOLEANS = {
    "twitching": {True: "yes", False: "no", None: ""},
    "suspected": {True: "true", False: "false", None: "false"},
}


def _form_value(name: str, value, *, from_csv: bool):
    """A file's value as the form expects it (what a browser would post)."""
    if name in POSTED_BOOLEANS:
        return POSTED_BOOLEANS[name][_parse_bool(value)]
    if name in LIST_FIELDS:
        if value is None:
            return []
        if isinstance(value, str):
            return [code.strip() for code in value.split(";") if code.strip()]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        raise ValidationError("Enter a list of codes.", code="invalid")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return _restore_formula(value) if from_csv else value
    raise ValidationError("Enter a single value, not a list or an object.", code="invalid")


def _first_message(error: ValidationError) -> str:
    return " ".join(error.messages)


def _posted_data(section: Section, row: dict, *, from_csv: bool) -> tuple[dict, list[tuple]]:
    """A row as the entry form's POST data, and what in its shape no form could take."""
    data, errors = {}, []
    for name in row:
        if name not in section.fields:
            errors.append((str(name)[:50], "This is not a field of this kind of entry."))
    for name in section.fields:
        try:
            data[name] = _form_value(name, row.get(name), from_csv=from_csv)
        except ValidationError as error:
            errors.append((name, _first_message(error)))
    return data, errors


def _form_errors(form, taken_days: dict | None) -> list[tuple[str | None, str]]:
    """The form's errors as (field, message); None for a rule of the whole entry."""
    errors = []
    for name, field_errors in form.errors.as_data().items():
        messages = []
        for error in field_errors:
            if error.code == "duplicate" and taken_days is not None:
                # The form's rule, said in the file's terms: which row has the day already.
                day = form.fields["date"].clean(form.data["date"])
                messages.append(f"Row {taken_days[day]} of the file has the same date.")
            else:
                messages.extend(error.messages)
        errors.append((None if name == NON_FIELD_ERRORS else name, " ".join(messages)))
    return errors


def _validate_section(section: Section, raw_section: RawSection, user, *, from_csv: bool):
    """Every row through the entry's own form (fields and clean()); (entries, problems).

    The sleep and check-in forms refuse a second entry for one day; here the days that the
    file's earlier rows hold count as taken. Days already in the diary do not: those rows are
    skipped when writing (see NATURAL_KEYS).
    """
    one_per_day = issubclass(section.form_class, OnePerDayForm)
    taken_days: dict | None = {} if one_per_day else None
    extra = {"taken_days": taken_days} if one_per_day else {}
    entries, problems = [], []
    blank = section.form_class(data={}, user=user, restoring=True, **extra)
    for number, row in raw_section.rows:
        data, errors = _posted_data(section, row, from_csv=from_csv)
        form = blank.for_another_row(data)
        if form.is_valid() and not errors:
            entries.append(form.instance)
        else:
            # A value that no form could take is named once, not again as "required".
            refused = {name for name, _ in errors}
            errors += [e for e in _form_errors(form, taken_days) if e[0] not in refused]
        if one_per_day:
            day = form.cleaned_data.get("date")
            if day is not None:
                taken_days.setdefault(day, number)
        problems += [
            f"{raw_section.label} row {number}, {name}: {message}"
            if name
            else f"{raw_section.label} row {number}: {message}"
            for name, message in errors
        ]
    return entries, problems


def _clean_profile(raw_profile: RawSection, profile: Profile, *, from_csv: bool):
    _, values = raw_profile.rows[0]
    problems = []
    label = raw_profile.label
    for name in values:
        if name not in PROFILE_FIELDS:
            problems.append(f"{label}, {str(name)[:50]}: This is not a profile setting.")
    # Settings missing from the file keep their current value.
    current = ProfileForm(instance=profile)
    data = {"email": profile.user.email}
    for name in ProfileForm.Meta.fields:
        value = current[name].value()
        data[name] = "" if value is None else value
        if name in values:
            try:
                data[name] = _form_value(name, values[name], from_csv=from_csv)
            except ValidationError as error:
                problems.append(f"{label}, {name}: {_first_message(error)}")
    form = ProfileForm(data=data, instance=profile)
    if not form.is_valid():
        for name, errors in form.errors.items():
            problems.append(f"{label}, {name}: {' '.join(errors)}")
    visit_questions = None
    if "visit_questions" in values:
        try:
            visit_questions = VISIT_QUESTIONS_FIELD.clean(
                _form_value("visit_questions", values["visit_questions"], from_csv=from_csv)
            )
        except ValidationError as error:
            problems.append(f"{label}, visit_questions: {_first_message(error)}")
    return form, visit_questions, problems


def validate(raw: RawBackup, user) -> Plan:
    """Check every row before anything is written; raise BackupError listing what is wrong."""
    profile = profile_of(user)
    problems: list[str] = []
    plan = Plan()
    tz = profile.tzinfo
    if raw.profile is not None:
        form, visit_questions, profile_problems = _clean_profile(
            raw.profile, profile, from_csv=raw.from_csv
        )
        problems += profile_problems
        if not profile_problems:
            plan.profile_form, plan.visit_questions = form, visit_questions
            # Times written without an offset (an edited CSV) are in the file's time zone.
            tz = form.instance.tzinfo

    with timezone.override(tz):
        for section in SECTIONS:
            raw_section = raw.sections.get(section.slug)
            if raw_section is None:
                continue
            entries, section_problems = _validate_section(
                section, raw_section, user, from_csv=raw.from_csv
            )
            plan.entries[section.slug] = entries
            problems += section_problems

    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown.append(f"… and {len(problems) - len(shown):,} more problems.")
        raise BackupError(["Nothing was imported. Please correct this and try again:", *shown])
    return plan


# --- Writing --------------------------------------------------------------------------------


def apply(plan: Plan, user) -> ImportResult:
    """Write a validated plan in one transaction: all of it or none of it."""
    result = ImportResult()
    try:
        with transaction.atomic():
            # Two imports for one person at once must not both miss each other's rows.
            get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
            if plan.profile_form is not None:
                profile = plan.profile_form.save(commit=False)
                if plan.visit_questions is not None:
                    profile.visit_questions = plan.visit_questions
                # Only these fields: never write back a stale data_version or session_epoch.
                profile.save(update_fields=PROFILE_FIELDS)
                result.profile_updated = True
            for section in SECTIONS:
                rows = plan.entries.get(section.slug)
                if not rows:
                    continue
                model = section.model
                existing = Counter(
                    model.objects.filter(user=user).values_list(*section.natural_key)
                )
                new = []
                for entry in rows:
                    key = tuple(getattr(entry, name) for name in section.natural_key)
                    if existing[key] > 0:
                        existing[key] -= 1
                        result.skipped[section.slug] += 1
                    else:
                        new.append(entry)
                model.objects.bulk_create(new, batch_size=BATCH_SIZE)
                result.added[section.slug] = len(new)
            cache.invalidate(user.pk)  # bulk_create skips Entry.save()
    except IntegrityError:
        raise BackupError(
            "Nothing was imported: your diary changed while the file was being imported. "
            "Please try again."
        ) from None
    return result


def import_backup(user, upload) -> ImportResult:
    """Read, validate, then write an uploaded backup; BackupError if it cannot be imported."""
    return apply(validate(read_upload(upload), user), user)
