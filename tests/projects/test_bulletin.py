"""The monthly dispatch bulletin: the standard sentences with the list's real numbers."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.projects.util import make_list, make_project, make_report
from tests.queries import queries_for
from twincity.lib import clock
from twincity.projects.demo import build_demo
from twincity.projects.models import ProjectRules

URL = "/projects/bulletin/"


def test_bulletin_states_hand_computed_figures(as_user, small_list):
    _, (p1, p2, _, p4) = small_list
    text = as_user("office").get(URL, {"year": 2025, "month": 8}).content.decode()
    assert (
        "1—8月，共建重点项目完成投资131.00亿元，年度投资完成率65.34%，落后时序进度1.33个百分点。"
        in text
    )
    assert (
        "现代基础设施：2个项目，年度计划投资150.00亿元，完成投资100.00亿元，完成率66.67%，超时序进度0.00个百分点。"
        in text
    )
    assert (
        "现代产业：2个项目，年度计划投资50.50亿元，完成投资31.00亿元，完成率61.39%，落后时序进度5.28个百分点。"
        in text
    )
    assert "计划新开工项目2个，已开工1个；1个项目已完成年度投资计划。" in text
    late = text.split('id="late-projects"')[1].split("</table>")[0]
    assert p2.name in late and p4.name in late and p1.name not in late


def test_open_support_requests_are_listed(as_user, world):
    project = make_project(make_list(2025), "10", units=[world.cq_unit])
    report = make_report(project, 3, "2")
    report.supports.create(kind="energy", text="临时用电接入困难", to_unit=world.cq_unit)
    report.supports.create(
        kind="land",
        text="已经解决的用地问题",
        to_unit=world.cq_unit,
        answer="好",
        answered_at=clock.now(),
    )
    text = as_user("leader").get(URL, {"year": 2025, "month": 3}).content.decode()
    assert "临时用电接入困难" in text and "已经解决的用地问题" not in text


def test_demo_2025_bulletin_has_the_published_totals(as_user, world):
    with clock.travel(dt.datetime(2026, 11, 22, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        build_demo(world.users["office"])
    text = as_user("office").get(URL, {"year": 2025, "month": 12}).content.decode()
    assert (
        "1—12月，共建重点项目完成投资5332.42亿元，年度投资完成率121.08%，超时序进度21.08个百分点。"
        in text
    )
    assert text.count("tc-area-line") == 7


@pytest.mark.parametrize("name", ["cq_liaison", "wg_lead", "outsider"])
def test_scoped_users_get_403(as_user, small_list, name):
    assert as_user(name).get(URL, {"year": 2025}).status_code == 403


@pytest.mark.parametrize("name", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404(as_user, small_list, name):
    assert as_user(name).get(URL, {"year": 2025}).status_code == 404


def test_anonymous_is_sent_to_login(client, small_list):
    assert client.get(URL).status_code == 302


def test_constant_queries(as_user, world):
    plist = make_list(2025)
    ProjectRules.current()
    client = as_user("office")

    def grow(n):
        for i in range(n):
            p = make_project(plist, "10", units=[world.cq_unit])
            r = make_report(p, 3, "0.5" if i % 2 else "5")
            r.supports.create(kind="funds", text="资金缺口", to_unit=world.cq_unit)

    grow(5)
    queries_for(client, URL)
    few = queries_for(client, f"{URL}?year=2025&month=3")
    grow(45)
    assert queries_for(client, f"{URL}?year=2025&month=3") == few
