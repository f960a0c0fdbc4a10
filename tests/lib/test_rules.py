"""twitchdiary.lib.rules on hand-made facts: the persistence clock (clinical rules section 3),
the other flags (section 4) and the red flags (section 5). No database, no pandas."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from twitchdiary.lib import clinical, rules
from twitchdiary.lib.clinical import Level
from twitchdiary.lib.rules import EpisodeFact, Medicine, Run, persistence
from twitchdiary.lib.wording import forbidden_phrases

NY = ZoneInfo("America/New_York")
LEFT_CALF, RIGHT_CALF, RIGHT_THIGH = "Left calf", "Right calf", "Right front of thigh"


def mar(n: int) -> dt.date:
    return dt.date(2026, 3, n)


def ep(day: dt.date, *sites: str, intensity=None, symptoms=(), hour=12) -> EpisodeFact:
    """One episode on a local date, touching the given site labels."""
    return EpisodeFact(
        date=day,
        started=dt.datetime.combine(day, dt.time(hour), tzinfo=NY),
        sites=sites,
        intensity=intensity,
        symptoms=tuple(symptoms),
    )


def dates(episodes) -> list[dt.date]:
    return [e.date for e in episodes]


def medicine(name="Prednisolone", *, category="corticosteroid", started_on, **fields):
    defaults = {
        "kind": "medicine",
        "category_label": "Corticosteroid",
        "dose": "",
        "stopped_on": None,
        "suspected": False,
    }
    return Medicine(name=name, category=category, started_on=started_on, **defaults | fields)


# --- section 3 persistence: the test cases verbatim ---------------------------------


def test_t1_mar_1_7_14_spans_14_days_and_is_not_flagged():
    clock = persistence(twitch_dates=[mar(1), mar(7), mar(14)], today=mar(14))

    assert clock.current == Run(first=mar(1), last=mar(14), twitch_days=3)
    assert clock.current.span == 14
    assert not clock.flagged
    assert clock.flag() is None


def test_t2_mar_1_7_14_15_spans_15_days_and_is_flagged():
    clock = persistence(twitch_dates=[mar(1), mar(7), mar(14), mar(15)], today=mar(15))

    assert clock.current.span == 15
    assert clock.flagged
    assert clock.flag().level == Level.ROUTINE


def test_t3_gaps_of_7_days_keep_one_run_of_15_days_and_flag():
    clock = persistence(twitch_dates=[mar(1), mar(8), mar(15)], today=mar(15))

    assert len(clock.runs) == 1
    assert clock.current.span == 15
    assert clock.flagged


def test_t4_a_gap_of_8_days_breaks_the_run_and_nothing_is_flagged():
    clock = persistence(twitch_dates=[mar(1), mar(9), mar(16)], today=mar(16))

    assert [(r.first, r.last) for r in clock.runs] == [(mar(1), mar(1)), (mar(9), mar(16))]
    assert clock.current.span == 8
    assert not clock.flagged


def test_t5_a_run_that_ended_is_listed_but_not_current():
    every_day = [mar(n) for n in range(1, 21)]

    clock = persistence(twitch_dates=every_day, today=mar(28))

    assert clock.current is None
    assert not clock.flagged
    assert clock.message == ""
    assert clock.runs == (Run(first=mar(1), last=mar(20), twitch_days=20),)
    assert clock.runs[0].span == 20
    assert clock.runs_between(mar(15), mar(28)) == list(clock.runs)


def test_t6_an_episode_at_2330_in_new_york_on_mar_1_counts_on_its_wall_clock_date():
    # The loader (diary.status.load_history) gives each episode its local date; a local
    # datetime passed as a twitch date counts on its own wall-clock date, never in UTC.
    late = dt.datetime(2026, 3, 1, 23, 30, tzinfo=NY)  # 04:30 on 2 March UTC
    others = [dt.datetime(2026, 3, n, 9, tzinfo=NY) for n in (8, 15)]

    clock = persistence(twitch_dates=[late, *others], today=mar(15))

    assert clock.since == mar(1)
    assert clock.days_so_far == 15  # 14, without a flag, if it counted on 2 March (UTC)
    assert clock.flagged


def test_a_run_is_current_until_seven_days_after_its_last_date():
    assert persistence(twitch_dates=[mar(1)], today=mar(7)).current is not None
    assert persistence(twitch_dates=[mar(1)], today=mar(8)).current is None


def test_dates_after_today_and_duplicates_are_ignored():
    clock = persistence(twitch_dates=[mar(7), mar(1), mar(1), mar(20)], today=mar(7))

    assert clock.runs == (Run(first=mar(1), last=mar(7), twitch_days=2),)


def test_the_message_uses_the_nhs_wording_and_one_date_format():
    clock = persistence(twitch_dates=[mar(3), mar(10), mar(17)], today=mar(17))

    assert clock.message == (
        "Your twitching has come and gone for 15 days since 03 Mar 2026. "
        "The NHS advises seeing a GP if a twitch lasts more than 2 weeks."
    )
    assert clock.flag().detail == clock.message
    assert clock.clock_text == clock.message


def test_the_clock_counts_the_days_until_day_15():
    clock = persistence(twitch_dates=[mar(1), mar(6)], today=mar(8))

    assert clock.since == mar(1)
    assert clock.days_so_far == 6
    assert clock.day15 == mar(15)
    assert clock.days_until_day15 == 7
    assert "for 6 days since 01 Mar 2026" in clock.clock_text
    assert "Day 15 would be 15 Mar 2026" in clock.clock_text
    assert persistence(twitch_dates=[mar(1)], today=mar(1)).message.startswith(
        "Your twitching has come and gone for 1 day since"
    )


def test_without_twitching_there_is_no_clock():
    clock = persistence(twitch_dates=[], today=mar(8))

    assert clock.runs == () and clock.current is None
    assert clock.days_so_far == 0
    assert clock.days_until_day15 is None
    assert clock.clock_text == ""


def test_the_clock_runs_per_site_and_an_episode_counts_for_each_site_it_touches():
    episodes = [
        ep(mar(1), LEFT_CALF),
        ep(mar(8), LEFT_CALF, RIGHT_CALF),  # both sides
        ep(mar(15), LEFT_CALF),
        ep(mar(15)),  # no site
    ]

    by_site = rules.persistence_by_site(episodes=episodes, today=mar(15))

    assert list(by_site) == [LEFT_CALF, RIGHT_CALF]
    assert by_site[LEFT_CALF].flagged
    assert by_site[LEFT_CALF].flag().title == "Twitching for more than 2 weeks (Left calf)"
    assert by_site[RIGHT_CALF].runs == (Run(first=mar(8), last=mar(8), twitch_days=1),)
    assert not by_site[RIGHT_CALF].flagged


# --- section 4 other flags -----------------------------------------------------------


def test_two_sites_in_the_last_14_days_flag_more_than_one_place():
    episodes = [ep(mar(2), LEFT_CALF), ep(mar(15), RIGHT_THIGH)]

    flag = rules.more_than_one_place(episodes=episodes, today=mar(15))

    assert flag.code == "more_than_one_place"
    assert flag.level == Level.ROUTINE
    assert "2 places: Left calf and Right front of thigh" in flag.detail


def test_one_site_or_an_older_second_site_is_not_more_than_one_place():
    one_site = [ep(mar(2), LEFT_CALF), ep(mar(15), LEFT_CALF)]
    older = [ep(mar(1), RIGHT_CALF), ep(mar(15), LEFT_CALF)]

    assert rules.more_than_one_place(episodes=one_site, today=mar(15)) is None
    assert rules.more_than_one_place(episodes=older, today=mar(15)) is None


def test_both_sides_at_once_are_more_than_one_place():
    both = [ep(mar(5), LEFT_CALF, RIGHT_CALF)]

    assert rules.more_than_one_place(episodes=both, today=mar(5)) is not None


def test_a_new_site_seven_days_into_the_run_is_spreading():
    episodes = [ep(mar(1), LEFT_CALF), ep(mar(5), LEFT_CALF), ep(mar(8), RIGHT_CALF)]
    run = persistence(twitch_dates=dates(episodes), today=mar(8)).current

    flag = rules.spreading(episodes=episodes, current_run=run)

    assert flag.code == "spreading"
    assert "Right calf first appeared on 08 Mar 2026, 7 days after this run began" in flag.detail


def test_a_new_site_within_the_first_week_or_without_a_run_is_not_spreading():
    episodes = [ep(mar(1), LEFT_CALF), ep(mar(7), RIGHT_CALF), ep(mar(12), LEFT_CALF)]
    run = persistence(twitch_dates=dates(episodes), today=mar(12)).current

    assert rules.spreading(episodes=episodes, current_run=run) is None
    assert rules.spreading(episodes=episodes, current_run=None) is None


def test_the_first_located_site_of_a_run_is_not_spreading():
    episodes = [ep(mar(1)), ep(mar(9), LEFT_CALF)]
    run = persistence(twitch_dates=dates(episodes), today=mar(9)).current

    assert rules.spreading(episodes=episodes, current_run=run) is None


def _week(start: dt.date, n: int, intensity=None) -> list[EpisodeFact]:
    return [ep(start + dt.timedelta(days=i % 7), LEFT_CALF, intensity=intensity) for i in range(n)]


def test_twice_as_many_episodes_and_five_more_is_worsening():
    episodes = _week(mar(1), 3) + _week(mar(8), 8)

    flag = rules.worsening(episodes=episodes, today=mar(14))

    assert flag.code == "worsening"
    assert "8 episodes in the last 7 days against 3 in the 7 days before" in flag.detail


@pytest.mark.parametrize(
    ("before", "after"),
    [(3, 7), (5, 9), (10, 15)],  # 2x but only 4 more; neither; 5 more but not 2x
)
def test_fewer_than_twice_or_fewer_than_five_more_is_not_worsening(before, after):
    episodes = _week(mar(1), before) + _week(mar(8), after)

    assert rules.worsening(episodes=episodes, today=mar(14)) is None


def test_median_intensity_up_two_points_is_worsening():
    episodes = _week(mar(1), 3, intensity=3) + _week(mar(8), 3, intensity=5)

    flag = rules.worsening(episodes=episodes, today=mar(14))

    assert "a median intensity of 5 in the last 7 days against 3" in flag.detail


def test_a_half_point_median_reads_as_a_decimal():
    episodes = _week(mar(1), 4, intensity=3) + [
        ep(mar(8 + i), LEFT_CALF, intensity=v) for i, v in enumerate([5, 5, 6, 6])
    ]

    flag = rules.worsening(episodes=episodes, today=mar(14))

    assert "a median intensity of 5.5 in the last 7 days against 3" in flag.detail


def test_an_intensity_rise_needs_three_rated_episodes_in_each_week():
    too_few = _week(mar(1), 2, intensity=3) + _week(mar(8), 3, intensity=8)
    too_small = _week(mar(1), 3, intensity=3) + _week(mar(8), 3, intensity=4)
    unrated = _week(mar(1), 3) + _week(mar(8), 3, intensity=8)

    assert rules.worsening(episodes=too_few, today=mar(14)) is None
    assert rules.worsening(episodes=too_small, today=mar(14)) is None
    assert rules.worsening(episodes=unrated, today=mar(14)) is None


def test_a_suspected_medicine_is_flagged_with_the_nhs_line():
    meds = [
        medicine("Sertraline", category="other", started_on=dt.date(2025, 1, 1), suspected=True)
    ]

    flag = rules.medicine(medications=meds, current_run=None, today=mar(10))

    assert flag.code == "medicine"
    assert "You marked Sertraline as a medicine you suspect." in flag.detail
    assert flag.detail.endswith(clinical.NHS_MEDICINE_LINE)


def test_a_listed_class_started_up_to_30_days_before_the_run_is_flagged():
    run = Run(first=mar(31), last=mar(31), twitch_days=1)
    meds = [medicine(started_on=mar(1))]  # exactly 30 days before

    flag = rules.medicine(medications=meds, current_run=run, today=mar(31))

    assert "Prednisolone (corticosteroid) was started on 01 Mar 2026, 30 days before" in flag.detail
    assert clinical.NHS_MEDICINE_LINE in flag.detail


@pytest.mark.parametrize(
    "med",
    [
        medicine(started_on=dt.date(2026, 2, 28)),  # 31 days before the run
        medicine(started_on=mar(31) + dt.timedelta(days=1)),  # after the run began
        medicine("Vitamin D", category="vitamin_d", started_on=mar(20)),  # not a listed class
        medicine(
            "Old",
            category="other",
            started_on=dt.date(2025, 1, 1),
            stopped_on=mar(1),
            suspected=True,
        ),  # suspected, but stopped before this run
    ],
)
def test_other_medicines_are_not_flagged(med):
    run = Run(first=mar(31), last=dt.date(2026, 4, 2), twitch_days=2)

    assert rules.medicine(medications=[med], current_run=run, today=dt.date(2026, 4, 2)) is None


def test_stiffness_in_the_window_is_flagged():
    episodes = [
        ep(mar(3), LEFT_CALF, intensity=4, symptoms=["stiffness", "pain"]),
        ep(mar(5), LEFT_CALF),
    ]

    flag = rules.stiffness(episodes=episodes, start=mar(1), end=mar(10))

    assert flag.code == "stiffness"
    assert "on 1 day (latest 03 Mar 2026)" in flag.detail
    assert rules.stiffness(episodes=episodes, start=mar(4), end=mar(10)) is None
    no_stiffness = [ep(mar(3), LEFT_CALF, intensity=4, symptoms=["pain"])]
    assert rules.stiffness(episodes=no_stiffness, start=mar(1), end=mar(10)) is None


def test_rule_flags_gathers_every_flag_that_applies_persistence_first():
    episodes = [
        ep(mar(1), LEFT_CALF, intensity=3),
        ep(mar(8), LEFT_CALF, intensity=3),
        ep(mar(10), RIGHT_CALF, intensity=3, symptoms=["stiffness"]),
        *[ep(mar(15), LEFT_CALF, intensity=3)] * 6,
    ]
    meds = [medicine(started_on=dt.date(2026, 2, 20))]

    flags = rules.rule_flags(
        twitch_dates=dates(episodes), episodes=episodes, medications=meds, today=mar(15)
    )

    assert [f.code for f in flags] == [
        "persistence",
        "more_than_one_place",
        "spreading",
        "worsening",
        "medicine",
        "stiffness",
    ]
    assert rules.highest_level(flags=flags) == Level.ROUTINE
    quiet = [ep(mar(15), LEFT_CALF)]
    assert (
        rules.rule_flags(twitch_dates=dates(quiet), episodes=quiet, medications=[], today=mar(15))
        == []
    )


def test_rule_flags_looks_for_stiffness_in_the_last_14_days_or_since_a_given_date():
    episodes = [ep(mar(1), LEFT_CALF, symptoms=["stiffness"]), ep(mar(20), LEFT_CALF)]

    def codes(**since):
        flags = rules.rule_flags(
            twitch_dates=[], episodes=episodes, medications=[], today=mar(20), **since
        )
        return [f.code for f in flags]

    assert codes() == []  # 1 March is 20 days back
    assert codes(stiffness_since=mar(1)) == ["stiffness"]


# --- section 5 red flags -------------------------------------------------------------


@pytest.mark.parametrize("symptom", clinical.SYMPTOMS, ids=lambda s: s.code)
def test_each_ticked_symptom_maps_to_its_level(symptom):
    found = rules.red_flags(episodes=[ep(mar(2), LEFT_CALF, intensity=5, symptoms=[symptom.code])])

    if symptom.level == Level.NONE:
        assert found == []
    else:
        assert [(f.code, f.item, f.level) for f in found] == [
            (symptom.code, symptom.label, symptom.level)
        ]
        assert found[0].date == mar(2)
        assert found[0].when == dt.datetime(2026, 3, 2, 12, tzinfo=NY)
        assert found[0].message == clinical.LEVEL_MESSAGES[symptom.level]


def test_red_flags_list_the_most_urgent_first_then_the_newest_and_the_highest_wins():
    episodes = [
        ep(mar(1), LEFT_CALF, symptoms=["pain"]),
        ep(mar(2), LEFT_CALF, symptoms=["weakness", "tingling"]),
        ep(mar(3), LEFT_CALF, symptoms=["swelling"]),
        ep(mar(4), LEFT_CALF, symptoms=["bladder_bowel"]),
        ep(mar(5), LEFT_CALF, symptoms=["speaking"]),
    ]

    found = rules.red_flags(episodes=episodes)

    assert [(f.date.day, f.level) for f in found] == [
        (4, Level.EMERGENCY),
        (5, Level.URGENT),
        (2, Level.URGENT),
        (3, Level.ROUTINE),
        (1, Level.ROUTINE),
    ]
    assert rules.highest_level(red_flags=found) == Level.EMERGENCY
    assert rules.highest_level() == Level.NONE
    assert rules.red_flags(episodes=[]) == []


def test_on_one_day_the_later_episode_comes_first():
    episodes = [
        ep(mar(2), LEFT_CALF, symptoms=["pain"], hour=8),
        ep(mar(2), LEFT_CALF, symptoms=["swelling"], hour=20),
    ]

    assert [f.code for f in rules.red_flags(episodes=episodes)] == ["swelling", "pain"]


def test_a_symptom_ticked_twice_with_one_episode_counts_once():
    episodes = [
        ep(mar(2), LEFT_CALF, symptoms=["weakness", "weakness", "pain"]),
        ep(mar(3), LEFT_CALF, symptoms=["weakness"]),
    ]

    found = rules.red_flags(episodes=episodes)

    assert [(f.date.day, f.code) for f in found] == [
        (3, "weakness"),
        (2, "weakness"),
        (2, "pain"),
    ]


def test_unknown_symptom_codes_carry_no_level():
    assert rules.red_flags(episodes=[ep(mar(2), LEFT_CALF, symptoms=["no_such_code"])]) == []


# --- wording --------------------------------------------------------------------------


def test_no_rule_text_diagnoses_or_claims_a_cause():
    episodes = [
        ep(mar(1), LEFT_CALF, intensity=3),
        ep(mar(8), RIGHT_CALF, intensity=3, symptoms=["stiffness"]),
        *[ep(mar(15), LEFT_CALF, intensity=7)] * 8,
    ]
    meds = [
        medicine(started_on=dt.date(2026, 2, 20)),
        medicine("X", category="other", started_on=mar(1), suspected=True),
    ]
    flags = rules.rule_flags(
        twitch_dates=dates(episodes), episodes=episodes, medications=meds, today=mar(15)
    )
    clock = persistence(twitch_dates=dates(episodes), today=mar(15))
    early = persistence(twitch_dates=[mar(1)], today=mar(3))
    texts = [f.title + " " + f.detail for f in flags]
    texts += [clock.message, clock.clock_text, early.clock_text]
    texts += [clinical.LEVEL_MESSAGES[level] for level in clinical.LEVEL_MESSAGES]

    assert len(flags) == 6
    for text in texts:
        assert forbidden_phrases(text) == [], text


# --- section 3 "Onset before the diary": T7-T9 verbatim and edge cases ----------------


def days_ago(n: int) -> dt.date:
    """n days before 28 March, the "today" of T7 and T8."""
    return mar(28) - dt.timedelta(days=n)


def test_t7_an_onset_20_days_before_today_and_one_episode_today_span_21_days_and_flag():
    today = mar(28)

    clock = persistence(twitch_dates=[today], today=today, onset=days_ago(20))

    assert clock.current == Run(first=days_ago(20), last=today, twitch_days=1, recalled=True)
    assert clock.days_so_far == 21
    assert clock.flagged
    assert clock.recalled
    assert clock.message == (
        "Your twitching has come and gone for 21 days since 08 Mar 2026 (when you first "
        "noticed it). The NHS advises seeing a GP if a twitch lasts more than 2 weeks."
    )


def test_t8_eight_no_twitching_check_ins_after_the_onset_start_the_run_after_them():
    today = mar(28)
    said_no = [days_ago(n) for n in range(15, 7, -1)]  # 15 to 8 days ago
    episodes = [days_ago(n) for n in range(7, -1, -1)]  # 7 days ago to today

    clock = persistence(
        twitch_dates=episodes, today=today, onset=days_ago(20), no_twitch_dates=said_no
    )

    assert clock.current == Run(first=days_ago(7), last=today, twitch_days=8)
    assert clock.since > max(said_no)
    assert not clock.recalled
    assert not clock.flagged


def test_t9_without_an_onset_the_rules_are_unchanged():
    logged = [mar(1), mar(9), mar(16)]

    with_nothing = persistence(twitch_dates=logged, today=mar(16))
    with_none = persistence(twitch_dates=logged, today=mar(16), onset=None, no_twitch_dates=[])

    assert with_none == with_nothing
    assert with_none.current == Run(first=mar(9), last=mar(16), twitch_days=2)
    assert not with_none.flagged


def test_unlogged_days_never_break_a_recalled_run():
    # The newcomer: first noticed on 10 Nov, logged that day, then again three weeks later.
    nov10, dec1 = dt.date(2026, 11, 10), dt.date(2026, 12, 1)

    clock = persistence(twitch_dates=[nov10, dec1], today=dec1, onset=nov10)

    assert clock.current == Run(first=nov10, last=dec1, twitch_days=2, recalled=True)
    assert clock.days_so_far == 22
    assert clock.flagged
    assert "for 22 days since 10 Nov 2026 (when you first noticed it)" in clock.message


def test_an_onset_later_than_the_runs_first_logged_date_is_ignored():
    logged = [mar(1), mar(8), mar(14)]

    clock = persistence(twitch_dates=logged, today=mar(14), onset=mar(5))

    assert clock == persistence(twitch_dates=logged, today=mar(14))
    assert clock.since == mar(1)
    assert not clock.recalled


def test_an_onset_on_a_run_that_has_ended_does_not_revive_it():
    clock = persistence(
        twitch_dates=[mar(n) for n in range(1, 6)], today=mar(28), onset=dt.date(2026, 2, 20)
    )

    assert clock.current is None
    assert not clock.flagged
    assert clock.runs == (
        Run(first=dt.date(2026, 2, 20), last=mar(5), twitch_days=5, recalled=True),
    )


def test_an_onset_in_the_future_or_with_nothing_logged_since_is_ignored():
    assert persistence(twitch_dates=[mar(1)], today=mar(3), onset=mar(4)).since == mar(1)
    assert persistence(twitch_dates=[mar(1)], today=mar(3), onset=mar(2)).since == mar(1)


def test_six_no_twitching_check_ins_are_not_enough_evidence_against_an_onset():
    said_no = [mar(n) for n in range(5, 11)]  # six in a row

    clock = persistence(
        twitch_dates=[mar(20)], today=mar(20), onset=mar(1), no_twitch_dates=said_no
    )

    assert clock.since == mar(1)
    assert clock.recalled
    assert clock.flagged


def test_a_no_twitching_check_in_on_a_day_with_twitching_is_no_evidence():
    said_no = [mar(n) for n in range(5, 12)]  # seven in a row, but twitching on 8 March

    clock = persistence(
        twitch_dates=[mar(8), mar(20)], today=mar(20), onset=mar(1), no_twitch_dates=said_no
    )

    assert clock.since == mar(1)
    assert clock.recalled


def test_runs_before_a_recalled_onset_stay_past_runs():
    clock = persistence(twitch_dates=[mar(1), mar(20)], today=mar(20), onset=mar(12))

    assert clock.runs == (
        Run(first=mar(1), last=mar(1), twitch_days=1),
        Run(first=mar(12), last=mar(20), twitch_days=1, recalled=True),
    )
    assert clock.days_so_far == 9


def test_the_clock_text_names_a_recalled_start_before_the_flag():
    clock = persistence(twitch_dates=[mar(10)], today=mar(10), onset=mar(5))

    assert clock.clock_text.startswith(
        "Your twitching has come and gone for 6 days since 05 Mar 2026 (when you first "
        "noticed it). Day 15 would be 19 Mar 2026"
    )
    assert not forbidden_phrases(clock.clock_text)
