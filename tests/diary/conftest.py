"""Diary test fixtures: a frozen clock."""

import pytest
import time_machine

from .factories import NOW


@pytest.fixture(autouse=True)
def frozen_clock():
    """Every diary test runs at NOW unless it moves the clock itself."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
