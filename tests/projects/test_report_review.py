"""The joint office accepts (and locks) or returns a monthly report."""

import pytest

from tests.projects.util import make_list, make_project, make_report
from twincity.projects.models import ReportStatus


@pytest.fixture
def report(world):
    project = make_project(make_list(2025), "100", units=[world.cq_unit])
    return make_report(project, 5, "40", status=ReportStatus.SUBMITTED)


def test_office_accepts(as_user, report, world):
    response = as_user("office").post(f"/projects/reports/{report.pk}/accept/", {"version": 1})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.is_locked
    assert report.accepted_by == world.users["office"]


def test_stale_accept_is_refused(as_user, report):
    client = as_user("office")
    response = client.post(f"/projects/reports/{report.pk}/accept/", {"version": 7}, follow=True)
    assert "已被他人修改" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_office_returns_with_a_reason(as_user, report):
    client = as_user("office")
    client.post(f"/projects/reports/{report.pk}/return/", {"version": 1, "reason": "数据有误"})
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "数据有误")


def test_return_needs_a_reason(as_user, report):
    as_user("office").post(f"/projects/reports/{report.pk}/return/", {"version": 1, "reason": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("name", ["cq_liaison", "leader"])
def test_non_office_readers_get_403(as_user, report, name):
    assert (
        as_user(name).post(f"/projects/reports/{report.pk}/accept/", {"version": 1}).status_code
        == 403
    )


@pytest.mark.parametrize("name", ["outsider", "auditor"])
def test_others_get_404(as_user, report, name):
    assert (
        as_user(name).post(f"/projects/reports/{report.pk}/accept/", {"version": 1}).status_code
        == 404
    )
