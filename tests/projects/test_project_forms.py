"""The joint office creates and edits projects, and edits areas and light rules."""

from decimal import Decimal

import pytest

from tests.projects.util import area, make_list, make_project
from twincity.audit.models import AuditEvent
from twincity.projects.models import Project, ProjectArea, ProjectRules, Stage


@pytest.fixture
def plist(world):
    return make_list(2025)


@pytest.fixture
def project(plist, world):
    return make_project(plist, "10", units=[world.cq_unit], code="CY-001")


def _post_data(**kw):
    data = {
        "code": "CY-100",
        "name": "成渝中线高铁",
        "area": area().pk,
        "party": "",
        "owner": "川渝高铁公司",
        "total_investment": "693.0000",
        "year_planned": "80.5",
        "start_year": "2023",
        "end_year": "2027",
        "stage": Stage.CONTINUING,
        "planned_start": "",
        "actual_start": "",
    }
    return data | kw


def test_office_creates_a_project(as_user, plist, world):
    data = _post_data(responsible_units=[world.cq_unit.pk, world.sc_unit.pk])
    response = as_user("office").post(f"/projects/new/?list={plist.pk}", data)
    project = Project.objects.get(list=plist, code="CY-100")
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/"
    assert project.year_planned == Decimal("80.5") and project.party is None
    assert set(project.responsible_units.all()) == {world.cq_unit, world.sc_unit}
    event = AuditEvent.objects.get(action="projects.project_create")
    assert event.target_id == str(project.pk) and event.after["code"] == "CY-100"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"code": "CY-001"}, "项目编号：本名单中已有编号为“CY-001”的项目。"),
        ({"total_investment": "-1"}, "总投资（亿元）：不能为负数。"),
        ({"year_planned": "-0.5"}, "年度计划投资（亿元）：不能为负数。"),
        ({"year_planned": "700"}, "年度计划投资（亿元）：不能大于总投资。"),
        ({"start_year": "2028"}, "开工年份：不能晚于完工年份。"),
    ],
)
def test_bad_project_is_refused(as_user, plist, project, override, message):
    response = as_user("office").post(f"/projects/new/?list={plist.pk}", _post_data(**override))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Project.objects.count() == 1
    assert not AuditEvent.objects.filter(action="projects.project_create").exists()


def test_same_code_on_another_list_is_allowed(as_user, project):
    other = make_list(2026)
    response = as_user("office").post(f"/projects/new/?list={other.pk}", _post_data(code="CY-001"))
    assert response.status_code == 302
    assert Project.objects.filter(code="CY-001").count() == 2


def test_office_edits_a_project(as_user, project):
    data = _post_data(code="CY-001", name="改名后的项目", version=project.version)
    response = as_user("office").post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.version) == ("改名后的项目", 2)
    event = AuditEvent.objects.get(action="projects.project_update")
    assert event.before["name"].startswith("测试项目")
    assert event.after["name"] == "改名后的项目" and event.before["version"] == 1


def test_edit_form_carries_the_version(as_user, project):
    html = as_user("office").get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'name="version"' in html and 'value="1"' in html


def test_stale_edit_is_refused(as_user, project):
    Project.objects.filter(pk=project.pk).update(version=2, name="他人先保存")
    data = _post_data(code="CY-001", name="我的修改", version=1)
    response = as_user("office").post(f"/projects/{project.pk}/edit/", data)
    assert "该记录已被他人修改" in response.content.decode()
    project.refresh_from_db()
    assert (project.name, project.version) == ("他人先保存", 2)
    assert not AuditEvent.objects.filter(action="projects.project_update").exists()


def test_edit_cannot_take_another_projects_code(as_user, plist, project):
    make_project(plist, "5", code="CY-002")
    data = _post_data(code="CY-002", version=1)
    response = as_user("office").post(f"/projects/{project.pk}/edit/", data)
    assert "项目编号：本名单中已有编号为“CY-002”的项目。" in response.content.decode()
    project.refresh_from_db()
    assert project.code == "CY-001"


