import pytest
from django.core.exceptions import PermissionDenied

from tests.factory import make_list, make_unit
from twincity.commitments import workflow as wf
from twincity.commitments.models import Answer, ItemState, ListKind


@pytest.fixture
def need(world):
    needs = make_list(ListKind.POLICY_NEEDS, "政策需求清单")
    leads = world.leads()
    item = wf.create_item(
        world.users["office"], needs, {"code": "PN-1", "title": "争取支持"}, leads
    )
    return item


def test_a_need_starts_proposed_and_runs_to_closed(world, need):
    office = world.users["office"]
    assert need.state == ItemState.PROPOSED
    wf.agree(office, need)
    with pytest.raises(wf.WorkflowError, match="争取对象"):
        wf.submit_need(office, need)
    ministry = make_unit("国家发展改革委", None, kind="central")
    need = wf.update_item(office, need, {"target_unit": ministry}, None, None)
    wf.submit_need(office, need)
    with pytest.raises(wf.WorkflowError, match="答复结果"):
        wf.record_answer(office, need, "maybe", "回复")
    wf.record_answer(office, need, Answer.PARTLY, "部分支持")
    need.refresh_from_db()
    assert (need.state, need.answer) == (ItemState.ANSWERED, Answer.PARTLY)
    wf.close(office, need)
    need.refresh_from_db()
    assert need.state == ItemState.CLOSED
    assert list(need.transitions.values_list("action", flat=True)) == [
        "create",
        "agree",
        "submit",
        "answer",
        "close",
    ]


def test_needs_are_the_offices(world, need):
    with pytest.raises(PermissionDenied):
        wf.agree(world.users["cq_liaison"], need)


def test_agreed_item_verbs_do_not_apply_to_needs(world, need):
    with pytest.raises(wf.WorkflowError):
        wf.assign(world.users["office"], need)
