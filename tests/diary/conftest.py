"""Diary test fixtures: every diary test runs at tests.clock.NOW unless it moves the clock."""

import pytest


@pytest.fixture(autouse=True)
def _stopped_clock(frozen_clock):
    return frozen_clock
