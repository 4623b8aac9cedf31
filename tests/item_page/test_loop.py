"""The closed loop lived through the pages by the office, both liaisons and a unit head."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.item_page.conftest import pdf, post_action
from twincity.commitments.models import Item, ProgressReport, ReportStatus


def _report(client: Client, item: Item, percent: int, text: str):
    url = reverse("commitments:item_report", args=[item.pk])
    data = {
        "period": "2025年第一季度",
        "progress_text": text,
        "percent": percent,
        "difficulties": "用地指标紧张",
        "next_steps": "加快审批",
    }
    return client.post(url, data)


def _report_action(client: Client, report: ProgressReport, action: str, **data):
    report.refresh_from_db()
    url = reverse("commitments:report_action", args=[report.pk, action])
    return client.post(url, {"version": report.version, **data})


def _state(item: Item) -> str:
    item.refresh_from_db()
    return item.state


def _both_request_closure(cq: Client, sc: Client, item: Item) -> None:
    assert (
        post_action(
            cq, item, "request_closure", note="渝方：方案已印发", evidence=pdf("渝方佐证.pdf")
        ).status_code
        == 302
    )
    assert _state(item) != "closure_requested"  # one side is not enough
    assert (
        post_action(
            sc, item, "request_closure", note="川方：方案已印发", evidence=pdf("川方佐证.pdf")
        ).status_code
        == 302
    )
    assert _state(item) == "closure_requested"


def _to_closure_requested(world, as_user, item: Item) -> tuple[Client, Client, Client]:
    world.sc_unit.head_approval = False  # 川方 reports go straight to the joint office
    world.sc_unit.save()
    office, cq, sc, head = (as_user(n) for n in ("office", "cq_liaison", "sc_liaison", "cq_head"))
    assert post_action(office, item, "assign").status_code == 302
    assert _state(item) == "assigned"
    post_action(cq, item, "sign")
    assert _state(item) == "assigned"
    post_action(sc, item, "sign")
    assert _state(item) == "in_progress"

    assert _report(cq, item, 60, "渝方已完成方案起草").status_code == 302
    assert _report(sc, item, 80, "川方已完成方案会签").status_code == 302
    cq_report = item.reports.get(party=world.cq)
    sc_report = item.reports.get(party=world.sc)
    assert (cq_report.status, sc_report.status) == (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    assert _report_action(head, cq_report, "approve").status_code == 302
    for report in (cq_report, sc_report):
        assert _report_action(office, report, "accept").status_code == 302
        report.refresh_from_db()
        assert report.status == ReportStatus.ACCEPTED and report.is_locked
    item.refresh_from_db()
    assert item.progress == 60  # the slower side's

    _both_request_closure(cq, sc, item)
    return office, cq, sc


def test_agreed_item_loop_through_the_pages(world, as_user, new_item, media):
    item = new_item()
    office, _cq, _sc = _to_closure_requested(world, as_user, item)
    assert post_action(office, item, "close", reason="核实无误，予以销号").status_code == 302
    item.refresh_from_db()
    assert (item.state, item.progress) == ("closed", 100)
    actions = list(item.transitions.values_list("action", flat=True))
    assert actions == [
        "create",
        "assign",
        "sign",
        "sign",
        "report",
        "report",
        "request_closure",
        "request_closure",
        "close",
    ]
    body = office.get(reverse("commitments:item_detail", args=[item.pk])).content.decode()
    for label in ["创建", "交办", "签收", "报送进展", "申请销号", "销号", "已采纳", "渝方佐证.pdf"]:
        assert label in body
    assert 'data-action="' not in body  # nothing left to do on a closed item


def test_return_path(world, as_user, new_item, media):
    item = new_item()
    office, cq, sc = _to_closure_requested(world, as_user, item)
    assert post_action(office, item, "return", reason="佐证材料不完整").status_code == 302
    assert _state(item) == "returned"
    assert not item.sides.filter(closure_requested_at__isnull=False).exists()
    body = cq.get(reverse("commitments:item_detail", args=[item.pk])).content.decode()
    assert "佐证材料不完整" in body and "已退回" in body
    _both_request_closure(cq, sc, item)
    post_action(office, item, "close")
    assert _state(item) == "closed"
    assert item.transitions.filter(action="return", reason="佐证材料不完整").exists()


def test_policy_need_path(world, as_user, policy_need):
    office, item = as_user("office"), policy_need
    assert _state(item) == "proposed"
    post_action(office, item, "agree", reason="双方共同商定向上争取")
    assert _state(item) == "agreed"
    post_action(office, item, "submit")
    assert _state(item) == "submitted"
    post_action(office, item, "answer", answer="supported", answer_text="国家发展改革委予以支持")
    assert _state(item) == "answered"
    post_action(office, item, "close")
    assert _state(item) == "closed"
    assert list(item.transitions.values_list("action", flat=True)) == [
        "create",
        "agree",
        "submit",
        "answer",
        "close",
    ]
    body = as_user("sc_liaison").get(reverse("commitments:item_detail", args=[item.pk]))
    for label in ["共同商定", "报送中央", "答复", "予以支持", "国家发展改革委予以支持"]:
        assert label in body.content.decode()
