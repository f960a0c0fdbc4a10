"""Account test fixtures: the same frozen clock as the diary tests."""

import pytest
import time_machine

from tests.diary.factories import NOW


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
