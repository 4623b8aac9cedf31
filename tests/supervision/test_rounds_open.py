"""Opening a reporting round: who is expected to report, the audit event, the checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests import factory as f
from tests.workflow.helpers import closure_requested, in_progress, with_result
from twincity.audit.models import AuditEvent
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, ListKind
from twincity.commitments.workflow import WorkflowError
from twincity.lib import clock
from twincity.supervision.models import ExpectedReport, Light, LightSnapshot, ReportingRound
from twincity.supervision.rounds import open_round

AGREED = [ListKind.AGREED_ITEMS]


def due() -> dt.date:
    return clock.today() + dt.timedelta(10)


@pytest.fixture
def items(world):
    agreed = f.make_list(ListKind.AGREED_ITEMS)
    tasks = f.make_list(ListKind.KEY_TASKS)
    return {
        "assigned": wf.assign(world.users["office"], world.item(list=agreed)),
        "working": in_progress(world, list=agreed),
        "returned": world.item(list=agreed, state=ItemState.RETURNED),
        "asked": closure_requested(world, list=agreed),
        "draft": world.item(list=agreed),
        "suspended": world.item(list=agreed, state=ItemState.SUSPENDED),
        "closed": world.item(list=agreed, state=ItemState.CLOSED),
        "task": world.item(list=tasks, state=ItemState.IN_PROGRESS),
    }


def expected(rnd) -> set[tuple[str, str, str]]:
    rows = rnd.expected.values_list("item__code", "party__code", "unit__code")
    return set(rows)


def test_every_open_item_of_the_kinds_times_each_side(world, items):
    rnd = open_round(world.users["office"], "2025年第3季度", AGREED, due(), "请按时报送")
    codes = [items[k].code for k in ("assigned", "working", "returned")]
    want = {(c, p, u) for c in codes for p, u in (("cq", "cq-fgw"), ("sc", "sc-fgw"))}
    assert expected(rnd) == want
    assert rnd.opened_by == world.users["office"] and rnd.note == "请按时报送"


def test_a_side_that_asked_to_close_is_not_expected(world, items):
    item = in_progress(world, list=items["working"].list)
    with_result(item)
    wf.request_closure(world.users["cq_liaison"], item, "已印发文件")
    rnd = open_round(world.users["office"], "2025年10月", AGREED, due())
    assert {p for c, p, _u in expected(rnd) if c == item.code} == {"sc"}


def test_several_kinds(world, items):
    rnd = open_round(world.users["office"], "2025年第3季度", [*AGREED, ListKind.KEY_TASKS], due())
    assert items["task"].code in {c for c, _p, _u in expected(rnd)}


def test_opening_is_audited_and_snapshots_the_lights(world, items):
    rnd = open_round(world.users["office"], "2025年第3季度", AGREED, due())
    event = AuditEvent.objects.get(action="round.open")
    assert event.target_id == str(rnd.pk) and event.after["expected"] == 6
    overall = LightSnapshot.objects.filter(round=rnd, party__isnull=True)
    lit = {items[k].pk for k in ("assigned", "working", "returned", "asked", "task")}
    assert set(overall.values_list("item_id", flat=True)) == lit
    row = overall.get(item=items["working"])
    assert row.light == row.light_at_open == Light.GREEN
    assert LightSnapshot.objects.filter(round=rnd, item=items["working"]).count() == 3


@pytest.mark.parametrize("persona", ["cq_liaison", "cq_head", "leader", "wg_lead", "sysadmin"])
def test_only_the_office_opens_a_round(world, items, persona):
    with pytest.raises(PermissionDenied):
        open_round(world.users[persona], "2025年第3季度", AGREED, due())
    assert not ReportingRound.objects.exists()


@pytest.mark.parametrize(
    "period, kinds, days, message",
    [
        ("  ", AGREED, 10, "报送期次"),
        ("2025年10月", [], 10, "清单类型"),
        ("2025年10月", ["nonsense"], 10, "清单类型"),
        ("2025年10月", AGREED, -1, "截止日期"),
    ],
)
def test_bad_input_writes_nothing(world, items, period, kinds, days, message):
    with pytest.raises(WorkflowError) as caught:
        open_round(world.users["office"], period, kinds, clock.today() + dt.timedelta(days))
    assert message in caught.value.messages[0]
    assert not ReportingRound.objects.exists() and not ExpectedReport.objects.exists()


def test_the_same_period_and_kind_cannot_be_open_twice(world, items):
    office = world.users["office"]
    open_round(office, "2025年10月", AGREED, due())
    with pytest.raises(WorkflowError, match="重复"):
        open_round(office, "2025年10月", [*AGREED, ListKind.KEY_TASKS], due())
    open_round(office, "2025年10月", [ListKind.KEY_TASKS], due())
    assert ReportingRound.objects.count() == 2
