"""accounts.cache through the pages people see: after every kind of write, the stored copy of a
report page, a chart, the CSV or the dashboard's status is never served again, and no old copy
of anyone's health data stays stored (nothing left behind)."""

import datetime as dt
import pickle
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache as django_cache
from django.core.management import call_command
from django.test import Client

from accounts import cache
from accounts.models import CachedPage, Profile
from diary.models import Caffeine, CheckIn, Episode, Fluid, Medication
from diary.synthetic import generate
from tests.backup.conftest import upload
from tests.backup.documents import as_bytes, backup
from tests.clock import frozen_at
from tests.conftest import PASSWORD, make_user
from tests.factories import profile_form_data
from tests.reports.page_helpers import NOW, NY, TODAY, add_episode, local, without_csrf

pytestmark = pytest.mark.django_db

REPORT = "/reports/"
DOCTOR = "/reports/doctor/"
CSV = "/reports/export.csv"
CHART = "/reports/chart/daily.svg"


@pytest.fixture
def frozen_clock():
    """The report tests' moment (tests.clock.REPORT_NOW): the pages need a month behind them."""
    with frozen_at(NOW) as traveller:
        yield traveller


def page(client, url: str = REPORT, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, url
    return without_csrf(response.content)


def episodes_shown(html: str) -> int:
    """The "Episodes" key number of /reports/ for the period shown."""
    return int(re.search(r'<th scope="row">Episodes</th><td>(\d+)</td>', html)[1])


def csv_day(client, day: dt.date) -> dict[str, str]:
    lines = page(client, CSV).splitlines()
    header = lines[0].split(",")
    row = next(line for line in lines if line.startswith(day.isoformat()))
    return dict(zip(header, row.split(","), strict=True))


def stored_values(**filters) -> list[bytes]:
    return [bytes(v) for v in CachedPage.objects.filter(**filters).values_list("value", flat=True)]


def stored_anywhere(text: str) -> bool:
    """Whether any stored page (or Django's own cache, which reports no longer use) holds text."""
    needle = text.encode()
    in_django_cache = any(needle in value for value in getattr(django_cache, "_cache", {}).values())
    return in_django_cache or any(needle in value for value in stored_values())


def flip_time_zone(user, zone: str = "Europe/Paris") -> None:
    Profile.objects.filter(user=user).update(timezone=zone)


# --- Every write path: the page changes at once ---------------------------------------------


def test_a_new_entry_from_its_form_shows_on_the_stored_report(owner_client, user):
    assert episodes_shown(page(owner_client)) == 0

    response = owner_client.post(
        "/episodes/new/",
        {"started_at": "2026-03-31T09:15", "side": "left", "muscle": "calf", "intensity": "4"},
    )

    assert response.status_code == 302
    assert Episode.objects.filter(user=user).count() == 1
    assert episodes_shown(page(owner_client)) == 1


def test_an_edited_entry_shows_on_the_stored_csv(owner_client, user):
    coffee = Caffeine.objects.create(user=user, taken_at=local(TODAY, 8), mg=95, source="coffee")
    assert csv_day(owner_client, TODAY)["caffeine_mg"] == "95"

    response = owner_client.post(
        f"/caffeine/{coffee.pk}/edit/",
        {"taken_at": "2026-03-31T08:00", "mg": "200", "source": "coffee"},
    )

    assert response.status_code == 302
    assert Caffeine.objects.get(pk=coffee.pk).mg == 200
    assert csv_day(owner_client, TODAY)["caffeine_mg"] == "200"


def test_a_deleted_entry_leaves_the_stored_report(owner_client, user):
    episode = add_episode(user, TODAY)
    assert episodes_shown(page(owner_client)) == 1

    response = owner_client.post(f"/episodes/{episode.pk}/delete/")

    assert response.status_code == 302
    assert not Episode.objects.filter(pk=episode.pk).exists()
    assert episodes_shown(page(owner_client)) == 0


def test_twitch_now_shows_on_the_stored_report_chart_and_dashboard(owner_client, user):
    before = (page(owner_client), page(owner_client, CHART), page(owner_client, "/"))
    assert "persistence-clock" not in before[2]

    owner_client.post("/episodes/now/")

    assert Episode.objects.filter(user=user).count() == 1
    assert episodes_shown(page(owner_client)) == 1
    assert page(owner_client, CHART) != before[1]
    assert "persistence-clock" in page(owner_client, "/")


def test_the_browser_keeps_no_chart_that_an_edit_would_make_stale(owner_client, user):
    add_episode(user, TODAY)

    response = owner_client.get(CHART)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_a_quick_coffee_shows_on_the_stored_csv(owner_client, user):
    assert csv_day(owner_client, TODAY)["caffeine_mg"] == ""

    owner_client.post("/caffeine/quick/", {"preset": "coffee"})

    assert Caffeine.objects.filter(user=user).count() == 1
    assert csv_day(owner_client, TODAY)["caffeine_mg"] == "95"


def test_a_quick_glass_shows_on_the_stored_csv(owner_client, user):
    assert csv_day(owner_client, TODAY)["fluids_ml"] == ""

    owner_client.post("/fluids/quick/", {"preset": "glass"})

    assert Fluid.objects.filter(user=user).count() == 1
    assert csv_day(owner_client, TODAY)["fluids_ml"] == "250"


@pytest.mark.parametrize("model", [Episode, CheckIn, Medication], ids=lambda m: m.__name__)
def test_entries_the_dashboard_status_reads_refresh_its_stored_status(owner_client, user, model):
    for day in range(3):
        add_episode(user, TODAY - dt.timedelta(days=day + 1))
    before = page(owner_client, "/")
    assert "for 3 days" in before

    if model is Episode:
        add_episode(user, TODAY, hour=9)
        expected = "for 4 days"
    elif model is CheckIn:
        CheckIn.objects.create(user=user, date=TODAY, twitching=True)
        expected = "for 4 days"
    else:
        Medication.objects.create(
            user=user, name="Drug", kind="medicine", category="corticosteroid", started_on=TODAY
        )
        expected = None

    after = page(owner_client, "/")
    if expected:
        assert expected in after
    else:
        assert after != before  # a new medicine the flags read


def test_a_coffee_leaves_the_dashboard_status_stored_but_not_the_report(owner_client, user):
    page(owner_client, "/")
    assert CachedPage.objects.filter(user=user, key__startswith="status:").count() == 1
    page(owner_client)

    owner_client.post("/caffeine/quick/", {"preset": "coffee"})

    assert CachedPage.objects.filter(user=user, key__startswith="status:").count() == 1
    assert not CachedPage.objects.filter(user=user, key__startswith="report:").exists()


@pytest.fixture
def superuser_client(db):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "x")
    client = Client()
    client.force_login(boss)
    return client


