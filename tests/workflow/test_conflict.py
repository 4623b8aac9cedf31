import pytest

from tests.workflow.helpers import in_progress
from twincity.audit.models import AuditEvent
from twincity.commitments import workflow as wf
from twincity.commitments.models import Item


def test_second_save_with_a_stale_version_is_refused(world):
    item = world.item(title="原标题")
    office = world.users["office"]
    first = Item.objects.get(pk=item.pk)
    second = Item.objects.get(pk=item.pk)
    wf.update_item(office, first, {"title": "甲的修改"}, None, expected_version=first.version)
    with pytest.raises(wf.ConflictError, match="已被他人修改"):
        wf.update_item(office, second, {"title": "乙的修改"}, None, expected_version=second.version)
    item.refresh_from_db()
    assert item.title == "甲的修改"
    assert item.version == 2
    assert AuditEvent.objects.filter(action="item.update").count() == 1


def test_a_transition_on_a_stale_page_is_refused(world):
    item = in_progress(world)
    stale_version = item.version - 1
    with pytest.raises(wf.ConflictError):
        wf.suspend(world.users["office"], item, "理由", expected_version=stale_version)
    item.refresh_from_db()
    assert item.state == "in_progress"


def test_update_audits_before_and_after(world):
    item = world.item(title="旧")
    wf.update_item(world.users["office"], item, {"title": "新"}, None, item.version)
    event = AuditEvent.objects.get(action="item.update")
    assert event.before == {"title": "旧"} and event.after == {"title": "新"}


def test_lead_units_are_fixed_once_assigned(world):
    item = in_progress(world)
    office = world.users["office"]
    with pytest.raises(wf.WorkflowError, match="改派"):
        wf.update_item(
            office, item, {}, {world.cq: world.other_unit, world.sc: world.sc_unit}, None
        )
    assert item.sides.get(party=world.cq).lead_unit == world.cq_unit
    # the same leads again is not a change
    wf.update_item(office, item, {"title": "新标题"}, world.leads(), None)


def test_draft_leads_can_change(world):
    item = world.item()
    wf.update_item(
        world.users["office"], item, {}, {world.cq: world.other_unit, world.sc: world.sc_unit}, None
    )
    assert item.sides.get(party=world.cq).lead_unit == world.other_unit
