"""The report and the doctor report start the clock on a recalled onset, and say so
(clinical rules §3, "Onset before the diary"), with the dashboard's own computation."""

import datetime as dt

import pytest

from diary.models import Onset

from .page_helpers import TODAY, add_checkin, add_episode, visible_text

pytestmark = pytest.mark.django_db

RECALLED = "for 21 days since 11 Mar 2026 (when you first noticed it)"


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def recalled(user):
    """T7: first noticed 20 days ago, one twitch logged today."""
    episode = add_episode(user, TODAY)
    Onset.objects.create(user=user, run_date=TODAY, first_noticed=days_ago(20), episode=episode)


@pytest.mark.parametrize("url", ["/reports/", "/reports/doctor/"])
def test_the_reports_name_a_recalled_onset_and_flag_it(owner_client, recalled, url):
    response = owner_client.get(url)

    assert response.status_code == 200
    assert response.context["report"].clock.flagged
    assert RECALLED in visible_text(response)
    assert RECALLED in response.context["report"].clock.clock_text


@pytest.mark.parametrize("url", ["/reports/", "/reports/doctor/"])
def test_a_week_of_no_twitching_after_the_onset_keeps_the_logged_start(
    owner_client, user, recalled, url
):
    for n in range(15, 7, -1):  # T8: eight "no twitching" check-ins, 15 to 8 days ago
        add_checkin(user, days_ago(n), twitching=False)

    response = owner_client.get(url)

    clock = response.context["report"].clock
    assert clock.since == TODAY
    assert not clock.flagged
    assert "when you first noticed it" not in visible_text(response)
