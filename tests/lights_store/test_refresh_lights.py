"""refresh_lights: only the rows that differ are written, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factory as f
from tests.lights_store.conftest import at, live, spoil, stored
from twincity.commitments.models import Item, ItemState, ListKind, Milestone
from twincity.lib import clock
from twincity.supervision import current
from twincity.supervision.models import Light, Thresholds
from twincity.supervision.rounds import open_round


def make_items(world, n: int) -> list[Item]:
    lst = f.make_list()
    out = []
    for k in range(n):
        deadline = dt.date(2025, 6, 5) + dt.timedelta(days=k)  # red, yellow and green
        item = world.item(list=lst, state=ItemState.IN_PROGRESS, deadline=deadline)
        Milestone.objects.create(item=item, title=f"节点{k}", due=dt.date(2025, 9, 1))
        out.append(item)
    return out


def queries(items) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        changed = current.refresh_lights(items)
    return len(ctx.captured_queries), changed


def test_the_queries_do_not_grow_with_the_items(world):
    Thresholds.current()
    with clock.travel(at(6, 1)):
        due = dt.date(2025, 6, 30)
        open_round(world.users["office"], "2025年6月", [ListKind.AGREED_ITEMS], due)
    items = make_items(world, 50)
    few = Item.objects.filter(pk__in=[i.pk for i in items[:5]])
    with clock.travel(at(6, 20)):
        current.refresh_lights(Item.objects.all())
        at_five, none_changed = queries(few)
        at_fifty, _ = queries(Item.objects.all())
    assert none_changed == 0
    assert at_five == at_fifty
    with clock.travel(at(6, 20)):
        spoil(*items)
        all_five, five_changed = queries(few)
        all_fifty, _ = queries(Item.objects.all())
    assert five_changed == 15
    assert all_five == all_fifty  # one bulk_update batch per model either way


def test_all_changed_rows_are_written_and_counted(world):
    items = make_items(world, 50)
    spoil(*items)
    with clock.travel(at(6, 20)):
        _, changed = queries(Item.objects.all())
        assert all(stored(item) == live(item) for item in items)
    assert changed == 150  # 50 items, each with two sides
    assert set(Item.objects.values_list("light_on", flat=True)) == {dt.date(2025, 6, 20)}


def test_only_rows_that_differ_are_written(world):
    items = make_items(world, 5)
    with clock.travel(at(6, 20)):
        current.refresh_lights(Item.objects.all())
        Item.objects.filter(pk=items[0].pk).update(light=Light.NONE)
        assert current.refresh_lights(Item.objects.all()) == 1
    assert stored(items[0])[0] == Light.RED


def test_refresh_item_refreshes_that_item_only(world):
    first, second = make_items(world, 2)
    spoil(first, second)
    with clock.travel(at(6, 20)):
        current.refresh_item(first.pk)
        assert stored(first) == live(first)
    assert stored(second)[0] == "stale"


def test_paused_refreshes_skip_until_the_caller_refreshes(world):
    [item] = make_items(world, 1)
    spoil(item)
    with current.paused():
        current.refresh_item(item.pk)
        assert stored(item)[0] == "stale"
    current.refresh_item(item.pk)
    assert stored(item) == live(item)
