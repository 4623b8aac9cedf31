"""Progress reports: the liaison's form, the head's approval, the office's acceptance."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.item_page.conftest import audit_count, bring, messages_of, pdf
from twincity.commitments import workflow
from twincity.commitments.models import ProgressReport, ReportStatus

DATA = {
    "period": "2025年3月",
    "progress_text": "已开工建设",
    "percent": 30,
    "difficulties": "",
    "next_steps": "加快进度",
}


def form_url(item) -> str:
    return reverse("commitments:item_report", args=[item.pk])


@pytest.fixture
def working(world, new_item):
    return bring(world, new_item(), "in_progress")


def test_liaison_gets_the_form(as_user, working):
    response = as_user("cq_liaison").get(form_url(working))
    assert response.status_code == 200
    assert "进展情况" in response.content.decode() and "下一步措施" in response.content.decode()


@pytest.mark.parametrize("persona", ["office", "cq_head", "leader"])
def test_others_may_not_report(as_user, working, persona):
    assert as_user(persona).get(form_url(working)).status_code == 403
    assert as_user(persona).post(form_url(working), DATA).status_code == 403
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "auditor"])
def test_outsiders_get_404(as_user, working, persona):
    assert as_user(persona).get(form_url(working)).status_code == 404


def test_anonymous_goes_to_login(client, working):
    assert "login" in client.get(form_url(working))["Location"]


def test_no_report_on_a_draft(as_user, new_item):
    assert as_user("cq_liaison").get(form_url(new_item())).status_code == 403


def test_submit_goes_to_the_unit_head(world, as_user, working):
    response = as_user("cq_liaison").post(form_url(working), DATA)
    assert response["Location"] == reverse("commitments:item_detail", args=[working.pk])
    report = ProgressReport.objects.get()
    assert (report.party, report.unit, report.status) == (world.cq, world.cq_unit, "submitted")
    assert (report.period, report.percent, report.next_steps) == ("2025年3月", 30, "加快进度")
    assert working.transitions.filter(action="report", party=world.cq).exists()
    assert audit_count("report.submit", report) == 1


def test_unit_without_head_approval_goes_straight_to_office(world, as_user, working):
    world.sc_unit.head_approval = False
    world.sc_unit.save()
    as_user("sc_liaison").post(form_url(working), DATA)
    assert ProgressReport.objects.get().status == ReportStatus.APPROVED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"progress_text": ""}, "请填写进展情况。"),
        ({"percent": 101}, "完成进度须在 0 到 100 之间。"),
        ({"percent": -1}, "完成进度须在 0 到 100 之间。"),
        ({"percent": "abc"}, "完成进度须为 0 到 100 之间的整数。"),
    ],
)
def test_bad_input_names_the_field(as_user, working, change, message):
    response = as_user("cq_liaison").post(form_url(working), DATA | change)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_report_with_attachments(as_user, working, media):
    data = DATA | {"attachments": [pdf("现场照片.jpg"), pdf("进度表.xlsx")]}
    as_user("cq_liaison").post(form_url(working), data)
    report = ProgressReport.objects.get()
    assert sorted(report.attachments.values_list("name", flat=True)) == [
        "现场照片.jpg",
        "进度表.xlsx",
    ]


def test_report_with_a_forbidden_file_writes_nothing(as_user, working, media):
    response = as_user("cq_liaison").post(form_url(working), DATA | {"attachments": [pdf("x.exe")]})
    assert "类型不允许上传" in response.content.decode()
    assert not ProgressReport.objects.exists()


@override_settings(ATTACHMENT_MAX_BYTES=16)
def test_report_with_a_too_big_file_writes_nothing(as_user, working, media):
    response = as_user("cq_liaison").post(form_url(working), DATA | {"attachments": [pdf()]})
    assert "超过大小限制" in response.content.decode()
    assert not ProgressReport.objects.exists()


# --- approve / accept / return -------------------------------------------------------------------


@pytest.fixture
def submitted(world, working):
    return workflow.submit_report(world.users["cq_liaison"], working, DATA.copy())


def act(client, report, action, **data):
    report.refresh_from_db()
    data.setdefault("version", report.version)
    url = reverse("commitments:report_action", args=[report.pk, action])
    return client.post(url, data, follow=data.pop("follow", False))


def test_head_approves(world, as_user, submitted):
    assert act(as_user("cq_head"), submitted, "approve").status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.APPROVED
    assert submitted.approved_by == world.users["cq_head"]
    assert audit_count("report.approve", submitted) == 1


@pytest.mark.parametrize(
    ("persona", "action"),
    [
        ("sc_head", "approve"),
        ("office", "approve"),
        ("cq_liaison", "approve"),
        ("cq_head", "accept"),
        ("cq_liaison", "return"),
        ("leader", "accept"),
    ],
)
def test_wrong_persona_is_refused(as_user, submitted, persona, action):
    assert act(as_user(persona), submitted, action, reason="不同意").status_code == 403
    submitted.refresh_from_db()
    assert (submitted.status, submitted.version) == (ReportStatus.SUBMITTED, 1)


def test_outsider_gets_404(as_user, submitted):
    assert act(as_user("outsider"), submitted, "approve").status_code == 404


def test_office_cannot_accept_before_the_head_approved(as_user, submitted):
    response = act(as_user("office"), submitted, "accept", follow=True)
    assert "该反馈尚未经单位审核，不能采纳。" in messages_of(response)
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_office_accepts_and_the_report_locks(world, as_user, submitted):
    act(as_user("cq_head"), submitted, "approve")
    office = as_user("office")
    assert act(office, submitted, "accept").status_code == 302
    submitted.refresh_from_db()
    assert (
        submitted.status == ReportStatus.ACCEPTED and submitted.accepted_by == world.users["office"]
    )
    assert submitted.item.sides.get(party=world.cq).progress == 30
    for action in ("accept", "return"):
        assert act(office, submitted, action, reason="再看看").status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.ACCEPTED
    page = office.get(reverse("commitments:report_detail", args=[submitted.pk])).content.decode()
    assert "已锁定" in page and "data-report-action" not in page


def test_head_returns_with_reason(as_user, submitted):
    act(as_user("cq_head"), submitted, "return", reason="数据有误")
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_reason) == (ReportStatus.RETURNED, "数据有误")
    assert audit_count("report.return", submitted) == 1


def test_office_returns_an_approved_report(as_user, submitted):
    act(as_user("cq_head"), submitted, "approve")
    act(as_user("office"), submitted, "return", reason="请补充佐证")
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.RETURNED


def test_return_needs_a_reason(as_user, submitted):
    response = act(as_user("cq_head"), submitted, "return", reason="", follow=True)
    assert "请填写退回原因。" in messages_of(response)
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_stale_version_is_a_conflict(as_user, submitted):
    ProgressReport.objects.filter(pk=submitted.pk).update(version=2)
    response = act(as_user("cq_head"), submitted, "approve", version=1, follow=True)
    assert any("已被他人修改" in m for m in messages_of(response))
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_unknown_action_is_404(as_user, submitted):
    assert act(as_user("cq_head"), submitted, "delete").status_code == 404


def test_back_to_the_report_page(as_user, submitted):
    response = act(as_user("cq_head"), submitted, "approve", back="report")
    assert response["Location"] == reverse("commitments:report_detail", args=[submitted.pk])


def test_report_page(world, as_user, submitted):
    url = reverse("commitments:report_detail", args=[submitted.pk])
    head_page = as_user("cq_head").get(url)
    assert head_page.status_code == 200
    body = head_page.content.decode()
    assert "待单位审核" in body and 'data-report-action="approve"' in body
    assert 'data-report-action="approve"' not in as_user("office").get(url).content.decode()
    assert as_user("sc_liaison").get(url).status_code == 200
    assert as_user("outsider").get(url).status_code == 404
    assert as_user("sysadmin").get(url).status_code == 404


def test_item_page_shows_report_buttons_to_the_head(as_user, submitted):
    url = reverse("commitments:item_detail", args=[submitted.item_id])
    assert 'data-report-action="approve"' in as_user("cq_head").get(url).content.decode()
    assert 'data-report-action="approve"' not in as_user("sc_head").get(url).content.decode()
