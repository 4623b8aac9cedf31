"""The joint office approves or refuses an extension; the history keeps every deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.supervision.ladder_helpers import at, item_url, open_round, working_item
from twincity.audit.models import AuditEvent
from twincity.commitments.models import Transition
from twincity.lib import clock
from twincity.supervision import extensions
from twincity.supervision.models import Extension, ExtensionStatus

S = ExtensionStatus
OLD, NEW = dt.date(2025, 9, 30), dt.date(2025, 12, 31)


@pytest.fixture
def pending(world):
    with clock.travel(at(dt.date(2025, 7, 1))):
        item = working_item(world, deadline=OLD)
        open_round(world, dt.date(2025, 7, 31), [item], period="2025年7月")
        return extensions.request_extension(
            world.users["cq_liaison"], item, None, NEW, "国家层面审批尚未完成"
        )


def url(ext, decision: str) -> str:
    return reverse("supervision:extension_decide", args=[ext.pk, decision])


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_approval_moves_the_deadline_and_the_history_keeps_the_old_one(world, as_user, pending):
    item = pending.item
    with clock.travel(at(dt.date(2025, 7, 5))):
        response = as_user("office").post(url(pending, "approve"), {"reason": "理由充分"})
    assert response.status_code == 302 and response.url.startswith(item_url(item))
    item.refresh_from_db()
    pending.refresh_from_db()
    assert item.deadline == NEW
    assert (pending.status, pending.old_deadline, pending.new_deadline) == (S.APPROVED, OLD, NEW)
    assert pending.decided_by == world.users["office"] and pending.decision_reason == "理由充分"
    extend = Transition.objects.get(item=item, action="extend")
    assert "2025-09-30" in extend.reason and "2025-12-31" in extend.reason
    assert AuditEvent.objects.filter(action="extension.approve", target_id=str(pending.pk)).exists()
    event = AuditEvent.objects.get(action="item.extend", target_id=str(item.pk))
    assert event.after["old_deadline"] == "2025-09-30"

    page = as_user("cq_liaison").get(item_url(item)).content.decode()
    assert "已同意" in page and "2025-09-30 → 2025-12-31" in page
    assert "延期" in page  # the timeline's entry for the extend transition
    rnd = pending.item.expected_reports.get(party=world.cq).round
    assert extensions.round_extension_figures(rnd) == {"pending": 0, "approved": 1, "refused": 0}


def test_refusal_keeps_the_deadline_and_the_reason(world, as_user, pending):
    item = pending.item
    with clock.travel(at(dt.date(2025, 7, 5))):
        response = as_user("office").post(url(pending, "refuse"), {"reason": "不符合延期条件"})
    assert response.status_code == 302
    item.refresh_from_db()
    pending.refresh_from_db()
    assert item.deadline == OLD
    assert pending.status == S.REFUSED and pending.decision_reason == "不符合延期条件"
    assert not Transition.objects.filter(item=item, action="extend").exists()
    assert AuditEvent.objects.filter(action="extension.refuse", target_id=str(pending.pk)).exists()

    page = as_user("cq_liaison").get(item_url(item)).content.decode()
    assert "未同意" in page and "不符合延期条件" in page
    rnd = pending.item.expected_reports.get(party=world.cq).round
    assert extensions.round_extension_figures(rnd) == {"pending": 0, "approved": 0, "refused": 1}
    assert extensions.extended_item_ids([item.pk]) == set()


def test_a_refusal_needs_a_reason(as_user, pending):
    response = as_user("office").post(url(pending, "refuse"), {"reason": ""}, follow=True)
    assert "请填写不同意延期的理由" in messages_of(response)
    pending.refresh_from_db()
    assert pending.status == S.PENDING


def test_a_decided_request_cannot_be_decided_again(as_user, pending):
    client = as_user("office")
    client.post(url(pending, "approve"))
    response = client.post(url(pending, "refuse"), {"reason": "改变主意"}, follow=True)
    assert "该延期申请已审批" in messages_of(response)
    pending.refresh_from_db()
    assert pending.status == S.APPROVED


def test_after_a_decision_the_liaison_may_ask_again(world, as_user, pending):
    as_user("office").post(url(pending, "refuse"), {"reason": "材料不全"})
    page = as_user("cq_liaison").get(item_url(pending.item)).content.decode()
    assert 'id="extension-request-form"' in page


def test_the_office_decides_from_the_item_page_and_from_the_list(as_user, pending):
    page = as_user("office").get(item_url(pending.item)).content.decode()
    assert url(pending, "approve") in page and url(pending, "refuse") in page
    response = as_user("office").post(url(pending, "approve"), {"back": "list"})
    assert response.url == reverse("supervision:extensions")


@pytest.mark.parametrize("persona", ["cq_liaison", "sc_liaison", "cq_head", "leader"])
def test_only_the_office_decides(as_user, pending, persona):
    assert as_user(persona).post(url(pending, "approve")).status_code == 403
    pending.refresh_from_db()
    assert pending.status == S.PENDING
    page = as_user(persona).get(item_url(pending.item)).content.decode()
    assert url(pending, "approve") not in page


@pytest.mark.parametrize("persona", ["outsider", "wg_lead"])
def test_people_who_cannot_see_the_item_get_404(as_user, pending, persona):
    assert as_user(persona).post(url(pending, "approve")).status_code == 404


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404(as_user, pending, persona):
    assert as_user(persona).post(url(pending, "approve")).status_code == 404


def test_anonymous_goes_to_login(client, pending):
    response = client.post(url(pending, "approve"))
    assert response.status_code == 302 and "/login" in response.url


def test_an_unknown_decision_is_404(as_user, pending):
    assert as_user("office").post(url(pending, "maybe")).status_code == 404


def test_get_is_not_allowed(as_user, pending):
    assert as_user("office").get(url(pending, "approve")).status_code == 405


def test_the_verb_refuses_a_date_overtaken_meanwhile(world, pending):
    from twincity.commitments import workflow as wf
    from twincity.commitments.workflow import WorkflowError

    wf.extend_deadline(world.users["office"], pending.item, dt.date(2026, 3, 31), "另行调整")
    with pytest.raises(WorkflowError, match="不晚于现完成时限"):
        extensions.decide_extension(world.users["office"], pending, True, "")
    assert Extension.objects.get().status == S.PENDING
