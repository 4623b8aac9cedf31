"""After every kind of change that can move a light, the stored lights equal the live ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests import factory as f
from tests.lights_store.conftest import at, live, spoil, stored
from tests.workflow.helpers import assigned, closure_requested, in_progress, with_result
from twincity.commitments import workflow as wf
from twincity.commitments.models import Item, ItemState, ListKind, Milestone
from twincity.lib import clock
from twincity.supervision import extensions, rounds
from twincity.supervision.models import Light

Case = tuple[Item, Callable[[], Any]]
LATE = dt.date(2025, 6, 10)  # past on the day of the action
SOON = dt.date(2025, 6, 25)  # within the yellow days on the day of the action
FAR = dt.date(2025, 12, 31)
AGREED = [ListKind.AGREED_ITEMS]


def report(world, item: Item, persona: str = "cq_liaison", percent: int = 10):
    data = {"progress_text": "进展", "percent": percent}
    return wf.submit_report(world.users[persona], item, data)


def case_assign(world) -> Case:
    item = world.item(deadline=SOON)
    return item, lambda: wf.assign(world.users["office"], item)


def case_sign(world) -> Case:
    item = assigned(world, deadline=FAR)
    return item, lambda: wf.sign(world.users["cq_liaison"], item)


def case_request_closure(world) -> Case:
    item = in_progress(world, deadline=SOON)
    with_result(item)
    return item, lambda: wf.request_closure(world.users["cq_liaison"], item, "已印发文件")


def case_close(world) -> Case:
    item = closure_requested(world, deadline=FAR)
    return item, lambda: wf.close(world.users["office"], item)


def case_return_item(world) -> Case:
    item = closure_requested(world, deadline=SOON)
    return item, lambda: wf.return_item(world.users["office"], item, "佐证不足")


def case_suspend(world) -> Case:
    item = in_progress(world, deadline=LATE)
    return item, lambda: wf.suspend(world.users["office"], item, "暂缓实施")


def case_resume(world) -> Case:
    item = in_progress(world, deadline=LATE)
    wf.suspend(world.users["office"], item, "暂缓实施")
    return item, lambda: wf.resume(world.users["office"], item)


def case_cancel(world) -> Case:
    item = in_progress(world, deadline=LATE)
    return item, lambda: wf.cancel(world.users["office"], item, "不再实施")


def case_edit_deadline(world) -> Case:
    item = in_progress(world, deadline=FAR)
    return item, lambda: wf.update_item(world.users["office"], item, {"deadline": SOON}, None, None)


def case_extension_approved(world) -> Case:
    item = in_progress(world, deadline=dt.date(2025, 6, 22))
    ext = extensions.request_extension(
        world.users["cq_liaison"], item, world.cq, FAR, "征地手续尚未完成"
    )
    return item, lambda: extensions.decide_extension(world.users["office"], ext, True, "同意")


def case_report_submitted(world) -> Case:
    item = in_progress(world, deadline=FAR)
    rounds.open_round(world.users["office"], "2025年6月", AGREED, dt.date(2025, 6, 10))
    return item, lambda: report(world, item)


def case_report_approved(world) -> Case:
    item = in_progress(world, deadline=FAR)
    got = report(world, item)
    return item, lambda: wf.approve_report(world.users["cq_head"], got)


def case_report_accepted(world) -> Case:
    item = in_progress(world, deadline=dt.date(2025, 7, 15))  # far, but time is running out
    got = report(world, item, percent=90)
    wf.approve_report(world.users["cq_head"], got)
    return item, lambda: wf.accept_report(world.users["office"], got)


def case_report_returned(world) -> Case:
    item = in_progress(world, deadline=FAR)
    rounds.open_round(world.users["office"], "2025年6月", AGREED, dt.date(2025, 6, 10))
    got = report(world, item)
    return item, lambda: wf.return_report(world.users["cq_head"], got, "请补充数据")


def case_milestone_added(world) -> Case:
    item = in_progress(world, deadline=FAR)
    data = {"title": "完成选址", "due": SOON}
    return item, lambda: wf.add_milestone(world.users["office"], item, data)


def case_milestone_done(world) -> Case:
    item = in_progress(world, deadline=FAR)
    row = Milestone.objects.create(item=item, title="完成选址", due=SOON)
    return item, lambda: wf.finish_milestone(world.users["office"], row)


def case_round_opened(world) -> Case:
    item = in_progress(world, deadline=FAR)
    rounds.open_round(world.users["office"], "2025年5月", AGREED, dt.date(2025, 6, 5))
    due = dt.date(2025, 6, 30)
    return item, lambda: rounds.open_round(world.users["office"], "2025年6月", AGREED, due)


def case_need_agreed(world) -> Case:
    item = world.item(list=f.make_list(kind=ListKind.POLICY_NEEDS), state=ItemState.PROPOSED)
    return item, lambda: wf.agree(world.users["office"], item)


# Each case and the item's light it leaves on 20 June (set up on 1 June).
CASES: dict[str, tuple[Callable[[Any], Case], Light]] = {
    "assign": (case_assign, Light.YELLOW),
    "sign": (case_sign, Light.GREEN),
    "request_closure": (case_request_closure, Light.YELLOW),
    "close": (case_close, Light.NONE),
    "return_item": (case_return_item, Light.YELLOW),
    "suspend": (case_suspend, Light.NONE),
    "resume": (case_resume, Light.RED),
    "cancel": (case_cancel, Light.NONE),
    "edit_deadline": (case_edit_deadline, Light.YELLOW),
    "extension_approved": (case_extension_approved, Light.GREEN),
    "report_submitted": (case_report_submitted, Light.RED),
    "report_approved": (case_report_approved, Light.GREEN),
    "report_accepted": (case_report_accepted, Light.YELLOW),
    "report_returned": (case_report_returned, Light.RED),
    "milestone_added": (case_milestone_added, Light.YELLOW),
    "milestone_done": (case_milestone_done, Light.GREEN),
    "round_opened": (case_round_opened, Light.GREEN),
    "need_agreed": (case_need_agreed, Light.NONE),
}


@pytest.mark.parametrize("name", CASES)
def test_the_action_stores_the_items_lights(world, name):
    make, expected = CASES[name]
    with clock.travel(at(6, 1)):
        item, action = make(world)
    spoil(item)
    with clock.travel(at(6, 20)):
        action()
        assert stored(item) == live(item)
    assert stored(item)[0] == expected
    assert item.light_on == dt.date(2025, 6, 20)


def test_a_report_in_turns_a_stored_red_green(world):
    office = world.users["office"]
    with clock.travel(at(6, 1)):
        item = in_progress(world, deadline=FAR)
        rounds.open_round(office, "2025年6月", AGREED, dt.date(2025, 6, 10))
    with clock.travel(at(6, 20)):
        wf.update_item(office, item, {"description": "补充说明"}, None, None)
        assert stored(item) == (Light.RED, {world.cq.pk: Light.RED, world.sc.pk: Light.RED})
        report(world, item, "cq_liaison")
        assert stored(item) == (Light.RED, {world.cq.pk: Light.GREEN, world.sc.pk: Light.RED})


def test_closing_a_round_moves_no_light(world):
    """close_round stores no lights: what it changes does not move them."""
    office = world.users["office"]
    with clock.travel(at(6, 1)):
        item = in_progress(world, deadline=dt.date(2025, 6, 10))
    with clock.travel(at(6, 12)):
        rnd = rounds.open_round(office, "2025年6月", AGREED, dt.date(2025, 6, 30))
        wf.extend_deadline(office, item, FAR, "同意延期")
        report(world, item, "cq_liaison")
        assert stored(item)[0] == Light.RECOVERED
        rounds.close_round(office, rnd)
        assert stored(item) == live(item)
