import pytest
from django.core.exceptions import PermissionDenied

from tests.workflow.helpers import assigned
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, Transition


def test_work_starts_when_both_sides_signed(world):
    item = assigned(world)
    wf.sign(world.users["cq_liaison"], item)
    item.refresh_from_db()
    assert item.state == ItemState.ASSIGNED
    assert item.sides.get(party=world.cq).signed_by == world.users["cq_liaison"]
    wf.sign(world.users["sc_liaison"], item)
    item.refresh_from_db()
    assert item.state == ItemState.IN_PROGRESS
    actions = list(Transition.objects.filter(item=item).values_list("action", "party__code"))
    assert actions[-2:] == [("sign", "cq"), ("sign", "sc")]


@pytest.mark.parametrize("persona", ["office", "outsider", "cq_head", "leader", "wg_lead"])
def test_only_a_lead_units_liaison_signs(world, persona):
    item = assigned(world)
    with pytest.raises(PermissionDenied):
        wf.sign(world.users[persona], item)
    assert not item.sides.filter(signed_at__isnull=False).exists()


def test_a_side_signs_once_and_only_its_own(world):
    item = assigned(world)
    wf.sign(world.users["cq_liaison"], item)
    with pytest.raises(wf.WorkflowError):
        wf.sign(world.users["cq_liaison"], item)
    with pytest.raises(PermissionDenied):
        wf.sign(world.users["cq_liaison"], item, party=world.sc)


def test_sign_refused_on_a_draft(world):
    with pytest.raises(wf.WorkflowError):
        wf.sign(world.users["cq_liaison"], world.item())
