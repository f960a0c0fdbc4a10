"""The kinds of diary entry, and what the generic views need to know of each.

One registry keeps the nine history/create/edit/delete pages to one set of
views and templates, and lets tests sweep every kind the same way.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse
from django.utils import timezone

from twitchdiary.lib.dates import fmt_date
from twitchdiary.lib.wording import duration

from . import forms as diary_forms
from .models import Alcohol, Caffeine, CheckIn, Episode, Exercise, Fluid, Medication, Sleep, Stress


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable  # (entry, profile) -> str


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]
    form_class: type[diary_forms.EntryForm]
    title: str  # "Twitch episodes"
    noun: str  # "twitch episode"
    columns: tuple[Column, ...] = field(default=())
    icon: str = ""

    @property
    def slug(self) -> str:
        """The URL segment: /<slug>/."""
        return self.model.url_slug

    @property
    def time_field(self) -> str:
        return self.model.time_field

    @property
    def is_dated(self) -> bool:
        """True where entries carry a date rather than a moment."""
        return not isinstance(self.model._meta.get_field(self.time_field), models.DateTimeField)

    def url_name(self, action: str) -> str:
        return f"diary:{self.slug}-{action}"

    @property
    def list_url(self) -> str:
        return reverse(self.url_name("list"))

    @property
    def new_url(self) -> str:
        return reverse(self.url_name("new"))


def _time(entry, profile):
    value = entry.when
    if isinstance(value, dt.datetime):
        return f"{fmt_date(timezone.localtime(value))} {timezone.localtime(value):%H:%M}"
    return fmt_date(value)


def _opt(value, suffix=""):
    return "–" if value in (None, "") else f"{value}{suffix}"


WHEN = Column("When", _time)

KINDS: tuple[Kind, ...] = (
    Kind(
        Episode,
        diary_forms.EpisodeForm,
        "Twitch episodes",
        "twitch episode",
        (
            WHEN,
            Column("Where", lambda e, p: e.site or "Details to add"),
            Column("Intensity", lambda e, p: _opt(e.intensity, "/10")),
            Column("Duration", lambda e, p: duration(e.duration_seconds)),
            Column("With", lambda e, p: ", ".join(e.symptom_labels) or "–"),
        ),
    ),
    Kind(
        Caffeine,
        diary_forms.CaffeineForm,
        "Caffeine",
        "caffeine entry",
        (
            WHEN,
            Column("Amount", lambda e, p: f"{e.mg} mg"),
            Column("Source", lambda e, p: e.get_source_display()),
        ),
    ),
    Kind(
        Fluid,
        diary_forms.FluidForm,
        "Fluids",
        "drink",
        (
            WHEN,
            Column("Amount", lambda e, p: p.format_fluid(e.ml)),
            Column("Drink", lambda e, p: e.get_drink_display()),
        ),
    ),
    Kind(
        Sleep,
        diary_forms.SleepForm,
        "Sleep",
        "night's sleep",
        (
            Column("Woke up on", _time),
            Column("Hours", lambda e, p: f"{e.hours.normalize():f} h"),
            Column("Quality", lambda e, p: f"{e.quality}/5"),
        ),
    ),
    Kind(
        Stress,
        diary_forms.StressForm,
        "Stress",
        "stress entry",
        (
            WHEN,
            Column("Level", lambda e, p: f"{e.level}/5"),
            Column("Note", lambda e, p: e.note or "–"),
        ),
    ),
    Kind(
        Exercise,
        diary_forms.ExerciseForm,
        "Exercise and exertion",
        "exercise",
        (
            WHEN,
            Column("Minutes", lambda e, p: f"{e.minutes} min"),
            Column("Intensity", lambda e, p: e.get_intensity_display()),
            Column("Kind", lambda e, p: e.kind or "–"),
        ),
    ),
    Kind(
        Alcohol,
        diary_forms.AlcoholForm,
        "Alcohol",
        "alcohol entry",
        (WHEN, Column("Units", lambda e, p: f"{e.units.normalize():f}")),
    ),
    Kind(
        Medication,
        diary_forms.MedicationForm,
        "Medicines and supplements",
        "medicine or supplement",
        (
            Column("Name", lambda e, p: e.name + (" (suspected)" if e.suspected else "")),
            Column("Kind", lambda e, p: e.get_kind_display()),
            Column("Class", lambda e, p: e.get_category_display()),
            Column("Dose", lambda e, p: e.dose or "–"),
            Column("From", lambda e, p: fmt_date(e.started_on)),
            Column("To", lambda e, p: fmt_date(e.stopped_on) if e.stopped_on else "ongoing"),
        ),
    ),
    Kind(
        CheckIn,
        diary_forms.CheckInForm,
        "Daily check-ins",
        "check-in",
        (
            Column("Date", _time),
            Column("Twitching", lambda e, p: "Yes" if e.twitching else "No"),
            Column("Note", lambda e, p: e.note or "–"),
        ),
    ),
)
KINDS_BY_SLUG = {k.slug: k for k in KINDS}
