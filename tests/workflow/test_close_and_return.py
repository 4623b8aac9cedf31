import pytest
from django.core.exceptions import PermissionDenied

from tests.workflow.helpers import closure_requested, in_progress, with_result
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, Transition


def test_closure_needs_both_sides_then_the_office(world):
    item = in_progress(world)
    with_result(item)
    wf.request_closure(world.users["cq_liaison"], item, "已完成")
    item.refresh_from_db()
    assert item.state == ItemState.IN_PROGRESS
    wf.request_closure(world.users["sc_liaison"], item, "已完成")
    item.refresh_from_db()
    assert item.state == ItemState.CLOSURE_REQUESTED
    wf.close(world.users["office"], item)
    item.refresh_from_db()
    assert (item.state, item.progress) == (ItemState.CLOSED, 100)
    assert set(item.sides.values_list("progress", flat=True)) == {100}


def test_closure_request_needs_a_note_and_evidence(world):
    item = in_progress(world)
    with pytest.raises(wf.WorkflowError, match="销号说明"):
        wf.request_closure(world.users["cq_liaison"], item, "  ")
    with pytest.raises(wf.WorkflowError, match="佐证"):
        wf.request_closure(world.users["cq_liaison"], item, "已完成")
    assert not item.sides.filter(closure_requested_at__isnull=False).exists()


def test_only_the_office_closes(world):
    item = closure_requested(world)
    for persona in ["cq_liaison", "leader", "cq_head"]:
        with pytest.raises(PermissionDenied):
            wf.close(world.users[persona], item)
    item.refresh_from_db()
    assert item.state == ItemState.CLOSURE_REQUESTED


def test_close_refused_before_both_sides_ask(world):
    item = in_progress(world)
    with pytest.raises(wf.WorkflowError):
        wf.close(world.users["office"], item)


def test_return_clears_requests_and_keeps_the_reason(world):
    item = closure_requested(world)
    with pytest.raises(wf.WorkflowError, match="退回原因"):
        wf.return_item(world.users["office"], item, "")
    wf.return_item(world.users["office"], item, "佐证材料不全")
    item.refresh_from_db()
    assert item.state == ItemState.RETURNED
    assert not item.sides.filter(closure_requested_at__isnull=False).exists()
    assert Transition.objects.get(item=item, action="return").reason == "佐证材料不全"
    # after a return both sides ask again and the office can close
    wf.request_closure(world.users["cq_liaison"], item, "补充材料")
    wf.request_closure(world.users["sc_liaison"], item, "补充材料")
    wf.close(world.users["office"], item)
    item.refresh_from_db()
    assert item.state == ItemState.CLOSED


def test_closed_item_is_locked(world):
    item = closure_requested(world)
    wf.close(world.users["office"], item)
    with pytest.raises(wf.WorkflowError, match="不能修改"):
        wf.update_item(world.users["office"], item, {"title": "改"}, None, None)
    with pytest.raises(wf.WorkflowError):
        wf.cancel(world.users["office"], item, "理由")
