"""Support requests are routed to a unit, which (or the office) answers them."""

import pytest

from tests.projects.util import make_list, make_project, make_report
from tests.queries import queries_for
from twincity.projects.models import SupportRequest

URL = "/projects/supports/"


@pytest.fixture
def support(world):
    project = make_project(make_list(2025), "10", units=[world.cq_unit], name="成达万高铁测试段")
    report = make_report(project, 4, "3")
    return SupportRequest.objects.create(
        report=report, kind="land", text="新增建设用地指标", to_unit=world.other_unit
    )


def test_addressed_unit_sees_and_answers(as_user, support):
    client = as_user("outsider")  # a liaison of world.other_unit
    assert "新增建设用地指标" in client.get(URL).content.decode()
    response = client.post(f"{URL}{support.pk}/answer/", {"answer": "已安排指标"})
    assert response.status_code == 302
    support.refresh_from_db()
    assert support.answer == "已安排指标" and not support.is_open


def test_empty_answer_is_refused(as_user, support):
    as_user("office").post(f"{URL}{support.pk}/answer/", {"answer": " "})
    support.refresh_from_db()
    assert support.is_open


def test_reporting_unit_sees_but_may_not_answer(as_user, support):
    client = as_user("cq_liaison")
    assert "新增建设用地指标" in client.get(URL).content.decode()
    assert client.post(f"{URL}{support.pk}/answer/", {"answer": "x"}).status_code == 403


def test_unrelated_unit_gets_404(as_user, support):
    assert (
        as_user("sc_liaison").post(f"{URL}{support.pk}/answer/", {"answer": "x"}).status_code == 404
    )
    assert "新增建设用地指标" not in as_user("sc_liaison").get(URL).content.decode()


def test_administrators_get_404(as_user, support):
    assert as_user("sysadmin").get(URL).status_code == 404


def test_constant_queries(as_user, world):
    client = as_user("office")
    plist = make_list(2025)

    def grow(n):
        for _ in range(n):
            report = make_report(make_project(plist, "1"), 2, "1")
            SupportRequest.objects.create(
                report=report, kind="funds", text="t", to_unit=world.cq_unit
            )

    grow(5)
    queries_for(client, URL)
    few = queries_for(client, URL)
    grow(45)
    assert queries_for(client, URL) == few
