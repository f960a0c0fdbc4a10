"""Clinical rules, thresholds and wording: one place for a clinician to review.

Sources (full references in docs/clinical-rules.md §1):
  [NHS]  NHS, "Twitching eyes and muscles".
  [Seeds] the knee-twitching articles the product came from.
  [CES]  NHS hospital leaflets on cauda equina syndrome.
  [Mayo] Mayo Clinic symptom content.
  [BFS]  benign fasciculation syndrome studies.
  [NICE] NICE CG150 (headache diaries).

The app informs and helps a person talk to their doctor. Nothing here
diagnoses, reassures that a twitch is harmless, or advises stopping a medicine.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum


class Level(IntEnum):
    """Urgency levels; a higher value is more urgent and wins."""

    NONE = 0
    ROUTINE = 1  # R: see a GP / discuss at your visit
    URGENT = 2  # U: get medical advice today
    EMERGENCY = 3  # E: emergency services / emergency department now

    @property
    def code(self) -> str:
        return {0: "", 1: "R", 2: "U", 3: "E"}[self.value]

    @property
    def label(self) -> str:
        return {
            0: "",
            1: "See a GP",
            2: "Medical advice today",
            3: "Emergency",
        }[self.value]


@dataclass(frozen=True)
class Symptom:
    code: str
    label: str
    level: Level


# Symptoms a person can tick with an episode, and the urgency each carries.
# Sources: [NHS], [Seeds], [CES], [Mayo]. The seeds call muscle wasting an
# emergency; neurology sources treat it as prompt, not A&E, so it is URGENT here.
# Tingling and cramp carry no level on their own: many people with benign
# twitching feel them [BFS]; they are still recorded and reported.
SYMPTOMS: tuple[Symptom, ...] = (
    Symptom("pain", "Pain", Level.ROUTINE),
    Symptom("severe_pain", "Severe pain", Level.EMERGENCY),
    Symptom("weakness", "Weakness in the leg", Level.URGENT),
    Symptom(
        "sudden_one_sided_weakness", "Sudden weakness on one side of the body", Level.EMERGENCY
    ),
    Symptom("numbness", "Numbness in the leg", Level.URGENT),
    Symptom("groin_numbness", "Numbness in the groin, genitals or buttocks", Level.EMERGENCY),
    Symptom("tingling", "Tingling or pins and needles", Level.NONE),
    Symptom("stiffness", "Stiffness in the area", Level.ROUTINE),
    Symptom("swelling", "Swelling around the knee", Level.ROUTINE),
    Symptom("redness_warmth", "Redness or warmth around the knee", Level.ROUTINE),
    Symptom("cramp", "Cramp", Level.NONE),
    Symptom("balance", "Trouble balancing or walking", Level.URGENT),
    Symptom("swallowing", "Difficulty swallowing", Level.URGENT),
    Symptom("speaking", "Difficulty speaking", Level.URGENT),
    Symptom("sudden_slurred_speech", "Sudden slurred speech", Level.EMERGENCY),
    Symptom("bladder_bowel", "Loss of bladder or bowel control", Level.EMERGENCY),
    Symptom("muscle_wasting", "Visible muscle wasting (a muscle looks smaller)", Level.URGENT),
    Symptom("twitching_elsewhere", "Twitching in other parts of the body", Level.ROUTINE),
)
SYMPTOMS_BY_CODE = {s.code: s for s in SYMPTOMS}
SYMPTOM_CHOICES = [(s.code, s.label) for s in SYMPTOMS]

NHS_MEDICINE_LINE = "Do not stop taking a prescribed medicine without getting medical advice."

# What a person is told for each level: calm, never a diagnosis. [NHS] [CES] [Mayo]
LEVEL_MESSAGES = {
    Level.EMERGENCY: (
        "Call emergency services (999 in the UK, 911 in the US) or go to the emergency "
        "department now. You recorded a symptom that needs checking straight away."
    ),
    Level.URGENT: (
        "Get medical advice today (for example your GP, or NHS 111 in the UK). If it came "
        "on suddenly, or with speech, swallowing or breathing problems, call emergency "
        "services."
    ),
    Level.ROUTINE: (
        "The NHS advises seeing a GP about this. Note it down to discuss at your visit."
    ),
}

# How long a red flag stays on the dashboard after the episode that carried it.
RED_FLAG_RECENT_DAYS = 7


def symptom_level(codes: Iterable[str]) -> Level:
    """The highest level among the ticked symptom codes (unknown codes carry none)."""
    return max(
        (SYMPTOMS_BY_CODE[c].level for c in codes if c in SYMPTOMS_BY_CODE),
        default=Level.NONE,
    )


# --- Data entry limits -------------------------------------------------------
# Not clinical thresholds: sanity limits that catch typos without refusing
# real (if unusual) entries.
MAX_CAFFEINE_MG_PER_ENTRY = 2000
MAX_FLUID_ML_PER_ENTRY = 5000
MAX_SLEEP_HOURS = 24
MAX_EPISODE_DURATION_SECONDS = 24 * 60 * 60
MAX_TWITCH_COUNT = 100_000
MAX_EXERCISE_MINUTES = 24 * 60
MAX_ALCOHOL_UNITS_PER_ENTRY = 50
# Free text, in characters: room for a real note, not for a file pasted in by mistake.
MAX_EPISODE_NOTES_CHARS = 2000
MAX_VISIT_QUESTIONS_CHARS = 800  # printed on page 1 of the doctor report, which must stay one page
# Clocks drift and a form can take a minute to fill in.
FUTURE_TOLERANCE = timedelta(minutes=5)

# --- Persistence rule (section 3) [NHS] "more than 2 weeks", "may come and go"
GAP_BREAK_DAYS = 7  # a gap of more than this between twitch dates breaks a run
PERSISTENCE_FLAG_DAYS = 15  # span >= 15 days, counting both ends, is "more than 2 weeks"
CURRENT_RUN_DAYS = 7  # a run is current if today - its last date < 7
# A recalled onset stands unless this many "no twitching" check-ins in a row lie
# between it and today (clinical rules section 3, "Onset before the diary").
NO_TWITCHING_EVIDENCE_DAYS = 7

# --- Other rule-based flags (section 4) --------------------------------------
MULTI_SITE_WINDOW_DAYS = 14  # >= 2 sites in the last 14 days [NHS]
MULTI_SITE_MIN_SITES = 2
SPREADING_AFTER_DAYS = 7  # a new site >= 7 days after the run began [Seeds]
WORSENING_RATIO = 2.0  # last 7 days >= 2x the previous 7 days' episodes [Seeds]
WORSENING_MIN_EXTRA = 5  # ... and at least 5 more
WORSENING_INTENSITY_POINTS = 2  # or median intensity up >= 2 points
WORSENING_MIN_EPISODES_PER_WEEK = 3  # ... with >= 3 episodes in each week
# Medicine classes the sources list as possibly linked with twitching [Seeds] [NHS].
LISTED_MEDICINE_CATEGORIES = frozenset(
    {"diuretic", "corticosteroid", "estrogen", "stimulant", "statin", "psychiatric"}
)
MEDICINE_RECENT_START_DAYS = 30  # listed-class medicine started <= 30 days before the run
WORSENING_WINDOW_DAYS = 7  # "last 7 days" vs "the previous 7 days" [Seeds]

# --- Trigger analysis (section 6) --------------------------------------------
MIN_USABLE_DAYS = 14
MIN_DAYS_PER_GROUP = 5
STATS_MIN_DAYS = 28
EARLY_LOOK_MAX_DAYS = STATS_MIN_DAYS - 1  # 14-27 days: averages only
STATS_MIN_DAYS_PER_GROUP = 7
STATS_MIN_EPISODES = 10
SIGNIFICANCE_ALPHA = 0.05
PATTERN_MIN_RATIO = 1.5
PATTERN_MAX_RATIO = 0.67
CO_MOVING_RHO = 0.3
CAFFEINE_WINDOW_HOURS = 3  # event-level view: episodes within N hours after caffeine
# Event-level view: the share of time covered by caffeine windows is measured over
# waking hours (local wall clock) on logged days, since episodes are logged while
# awake. An assumption for a fair denominator, not a clinical threshold.
WAKING_START_HOUR = 7
WAKING_END_HOUR = 23

# --- Doctor report (section 7) [NICE] ----------------------------------------
DEFAULT_REPORT_WEEKS = 8
