"""The projects page: the year's list with figures by area, filters, personas, queries."""

import pytest

from tests.projects.util import area, make_list, make_project, make_report
from tests.queries import queries_for
from twincity.projects.models import ProjectRules

URL = "/projects/"


@pytest.fixture
def plist(world):
    plist = make_list(2025)
    mine = make_project(plist, "100", units=[world.cq_unit], name="成渝中线高铁测试段")
    make_report(mine, 12, "121.5")
    make_project(plist, "50", units=[world.sc_unit], name="川南天然气管道", area=area("现代产业"))
    return plist


def test_office_sees_figures_and_all_projects(as_user, plist):
    response = as_user("office").get(URL, {"year": 2025})
    assert response.status_code == 200
    text = response.content.decode()
    assert "成渝中线高铁测试段" in text and "川南天然气管道" in text
    assert "1—12月，共建重点项目完成投资121.50亿元，年度投资完成率81.00%" in text
    assert "现代产业" in text


def test_liaison_sees_only_projects_of_their_unit(as_user, plist):
    text = as_user("cq_liaison").get(URL, {"year": 2025}).content.decode()
    assert "成渝中线高铁测试段" in text
    assert "川南天然气管道" not in text


@pytest.mark.parametrize("name", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404(as_user, plist, name):
    assert as_user(name).get(URL).status_code == 404


def test_anonymous_is_sent_to_login(client, plist):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_filters(as_user, plist):
    client = as_user("office")
    text = client.get(URL, {"year": 2025, "area": area("现代产业").pk}).content.decode()
    assert "川南天然气管道" in text and "成渝中线高铁测试段" not in text
    text = client.get(URL, {"year": 2025, "light": "red"}).content.decode()
    assert "川南天然气管道" in text and "成渝中线高铁测试段" not in text
    text = client.get(URL, {"year": 2025, "q": "高铁"}).content.decode()
    assert "川南天然气管道" not in text and "成渝中线高铁测试段" in text


def test_bad_filter_value_names_the_field(as_user, plist):
    response = as_user("office").get(URL, {"year": 2025, "stage": "bogus"})
    assert response.status_code == 200
    assert "建设阶段" in response.content.decode()


def test_constant_queries(as_user, world):
    plist = make_list(2025)
    ProjectRules.current()  # the first request of all would create the settings row
    client = as_user("cq_liaison")

    def grow(n):
        for _ in range(n):
            p = make_project(plist, "10", units=[world.cq_unit], area=area(f"领域{_ % 3}"))
            make_report(p, 3, "2")

    grow(5)
    queries_for(client, URL)  # the first request also saves the session
    few = queries_for(client, f"{URL}?year=2025&month=3")
    grow(45)
    assert queries_for(client, f"{URL}?year=2025&month=3") == few
