"""Whole-register figures are computed once per data generation and never served stale."""

import datetime as dt

import pytest
from django.utils import timezone

from twincity.audit.log import record
from twincity.commitments.models import Item
from twincity.lib import clock, figcache
from twincity.supervision.current import refresh_lights


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return Item.objects.count()


@pytest.fixture
def count():
    return Counter()


def test_computed_once_per_generation_and_per_scope(db, count):
    assert figcache.cached("items", "all", count) == 0
    assert figcache.cached("items", "all", count) == 0
    assert count.calls == 1
    figcache.cached("items", "mine", count)
    assert count.calls == 2, "another scope is another value"


def test_an_audited_write_starts_a_new_generation(world, count):
    figcache.cached("items", "all", count)
    world.item(title="新事项")  # the factory writes no audit event: still the old figure
    assert figcache.cached("items", "all", count) == 0
    record("item.create", actor=world.users["office"], target_type="item", target_id="1")
    assert figcache.cached("items", "all", count) == 1
    assert count.calls == 2


def test_changed_lights_start_a_new_generation(world, count, django_capture_on_commit_callbacks):
    item = world.item(title="逾期事项", state="in_progress", deadline=dt.date(2025, 1, 31))
    figcache.cached("items", "all", count)
    with django_capture_on_commit_callbacks(execute=True):
        changed = refresh_lights(Item.objects.filter(pk=item.pk), dt.date(2025, 6, 1))
    assert changed
    figcache.cached("items", "all", count)
    assert count.calls == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert refresh_lights(Item.objects.filter(pk=item.pk), dt.date(2025, 6, 1)) == 0
    figcache.cached("items", "all", count)
    assert count.calls == 2, "nothing changed, so the figure stands"


def test_a_new_day_starts_a_new_generation(db, count):
    with clock.travel(timezone.make_aware(dt.datetime(2025, 6, 1, 23, 0))):
        figcache.cached("items", "all", count)
    with clock.travel(timezone.make_aware(dt.datetime(2025, 6, 2, 0, 30))):
        figcache.cached("items", "all", count)
    assert count.calls == 2


def test_none_is_cached_and_zero_seconds_turns_it_off(db, settings):
    calls = []
    figcache.cached("nothing", "all", lambda: calls.append(1))
    figcache.cached("nothing", "all", lambda: calls.append(1))
    assert calls == [1]
    settings.FIGURES_CACHE_SECONDS = 0
    figcache.cached("nothing", "all", lambda: calls.append(1))
    figcache.cached("nothing", "all", lambda: calls.append(1))
    assert calls == [1, 1, 1]


def test_a_sign_in_changes_no_figure(world, count):
    figcache.cached("items", "all", count)
    record("auth.login", actor=world.users["office"], target=world.users["office"])
    record("notification.read", actor=world.users["office"], target_type="n", target_id="1")
    figcache.cached("items", "all", count)
    assert count.calls == 1
