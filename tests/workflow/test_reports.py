import pytest
from django.core.exceptions import PermissionDenied

from tests.workflow.helpers import in_progress
from twincity.commitments import workflow as wf
from twincity.commitments.models import ReportStatus

DATA = {
    "progress_text": "已完成方案编制",
    "difficulties": "用地指标紧张",
    "next_steps": "报批",
    "percent": 40,
}


def test_report_goes_head_then_office_and_sets_progress(world):
    item = in_progress(world)
    report = wf.submit_report(world.users["cq_liaison"], item, dict(DATA))
    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(PermissionDenied):
        wf.approve_report(world.users["sc_head"], report)
    with pytest.raises(wf.WorkflowError):
        wf.accept_report(world.users["office"], report)
    wf.approve_report(world.users["cq_head"], report)
    wf.accept_report(world.users["office"], report)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    item.refresh_from_db()
    assert item.sides.get(party=world.cq).progress == 40
    assert item.progress == 0  # the slower side has not reported yet
    with pytest.raises(wf.WorkflowError):
        wf.return_report(world.users["office"], report, "重写")


def test_unit_without_head_approval_goes_straight_to_the_office(world):
    world.sc_unit.head_approval = False
    world.sc_unit.save()
    report = wf.submit_report(world.users["sc_liaison"], in_progress(world), dict(DATA))
    assert report.status == ReportStatus.APPROVED


def test_report_checks(world):
    item = in_progress(world)
    with pytest.raises(wf.WorkflowError, match="进展情况"):
        wf.submit_report(world.users["cq_liaison"], item, DATA | {"progress_text": ""})
    with pytest.raises(wf.WorkflowError, match="0 到 100"):
        wf.submit_report(world.users["cq_liaison"], item, DATA | {"percent": 140})
    with pytest.raises(PermissionDenied):
        wf.submit_report(world.users["outsider"], item, dict(DATA))
    assert not item.reports.exists()


def test_returns_need_a_reason_and_the_right_person(world):
    report = wf.submit_report(world.users["cq_liaison"], in_progress(world), dict(DATA))
    with pytest.raises(PermissionDenied):
        wf.return_report(world.users["office"], report, "不完整")  # still with the head
    with pytest.raises(wf.WorkflowError, match="退回原因"):
        wf.return_report(world.users["cq_head"], report, "")
    wf.return_report(world.users["cq_head"], report, "不完整")
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "不完整")
