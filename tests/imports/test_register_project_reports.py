"""Importing monthly project reports into a list; accepted reports are locked; the export."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from tests.imports.conftest import xlsx
from tests.projects.util import make_list, make_project, make_report
from tests.queries import queries_for
from twincity.imports import engine, registers
from twincity.imports.models import RunStatus
from twincity.lib import clock
from twincity.projects.models import MonthlyReport, ReportStatus

REPORTS = registers.REGISTERS["project-reports"]
NOW = dt.datetime(2025, 12, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
HEADERS = [
    "序号",
    "项目编号",
    "项目名称",
    "年度",
    "月份",
    "1—N月累计完成投资（亿元）",
    "进展情况",
    "存在问题",
]


@pytest.fixture(autouse=True)
def december():
    with clock.travel(NOW):
        yield


@pytest.fixture
def office(world):
    """The office records the reports units sent it (`projects.workflow.record_report`)."""
    return world.users["office"]


@pytest.fixture
def plist(world):
    plist = make_list(2025)
    make_project(plist, "100", code="YB-1", name="成渝中线高铁", units=[world.cq_unit])
    make_project(plist, "50", code="YB-2", name="川南天然气管道", units=[world.sc_unit])
    return plist


def good_rows():
    return [
        [1, "YB-1", "成渝中线高铁", 2025, 5, 10.5, "主体施工", ""],
        [2, "YB-1", "成渝中线高铁", 2025, 6, 20, "桥梁合龙", "征地滞后"],
        [3, "YB-2", "", "2025", "6", "3.5", "管道铺设", None],
    ]


def report(project, month, amount, status=ReportStatus.ACCEPTED, **fields):
    made = make_report(project, month, amount, status)
    MonthlyReport.objects.filter(pk=made.pk).update(**fields)
    return made


def run_file(user, target, data, name="reports.xlsx"):
    run = engine.start(user, REPORTS, target, name, data)
    return engine.check_all(run, user)


def commit(user, run):
    return engine.commit(run, user, run.sha256)


def test_good_file_imports(office, plist):
    run = run_file(office, plist, xlsx(HEADERS, good_rows()))
    assert run.status == RunStatus.PREVIEWED, run.errors
    assert (run.rows_added, run.rows_refused) == (3, 0)
    assert MonthlyReport.objects.count() == 0  # the preview writes nothing
    assert commit(office, run).status == RunStatus.COMMITTED
    june = MonthlyReport.objects.get(project__code="YB-1", month=6)
    assert june.cumulative_completed == Decimal(20) and june.year == 2025
    assert (june.progress, june.problems) == ("桥梁合龙", "征地滞后")
    assert june.status == ReportStatus.SUBMITTED and june.submitted_by == office
    assert MonthlyReport.objects.count() == 3


def test_same_file_again_changes_nothing_and_edit_updates_by_key(office, plist):
    data = xlsx(HEADERS, good_rows())
    commit(office, run_file(office, plist, data))
    again = run_file(office, plist, data, "again.xlsx")
    assert (again.rows_added, again.rows_changed, again.rows_unchanged) == (0, 0, 3)
    rows = good_rows()
    rows[2][5] = "4.25"
    edited = run_file(office, plist, xlsx(HEADERS, rows), "edited.xlsx")
    assert (edited.rows_added, edited.rows_changed, edited.rows_unchanged) == (0, 1, 2)
    commit(office, edited)
    assert MonthlyReport.objects.count() == 3
    report = MonthlyReport.objects.get(project__code="YB-2", month=6)
    assert report.cumulative_completed == Decimal("4.25") and report.version == 2


def test_two_bad_rows_refuse_the_whole_file(office, plist):
    rows = [*good_rows(), [4, "YB-9", "", 2025, 6, 1, "无此项目", ""]]
    rows[1][4] = 13
    run = run_file(office, plist, xlsx(HEADERS, rows))
    assert run.status == RunStatus.REFUSED and run.rows_refused == 2
    assert {(e["row"], e["column"]) for e in run.errors} == {(3, "月份"), (5, "项目编号")}
    assert "YB-9" in engine.describe(run.errors[-1])
    assert MonthlyReport.objects.count() == 0


def test_another_year_is_refused_in_its_column(office, plist):
    rows = good_rows()[:1]
    rows[0][3] = 2024
    run = run_file(office, plist, xlsx(HEADERS, rows))
    assert [(e["row"], e["column"]) for e in run.errors] == [(2, "年度")]


def test_an_accepted_report_is_locked(office, plist):
    report(plist.projects.get(code="YB-1"), 5, "10.5", progress="主体施工")
    same = run_file(office, plist, xlsx(HEADERS, good_rows()[:1]))
    assert (same.status, same.rows_unchanged) == (RunStatus.PREVIEWED, 1)
    rows = good_rows()
    rows[0][5] = 11
    run = run_file(office, plist, xlsx(HEADERS, rows), "changed.xlsx")
    assert run.status == RunStatus.REFUSED and run.rows_refused == 1
    said = engine.describe(run.errors[0])
    assert said.startswith("第2行") and "已受理并锁定" in said
    assert MonthlyReport.objects.get().cumulative_completed == Decimal("10.5")


def test_a_project_month_twice_in_a_file_is_refused(office, plist):
    rows = [*good_rows(), [4, "YB-1", "", 2025, 6, 21, "又一次", ""]]
    run = run_file(office, plist, xlsx(HEADERS, rows))
    assert run.status == RunStatus.REFUSED
    assert [e["row"] for e in run.errors] == [5]
    assert "出现了两次" in engine.describe(run.errors[0])


def test_full_width_digits(office, plist):
    rows = [[1, "YB-１", "", "２０２５年", "６月", "１２．５", "进展", ""]]
    commit(office, run_file(office, plist, xlsx(HEADERS, rows)))
    report = MonthlyReport.objects.get()
    assert (report.month, report.cumulative_completed) == (6, Decimal("12.5"))


def sheet_cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    width = len(REPORTS.columns(None))  # 状态 is informative: new reports are 已报送
    return [list(row[:width]) for row in sheet.iter_rows(values_only=True)]


def test_round_trip_of_a_filtered_page(as_user, world, office, plist):
    for project in plist.projects.all():
        report(project, 5, "10.25", progress="=进展", problems="问题\n第二行")
        make_report(project, 6, "12", status=ReportStatus.SUBMITTED)
    make_report(make_project(plist, code="ZZ-1", name="被筛掉的"), 6, "1")
    client = as_user("office")
    query = {"year": 2025, "q": "YB", "format": "xlsx", "export": "reports"}
    first = client.get("/projects/", query)
    empty = make_list(2025, name="2025年名单（新）")  # the page now shows this newer list
    for project in plist.projects.all():
        make_project(empty, code=project.code, name=project.name, units=[world.cq_unit])
    run = run_file(office, empty, first.content, "rt.xlsx")
    assert run.status == RunStatus.PREVIEWED, run.errors
    assert commit(office, run).rows_added == 4
    second = client.get("/projects/", query)
    assert sheet_cells(first.content) == sheet_cells(second.content)
    keys = [(row[1], row[4]) for row in sheet_cells(first.content)[1:]]
    assert keys == [("YB-1", 5), ("YB-1", 6), ("YB-2", 5), ("YB-2", 6)]


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404_on_the_export(as_user, plist, persona):
    response = as_user(persona).get("/projects/", {"format": "xlsx", "export": "reports"})
    assert response.status_code == 404


def test_a_liaison_exports_only_the_reports_of_their_projects(as_user, plist):
    for project in plist.projects.all():
        make_report(project, 5, "1")
    response = as_user("cq_liaison").get("/projects/", {"format": "xlsx", "export": "reports"})
    assert [row[1] for row in sheet_cells(response.content)[1:]] == ["YB-1"]


def test_export_queries_do_not_grow(as_user, world, plist):
    client = as_user("office")
    url = "/projects/?year=2025&format=xlsx&export=reports"

    def add(n):
        for _ in range(n):
            project = make_project(plist, units=[world.cq_unit])
            make_report(project, 5, "1")
            make_report(project, 6, "2")

    add(2)
    queries_for(client, url)  # the first request also touches the session
    small = queries_for(client, url)
    add(23)
    assert queries_for(client, url) == small


def test_template_download_has_the_headers(as_user, plist):
    response = as_user("office").get(f"/imports/template/project-reports/?target={plist.pk}")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == [*HEADERS, "状态"]
