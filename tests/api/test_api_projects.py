"""Projects and monthly reports over the API: visibility, filters and figures as on the
projects page, and submitting or recording a month's report through the workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.api.personas import Caller, queries
from tests.projects.util import area, day, make_list, make_project, make_report
from twincity.audit.models import AuditEvent
from twincity.lib import clock
from twincity.projects.models import (
    MonthlyReport,
    ProjectRules,
    ReportStatus,
    Stage,
    SupportRequest,
)

# September 2025: the reports of August are the last ones due.
NOW = dt.datetime(2025, 9, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def september():
    with clock.travel(NOW):
        yield


@pytest.fixture
def projects(world):
    """Four projects on the 2025 list (the first two the Chongqing unit's), a withdrawn one,
    and one on the 2026 list."""
    plist = make_list(2025)
    infra, industry = area("现代基础设施"), area("现代产业")
    p1 = make_project(plist, "100", [world.cq_unit], area=infra, party=world.cq, code="P-01")
    make_report(p1, 7, "60")
    make_report(p1, 8, "70")
    p2 = make_project(plist, "50", [world.cq_unit], area=infra, party=world.sc, code="P-02")
    make_report(p2, 8, "45", status=ReportStatus.SUBMITTED)  # not accepted: not counted
    p3 = make_project(plist, "30", [world.sc_unit], area=industry, code="P-03", name="港口")
    p4 = make_project(
        plist,
        "20",
        [world.sc_unit],
        area=industry,
        party=world.sc,
        stage=Stage.NEW,
        planned_start=day(2025, 5),
        code="P-04",
    )
    make_project(plist, "999", [world.cq_unit], area=industry, withdrawn=True, code="P-05")
    make_project(make_list(2026), "77", [world.cq_unit], code="P-06")
    return plist, (p1, p2, p3, p4)


def _codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["items"]]


# --- projects ----------------------------------------------------------------------------------


def test_office_lists_this_years_projects_with_figures(world, projects):
    body = Caller(world, "office", "read").get("/projects").json()
    assert [row["code"] for row in body["items"]] == ["P-01", "P-02", "P-03", "P-04"]
    first = body["items"][0]
    assert first["year"] == 2025 and first["month"] == 8 and first["side"] == "cq"
    assert first["year_planned"] == "100.0000" and first["completed"] == "70.0000"
    assert first["completion_rate"] == "70.00" and first["ahead"] == "3.33"
    assert first["light"] == "green"
    assert first["responsible_units"] == [{"id": world.cq_unit.pk, "name": str(world.cq_unit)}]
    second, third, fourth = body["items"][1:]
    assert second["completed"] == "0.0000" and second["light"] == "red"
    assert third["side"] == "joint" and third["side_label"] == "川渝共建"
    assert fourth["light"] == "red"  # its planned start has passed


@pytest.mark.parametrize(
    ("persona", "codes"),
    [("cq_liaison", ["P-01", "P-02"]), ("sc_head", ["P-03", "P-04"]), ("outsider", [])],
)
def test_units_see_the_projects_they_are_responsible_for(world, projects, persona, codes):
    caller = Caller(world, persona, "read")
    assert _codes(caller.get("/projects")) == codes
    _plist, (p1, *_rest) = projects
    assert caller.get(f"/projects/{p1.pk}").status_code == (200 if "P-01" in codes else 404)


def test_administrators_see_no_project(world, projects):
    caller = Caller(world, "sysadmin", "read")
    assert _codes(caller.get("/projects")) == []
    response = caller.get(f"/projects/{projects[1][0].pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_filters_like_the_projects_page(world, projects):
    plist, _projects = projects
    caller = Caller(world, "leader", "read")
    assert _codes(caller.get("/projects", side="sc")) == ["P-02", "P-04"]
    assert _codes(caller.get("/projects", side="joint")) == ["P-03"]
    assert _codes(caller.get("/projects", area=area("现代产业").pk)) == ["P-03", "P-04"]
    assert _codes(caller.get("/projects", q="港口")) == ["P-03"]
    assert _codes(caller.get("/projects", stage="new")) == ["P-04"]
    assert _codes(caller.get("/projects", light="green")) == ["P-01"]
    assert _codes(caller.get("/projects", year=2026)) == ["P-06"]
    assert _codes(caller.get("/projects", list=plist.pk, size=2, page=2)) == ["P-03", "P-04"]
    assert _codes(caller.get("/projects", year=2024)) == []
    july = caller.get("/projects", month=7, q="P-01").json()["items"][0]
    assert july["month"] == 7 and july["completed"] == "60.0000"


@pytest.mark.parametrize(
    "bad", [{"side": "xx"}, {"light": "blue"}, {"month": 13}, {"year": 1999}, {"area": 99999}]
)
def test_bad_filters_are_422(world, projects, bad):
    response = Caller(world, "office", "read").get("/projects", **bad)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_project_detail(world, projects):
    _plist, (p1, _p2, _p3, p4) = projects
    p1.locations.set([world.cq_unit])
    p1.nodes.create(title="主体完工", due=day(2025, 12, 31))
    body = Caller(world, "cq_liaison", "read").get(f"/projects/{p1.pk}").json()
    assert body["locations"] == [{"id": world.cq_unit.pk, "name": str(world.cq_unit)}]
    assert body["nodes"] == [{"title": "主体完工", "due": "2025-12-31", "done_on": None}]
    assert body["may_report"] is True and body["completed"] == "70.0000"
    office = Caller(world, "office", "read")
    assert office.get(f"/projects/{p1.pk}").json()["may_report"] is False
    late = office.get(f"/projects/{p4.pk}").json()
    assert late["missed_start"] is True and late["light"] == "red"


def test_project_list_queries_do_not_grow(world):
    ProjectRules.current()  # created on first use: one query more, once
    plist = make_list(2025)
    for n in range(3):
        make_report(make_project(plist, "10", [world.cq_unit, world.sc_unit]), 8, str(n))
    caller = Caller(world, "cq_liaison", "read")
    small, rows = queries(caller, "/projects", size=200)
    assert rows == 3
    for _ in range(30):
        make_project(plist, "10", [world.cq_unit, world.other_unit], area=area(f"领域{_}"))
    large, rows = queries(caller, "/projects", size=200)
    assert rows == 33 and large == small


# --- reading monthly reports -------------------------------------------------------------------


def test_reports_of_a_project_with_their_supports(world, projects):
    _plist, (p1, p2, *_rest) = projects
    report = make_report(p2, 9, "46", status=ReportStatus.SUBMITTED)
    report.supports.create(kind="land", text="用地指标不足", to_unit=world.other_unit)
    caller = Caller(world, "cq_liaison", "read")
    body = caller.get(f"/projects/{p2.pk}/reports").json()
    assert [(r["month"], r["status"]) for r in body["items"]] == [
        (8, "submitted"),
        (9, "submitted"),
    ]
    last = body["items"][1]
    assert last["cumulative_completed"] == "46.0000" and last["etag"] == f'"{report.pk}-1"'
    assert last["supports"][0]["to_unit"]["id"] == world.other_unit.pk
    assert last["supports"][0]["kind_label"] == "用地" and last["supports"][0]["answer"] == ""
    assert [r["month"] for r in caller.get(f"/projects/{p1.pk}/reports").json()["items"]] == [7, 8]
    assert caller.get(f"/projects/{p1.pk}/reports", year=2024).json()["items"] == []
    hidden = Caller(world, "sc_liaison", "read").get(f"/projects/{p1.pk}/reports")
    assert hidden.status_code == 404


def test_report_list_queries_do_not_grow(world):
    project = make_project(make_list(2025), "100", [world.cq_unit])
    for month in (1, 2):
        make_report(project, month, str(month)).supports.create(
            kind="funds", text="资金", to_unit=world.other_unit
        )
    caller = Caller(world, "office", "read")
    small, rows = queries(caller, f"/projects/{project.pk}/reports")
    assert rows == 2
    for month in range(3, 9):
        report = make_report(project, month, str(month))
        for unit in (world.cq_unit, world.sc_unit):
            report.supports.create(kind="land", text="用地", to_unit=unit)
    large, rows = queries(caller, f"/projects/{project.pk}/reports")
    assert rows == 8 and large == small


# --- writing a monthly report ------------------------------------------------------------------

REPORT = {"month": 8, "cumulative_completed": "85.5", "progress": "主体施工"}


@pytest.fixture
def project(world):
    return make_project(make_list(2025), "100", [world.cq_unit])


def _post(caller: Caller, project, data=None, if_match=None):
    return caller.post(f"/projects/{project.pk}/reports", data or REPORT, if_match)


def test_liaison_submits_with_a_support_request_audited(world, project):
    data = REPORT | {
        "support_kind": "land",
        "support_text": "用地指标不足",
        "support_to_unit": world.other_unit.pk,
    }
    response = _post(Caller(world, "cq_liaison"), project, data)
    assert response.status_code == 201, response.content
    report = MonthlyReport.objects.get(project=project, month=8)
    assert report.cumulative_completed == Decimal("85.5") and report.status == "submitted"
    assert response.headers["ETag"] == f'"{report.pk}-1"' == response.json()["etag"]
    assert response.json()["supports"][0]["text"] == "用地指标不足"
    assert SupportRequest.objects.get(report=report).to_unit == world.other_unit
    event = AuditEvent.objects.get(action="projects.report_submit")
    assert event.actor_id == world.users["cq_liaison"].pk and event.after["supports"] == 1


def test_a_responsible_units_head_submits_too(world, project):
    assert _post(Caller(world, "cq_head"), project).status_code == 201


def test_office_records_a_report_it_received(world, project):
    response = _post(Caller(world, "office"), project, REPORT | {"month": 7})
    assert response.status_code == 201, response.content
    assert response.json()["submitted_by"] == "office"
    assert AuditEvent.objects.filter(action="projects.report_record").count() == 1
    unit = world.cq_unit.pk  # a real unit: ids differ between databases
    support = REPORT | {"support_kind": "land", "support_text": "用地", "support_to_unit": unit}
    refused = _post(Caller(world, "office"), project, support)
    assert refused.status_code == 422 and "support_text" in refused.json()["errors"]


def test_resubmitting_needs_the_reports_etag(world, project):
    report = make_report(project, 8, "50", status=ReportStatus.RETURNED)
    caller = Caller(world, "cq_liaison")
    missing = _post(caller, project)
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    stale = _post(caller, project, if_match=f'"{report.pk}-{report.version + 1}"')
    assert stale.status_code == 412 and stale.json()["code"] == "stale"
    assert MonthlyReport.objects.get(pk=report.pk).cumulative_completed == Decimal("50")
    fresh = _post(caller, project, if_match=f'"{report.pk}-{report.version}"')
    assert fresh.status_code == 200, fresh.content
    report.refresh_from_db()
    assert report.status == "submitted" and report.cumulative_completed == Decimal("85.5")
    assert fresh.headers["ETag"] == f'"{report.pk}-{report.version}"' == f'"{report.pk}-2"'


def test_an_accepted_report_is_locked(world, project):
    report = make_report(project, 8, "50")
    response = _post(Caller(world, "cq_liaison"), project, if_match=f'"{report.pk}-1"')
    assert response.status_code == 422 and response.json()["code"] == "invalid"


@pytest.mark.parametrize("persona", ["leader", "wg_lead"])
def test_a_visible_project_they_may_not_report_on_is_403(world, project, persona):
    """Leaders read every project; a working group lead's unit may be responsible without
    the liaison or head role that reports."""
    wg_unit = world.users["wg_lead"].memberships.get().unit
    project.responsible_units.add(wg_unit)
    caller = Caller(world, persona)
    assert caller.get(f"/projects/{project.pk}").status_code == 200
    response = _post(caller, project)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not MonthlyReport.objects.exists()


def test_wrong_persona_read_token_and_invisible(world, project):
    leader = _post(Caller(world, "leader"), project)
    assert leader.status_code == 403 and leader.json()["code"] == "forbidden"
    read_only = _post(Caller(world, "cq_liaison", "read"), project)
    assert read_only.status_code == 403 and read_only.json()["code"] == "read_only_token"
    outsider = _post(Caller(world, "outsider"), project)
    assert outsider.status_code == 404 and outsider.json()["code"] == "not_found"
    assert not MonthlyReport.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="projects.report").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"month": 13}, "month"),
        ({"cumulative_completed": "-1"}, "cumulative_completed"),
        ({"cumulative_completed": "1e400"}, "cumulative_completed"),
        ({"progress": ""}, "progress"),
        ({"support_text": "用地"}, "support_kind"),
    ],
)
def test_invalid_reports_are_422_with_field_errors(world, project, change, field):
    response = _post(Caller(world, "cq_liaison"), project, REPORT | change)
    assert response.status_code == 422 and field in response.json()["errors"]
    assert not MonthlyReport.objects.exists()


def test_the_workflows_rules_hold(world, project):
    make_report(project, 7, "90")
    caller = Caller(world, "cq_liaison")
    lower = _post(caller, project)
    assert lower.status_code == 422 and "90" in lower.json()["message"]
    future = _post(caller, project, REPORT | {"month": 10, "cumulative_completed": "95"})
    assert future.status_code == 422
    assert MonthlyReport.objects.count() == 1
