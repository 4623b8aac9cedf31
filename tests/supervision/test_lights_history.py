"""Lights computed from the database: facts, snapshots on open and close, and "recovered"."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factory as f
from tests.workflow.helpers import in_progress
from twincity.commitments import workflow as wf
from twincity.commitments.models import Item, ItemState, ListKind, Milestone
from twincity.lib import clock
from twincity.supervision.models import Light, LightSnapshot, Thresholds
from twincity.supervision.rounds import close_round, open_round
from twincity.supervision.stats import lights_for

SH = ZoneInfo("Asia/Shanghai")
AGREED = [ListKind.AGREED_ITEMS]


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=SH)


def lights(item: Item):
    return lights_for(Item.objects.filter(pk=item.pk))[item.pk]


def report(world, item, persona):
    return wf.submit_report(world.users[persona], item, {"progress_text": "进展", "percent": 10})


@pytest.fixture
def late_item(world):
    """Assigned on 1 June, due 10 June, worked on by both sides."""
    with clock.travel(at(6, 1)):
        return in_progress(world, deadline=dt.date(2025, 6, 10))


def test_each_side_has_its_light_and_the_item_the_worse(world):
    with clock.travel(at(6, 1)):
        item = in_progress(world, deadline=dt.date(2025, 12, 31))
        Milestone.objects.create(item=item, title="方案印发", due=dt.date(2025, 12, 1))
    with clock.travel(at(7, 1)):
        open_round(world.users["office"], "2025年7月", AGREED, dt.date(2025, 7, 10))
        report(world, item, "cq_liaison")
    with clock.travel(at(7, 11)):
        got = lights(item)
    assert got.sides == {world.cq.pk: Light.GREEN, world.sc.pk: Light.RED}
    assert got.light == Light.RED


def test_progress_behind_time_and_thresholds(world):
    with clock.travel(at(1, 1)):
        item = in_progress(world, deadline=dt.date(2025, 12, 31))
    with clock.travel(at(7, 2)):  # half the year has gone, nothing done
        assert lights(item).light == Light.YELLOW
        Thresholds.objects.update(behind_points=60)
        assert lights(item).light == Light.GREEN


def test_a_milestone_coming_up_is_yellow_until_done(world):
    with clock.travel(at(6, 1)):
        item = in_progress(world, deadline=dt.date(2025, 12, 31))
        stone = Milestone.objects.create(item=item, title="完成选址", due=dt.date(2025, 6, 10))
        assert lights(item).light == Light.YELLOW
        stone.done_at = dt.date(2025, 6, 1)
        stone.save()
        assert lights(item).light == Light.GREEN


def test_no_light_for_drafts_suspended_or_closed(world):
    for state in (ItemState.DRAFT, ItemState.SUSPENDED, ItemState.CLOSED):
        item = world.item(state=state, deadline=dt.date(2020, 1, 1))
        got = lights(item)
        assert got.light == Light.NONE and set(got.sides.values()) == {Light.NONE}


def test_a_missing_report_turns_red_after_the_due_date(world):
    with clock.travel(at(6, 1)):
        item = in_progress(world, deadline=dt.date(2025, 12, 31))
        open_round(world.users["office"], "2025年6月", AGREED, dt.date(2025, 6, 10))
    with clock.travel(at(6, 10, 20)):
        assert lights(item).light == Light.GREEN
    with clock.travel(at(6, 11)):
        assert lights(item).light == Light.RED
        report(world, item, "cq_liaison")
        report(world, item, "sc_liaison")
        assert lights(item).light == Light.GREEN


def test_a_report_after_the_round_closed_ends_the_red(world):
    office = world.users["office"]
    with clock.travel(at(6, 1)):
        item = in_progress(world, deadline=dt.date(2025, 12, 31))
        rnd = open_round(office, "2025年6月", AGREED, dt.date(2025, 6, 10))
        report(world, item, "cq_liaison")
    with clock.travel(at(6, 15)):
        close_round(office, rnd)
        assert lights(item).sides[world.sc.pk] == Light.RED
        report(world, item, "sc_liaison")
        assert lights(item).sides[world.sc.pk] == Light.RECOVERED


def test_snapshots_on_open_and_close(world, late_item):
    office = world.users["office"]
    with clock.travel(at(6, 12)):
        rnd = open_round(office, "2025年6月", AGREED, dt.date(2025, 6, 30))
    row = LightSnapshot.objects.get(round=rnd, item=late_item, party=None)
    assert row.light == row.light_at_open == Light.RED
    with clock.travel(at(6, 13)):
        wf.extend_deadline(office, late_item, dt.date(2025, 12, 31), "同意延期")
        report(world, late_item, "cq_liaison")
        report(world, late_item, "sc_liaison")
    with clock.travel(at(7, 1)):
        close_round(office, rnd)
    row.refresh_from_db()
    assert (row.light_at_open, row.light) == (Light.RED, Light.RECOVERED)
    assert row.taken_at == at(7, 1)


def test_a_side_still_missing_its_report_is_recorded_red_at_close(world, late_item):
    office = world.users["office"]
    with clock.travel(at(6, 12)):
        rnd = open_round(office, "2025年6月", AGREED, dt.date(2025, 6, 30))
    with clock.travel(at(6, 13)):
        wf.extend_deadline(office, late_item, dt.date(2025, 12, 31), "同意延期")
        report(world, late_item, "cq_liaison")
    with clock.travel(at(7, 1)):
        close_round(office, rnd)
    rows = LightSnapshot.objects.filter(round=rnd, item=late_item)
    assert dict(rows.values_list("party__code", "light")) == {
        None: Light.RED,
        "cq": Light.RECOVERED,
        "sc": Light.RED,
    }


def test_recovered_until_the_next_round_then_green(world, late_item):
    office = world.users["office"]
    with clock.travel(at(6, 12)):
        first = open_round(office, "2025年6月", AGREED, dt.date(2025, 6, 30))
        assert lights(late_item).light == Light.RED
    with clock.travel(at(6, 13)):
        wf.extend_deadline(office, late_item, dt.date(2025, 12, 31), "同意延期")
        assert lights(late_item).light == Light.RECOVERED
        report(world, late_item, "cq_liaison")
        report(world, late_item, "sc_liaison")
    with clock.travel(at(7, 1)):
        close_round(office, first)
    with clock.travel(at(7, 2)):
        assert lights(late_item).light == Light.RECOVERED
    with clock.travel(at(7, 3)):
        second = open_round(office, "2025年7月", AGREED, dt.date(2025, 7, 20))
        assert lights(late_item).light == Light.GREEN
    snap = LightSnapshot.objects.get(round=second, item=late_item, party=None)
    assert snap.light == Light.GREEN


def test_an_item_closed_during_the_round_is_recorded_without_light(world):
    office = world.users["office"]
    with clock.travel(at(6, 1)):
        item = in_progress(world, deadline=dt.date(2025, 12, 31))
        rnd = open_round(office, "2025年6月", AGREED, dt.date(2025, 6, 30))
    Item.objects.filter(pk=item.pk).update(state=ItemState.CLOSED)
    with clock.travel(at(6, 20)):
        close_round(office, rnd)
    assert set(LightSnapshot.objects.filter(round=rnd).values_list("light", flat=True)) == {
        Light.NONE
    }


def count_queries(items) -> int:
    with CaptureQueriesContext(connection) as ctx:
        lights_for(items)
    return len(ctx.captured_queries)


def test_a_fixed_number_of_queries_whatever_the_items(world):
    Thresholds.current()
    with clock.travel(at(6, 1)):
        open_round(world.users["office"], "2025年6月", AGREED, dt.date(2025, 6, 30))
    lst = f.make_list()
    for n in range(50):
        item = world.item(list=lst, state=ItemState.IN_PROGRESS)
        Milestone.objects.create(item=item, title=f"节点{n}", due=dt.date(2025, 9, 1))
    few = count_queries(Item.objects.filter(pk__in=Item.objects.order_by("pk")[:5]))
    many = count_queries(Item.objects.all())
    assert few == many
