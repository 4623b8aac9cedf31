"""A fixed moment at the start of a 5-minute window (and of a minute), so that windows and
Retry-After are exact."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from twincity.lib import clock

START = dt.datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def at_start():
    with clock.travel(START):
        yield START


def later(**delta: float) -> dt.datetime:
    return START + dt.timedelta(**delta)
