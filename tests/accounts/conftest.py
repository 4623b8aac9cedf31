"""Fixtures of the accounts tests."""

import pytest

from tests.accounts.helpers import Frozen


@pytest.fixture
def frozen(monkeypatch) -> Frozen:
    """Freeze twincity.lib.clock.now; move it with frozen.move(minutes=…)."""
    clock = Frozen()
    monkeypatch.setattr("twincity.lib.clock.now", clock)
    return clock
