"""Importing the projects of a project list; exporting the projects page exactly as filtered."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.imports.conftest import xlsx
from tests.projects.util import area, make_list, make_project
from tests.queries import queries_for
from twincity.imports import engine, registers
from twincity.imports.models import RunStatus
from twincity.projects.models import Project, Stage

PROJECTS = registers.REGISTERS["projects"]
HEADERS = [
    "序号",
    "项目编号",
    "项目名称",
    "领域",
    "所属方",
    "建设地点",
    "项目业主",
    "责任单位",
    "总投资（亿元）",
    "开工年份",
    "完工年份",
    "建设阶段",
    "计划开工日期",
    "实际开工日期",
    "年度计划投资（亿元）",
]


@pytest.fixture
def plist(world):
    area("现代基础设施")
    area("现代产业")
    return make_list(2025)


def good_rows():
    both = "重庆市发展改革委、四川省发展改革委"
    rail = [1, "XM-001", "成渝中线高铁", "现代基础设施", "川渝共建", both, "成渝中线铁路公司"]
    gas = [2, "XM-002", "川南天然气管道", "现代产业", "川", "", "", "四川省发展改革委", "50"]
    return [
        [*rail, "重庆市发展改革委", 693.6, 2021, 2027, "续建", None, None, 120.5],
        [*gas, "2025", "2026", "新开工", "2025年3月31日", dt.date(2025, 4, 2), "12.3456"],
    ]


def run_file(world, target, data, name="projects.xlsx"):
    office = world.users["office"]
    run = engine.start(office, PROJECTS, target, name, data)
    return engine.check_all(run, office)


def commit(world, run):
    return engine.commit(run, world.users["office"], run.sha256)


def test_good_file_imports(world, plist):
    run = run_file(world, plist, xlsx(HEADERS, good_rows()))
    assert run.status == RunStatus.PREVIEWED, run.errors
    assert (run.rows_added, run.rows_refused) == (2, 0)
    assert Project.objects.count() == 0  # the preview writes nothing
    assert commit(world, run).status == RunStatus.COMMITTED
    rail = Project.objects.get(list=plist, code="XM-001")
    assert rail.party is None and rail.area.name == "现代基础设施"
    assert set(rail.locations.all()) == {world.cq_unit, world.sc_unit}
    assert list(rail.responsible_units.all()) == [world.cq_unit]
    assert rail.total_investment == Decimal("693.6") and rail.year_planned == Decimal("120.5")
    assert (rail.start_year, rail.end_year, rail.stage) == (2021, 2027, Stage.CONTINUING)
    gas = Project.objects.get(code="XM-002")
    assert gas.party == world.sc and gas.year_planned == Decimal("12.3456")
    assert (gas.planned_start, gas.actual_start) == (dt.date(2025, 3, 31), dt.date(2025, 4, 2))


def test_same_file_again_changes_nothing_and_edit_updates_by_code(world, plist):
    data = xlsx(HEADERS, good_rows())
    commit(world, run_file(world, plist, data))
    again = run_file(world, plist, data, "again.xlsx")
    assert (again.rows_added, again.rows_changed, again.rows_unchanged) == (0, 0, 2)
    rows = good_rows()
    rows[1][2], rows[1][7] = "川南天然气管道二期", "四川省发展改革委、重庆市其他局"
    edited = run_file(world, plist, xlsx(HEADERS, rows), "edited.xlsx")
    assert (edited.rows_added, edited.rows_changed, edited.rows_unchanged) == (0, 1, 1)
    commit(world, edited)
    assert Project.objects.count() == 2
    gas = Project.objects.get(code="XM-002")
    assert gas.name == "川南天然气管道二期" and gas.version == 2
    assert set(gas.responsible_units.all()) == {world.sc_unit, world.other_unit}


def test_two_bad_rows_refuse_the_whole_file(world, plist):
    rows = good_rows()
    rows[0][12] = "明年"
    rows[1][7] = "不存在的单位"
    run = run_file(world, plist, xlsx(HEADERS, rows))
    assert run.status == RunStatus.REFUSED and run.rows_refused == 2
    assert {(e["row"], e["column"]) for e in run.errors} == {(2, "计划开工日期"), (3, "责任单位")}
    assert engine.describe(run.errors[0]).startswith("第2行 「计划开工日期」：")
    assert Project.objects.count() == 0


def test_the_workflow_rules_refuse_a_row(world, plist):
    rows = good_rows()[:1]
    rows[0][14] = 900  # more than the total investment
    run = run_file(world, plist, xlsx(HEADERS, rows))
    assert run.status == RunStatus.REFUSED
    assert "不能大于总投资" in engine.describe(run.errors[0])
    assert engine.describe(run.errors[0]).startswith("第2行")


def test_full_width_digits_and_chinese_dates(world, plist):
    rows = good_rows()[1:]
    rows[0][1], rows[0][8], rows[0][9] = "XM-００７", "５０", "２０２５年"
    rows[0][12] = "２０２５年６月３０日"
    commit(world, run_file(world, plist, xlsx(HEADERS, rows)))
    project = Project.objects.get()
    assert project.code == "XM-007" and project.total_investment == Decimal(50)
    assert project.start_year == 2025 and project.planned_start == dt.date(2025, 6, 30)


def sheet_cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_round_trip_of_a_filtered_page(as_user, world, plist):
    infra = area("现代基础设施")
    started = {"planned_start": dt.date(2025, 5, 31), "actual_start": dt.date(2025, 6, 1)}
    make_project(
        plist, "100", area=infra, code="RT-1", name="通道一", party=world.cq,
        units=[world.cq_unit], owner="业主甲", stage=Stage.NEW, **started,
    )  # fmt: skip
    make_project(plist, "12.3456", area=infra, code="RT-2", name="=通道二", units=[world.sc_unit])
    make_project(plist, "7", area=area("现代产业"), code="RT-3", name="被筛掉的产业项目")
    make_project(plist, "8", area=infra, code="RT-4", name="调出项目", withdrawn=True)
    empty = make_list(2026, name="2026年名单")  # fmt: skip
    client = as_user("office")
    first = client.get("/projects/", {"year": 2025, "area": infra.pk, "format": "xlsx"})
    assert first.status_code == 200
    run = run_file(world, empty, first.content, "rt.xlsx")
    assert run.status == RunStatus.PREVIEWED, run.errors
    assert commit(world, run).rows_added == 2
    second = client.get("/projects/", {"year": 2026, "format": "xlsx"})
    assert sheet_cells(first.content) == sheet_cells(second.content)
    codes = [row[1] for row in sheet_cells(first.content)[1:]]
    assert codes == ["RT-1", "RT-2"]


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404_on_the_export(as_user, plist, persona):
    response = as_user(persona).get("/projects/", {"year": 2025, "format": "xlsx"})
    assert response.status_code == 404


def test_a_liaison_exports_only_their_projects(as_user, world, plist):
    make_project(plist, code="CQ-1", units=[world.cq_unit])
    make_project(plist, code="SC-1", units=[world.sc_unit])
    response = as_user("cq_liaison").get("/projects/", {"year": 2025, "format": "xlsx"})
    assert [row[1] for row in sheet_cells(response.content)[1:]] == ["CQ-1"]


def test_export_queries_do_not_grow(as_user, world, plist):
    client = as_user("office")
    url = "/projects/?year=2025&format=xlsx"

    def add(n):
        for _ in range(n):
            make_project(plist, units=[world.cq_unit])

    add(5)
    queries_for(client, url)  # the first request also touches the session
    small = queries_for(client, url)
    add(45)
    assert queries_for(client, url) == small


def test_the_page_links_the_export_with_its_filters(as_user, plist):
    page = as_user("office").get("/projects/", {"year": 2025, "q": "高铁"}).content.decode()
    assert 'id="tc-export-xlsx" href="?year=2025&amp;q=%E9%AB%98%E9%93%81&amp;format=xlsx"' in page


def test_template_download_has_the_headers(as_user, plist):
    response = as_user("office").get(f"/imports/template/projects/?target={plist.pk}")
    assert [row for row in sheet_cells(response.content)] == [HEADERS]
