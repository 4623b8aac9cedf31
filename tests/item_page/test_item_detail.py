"""The item page as each persona, and what it shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factory as f
from tests.item_page.conftest import pdf
from twincity.commitments import files, workflow
from twincity.commitments.models import Comment, ItemState, Milestone, Result, Transition
from twincity.lib import clock


def url(item) -> str:
    return reverse("commitments:item_detail", args=[item.pk])


def test_office_sees_page_with_office_buttons(as_user, new_item):
    item = new_item()
    response = as_user("office").get(url(item))
    assert response.status_code == 200
    body = response.content.decode()
    assert item.title in body and "草稿" in body
    assert reverse("commitments:item_action", args=[item.pk, "assign"]) in body
    assert reverse("commitments:item_action", args=[item.pk, "cancel"]) in body
    assert reverse("commitments:item_action", args=[item.pk, "sign"]) not in body


def test_liaison_sees_sign_button_when_assigned(world, as_user, new_item):
    item = new_item()
    sign_url = reverse("commitments:item_action", args=[item.pk, "sign"])
    assert sign_url not in as_user("cq_liaison").get(url(item)).content.decode()
    workflow.assign(world.users["office"], item)
    response = as_user("cq_liaison").get(url(item))
    assert response.status_code == 200
    body = response.content.decode()
    assert sign_url in body
    assert reverse("commitments:item_action", args=[item.pk, "assign"]) not in body


@pytest.mark.parametrize("persona", ["cq_head", "sc_liaison", "leader"])
def test_other_business_users_of_the_item_see_it(as_user, new_item, persona):
    item = new_item()
    assert as_user(persona).get(url(item)).status_code == 200


def test_working_group_lead_sees_the_groups_items(world, as_user, new_item):
    item = new_item(working_group=world.group)
    other = new_item(code="10-02")
    assert as_user("wg_lead").get(url(item)).status_code == 200
    assert as_user("wg_lead").get(url(other)).status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "sysadmin", "secadmin", "auditor"])
def test_outsiders_and_administrators_get_404(as_user, new_item, persona):
    assert as_user(persona).get(url(new_item())).status_code == 404


def test_anonymous_is_sent_to_login(client, new_item):
    response = client.get(url(new_item()))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_header_shows_decision_meeting_overdue_and_progress(world, as_user, new_item):
    meeting = f.make_meeting(11)
    decision = f.make_decision(meeting, 3, title="共建成渝中线高铁")
    item = new_item(source_decision=decision, working_group=world.group)
    item.deadline = clock.today() - dt.timedelta(1)
    item.state, item.progress = ItemState.IN_PROGRESS, 40
    item.save()
    body = as_user("office").get(url(item)).content.decode()
    assert "11-03" in body and "第十一次" in body
    assert "已逾期" in body and "40%" in body
    assert world.group.name in body and "重庆市发展改革委" in body and "四川省发展改革委" in body


def test_policy_need_shows_target_and_answer(world, as_user, policy_need):
    item = policy_need
    office = world.users["office"]
    workflow.agree(office, item)
    workflow.submit_need(office, item)
    workflow.record_answer(office, item, "partly", "原则同意，分步实施")
    body = as_user("cq_liaison").get(url(item)).content.decode()
    assert "国家发展改革委" in body and "部分支持" in body and "原则同意，分步实施" in body


def test_timeline_merges_everything_in_time_order(world, as_user, new_item, media):
    office, cq = world.users["office"], world.users["cq_liaison"]
    item = new_item()
    workflow.assign(office, item)
    workflow.sign(cq, item)
    Comment.objects.create(
        item=item, author=world.users["leader"], text="抓紧推进", is_instruction=True
    )
    files.save_attachment(pdf("方案.pdf"), office, item=item)
    body = as_user("office").get(url(item)).content.decode()
    labels = ["创建", "交办", "签收", "领导批示", "方案.pdf"]
    positions = [body.index(label, body.index('id="item-timeline"')) for label in labels]
    assert positions == sorted(positions)
    assert "border-danger" in body  # the instruction is highlighted


def test_sides_show_signature_and_closure_request(world, as_user, new_item, media):
    office, cq = world.users["office"], world.users["cq_liaison"]
    item = new_item()
    workflow.assign(office, item)
    workflow.sign(cq, item)
    workflow.sign(world.users["sc_liaison"], item)
    files.save_attachment(pdf(), cq, item=item)
    workflow.request_closure(cq, item, "已出台实施方案")
    body = as_user("office").get(url(item)).content.decode()
    assert "已出台实施方案" in body and "未签收" not in body


def test_results_and_milestones_are_listed(world, as_user, new_item):
    item = new_item()
    result = Result.objects.create(title="联合印发实施方案", type="document", date=clock.today())
    result.items.add(item)
    Milestone.objects.create(item=item, title="完成方案起草", due=clock.today())
    body = as_user("cq_liaison").get(url(item)).content.decode()
    assert "联合印发实施方案" in body and "完成方案起草" in body


def _fill(world, item, n: int) -> None:
    """n transitions, reports, comments and uploads on one item."""
    office, cq = world.users["office"], world.users["cq_liaison"]
    for i in range(n):
        Transition.objects.create(
            item=item,
            actor=office,
            action="assign",
            from_state="draft",
            to_state="assigned",
            party=world.cq,
        )
        report = item.reports.create(
            party=world.cq,
            unit=world.cq_unit,
            progress_text=f"进展{i}",
            percent=i % 100,
            submitted_by=cq,
            approved_by=office,
        )
        report.attachments.create(name="a.pdf", size=1, sha256="0", uploaded_by=cq, file="a.pdf")
        Comment.objects.create(item=item, author=office, text=f"意见{i}")
        item.attachments.create(name=f"f{i}.pdf", size=1, sha256="0", uploaded_by=cq, file="f.pdf")
        Milestone.objects.create(item=item, title=f"节点{i}", due=clock.today())
        result = Result.objects.create(title=f"成果{i}", type="document", date=clock.today())
        result.items.add(item)
        item.cooperating_units.add(f.make_unit(f"配合单位{i}-{item.pk}"))


@pytest.mark.parametrize("persona", ["office", "cq_liaison", "cq_head"])
def test_query_count_does_not_grow_with_timeline(
    world, as_user, new_item, persona, django_assert_num_queries
):
    item = new_item()
    workflow.assign(world.users["office"], item)
    small, big = item, new_item(code="10-02")
    workflow.assign(world.users["office"], big)
    _fill(world, small, 5)
    _fill(world, big, 50)
    client = as_user(persona)
    client.get(url(small))  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(small)).status_code == 200
    count = len(ctx.captured_queries)
    assert count < 25
    with django_assert_num_queries(count):
        assert client.get(url(big)).status_code == 200
