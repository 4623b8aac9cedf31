"""The office's page of projects that have not reported for month N."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.projects.util import make_list, make_project, make_report
from tests.queries import queries_for
from twincity.lib import clock
from twincity.projects.models import ProjectRules, ReportStatus

URL = "/projects/missing/"
AFTER_DUE = dt.datetime(2026, 11, 22, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def plist(world):
    plist = make_list(2026)
    make_report(make_project(plist, "10", name="已报项目"), 10, "5", status=ReportStatus.SUBMITTED)
    make_report(make_project(plist, "10", name="被退回项目"), 10, "5", status=ReportStatus.RETURNED)
    make_project(plist, "10", name="未报项目")
    return plist


def test_lists_projects_without_a_report_and_marks_them_late(as_user, plist):
    with clock.travel(AFTER_DUE):
        text = as_user("office").get(URL, {"year": 2026, "month": 10}).content.decode()
    assert "未报项目" in text and "被退回项目" in text and "已报项目" not in text
    assert "逾期未报" in text and "2026-11-05" in text


def test_not_late_before_the_due_day(as_user, plist):
    with clock.travel(dt.datetime(2026, 11, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        text = as_user("office").get(URL, {"year": 2026, "month": 10}).content.decode()
    assert "未报项目" in text and "逾期未报" not in text


@pytest.mark.parametrize(
    ("name", "status"), [("leader", 200), ("cq_liaison", 403), ("auditor", 404)]
)
def test_personas(as_user, plist, name, status):
    assert as_user(name).get(URL, {"year": 2026}).status_code == status


def test_constant_queries(as_user, world):
    plist = make_list(2026)
    ProjectRules.current()
    client = as_user("office")
    for _ in range(5):
        make_project(plist, "1", units=[world.cq_unit])
    queries_for(client, URL)
    few = queries_for(client, f"{URL}?year=2026&month=10")
    for _ in range(45):
        make_project(plist, "1", units=[world.cq_unit])
    assert queries_for(client, f"{URL}?year=2026&month=10") == few
