"""Random and hostile values posted to every form: never a 500, never a saved invalid row,
never an unescaped value shown back.

Each form gets FUZZ_EXAMPLES examples, derandomized so CI runs the same cases
every time. Every example runs in a transaction that is rolled back, so rows
from one example never decide the next.
"""

import contextlib
import copy
import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import DeleteAccountForm, ProfileForm, SignupForm
from accounts.models import Profile
from diary.kinds import KINDS
from diary.models import Alcohol, Caffeine, Episode, Exercise, Fluid, Sleep, Stress
from tests.conftest import PASSWORD
from tests.factories import CHANGED_POST, make_row
from twitchdiary.lib import clinical
from twitchdiary.lib.dates import FIRST_DAY

# About 3 minutes in all: scripts/test --fast skips it.
pytestmark = pytest.mark.slow

FUZZ_EXAMPLES = 50
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_FILTERS = settings(FUZZ, max_examples=25)
# Counted across the module; each test prints its own count, the module the total.
CASES = {"run": 0}

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# None of these may ever appear verbatim in a page.
RAW_MARKERS = (SCRIPT, "<img src=x onerror")

HOSTILE = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "1",
    "32768",
    "2147483648",
    "9223372036854775808",
    "1" + "0" * 400,
    "-" + "9" * 50,
    "1e309",
    "-1e309",
    "1e3",
    "NaN",
    "nan",
    "sNaN",
    "Infinity",
    "-Infinity",
    "inf",
    "0.05",
    "1,5",
    "0x10",
    "١٢",  # Arabic-Indic digits: Python's int() reads them as 12
    "½",
    "2026-02-30",
    "2025-06-01T08:00",
    "2025-06-01T24:00",
    "2025-06-01 08:00:00",
    "0001-01-01T00:00",
    "0001-01-01",
    "1899-12-31T23:59",
    "9999-12-31T23:59",
    "9999-12-31",
    "10000-01-01T00:00",
    "2099-01-01T00:00",
    "2099-01-01",
    SCRIPT,
    IMG,
    "'; DROP TABLE diary_episode; --",
    "1 OR 1=1",
    "' OR '1'='1",
    "\x00",
    "7\x00",
    "abc\x00def",
    "\u202eevil\u202c",  # right-to-left override
    "שלום עולם",
    "😀🦵",
    "x" * 10_000,
    "null",
    "true",
    "on",
    "[]",
    "{}",
    '["fasciculations"]',
]
NEXT_VALUES = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "/day/",
    SCRIPT,
]
TIME_ZONES = ["America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"]
MISSING = object()


