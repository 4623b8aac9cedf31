"""`twincity remind` refreshes every stored light first: lights change with time alone."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from tests.lights_store.conftest import at, live, spoil, stored
from tests.workflow.helpers import in_progress
from twincity.lib import clock
from twincity.supervision.models import Light


def remind() -> list[str]:
    out = StringIO()
    call_command("remind", stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def item(world):
    """Worked on from 1 June, due 30 June: green at first, yellow near the end, then red."""
    with clock.travel(at(6, 1)):
        return in_progress(world, deadline=dt.date(2025, 6, 30))


@pytest.mark.parametrize("stored_before", [Light.GREEN, Light.YELLOW])
def test_a_passed_deadline_turns_the_stored_light_red(world, item, stored_before):
    day = at(6, 2) if stored_before == Light.GREEN else at(6, 20)
    with clock.travel(day):
        remind()
    assert stored(item)[0] == stored_before
    with clock.travel(at(7, 1)):
        lines = remind()
    assert "lights refreshed: 3" in lines  # the item and its two sides
    assert stored(item) == (Light.RED, {world.cq.pk: Light.RED, world.sc.pk: Light.RED})
    item.refresh_from_db()
    assert item.light_on == dt.date(2025, 7, 1)


def test_the_second_run_refreshes_and_sends_nothing(item):
    with clock.travel(at(7, 1)):
        remind()
        again = remind()
    assert again[-1] == "notifications sent: 0"
    assert not [line for line in again if line.startswith("lights refreshed")]


def test_refreshed_lights_are_not_counted_as_notifications(item):
    with clock.travel(at(7, 1)):
        remind()
        spoil(item)
        lines = remind()
        assert stored(item) == live(item)
    assert "lights refreshed: 3" in lines
    assert lines[-1] == "notifications sent: 0"
