"""Creating an item (office only), prefilled from a decision or a list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ALL_PERSONAS, assert_login_redirect
from twincity.audit.models import AuditEvent
from twincity.commitments.models import Item, ItemState, ListKind, Transition

URL = reverse("commitments:item_create")


def form_data(world, item_list, **overrides) -> dict:
    return {
        "list": item_list.pk,
        "code": "10-01",
        "title": "推动川渝高铁互联互通",
        "description": "加快成渝中线高铁建设",
        "area": "现代基础设施",
        "working_group": world.group.pk,
        "cooperating_units": [world.other_unit.pk],
        "deadline": "2025-12-31",
        "result_form": "项目开工",
        "report_frequency": "quarterly",
        "is_major": "on",
        "lead_cq": world.cq_unit.pk,
        "lead_sc": world.sc_unit.pk,
    } | overrides


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_the_office_may_open_the_form(as_user, persona):
    assert as_user(persona).get(URL).status_code == (200 if persona == "office" else 403)


def test_anonymous_is_sent_to_login(client, world):
    assert_login_redirect(client.get(URL))


def test_the_form_has_one_lead_unit_field_per_party(as_user, world):
    page = as_user("office").get(URL).content.decode()
    assert "牵头单位（渝）" in page and "牵头单位（川）" in page
    lead_cq = page.split('name="lead_cq"')[1].split("</select>")[0]
    assert "重庆市发展改革委" in lead_cq and "四川省发展改革委" not in lead_cq


def test_office_creates_an_item_through_the_workflow(as_user, world):
    item_list = f.make_list()
    response = as_user("office").post(URL, form_data(world, item_list))
    item = Item.objects.get(code="10-01")
    assert response.status_code == 302
    assert response["Location"] == reverse("commitments:item_detail", args=[item.pk])
    assert item.state == ItemState.DRAFT and item.is_major and item.working_group == world.group
    assert {s.party.code: s.lead_unit for s in item.sides.all()} == {
        "cq": world.cq_unit,
        "sc": world.sc_unit,
    }
    assert list(item.cooperating_units.all()) == [world.other_unit]
    assert item.created_by == world.users["office"]
    assert AuditEvent.objects.filter(action="item.create", target_id=str(item.pk)).exists()
    assert Transition.objects.filter(item=item, action="create").exists()


def test_a_policy_need_starts_proposed_with_its_target(as_user, world):
    needs = f.make_list(ListKind.POLICY_NEEDS)
    ministry = f.make_unit("国家发展改革委", None, code="ndrc")
    data = form_data(world, needs, target_unit=ministry.pk, lead_sc="")
    assert as_user("office").post(URL, data).status_code == 302
    item = Item.objects.get()
    assert item.state == ItemState.PROPOSED and item.target_unit == ministry
    assert [s.party.code for s in item.sides.all()] == ["cq"]


def test_a_missing_title_is_named_and_nothing_is_written(as_user, world):
    response = as_user("office").post(URL, form_data(world, f.make_list(), title=""))
    assert response.status_code == 200
    assert "请填写“事项名称”。" in response.content.decode()
    assert not Item.objects.exists()
    assert not AuditEvent.objects.filter(action="item.create").exists()


def test_a_lead_unit_of_the_wrong_party_is_refused(as_user, world):
    response = as_user("office").post(
        URL, form_data(world, f.make_list(), lead_cq=world.sc_unit.pk)
    )
    assert response.status_code == 200
    assert "牵头单位（渝）：" in response.content.decode()
    assert not Item.objects.exists()


def test_a_code_is_unique_within_its_list(as_user, world):
    item_list = f.make_list(name="第十次会议议定事项")
    world.item(list=item_list, code="10-01")
    response = as_user("office").post(URL, form_data(world, item_list))
    page = response.content.decode()
    assert response.status_code == 200
    assert "清单“第十次会议议定事项”中已有编号为“10-01”的事项。" in page
    assert Item.objects.count() == 1
    # The same code in another list is fine.
    assert as_user("office").post(URL, form_data(world, f.make_list())).status_code == 302


def test_a_bad_date_is_named(as_user, world):
    response = as_user("office").post(URL, form_data(world, f.make_list(), deadline="2025-13-40"))
    assert response.status_code == 200
    assert "完成时限：" in response.content.decode()
    assert not Item.objects.exists()


def test_a_liaison_cannot_post(as_user, world):
    response = as_user("cq_liaison").post(URL, form_data(world, f.make_list()))
    assert response.status_code == 403
    assert not Item.objects.exists()


def test_prefill_from_a_decision(as_user, world):
    meeting = f.make_meeting(10)
    item_list = f.make_list(name="第十次会议议定事项", source_meeting=meeting)
    decision = f.make_decision(meeting, 3, title="共建西部陆海新通道", text="扩大班列开行")
    page = as_user("office").get(URL, {"decision": decision.pk}).content.decode()
    assert f'<option value="{item_list.pk}" selected>' in page
    assert 'value="共建西部陆海新通道"' in page and "扩大班列开行" in page
    assert f'name="source_decision" value="{decision.pk}"' in page
    data = form_data(world, item_list, source_decision=decision.pk)
    assert as_user("office").post(URL, data).status_code == 302
    assert Item.objects.get().source_decision == decision


def test_prefill_from_a_list_and_bad_prefills_are_ignored(as_user, world):
    item_list = f.make_list()
    page = as_user("office").get(URL, {"list": item_list.pk}).content.decode()
    assert f'<option value="{item_list.pk}" selected>' in page
    assert as_user("office").get(URL, {"list": "x", "decision": 999}).status_code == 200