def _boundaries(field) -> list:
    """Values at and just beyond the limits a form field enforces, and its choices."""
    limits = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
    limits += [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    limits += [getattr(field, a) for a in ("min_value", "max_value") if getattr(field, a, None)]
    values = []
    for limit in limits:
        limit = limit() if callable(limit) else limit
        if isinstance(limit, dt.date):
            steps = [dt.timedelta(days=d) for d in (-1, 0, 1)]
        elif isinstance(limit, Decimal | float):
            steps = [Decimal("-0.1"), Decimal("-0.01"), 0, Decimal("0.01"), Decimal("0.1")]
            limit = Decimal(str(limit))
        else:
            steps = [-1, 0, 1]
        values += [str(limit + step) for step in steps]
    values += [str(key) for key, _ in getattr(field, "choices", []) if key != ""]
    if isinstance(field, forms.DateTimeField):
        values += ["2025-06-01T08:00", "2025-06-01 08:00:00", "1900-01-01T00:00"]
        values += ["1899-12-31T23:59", "0001-01-01T00:00", "9998-12-31T23:59", "2099-01-01T00:00"]
    elif isinstance(field, forms.DateField):
        values += ["2025-06-01", "1900-01-01", "1899-12-31", "0001-01-01", "9998-12-31"]
    elif isinstance(field, forms.BooleanField):
        values += ["on", "", "false", "0"]
    return values or ["1"]


def _plausible(field):
    """Values a careless or clever person might type that could be accepted."""
    if isinstance(field, forms.CharField) and not getattr(field, "choices", None):
        return st.sampled_from(HOSTILE)  # any text may be valid in a text field
    return st.sampled_from(_boundaries(field))


def _hostile(field):
    scalar = st.one_of(
        st.sampled_from(_boundaries(field)),
        st.sampled_from(HOSTILE),
        st.text(max_size=40),
        st.integers().map(str),
        st.floats().map(str),
        st.decimals(allow_nan=True).map(str),
    )
    return st.one_of(
        scalar,
        st.lists(
            st.one_of(st.sampled_from(_boundaries(field)), st.sampled_from(HOSTILE)), max_size=3
        ),
        st.just(MISSING),
    )


def _fields(form) -> dict:
    """A form's fields with the limits its __init__ adds (a class gives its declared fields)."""
    if isinstance(form, type):
        return dict(form.base_fields)
    return {**type(form).base_fields, **form.fields}


def _post_strategy(form, valid: dict, extras: dict | None = None):
    """A valid submission with a few fields changed, all of them, or only extra fields.

    Starting from valid data lets values that are *accepted* (a script in a note, an
    amount at its limit) reach the database and the pages that show them back.
    """
    fields = _fields(form)
    plausible = {name: _plausible(field) for name, field in fields.items()}
    hostile = {name: _hostile(field) for name, field in fields.items()}
    names = list(fields)
    optional = {
        "next": st.sampled_from(NEXT_VALUES),
        "id": st.sampled_from(["1", "999999", SCRIPT]),
        **(extras or {}),
    }

    @st.composite
    def build(draw):
        data = dict(valid)
        mode = draw(st.sampled_from(["edge", "hostile", "all", "extras only"]))
        if mode == "all":
            chosen, strategies = names, hostile
        elif mode == "extras only":
            chosen, strategies = [], hostile
        else:
            size = 3 if mode == "edge" else 2
            chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=size, unique=True))
            strategies = plausible if mode == "edge" else hostile
        for name in chosen:
            data[name] = draw(strategies[name])
        data.update(draw(st.fixed_dictionaries({}, optional=optional)))
        return {key: value for key, value in data.items() if value is not MISSING}

    return build()


@pytest.fixture(scope="module", autouse=True)
def _print_total():
    yield
    print(f"\nForm fuzzing: {CASES['run']} requests in total")


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def _rolled_back():
    with contextlib.suppress(_Rollback), transaction.atomic():
        yield
        raise _Rollback


def _check_response(response, *, allowed=(200, 302)):
    CASES["run"] += 1
    assert response.status_code in allowed, response.status_code
    body = response.content.decode("utf-8", errors="replace")
    for marker in RAW_MARKERS:
        assert marker not in body, f"{marker!r} shown unescaped"
    if response.status_code == 302:
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), location
        assert not urlsplit(location).netloc and not urlsplit(location).scheme, location


def _form_data_for(form):
    """What the form shows for a saved row, as data to submit again unchanged."""
    data = {}
    for bound_field in form:
        value = bound_field.value()
        if value is not None:
            data[bound_field.name] = value
    return data


# The ranges a stored row must respect whatever the forms say (None allowed where listed).
RANGES = {
    Episode: {
        "intensity": (1, 10, True),
        "duration_seconds": (1, clinical.MAX_EPISODE_DURATION_SECONDS, True),
        "twitch_count": (1, clinical.MAX_TWITCH_COUNT, True),
    },
    Caffeine: {"mg": (1, clinical.MAX_CAFFEINE_MG_PER_ENTRY, False)},
    Fluid: {"ml": (1, clinical.MAX_FLUID_ML_PER_ENTRY, False)},
    Sleep: {"hours": (0, clinical.MAX_SLEEP_HOURS, False), "quality": (1, 5, False)},
    Stress: {"level": (1, 5, False)},
    Exercise: {"minutes": (1, clinical.MAX_EXERCISE_MINUTES, False)},
    Alcohol: {"units": (Decimal("0.1"), clinical.MAX_ALCOHOL_UNITS_PER_ENTRY, False)},
}


def _assert_in_range(row):
    for name, (low, high, nullable) in RANGES.get(type(row), {}).items():
        value = getattr(row, name)
        assert (value is None and nullable) or low <= value <= high, (row, name, value)
    when = row.when.date() if isinstance(row.when, dt.datetime) else row.when
    assert FIRST_DAY <= when <= timezone.localdate() + dt.timedelta(days=1), (row, when)
    for field in row._meta.fields:
        if isinstance(field, models.CharField | models.TextField):
            assert "\x00" not in getattr(row, field.name), (row, field.name)
    if isinstance(row, Episode):
        assert set(row.symptoms) <= set(clinical.SYMPTOMS_BY_CODE), row.symptoms


