import pytest
from django.core.exceptions import PermissionDenied

from tests.workflow.helpers import in_progress
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState


def test_suspend_and_resume_return_to_the_previous_state(world):
    item = in_progress(world)
    with pytest.raises(wf.WorkflowError, match="暂停原因"):
        wf.suspend(world.users["office"], item, "")
    wf.suspend(world.users["office"], item, "等待国家批复")
    item.refresh_from_db()
    assert item.state == ItemState.SUSPENDED
    wf.resume(world.users["office"], item)
    item.refresh_from_db()
    assert item.state == ItemState.IN_PROGRESS


def test_cancel_needs_a_reason_and_the_office(world):
    item = world.item()
    with pytest.raises(PermissionDenied):
        wf.cancel(world.users["cq_liaison"], item, "不需要")
    with pytest.raises(wf.WorkflowError):
        wf.cancel(world.users["office"], item, "")
    wf.cancel(world.users["office"], item, "合并至其他事项")
    item.refresh_from_db()
    assert item.state == ItemState.CANCELLED


def test_resume_refused_unless_suspended(world):
    with pytest.raises(wf.WorkflowError):
        wf.resume(world.users["office"], in_progress(world))
