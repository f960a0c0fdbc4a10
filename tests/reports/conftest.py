"""Report test fixtures: every report test runs at tests.clock.REPORT_NOW unless it moves it."""

import pytest

from tests.clock import REPORT_NOW, frozen_at


@pytest.fixture
def frozen_clock():
    """The root fixture's clock, stopped at REPORT_NOW (a month of diary lies before it)."""
    with frozen_at(REPORT_NOW) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _stopped_clock(frozen_clock):
    return frozen_clock
