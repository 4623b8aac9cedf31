import pytest
from django.core.exceptions import PermissionDenied

from tests.factory import make_item
from twincity.audit.models import AuditEvent
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, Transition


def test_office_assigns_a_draft(world):
    item = world.item()
    wf.assign(world.users["office"], item)
    item.refresh_from_db()
    assert item.state == ItemState.ASSIGNED
    row = Transition.objects.get(item=item, action="assign")
    assert (row.from_state, row.to_state, row.actor) == ("draft", "assigned", world.users["office"])
    assert AuditEvent.objects.filter(action="item.assign", target_id=str(item.pk)).exists()


@pytest.mark.parametrize("persona", ["cq_liaison", "cq_head", "leader", "wg_lead", "sysadmin"])
def test_only_the_office_assigns(world, persona):
    item = world.item()
    with pytest.raises(PermissionDenied):
        wf.assign(world.users[persona], item)
    item.refresh_from_db()
    assert item.state == ItemState.DRAFT
    assert not Transition.objects.filter(item=item).exists()


def test_assign_needs_lead_units_and_deadline(world):
    no_leads = make_item()
    with pytest.raises(wf.WorkflowError, match="牵头单位"):
        wf.assign(world.users["office"], no_leads)
    no_deadline = world.item(deadline=None)
    with pytest.raises(wf.WorkflowError, match="完成时限"):
        wf.assign(world.users["office"], no_deadline)


def test_assign_refused_twice(world):
    item = wf.assign(world.users["office"], world.item())
    with pytest.raises(wf.WorkflowError, match="已交办"):
        wf.assign(world.users["office"], item)