def test_an_entry_added_in_the_admin_shows_on_the_stored_report(
    owner_client, superuser_client, user
):
    assert episodes_shown(page(owner_client)) == 0

    response = superuser_client.post(
        "/admin/diary/episode/add/",
        {
            "user": user.pk,
            "started_at_0": "2026-03-31",
            "started_at_1": "09:00:00",
            "side": "left",
            "muscle": "calf",
            "symptoms": "[]",
        },
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Episode.objects.filter(user=user).count() == 1
    assert episodes_shown(page(owner_client)) == 1


def test_entries_deleted_in_bulk_in_the_admin_leave_the_stored_report(
    owner_client, superuser_client, user
):
    episodes = [add_episode(user, TODAY, hour=h) for h in (8, 9)]
    assert episodes_shown(page(owner_client)) == 2

    response = superuser_client.post(
        "/admin/diary/episode/",
        {"action": "delete_selected", "_selected_action": [e.pk for e in episodes], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Episode.objects.filter(user=user).exists()
    assert episodes_shown(page(owner_client)) == 0


def test_a_profile_changed_in_the_admin_leaves_no_old_doctor_report(
    owner_client, superuser_client, user
):
    Profile.objects.filter(user=user).update(display_name="Old Name Q7")
    assert "Old Name Q7" in page(owner_client, DOCTOR)
    profile = Profile.objects.get(user=user)

    data = profile_form_data(profile, display_name="New Name Q7", user=user.pk)
    data |= {"visit_questions": "", "reminder_channel": profile.reminder_channel}
    response = superuser_client.post(f"/admin/accounts/profile/{profile.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[-2000:]
    assert "New Name Q7" in page(owner_client, DOCTOR)
    assert not stored_anywhere("Old Name Q7")


def test_an_import_shows_on_the_stored_report(owner_client, user):
    # The backup's own profile already: only the imported entries can change the page.
    Profile.objects.filter(user=user).update(fluid_unit="floz", timezone="America/New_York")
    period = {"start": "2025-07-01", "end": "2026-03-31"}
    assert episodes_shown(page(owner_client, **period)) == 0

    response = upload(owner_client, as_bytes(backup()))

    assert response.status_code == 302
    imported = Episode.objects.filter(user=user).count()
    assert imported > 0
    assert episodes_shown(page(owner_client, **period)) == imported


def test_synthetic_data_shows_on_the_stored_report(owner_client, user):
    assert episodes_shown(page(owner_client)) == 0

    generate(user=user, tz=NY, end=TODAY, days=56, seed=1)

    assert episodes_shown(page(owner_client)) > 0


def test_generate_diary_replacing_entries_refreshes_the_stored_report(owner_client, user):
    generate(user=user, tz=NY, end=TODAY, days=56, seed=1)
    before = episodes_shown(page(owner_client))

    call_command("generate_diary", "owner", "--days", "3", "--replace", "--seed", "2")

    assert episodes_shown(page(owner_client)) == Episode.objects.filter(user=user).count()
    assert Episode.objects.filter(user=user).count() != before


def test_a_new_time_zone_shows_on_the_stored_report(owner_client, user):
    assert "times in America/New_York" in page(owner_client)

    owner_client.post(
        "/accounts/profile/", profile_form_data(user.profile, timezone="Europe/Paris")
    )

    assert "times in Europe/Paris" in page(owner_client)


@pytest.mark.parametrize(
    "changes",
    [
        {"display_name": "New Name Q7"},
        {"timezone": "Europe/Paris"},
        {"fluid_unit": "floz"},
        {"date_of_birth": "1970-01-02"},
    ],
    ids=lambda c: next(iter(c)),
)
def test_a_profile_change_leaves_no_old_copy_stored(owner_client, user, changes):
    Profile.objects.filter(user=user).update(display_name="Old Name Q7")
    for url in (REPORT, DOCTOR, CSV, CHART, "/"):
        page(owner_client, url)
    assert stored_anywhere("Old Name Q7")

    owner_client.post("/accounts/profile/", profile_form_data(user.profile, **changes))

    assert not stored_anywhere("Old Name Q7")
    assert not CachedPage.objects.filter(user=user).exists()
    if "display_name" in changes:
        assert "New Name Q7" in page(owner_client, DOCTOR)


def test_new_questions_for_the_doctor_leave_no_old_copy_stored(owner_client, user):
    owner_client.post(DOCTOR, {"questions": "Old question Q7?"})
    assert "Old question Q7?" in page(owner_client, DOCTOR)

    owner_client.post(DOCTOR, {"questions": "New question Q7?"})

    assert "New question Q7?" in page(owner_client, DOCTOR)
    assert not stored_anywhere("Old question Q7?")


# --- Each part of a key: change it alone, and the stored copy is not served -----------------
# The diary changes first by a bulk write that calls no invalidation, as a worker racing an
# edit would leave it: only the key can then keep the old copy from being served.


def sneak_in_an_episode(user) -> None:
    Episode.objects.bulk_create([Episode(user=user, started_at=local(TODAY, 9), side="left")])


@pytest.mark.parametrize(
    "change",
    [
        {"data_version": 99},
        {"cache_token": uuid.UUID(int=7)},
    ],
    ids=lambda c: next(iter(c)),
)
@pytest.mark.parametrize("url", [REPORT, DOCTOR, CSV, CHART])
def test_a_new_diary_version_or_account_token_misses_every_stored_report(
    owner_client, user, change, url
):
    before = page(owner_client, url)
    sneak_in_an_episode(user)
    assert page(owner_client, url) == before  # stored: the bulk write went unnoticed

    Profile.objects.filter(user=user).update(**change)

    assert page(owner_client, url) != before


@pytest.mark.parametrize("field", ["status_version", "cache_token"])
def test_a_new_status_version_or_account_token_misses_the_stored_status(owner_client, user, field):
    assert "persistence-clock" not in page(owner_client, "/")
    sneak_in_an_episode(user)
    assert "persistence-clock" not in page(owner_client, "/")

    value = 99 if field == "status_version" else uuid.UUID(int=7)
    Profile.objects.filter(user=user).update(**{field: value})

    assert "persistence-clock" in page(owner_client, "/")


@pytest.fixture
def release_named(settings):
    """Deploy a release by name: the fingerprint is read once per process, so forget it."""

    def deploy(name: str) -> None:
        settings.RELEASE = name
        cache.release.cache_clear()

    yield deploy
    cache.release.cache_clear()


@pytest.mark.parametrize("url", [REPORT, DOCTOR, CSV, CHART])
def test_a_new_release_misses_every_stored_page(owner_client, user, release_named, url):
    """After a deploy, no page rendered by the old code is served (its template may differ)."""
    release_named("2026.11")
    before = page(owner_client, url)
    sneak_in_an_episode(user)
    assert page(owner_client, url) == before  # stored

    release_named("2026.12")

    assert page(owner_client, url) != before


def test_a_new_release_misses_the_stored_status(owner_client, user, release_named):
    """A stored status is a pickled object: the next release's code never reads the old one."""
    release_named("2026.11")
    assert "persistence-clock" not in page(owner_client, "/")
    sneak_in_an_episode(user)
    assert "persistence-clock" not in page(owner_client, "/")

    release_named("2026.12")

    assert "persistence-clock" in page(owner_client, "/")


def test_without_a_named_release_the_fingerprint_follows_the_templates(settings, tmp_path):
    settings.RELEASE = ""
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    page_template = tmp_path / "templates" / "page.html"
    page_template.write_text("<p>old</p>")
    cache.release.cache_clear()
    old = cache.release()
    page_template.write_text("<p>new</p>")
    cache.release.cache_clear()
    try:
        assert cache.release() != old
    finally:
        cache.release.cache_clear()


@pytest.mark.parametrize("url", [REPORT, DOCTOR, CSV, CHART])
def test_a_new_time_zone_misses_every_stored_report(owner_client, user, url):
    add_episode(user, TODAY, hour=0)  # 23:00 on 30 March in Chicago, where it is still today
    before = page(owner_client, url)

    flip_time_zone(user, "America/Chicago")

    assert page(owner_client, url) != before


def test_a_new_time_zone_misses_the_stored_status(owner_client, user):
    add_episode(user, TODAY, hour=0)
    assert "since 31 Mar 2026" in page(owner_client, "/")

    flip_time_zone(user, "America/Chicago")

    assert "since 30 Mar 2026" in page(owner_client, "/")


def test_a_new_fluid_unit_misses_the_stored_report(owner_client, user):
    # Eight weeks where the days with little to drink are the days with twitching.
    rows = {Fluid: [], Episode: [], CheckIn: []}
    for n in range(56):
        day = TODAY - dt.timedelta(days=n)
        dry = n % 2 == 0
        rows[Fluid].append(Fluid(user=user, taken_at=local(day, 8), ml=500 if dry else 3000))
        if dry:
            rows[Episode] += [Episode(user=user, started_at=local(day, h)) for h in (9, 10, 11)]
        else:
            rows[CheckIn].append(CheckIn(user=user, date=day, twitching=False))
    for model, objs in rows.items():
        model.objects.bulk_create(objs)
    cache.invalidate(user.pk)
    assert "ml of fluids" in page(owner_client)

    Profile.objects.filter(user=user).update(fluid_unit="floz")

    assert "fl oz of fluids" in page(owner_client)


@pytest.mark.parametrize("url", [REPORT, DOCTOR, CSV, CHART])
def test_another_period_misses_the_stored_report(owner_client, user, url):
    add_episode(user, TODAY - dt.timedelta(days=20))
    eight_weeks = page(owner_client, url)

    assert page(owner_client, url, weeks=2) != eight_weeks


def test_a_new_day_misses_the_stored_doctor_report_and_status(owner_client, user, frozen_clock):
    add_episode(user, TODAY)
    period = {"start": "2026-03-01", "end": "2026-03-31"}
    assert "<dd>31 Mar 2026</dd>" in page(owner_client, DOCTOR, **period)
    status = page(owner_client, "/")

    frozen_clock.shift(dt.timedelta(days=1))

    assert "<dd>01 Apr 2026</dd>" in page(owner_client, DOCTOR, **period)
    assert page(owner_client, "/") != status


@pytest.mark.parametrize(
    "field, old, new",
    [
        ("display_name", "Ann Old", "Ann New"),
        ("date_of_birth", dt.date(1980, 5, 3), dt.date(1981, 6, 4)),
        ("visit_questions", "Old question?", "New question?"),
    ],
)
def test_each_printed_profile_field_misses_the_stored_doctor_report(
    owner_client, user, field, old, new
):
    Profile.objects.filter(user=user).update(**{field: old})
    assert page(owner_client, DOCTOR) != ""

    Profile.objects.filter(user=user).update(**{field: new})

    shown = new.strftime("%d %b %Y") if isinstance(new, dt.date) else new
    assert shown in page(owner_client, DOCTOR)


def test_a_new_username_misses_the_stored_doctor_report(owner_client, user):
    assert "owner" in page(owner_client, DOCTOR)

    get_user_model().objects.filter(pk=user.pk).update(username="renamed-q7")

    assert "renamed-q7" in page(owner_client, DOCTOR)


@pytest.mark.parametrize(
    "change",
    [
        {"data_version": 5},
        {"status_version": 5},
        {"cache_token": uuid.UUID(int=5)},
        {"timezone": "Asia/Tokyo"},
        {"fluid_unit": "floz"},
        {"display_name": "Other"},
        {"date_of_birth": dt.date(2000, 1, 1)},
        {"visit_questions": "Other?"},
    ],
    ids=lambda c: next(iter(c)),
)
def test_every_key_holds_what_its_output_depends_on(user, change):
    """The keys themselves: each field of the profile its output reads changes its key."""
    period = {"start": TODAY - dt.timedelta(days=55), "end": TODAY, "today": TODAY}

    def keys(profile):
        return {
            "report": cache.report_key(profile, **period, part="page"),
            "doctor": cache.doctor_key(profile, **period, pdf=False),
            "status": cache.status_key(profile, today=TODAY),
        }

    profile = Profile.objects.select_related("user").get(user=user)
    before = keys(profile)
    for name, value in change.items():
        setattr(profile, name, value)
    after = keys(profile)

    changed = {name for name in before if before[name] != after[name]}
    field = next(iter(change))
    reads = {
        "data_version": {"report", "doctor"},
        "status_version": {"status"},
        "cache_token": {"report", "doctor", "status"},
        "timezone": {"report", "doctor", "status"},
        "fluid_unit": {"report", "doctor"},
    }.get(field, {"doctor"})
    assert changed == reads


# --- Deletion: nothing left behind -----------------------------------------------------------

SECRET = "Zyxqwv-private-7731"


def render_everything(client) -> None:
    for url in (REPORT, DOCTOR, CSV, CHART, "/"):
        page(client, url)


def test_deleting_an_entry_leaves_no_rendered_copy_of_it(owner_client, user):
    medicine = Medication.objects.create(
        user=user, name=SECRET, kind="medicine", category="other", started_on=TODAY
    )
    for url in (REPORT, DOCTOR, CSV, CHART, "/"):
        page(owner_client, url)
    assert stored_anywhere(SECRET)

    response = owner_client.post(f"/medications/{medicine.pk}/delete/")

    assert response.status_code == 302
    assert not Medication.objects.filter(pk=medicine.pk).exists()
    assert not stored_anywhere(SECRET)
    assert SECRET not in page(owner_client, DOCTOR)


def test_deleting_an_account_leaves_no_rendered_copy_of_its_diary(owner_client, user, stranger):
    Profile.objects.filter(user=user).update(display_name=SECRET, visit_questions=SECRET + "?")
    Medication.objects.create(
        user=user, name=SECRET, kind="medicine", category="other", started_on=TODAY
    )
    render_everything(owner_client)
    theirs = Client()
    theirs.force_login(stranger)
    page(theirs)
    assert stored_anywhere(SECRET)

    response = owner_client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not stored_anywhere(SECRET)
    assert not CachedPage.objects.filter(user_id=user.pk).exists()
    assert CachedPage.objects.filter(user=stranger).exists()  # only that person's pages go


def test_a_new_account_that_gets_a_deleted_accounts_id_never_sees_its_report(db):
    first = make_user("first", timezone="America/New_York")
    add_episode(first, TODAY - dt.timedelta(days=1), symptoms=["bladder_bowel"])
    client = Client()
    client.force_login(first)
    assert "Loss of bladder or bowel control" in page(client)
    pk, version = first.pk, Profile.objects.get(user=first).data_version
    first.delete()

    second = get_user_model().objects.create_user("second", id=pk)  # the id comes back
    Profile.objects.create(user=second, timezone="America/New_York", data_version=version)
    client.force_login(second)

    assert "Loss of bladder or bowel control" not in page(client)


def test_expired_pages_are_removed_when_the_next_page_is_stored(
    owner_client, stranger_client, user, frozen_clock
):
    page(owner_client)
    assert CachedPage.objects.filter(user=user).count() == 1

    frozen_clock.shift(cache.LIFETIME + dt.timedelta(seconds=1))
    page(stranger_client)

    assert not CachedPage.objects.filter(user=user).exists()


def test_a_stored_page_is_a_pickle_of_what_was_built(owner_client, user):
    html = page(owner_client)

    (value,) = stored_values(user=user)

    assert pickle.loads(value) in html


@pytest.mark.parametrize("how", ["one", "selected"])
def test_a_profile_deleted_in_the_admin_leaves_no_stored_page(
    owner_client, superuser_client, user, how
):
    Profile.objects.filter(user=user).update(display_name=SECRET)
    page(owner_client, DOCTOR)
    profile = Profile.objects.get(user=user)

    if how == "one":
        url, data = f"/admin/accounts/profile/{profile.pk}/delete/", {"post": "yes"}
    else:
        url = "/admin/accounts/profile/"
        data = {"action": "delete_selected", "_selected_action": [profile.pk], "post": "yes"}
    response = superuser_client.post(url, data)

    assert response.status_code == 302
    assert not Profile.objects.filter(user=user).exists()
    assert not stored_anywhere(SECRET)


def test_a_page_a_slow_worker_stores_after_an_edit_is_never_served(owner_client, user):
    """A worker that read the diary before an edit may store its page after the edit's
    invalidate() deleted the stored rows: the bumped versions keep that page from being served."""
    slow_worker = Profile.objects.select_related("user").get(user=user)
    period = {"start": TODAY - dt.timedelta(days=55), "end": TODAY, "today": TODAY}

    owner_client.post("/episodes/now/")
    cache.get_or_build(
        slow_worker, cache.report_key(slow_worker, **period, part="page"), lambda: "Stale Q7"
    )
    cache.get_or_build(slow_worker, cache.status_key(slow_worker, today=TODAY), lambda: None)

    assert "Stale Q7" not in page(owner_client)
    assert episodes_shown(page(owner_client)) == 1
    assert "persistence-clock" in page(owner_client, "/")


def test_every_key_holds_the_period_today_and_the_piece(user):
    profile = Profile.objects.select_related("user").get(user=user)
    start, end = TODAY - dt.timedelta(days=55), TODAY
    base = {"start": start, "end": end, "today": TODAY}
    report = cache.report_key(profile, **base, part="page")
    doctor = cache.doctor_key(profile, **base, pdf=False)
    others = [
        {**base, "start": start + dt.timedelta(days=1)},
        {**base, "end": end - dt.timedelta(days=1)},
        {**base, "today": TODAY + dt.timedelta(days=1)},
    ]

    for period in others:
        assert cache.report_key(profile, **period, part="page") != report, period
        assert cache.doctor_key(profile, **period, pdf=False) != doctor, period
    assert cache.report_key(profile, **base, part="csv") != report
    assert cache.doctor_key(profile, **base, pdf=True) != doctor
    assert cache.status_key(profile, today=TODAY + dt.timedelta(days=1)) != cache.status_key(
        profile, today=TODAY
    )


def test_a_page_older_than_its_lifetime_is_built_again(owner_client, user, frozen_clock):
    assert episodes_shown(page(owner_client)) == 0
    sneak_in_an_episode(user)

    frozen_clock.shift(cache.LIFETIME + dt.timedelta(minutes=1))  # still the same day

    assert episodes_shown(page(owner_client)) == 1
