"""Every workflow action through commitments:item_action: allowed and refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.item_page.conftest import audit_count, bring, bring_need, messages_of, pdf, post_action
from twincity.commitments.models import Attachment, Item, ItemSide, Transition

# action, start state, persona, posted data, state after, policy need?
ALLOWED: list[tuple[str, str, str, dict[str, Any], str, bool]] = [
    ("assign", "draft", "office", {}, "assigned", False),
    ("sign", "assigned", "cq_liaison", {}, "assigned", False),
    ("request_closure", "in_progress", "sc_liaison", {"note": "已建成投用"}, "in_progress", False),
    ("close", "closure_requested", "office", {"reason": "核实无误"}, "closed", False),
    ("return", "closure_requested", "office", {"reason": "佐证不足"}, "returned", False),
    ("suspend", "in_progress", "office", {"reason": "等待国家批复"}, "suspended", False),
    ("resume", "suspended", "office", {}, "in_progress", False),
    ("cancel", "in_progress", "office", {"reason": "已并入其他事项"}, "cancelled", False),
    ("agree", "proposed", "office", {}, "agreed", True),
    ("submit", "agreed", "office", {}, "submitted", True),
    (
        "answer",
        "submitted",
        "office",
        {"answer": "supported", "answer_text": "同意"},
        "answered",
        True,
    ),
    ("close", "answered", "office", {}, "closed", True),
]


def _start(world, new_item, policy_need, state: str, is_need: bool) -> Item:
    if is_need:
        return bring_need(world, policy_need, state)
    return bring(world, new_item(), state)


def _snapshot(item: Item) -> tuple:
    item.refresh_from_db()
    sides = list(
        ItemSide.objects.filter(item=item).values_list(
            "signed_at", "closure_requested_at", "closure_note"
        )
    )
    return item.state, item.version, item.transitions.count(), sides


@pytest.mark.parametrize(("action", "start", "persona", "data", "after", "is_need"), ALLOWED)
def test_allowed_action_changes_state_and_writes_rows(
    world, as_user, new_item, policy_need, action, start, persona, data, after, is_need
):
    item = _start(world, new_item, policy_need, start, is_need)
    if action == "request_closure":
        item.results.create(title="项目建成", type="project_done", date="2025-01-01")
    before = Transition.objects.filter(item=item, action=action).count()
    response = post_action(as_user(persona), item, action, **data)
    assert response.status_code == 302
    assert response["Location"] == reverse("commitments:item_detail", args=[item.pk])
    item.refresh_from_db()
    assert item.state == after
    assert Transition.objects.filter(item=item, action=action).count() == before + 1
    assert audit_count(f"item.{action}", item) >= 1


def test_answer_is_stored(world, as_user, policy_need):
    item = bring_need(world, policy_need, "submitted")
    post_action(as_user("office"), item, "answer", answer="partly", answer_text="分步支持")
    item.refresh_from_db()
    assert (item.answer, item.answer_text) == ("partly", "分步支持")


def test_signature_goes_to_the_liaisons_own_side(world, as_user, new_item):
    item = bring(world, new_item(), "assigned")
    post_action(as_user("sc_liaison"), item, "sign")
    side = item.sides.get(party=world.sc)
    assert side.signed_by == world.users["sc_liaison"]
    assert item.sides.get(party=world.cq).signed_at is None


OFFICE_ONLY = [
    ("assign", "draft"),
    ("close", "closure_requested"),
    ("return", "closure_requested"),
    ("suspend", "in_progress"),
    ("cancel", "in_progress"),
]


@pytest.mark.parametrize(("action", "start"), OFFICE_ONLY)
@pytest.mark.parametrize("persona", ["cq_liaison", "cq_head", "leader", "wg_lead"])
def test_office_actions_refused_to_others(world, as_user, new_item, action, start, persona):
    item = bring(world, new_item(working_group=world.group), start)
    before = _snapshot(item)
    response = post_action(as_user(persona), item, action, reason="试图操作")
    assert response.status_code == 403
    assert _snapshot(item) == before


@pytest.mark.parametrize(
    ("action", "start"), [("sign", "assigned"), ("request_closure", "in_progress")]
)
@pytest.mark.parametrize("persona", ["office", "cq_head", "leader"])
def test_side_actions_refused_to_non_liaisons(world, as_user, new_item, action, start, persona):
    item = bring(world, new_item(), start)
    before = _snapshot(item)
    assert post_action(as_user(persona), item, action, note="代为申请").status_code == 403
    assert _snapshot(item) == before


def test_policy_need_actions_refused_to_liaison(world, as_user, policy_need):
    before = _snapshot(policy_need)
    assert post_action(as_user("cq_liaison"), policy_need, "agree").status_code == 403
    assert _snapshot(policy_need) == before


def test_outsider_gets_404(world, as_user, new_item):
    item = new_item()
    assert post_action(as_user("outsider"), item, "assign").status_code == 404
    item.refresh_from_db()
    assert item.state == "draft"


def test_unknown_action_is_404_and_get_is_refused(world, as_user, new_item):
    item = new_item()
    assert post_action(as_user("office"), item, "explode").status_code == 404
    url = reverse("commitments:item_action", args=[item.pk, "assign"])
    assert as_user("office").get(url).status_code == 405


def test_anonymous_is_sent_to_login(client, new_item):
    item = new_item()
    response = post_action(client, item, "assign")
    assert response.status_code == 302 and "login" in response["Location"]
    item.refresh_from_db()
    assert item.state == "draft"


# action, start state, persona, data, expected message
WRONG: list[tuple[str, str, str, dict[str, Any], str]] = [
    ("close", "in_progress", "office", {}, "事项当前状态为“推进中”，不能执行此操作。"),
    ("assign", "in_progress", "office", {}, "不能执行此操作"),
    ("resume", "in_progress", "office", {}, "不能执行此操作"),
    ("sign", "in_progress", "cq_liaison", {}, "不能执行此操作"),
    ("request_closure", "assigned", "cq_liaison", {"note": "完成"}, "不能执行此操作"),
    ("return", "closure_requested", "office", {"reason": ""}, "请填写退回原因。"),
    ("suspend", "in_progress", "office", {}, "请填写暂停原因。"),
    ("cancel", "draft", "office", {"reason": "  "}, "请填写撤销原因。"),
    (
        "request_closure",
        "in_progress",
        "cq_liaison",
        {"note": "完成"},
        "须关联工作成果或上传佐证材料",
    ),
    ("request_closure", "in_progress", "cq_liaison", {}, "请填写销号说明"),
]


@pytest.mark.parametrize(("action", "start", "persona", "data", "message"), WRONG)
def test_refused_by_the_workflow_shows_message_and_changes_nothing(
    world, as_user, new_item, action, start, persona, data, message
):
    item = bring(world, new_item(), start)
    if message == "请填写销号说明":
        item.results.create(title="项目建成", type="project_done", date="2025-01-01")
    before = _snapshot(item)
    response = post_action(as_user(persona), item, action, follow=True, **data)
    assert response.status_code == 200
    assert any(message in m for m in messages_of(response)), messages_of(response)
    assert _snapshot(item) == before


def test_signing_twice_says_already_signed(world, as_user, new_item):
    item = bring(world, new_item(), "assigned")
    client = as_user("cq_liaison")
    post_action(client, item, "sign")
    before = _snapshot(item)
    response = post_action(client, item, "sign", follow=True)
    assert "本方已签收。" in messages_of(response)
    assert _snapshot(item) == before


def test_assign_without_deadline_is_refused(world, as_user, new_item):
    item = new_item(deadline=None)
    response = post_action(as_user("office"), item, "assign", follow=True)
    assert "请先填写完成时限。" in messages_of(response)
    item.refresh_from_db()
    assert item.state == "draft"


def test_submit_need_without_target_is_refused(world, as_user, policy_need):
    item = bring_need(world, policy_need, "agreed")
    item.target_unit = None
    item.save()
    response = post_action(as_user("office"), item, "submit", follow=True)
    assert "请先填写争取对象（中央部委）。" in messages_of(response)
    item.refresh_from_db()
    assert item.state == "agreed"


def test_answer_without_choice_is_refused(world, as_user, policy_need):
    item = bring_need(world, policy_need, "submitted")
    response = post_action(as_user("office"), item, "answer", answer_text="同意", follow=True)
    assert "请选择答复结果。" in messages_of(response)
    item.refresh_from_db()
    assert item.state == "submitted"


@pytest.mark.parametrize(
    ("action", "start", "persona"),
    [
        ("assign", "draft", "office"),
        ("sign", "assigned", "cq_liaison"),
        ("close", "closure_requested", "office"),
        ("suspend", "in_progress", "office"),
    ],
)
def test_stale_version_shows_conflict_and_changes_nothing(
    world, as_user, new_item, action, start, persona
):
    item = bring(world, new_item(), start)
    seen = item.version
    Item.objects.filter(pk=item.pk).update(version=seen + 1)  # someone else saved meanwhile
    before = _snapshot(item)
    response = post_action(as_user(persona), item, action, version=seen, reason="理由", follow=True)
    assert any("已被他人修改" in m for m in messages_of(response))
    assert _snapshot(item) == before


def test_missing_version_is_refused(world, as_user, new_item):
    item = new_item()
    url = reverse("commitments:item_action", args=[item.pk, "assign"])
    response = as_user("office").post(url, {}, follow=True)
    assert "页面已过期，请刷新后重新操作。" in messages_of(response)
    item.refresh_from_db()
    assert item.state == "draft"


def test_closure_with_evidence_file_through_the_page(world, as_user, new_item, media):
    item = bring(world, new_item(), "in_progress")
    response = post_action(
        as_user("cq_liaison"),
        item,
        "request_closure",
        note="已签署合作协议",
        evidence=pdf("协议.pdf"),
    )
    assert response.status_code == 302
    side = item.sides.get(party=world.cq)
    assert side.closure_note == "已签署合作协议"
    assert list(item.attachments.values_list("name", flat=True)) == ["协议.pdf"]


def test_refused_closure_keeps_no_evidence(world, as_user, new_item, media):
    item = bring(world, new_item(), "in_progress")
    before = _snapshot(item)
    response = post_action(
        as_user("cq_liaison"),
        item,
        "request_closure",
        note="完成",
        evidence=pdf(),
        version=item.version - 1,
        follow=True,
    )
    assert any("已被他人修改" in m for m in messages_of(response))
    assert _snapshot(item) == before
    assert not Attachment.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_closure_evidence_of_wrong_type_is_refused(world, as_user, new_item, media):
    item = bring(world, new_item(), "in_progress")
    before = _snapshot(item)
    bad = pdf("setup.exe")
    response = post_action(
        as_user("cq_liaison"), item, "request_closure", note="完成", evidence=bad, follow=True
    )
    assert any("类型不允许上传" in m for m in messages_of(response))
    assert _snapshot(item) == before


def test_closure_may_name_a_result(world, as_user, new_item):
    item = bring(world, new_item(), "in_progress")
    mine = item.results.model.objects.create(
        title="川渝通办第四批上线",
        type="service",
        date="2025-03-01",
        created_by=world.users["cq_liaison"],
    )
    post_action(as_user("cq_liaison"), item, "request_closure", note="已上线", result=mine.pk)
    assert list(item.results.all()) == [mine]
    assert item.sides.get(party=world.cq).closure_requested_at is not None


def test_htmx_gets_the_page_body_with_the_message(world, as_user, new_item):
    item = new_item()
    client = as_user("office")
    item.refresh_from_db()
    url = reverse("commitments:item_action", args=[item.pk, "assign"])
    response = client.post(url, {"version": item.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<div id="item-body">') and "<html" not in body
    assert "已完成“交办”。" in body and "已交办" in body