def test_office_adds_and_renames_areas(as_user, world):
    client = as_user("office")
    assert client.post("/projects/areas/", {"name": "测试领域甲", "order": 2}).status_code == 302
    created = ProjectArea.objects.get(name="测试领域甲")
    client.post("/projects/areas/", {"pk": created.pk, "name": "测试领域乙", "order": 1})
    created.refresh_from_db()
    assert (created.name, created.order) == ("测试领域乙", 1)
    actions = list(
        AuditEvent.objects.filter(action__startswith="projects.area").values_list(
            "action", flat=True
        )
    )
    assert actions == ["projects.area_create", "projects.area_update"]
    assert "测试领域乙" in client.get("/projects/areas/").content.decode()


def test_duplicate_area_name_is_refused(as_user, world):
    area("现代基础设施")
    count = ProjectArea.objects.count()
    response = as_user("office").post("/projects/areas/", {"name": "现代基础设施", "order": 0})
    assert "领域名称：已有名为“现代基础设施”的领域。" in response.content.decode()
    assert ProjectArea.objects.count() == count
    assert not AuditEvent.objects.filter(action="projects.area_create").exists()


def test_office_edits_rules(as_user, world):
    rules = ProjectRules.current()
    data = {"yellow_margin": "8.5", "report_due_day": 10, "version": rules.version}
    assert as_user("office").post("/projects/rules/", data).status_code == 302
    rules.refresh_from_db()
    assert (rules.yellow_margin, rules.report_due_day, rules.version) == (Decimal("8.5"), 10, 2)
    event = AuditEvent.objects.get(action="projects.rules_update")
    assert event.before["report_due_day"] == 5 and event.after["report_due_day"] == 10


def test_stale_rules_are_refused(as_user, world):
    rules = ProjectRules.current()
    ProjectRules.objects.filter(pk=rules.pk).update(version=3)
    data = {"yellow_margin": "8.5", "report_due_day": 10, "version": 1}
    response = as_user("office").post("/projects/rules/", data)
    assert "该记录已被他人修改" in response.content.decode()
    rules.refresh_from_db()
    assert rules.report_due_day == 5


def test_bad_due_day_is_refused(as_user, world):
    data = {"yellow_margin": "5", "report_due_day": 31, "version": 1}
    response = as_user("office").post("/projects/rules/", data)
    assert "月报截止日" in response.content.decode()
    assert ProjectRules.current().report_due_day == 5


def test_buttons_show_for_the_office_only(as_user, project):
    office_index = as_user("office").get("/projects/?year=2025").content.decode()
    assert f"/projects/new/?list={project.list_id}" in office_index
    assert (
        f"/projects/{project.pk}/edit/"
        in as_user("office").get(f"/projects/{project.pk}/").content.decode()
    )
    leader_detail = as_user("leader").get(f"/projects/{project.pk}/").content.decode()
    assert "/edit/" not in leader_detail
    assert "/projects/new/" not in as_user("leader").get("/projects/?year=2025").content.decode()


def _urls(project):
    return [
        f"/projects/new/?list={project.list_id}",
        f"/projects/{project.pk}/edit/",
        "/projects/areas/",
        "/projects/rules/",
    ]


@pytest.mark.parametrize("index", range(4))
@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("office", 200),
        ("leader", 403),
        ("cq_liaison", 403),
        ("sysadmin", 404),
        ("secadmin", 404),
        ("auditor", 404),
    ],
)
def test_personas(as_user, project, index, name, status):
    assert as_user(name).get(_urls(project)[index]).status_code == status


@pytest.mark.parametrize("index", range(4))
def test_liaison_cannot_post(as_user, project, index):
    before = (Project.objects.count(), ProjectArea.objects.count())
    response = as_user("cq_liaison").post(_urls(project)[index], _post_data(name="x", order=1))
    assert response.status_code == 403
    assert (Project.objects.count(), ProjectArea.objects.count()) == before


@pytest.mark.parametrize("index", range(4))
def test_anonymous_goes_to_login(client, project, index):
    response = client.get(_urls(project)[index])
    assert response.status_code == 302 and "/login" in response["Location"]