# "Twitch now" saves an episode at one tap; these details may follow later.
PENDING_DETAILS = {Episode: {"side", "muscle", "intensity"}}


def _may_be_pending(row, name, error) -> bool:
    return error.code == "required" and name in PENDING_DETAILS.get(type(row), ())


def _assert_every_row_is_valid(user):
    """Every stored row is in range, passes the model's own validation, and its form
    accepts it unchanged."""
    for kind in KINDS:
        for row in kind.model.objects.all():
            assert row.user_id == user.pk, f"{kind.model.__name__} saved for another user"
            _assert_in_range(row)
            row.full_clean()
            form = kind.form_class(
                _form_data_for(kind.form_class(instance=row, user=user)), instance=row, user=user
            )
            problems = {
                name: [error for error in errors if not _may_be_pending(row, name, error)]
                for name, errors in form.errors.as_data().items()
            }
            assert not any(problems.values()), (kind.model.__name__, problems)
    for profile in Profile.objects.all():
        profile.full_clean()
        form = ProfileForm(_form_data_for(ProfileForm(instance=profile)), instance=profile)
        assert form.is_valid(), form.errors.as_data()
    for account in get_user_model().objects.all():
        account.full_clean()


def _set_profile(user, tz, unit):
    Profile.objects.filter(user=user).update(timezone=tz, fluid_unit=unit)


def _valid_entry_post(model):
    valid = dict(CHANGED_POST[model])
    if model is Fluid:
        valid["floz"] = "8.5"
    return valid


def _logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("action", ["new", "edit"])
@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.slug)
def test_entry_forms_survive_hostile_input(kind, action, user, stranger):
    client = _logged_in(user)
    start = CASES["run"]

    @FUZZ
    @given(
        data=_post_strategy(
            kind.form_class(user=user),
            _valid_entry_post(kind.model),
            {"user": st.just(str(stranger.pk))},
        ),
        tz=st.sampled_from(TIME_ZONES),
        unit=st.sampled_from(["ml", "floz"]),
    )
    def post(data, tz, unit):
        with _rolled_back():
            _set_profile(user, tz, unit)
            if action == "edit":
                row = make_row(kind.model, user)
                url = reverse(kind.url_name("edit"), kwargs={"pk": row.pk})
            else:
                url = kind.new_url
            response = client.post(url, data)
            outcomes.append(response.status_code)
            _check_response(response)
            _assert_every_row_is_valid(user)
            # Show back whatever was saved: the history page and each row's edit form.
            _check_response(client.get(kind.list_url))
            for entry in kind.model.objects.all():
                _check_response(client.get(entry.get_absolute_url()))

    outcomes = []
    post()
    saved = outcomes.count(302)
    print(f"\n{kind.slug}/{action}: {CASES['run'] - start} fuzz requests, {saved} posts saved")
    # Not vacuous: some examples were saved, others refused with the form shown again.
    assert outcomes.count(302) and outcomes.count(200), outcomes


def test_the_profile_form_survives_hostile_input(user):
    client = _logged_in(user)
    start = CASES["run"]
    valid = {
        "display_name": "A. B.",
        "timezone": "Europe/Paris",
        "fluid_unit": "floz",
        "date_of_birth": "1980-05-17",
        "coffee_mg": "120",
        "espresso_mg": "70",
        "tea_mg": "40",
        "energy_drink_mg": "160",
        "cola_mg": "30",
        "glass_ml": "300",
        "bottle_ml": "750",
    }

    @FUZZ
    @given(data=_post_strategy(ProfileForm(instance=user.profile), valid, {"user": st.just("1")}))
    def post(data):
        with _rolled_back():
            response = client.post(reverse("accounts:profile"), data)
            outcomes.append(response.status_code)
            _check_response(response)
            # The presets become entries at one tap: each must make a valid row.
            for key, _, _ in Profile.objects.get(user=user).caffeine_presets():
                _check_response(client.post(reverse("diary:quick-caffeine"), {"preset": key}))
            for key, _, _ in Profile.objects.get(user=user).fluid_presets():
                _check_response(client.post(reverse("diary:quick-fluid"), {"preset": key}))
            _assert_every_row_is_valid(user)
            _check_response(client.get(reverse("accounts:profile")))
            _check_response(client.get(reverse("diary:dashboard")))

    outcomes = []
    post()
    print(f"\nprofile: {CASES['run'] - start} fuzz requests, {outcomes.count(302)} saved")
    assert outcomes.count(302) and outcomes.count(200), outcomes


