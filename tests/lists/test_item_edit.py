"""Editing an item (office only) through the workflow, refusing stale versions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, assert_login_redirect
from twincity.audit.models import AuditEvent
from twincity.commitments import workflow
from twincity.commitments.models import Item, ItemState


def url(item) -> str:
    return reverse("commitments:item_edit", args=[item.pk])


@pytest.fixture
def item(world):
    return world.item(
        list=f.make_list(name="议定事项"),
        code="10-01",
        title="川渝高铁",
        deadline="2025-12-31",
        working_group=world.group,
        state=ItemState.DRAFT,
    )


def form_data(world, item, **overrides) -> dict:
    return {
        "version": item.version,
        "code": item.code,
        "title": item.title,
        "area": "",
        "working_group": world.group.pk,
        "deadline": "2025-12-31",
        "report_frequency": "quarterly",
        "lead_cq": world.cq_unit.pk,
        "lead_sc": world.sc_unit.pk,
    } | overrides


def test_anonymous_is_sent_to_login(client, item):
    assert_login_redirect(client.get(url(item)))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office", 200),
        ("leader", 403),
        ("cq_liaison", 403),
        ("sc_head", 403),
        ("wg_lead", 403),
        ("outsider", 404),
    ]
    + [(admin, 404) for admin in ADMINS],
)
def test_access(as_user, item, persona, status):
    assert as_user(persona).get(url(item)).status_code == status


def test_the_form_shows_the_current_values_and_version(as_user, item):
    page = as_user("office").get(url(item)).content.decode()
    assert 'name="version" value="1"' in page
    assert 'value="川渝高铁"' in page
    assert 'name="list"' not in page  # an item stays in its list


def test_office_edits_through_the_workflow(as_user, world, item):
    data = form_data(world, item, title="川渝高铁互联互通", lead_sc=world.other_unit.pk)
    # other_unit is a Chongqing unit: refused for Sichuan's lead.
    assert as_user("office").post(url(item), data).status_code == 200
    data = form_data(
        world,
        item,
        title="川渝高铁互联互通",
        lead_cq=world.other_unit.pk,
        cooperating_units=[world.cq_unit.pk],
    )
    response = as_user("office").post(url(item), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("commitments:item_detail", args=[item.pk])
    item.refresh_from_db()
    assert item.title == "川渝高铁互联互通" and item.version == 2
    assert item.sides.get(party=world.cq).lead_unit == world.other_unit
    assert list(item.cooperating_units.all()) == [world.cq_unit]
    event = AuditEvent.objects.get(action="item.update", target_id=str(item.pk))
    assert event.before["title"] == "川渝高铁" and event.after["title"] == "川渝高铁互联互通"


def test_an_empty_lead_removes_that_side(as_user, world, item):
    response = as_user("office").post(url(item), form_data(world, item, lead_sc=""))
    assert response.status_code == 302
    assert [s.party.code for s in item.sides.all()] == ["cq"]


def test_invalid_input_is_named_and_nothing_is_written(as_user, world, item):
    response = as_user("office").post(url(item), form_data(world, item, title=""))
    assert response.status_code == 200
    assert "请填写“事项名称”。" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "川渝高铁" and item.version == 1


def test_a_code_taken_in_the_same_list_is_refused(as_user, world, item):
    world.item(list=item.list, code="10-02")
    response = as_user("office").post(url(item), form_data(world, item, code="10-02"))
    assert "已有编号为“10-02”的事项" in response.content.decode()
    item.refresh_from_db()
    assert item.code == "10-01"


def test_a_concurrent_edit_is_refused_and_the_input_kept(as_user, world, item):
    client = as_user("office")
    assert 'name="version" value="1"' in client.get(url(item)).content.decode()
    # Someone else saves first.
    workflow.update_item(world.users["office"], item, {"title": "他人的修改"}, None, 1)
    response = client.post(url(item), form_data(world, item, title="我的修改", version=1))
    page = response.content.decode()
    assert response.status_code == 409
    assert "该记录已被他人修改，您的修改未保存。" in page
    assert 'value="我的修改"' in page
    item.refresh_from_db()
    assert item.title == "他人的修改" and item.version == 2


def test_a_closed_item_cannot_be_edited(as_user, world, item):
    Item.objects.filter(pk=item.pk).update(state=ItemState.CLOSED)
    response = as_user("office").post(url(item), form_data(world, item, title="改"))
    assert response.status_code == 200
    assert "已销号或已撤销的事项不能修改。" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "川渝高铁"


def test_a_liaison_cannot_post_an_edit(as_user, world, item):
    response = as_user("cq_liaison").post(url(item), form_data(world, item, title="改"))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title == "川渝高铁"


def test_lead_change_after_assignment_is_refused_with_a_message(as_user, world, item):
    Item.objects.filter(pk=item.pk).update(state=ItemState.IN_PROGRESS)
    response = as_user("office").post(
        url(item), form_data(world, item, lead_cq=world.other_unit.pk)
    )
    assert "改派" in response.content.decode()
    assert item.sides.get(party=world.cq).lead_unit == world.cq_unit
