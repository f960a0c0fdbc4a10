"""Account test fixtures: the same stopped clock as the diary tests."""

import pytest


@pytest.fixture(autouse=True)
def _stopped_clock(frozen_clock):
    return frozen_clock