def test_the_signup_form_survives_hostile_input(db):
    start = CASES["run"]
    valid = {
        "username": "new.person",
        "email": "new@example.com",
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
        "timezone": "Europe/Berlin",
    }

    @FUZZ
    @given(
        data=_post_strategy(SignupForm, valid, {"is_staff": st.just("on")}),
        same_passwords=st.booleans(),
    )
    def post(data, same_passwords):
        if same_passwords and "password1" in data:
            data["password2"] = data["password1"]
        with _rolled_back():
            response = Client().post(reverse("accounts:signup"), data)
            outcomes.append(response.status_code)
            _check_response(response)
            users = get_user_model().objects.all()
            if response.status_code == 302:
                (account,) = users
                assert not account.is_staff and not account.is_superuser
                assert Profile.objects.filter(user=account).exists()
            else:
                assert not users.exists()
            for account in users:
                _assert_every_row_is_valid(account)

    outcomes = []
    post()
    print(f"\nsignup: {CASES['run'] - start} fuzz requests, {outcomes.count(302)} accounts made")
    assert outcomes.count(302) and outcomes.count(200), outcomes


NEW_PASSWORD = "another-long-passphrase-77"
ACCOUNT_FORMS = {
    "login": (AuthenticationForm, False, {"username": "owner", "password": PASSWORD}),
    "password_reset": (PasswordResetForm, False, {"email": "owner@example.com"}),
    "password_change": (
        PasswordChangeForm,
        True,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    "accounts:delete": (DeleteAccountForm, True, {"password": PASSWORD}),
}


@pytest.mark.parametrize("url_name", ACCOUNT_FORMS)
def test_the_account_forms_survive_hostile_input(url_name, user):
    form_class, signed_in, valid = ACCOUNT_FORMS[url_name]
    start = CASES["run"]

    @FUZZ
    @given(data=_post_strategy(form_class, valid))
    def post(data):
        with _rolled_back():
            client = _logged_in(user) if signed_in else Client()
            response = client.post(reverse(url_name), data)
            outcomes.append(response.status_code)
            _check_response(response)
            for account in get_user_model().objects.all():
                account.full_clean()
                _assert_every_row_is_valid(account)

    outcomes = []
    post()
    print(f"\n{url_name}: {CASES['run'] - start} fuzz requests, {outcomes.count(302)} accepted")
    assert outcomes.count(302) and outcomes.count(200), outcomes


JSON_VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from([0, -1, 1, 10, 11, 2000, 2001, 5000, 5001, 86401, 2**63, 10**400, 1e309]),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.lists(st.sampled_from(HOSTILE + list(clinical.SYMPTOMS_BY_CODE)), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
DELETE = object()
TEXT_FIELDS = [
    ("profile", "display_name"),
    ("profile", "visit_questions"),
    ("episodes", "notes"),
    ("stress", "note"),
    ("exercise", "kind"),
    ("medications", "name"),
    ("medications", "dose"),
    ("checkins", "note"),
]


def _diary_rows(user) -> int:
    return sum(kind.model.objects.filter(user=user).count() for kind in KINDS)


def test_the_import_form_survives_hostile_backups(user):
    """A valid backup with values made hostile: imported whole and valid, or not at all."""
    client = _logged_in(user)
    with _rolled_back():
        for n, kind in enumerate(KINDS):
            make_row(kind.model, user, n)
        baseline = json.loads(client.get(reverse("backup:export-json")).content)
    start = CASES["run"]

    @FUZZ
    @given(st.data())
    def upload(data):
        document = copy.deepcopy(baseline)
        if data.draw(st.booleans()):
            # Text a person may well have typed: accepted, stored, shown back escaped.
            for section, field in data.draw(st.lists(st.sampled_from(TEXT_FIELDS), max_size=3)):
                target = document[section]
                target = target[0] if isinstance(target, list) else target
                target[field] = data.draw(st.sampled_from(HOSTILE))
        for _ in range(data.draw(st.integers(0, 2))):
            key = data.draw(st.sampled_from(sorted(document)))
            target = document[key]
            if isinstance(target, list) and target and isinstance(target[0], dict):
                target = target[0]
            if isinstance(target, dict):
                field = data.draw(st.sampled_from(sorted(target) + ["unexpected"]))
                value = data.draw(st.one_of(st.sampled_from(HOSTILE), JSON_VALUES, st.just(DELETE)))
                if value is DELETE:
                    target.pop(field, None)
                else:
                    target[field] = value
            else:
                document[key] = data.draw(JSON_VALUES)
        content = json.dumps(document, allow_nan=True).encode()
        with _rolled_back():
            profile_before = model_to_dict(Profile.objects.get(user=user))
            response = client.post(
                reverse("backup:import"),
                {"file": SimpleUploadedFile("backup.json", content, "application/json")},
            )
            outcomes.append(response.status_code)
            _check_response(response)
            _assert_every_row_is_valid(user)
            if response.status_code == 302:
                expected = sum(
                    len(document[kind.slug])
                    for kind in KINDS
                    if isinstance(document.get(kind.slug), list)
                )
                assert _diary_rows(user) == expected
            else:
                # Nothing half-imported.
                assert _diary_rows(user) == 0
                assert model_to_dict(Profile.objects.get(user=user)) == profile_before

    outcomes = []
    upload()
    print(f"\nimport: {CASES['run'] - start} fuzz requests, {outcomes.count(302)} imported")
    assert outcomes.count(302) and outcomes.count(200), outcomes


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def test_the_import_form_survives_hostile_csv_zips(user):
    """The CSV export, cells made hostile, or a file that is no zip at all."""
    client = _logged_in(user)
    with _rolled_back():
        for n, kind in enumerate(KINDS):
            make_row(kind.model, user, n)
        exported = zipfile.ZipFile(io.BytesIO(client.get(reverse("backup:export-csv")).content))
        baseline = {
            name: list(csv.reader(io.StringIO(exported.read(name).decode("utf-8-sig"))))
            for name in exported.namelist()
        }
    start = CASES["run"]

    @FUZZ
    @given(st.data())
    def upload(data):
        if data.draw(st.integers(0, 9)) == 0:
            name = data.draw(st.sampled_from(["backup.zip", "backup.json", "backup.csv"]))
            content = data.draw(st.one_of(st.binary(max_size=300), st.just(b"PK\x03\x04")))
        else:
            members = copy.deepcopy(baseline)
            raw = {}
            for _ in range(data.draw(st.integers(1, 3))):
                member = data.draw(st.sampled_from(sorted(members)))
                rows = members[member]
                if data.draw(st.integers(0, 9)) == 0:
                    raw[member] = data.draw(st.binary(max_size=200))
                elif len(rows) > 1:
                    column = data.draw(st.integers(0, len(rows[0])))
                    cell = data.draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30)))
                    if column == len(rows[0]):  # a column the export never has
                        rows[0].append(data.draw(st.sampled_from(["extra", "user", "id", ""])))
                        rows[1].append(cell)
                    else:
                        rows[1][column] = cell
            name = "backup.zip"
            content = _zip({m: raw.get(m) or _csv(rows) for m, rows in members.items()})
        with _rolled_back():
            profile_before = model_to_dict(Profile.objects.get(user=user))
            response = client.post(
                reverse("backup:import"), {"file": SimpleUploadedFile(name, content)}
            )
            outcomes.append(response.status_code)
            _check_response(response)
            _assert_every_row_is_valid(user)
            if response.status_code != 302:
                assert _diary_rows(user) == 0
                assert model_to_dict(Profile.objects.get(user=user)) == profile_before

    outcomes = []
    upload()
    print(f"\nimport (CSV): {CASES['run'] - start} fuzz requests, {outcomes.count(302)} imported")
    assert outcomes.count(302) and outcomes.count(200), outcomes


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.slug)
def test_the_history_filter_and_day_picker_survive_hostile_input(kind, user):
    client = _logged_in(user)
    make_row(kind.model, user)
    start = CASES["run"]
    value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20), st.just(MISSING))

    @FUZZ_FILTERS
    @given(
        query=st.fixed_dictionaries({"start": value, "end": value, "page": value, "date": value}),
        tz=st.sampled_from(TIME_ZONES),
    )
    def get(query, tz):
        query = {key: v for key, v in query.items() if v is not MISSING}
        with _rolled_back():
            _set_profile(user, tz, "ml")
            _check_response(client.get(kind.list_url, query))
            _check_response(client.get(reverse("diary:day-today"), query))

    get()
    print(f"\n{kind.slug} filters: {CASES['run'] - start} fuzz requests")
