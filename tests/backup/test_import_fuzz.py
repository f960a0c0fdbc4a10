"""Hostile values in any field of any kind: never a 500, never a half-import."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.models import (
    Alcohol,
    Caffeine,
    CheckIn,
    Episode,
    Exercise,
    Fluid,
    Medication,
    Sleep,
    Stress,
)

from .conftest import upload
from .documents import CONTRACT_FIELDS, EXPECTED, as_bytes, backup

ALL_MODELS = (Episode, Caffeine, Fluid, Sleep, Stress, Exercise, Alcohol, Medication, CheckIn)

hostile = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "-1",
            "1e9",
            "NaN",
            "0.0001",
            "<script>alert(1)</script>",
            "'; DROP TABLE diary_episode; --",
            "2026-02-29",
            "2026-03-08T02:30",
            "2026-01-05T08:00:00+14:00",
            "１２",
            "yes",
        ]
    ),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@st.composite
def documents(draw):
    kind = draw(st.sampled_from(sorted(CONTRACT_FIELDS)))
    row = dict(EXPECTED[kind][0])
    for name in draw(st.lists(st.sampled_from(CONTRACT_FIELDS[kind]), min_size=1, max_size=3)):
        row[name] = draw(hostile)
    return kind, backup(**{kind: [row]})


@pytest.mark.slow  # over 10 s: hundreds of generated files, each uploaded
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=documents())
def test_hostile_values_are_refused_or_imported_whole_never_a_500(owner_client, user, case):
    kind, document = case

    response = upload(owner_client, as_bytes(document))

    counts = [m.objects.filter(user=user).count() for m in ALL_MODELS]
    if response.status_code == 302:
        assert sum(counts) == sum(len(document[k]) for k in CONTRACT_FIELDS)
    else:
        assert response.status_code == 200
        assert counts == [0] * len(ALL_MODELS)
        assert response.context["form"].non_field_errors()
        assert b"<script>alert(1)</script>" not in response.content
    for model in ALL_MODELS:
        model.objects.filter(user=user).delete()
