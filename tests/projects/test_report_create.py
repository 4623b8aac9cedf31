"""A liaison of a responsible unit submits a monthly report (with a support request)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.projects.util import make_list, make_project, make_report
from twincity.audit.models import AuditEvent
from twincity.lib import clock
from twincity.projects.models import MonthlyReport, ReportStatus, SupportRequest

NOW = dt.datetime(2026, 11, 22, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def project(world):
    return make_project(make_list(2026), "100", units=[world.cq_unit])


def url(project):
    return f"/projects/{project.pk}/report/"


def post(client, project, **kw):
    data = {"month": 10, "cumulative_completed": "85.5", "progress": "主体施工"} | kw
    with clock.travel(NOW):
        return client.post(url(project), data)


def test_liaison_submits_with_a_support_request(as_user, project, world):
    response = post(
        as_user("cq_liaison"),
        project,
        support_kind="land",
        support_text="用地指标不足",
        support_to_unit=world.other_unit.pk,
    )
    assert response.status_code == 302
    report = MonthlyReport.objects.get(project=project, month=10)
    assert report.cumulative_completed == Decimal("85.5")
    assert report.status == ReportStatus.SUBMITTED
    support = SupportRequest.objects.get(report=report)
    assert support.to_unit == world.other_unit and support.is_open
    assert AuditEvent.objects.filter(action="projects.report_submit").exists()


def test_form_defaults_to_last_month(as_user, project):
    with clock.travel(NOW):
        response = as_user("cq_liaison").get(url(project))
    assert response.status_code == 200
    assert response.context["form"].initial["month"] == 10


def test_support_request_needs_all_its_fields(as_user, project):
    response = post(as_user("cq_liaison"), project, support_text="用地指标不足")
    assert response.status_code == 200
    assert "提出诉求时请选择协调单位" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_negative_amount_is_refused(as_user, project):
    response = post(as_user("cq_liaison"), project, cumulative_completed="-1")
    assert "1—N月累计完成投资（亿元）" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_accepted_report_is_locked(as_user, project):
    report = make_report(project, 10, "80")
    response = post(as_user("cq_liaison"), project, version=report.version)
    assert "已受理并锁定" in response.content.decode()
    report.refresh_from_db()
    assert report.cumulative_completed == Decimal("80")


def test_returned_report_is_resubmitted_and_stale_version_refused(as_user, project):
    report = make_report(project, 10, "80", status=ReportStatus.RETURNED, version=2)
    stale = post(as_user("cq_liaison"), project, version=1)
    assert "已被他人修改" in stale.content.decode()
    assert post(as_user("cq_liaison"), project, version=2).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.SUBMITTED, 3)
    assert report.cumulative_completed == Decimal("85.5")


@pytest.mark.parametrize("name", ["office", "leader"])
def test_readers_who_are_not_responsible_get_403(as_user, project, name):
    assert as_user(name).get(url(project)).status_code == 403


@pytest.mark.parametrize("name", ["outsider", "sc_liaison", "sysadmin"])
def test_others_get_404(as_user, project, name):
    assert as_user(name).get(url(project)).status_code == 404


def test_anonymous_is_sent_to_login(client, project):
    assert client.get(url(project)).status_code == 302


def test_cumulative_figure_may_not_go_down(as_user, project):
    make_report(project, 9, "90")
    response = post(as_user("cq_liaison"), project, cumulative_completed="85.5")
    assert "不能小于9月已报的累计数" in response.content.decode()
    assert not MonthlyReport.objects.filter(month=10).exists()


def test_future_month_is_refused(as_user, project):
    response = post(as_user("cq_liaison"), project, month=12)
    assert "不能报送尚未到来的月份" in response.content.decode()
    assert not MonthlyReport.objects.exists()
