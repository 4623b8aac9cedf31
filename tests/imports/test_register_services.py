"""Importing 川渝通办 items by 编号, and exporting the 通办 page exactly as filtered."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.imports.conftest import xlsx
from tests.queries import queries_for
from tests.services.conftest import ADMINS, add_volume, make_batch, make_service
from twincity.imports import engine, registers
from twincity.imports.models import RunStatus
from twincity.services.models import ServiceCategory, ServiceDepartment, ServiceItem, ServiceMode

SERVICES = registers.REGISTERS["services"]
HEADERS = ["序号", "编号", "事项名称", "批次", "类别", "办理方式", "上线日期"]
HEADERS += ["重庆办理部门", "四川办理部门"]
URL = "/services/"


def run_file(world, data, name="services.xlsx"):
    run = engine.start(world.users["office"], SERVICES, None, name, data)
    return engine.check_all(run, world.users["office"])


def commit(world, run):
    assert run.status == RunStatus.PREVIEWED, run.errors
    return engine.commit(run, world.users["office"], run.sha256)


def good_rows():
    both = ["重庆市发展改革委", "四川省发展改革委"]
    return [
        [1, "TB1-001", "户口迁移", "第一批", "户籍证照", "异地代收代办", "2025年6月30日", *both],
        [2, "TB1-002", "医保备案", "1", "医疗保障", "全程网办", dt.date(2021, 1, 1), both[0], ""],
    ]


@pytest.fixture
def batches(world):
    return make_batch(1), make_batch(2)


def cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_headers_are_the_brief_s_columns(world):
    assert SERVICES.export_headers() == HEADERS


def test_good_file_imports(world, batches):
    run = run_file(world, xlsx(HEADERS, good_rows()))
    assert (run.rows_added, run.rows_refused) == (2, 0)
    assert ServiceItem.objects.count() == 0  # the preview writes nothing
    assert commit(world, run).status == RunStatus.COMMITTED
    hukou = ServiceItem.objects.get(code="TB1-001")
    assert hukou.batch == batches[0] and hukou.launch_date == dt.date(2025, 6, 30)
    assert (hukou.category, hukou.mode) == (ServiceCategory.HOUSEHOLD, ServiceMode.PROXY)
    assert {d.unit for d in hukou.departments.all()} == {world.cq_unit, world.sc_unit}
    assert ServiceItem.objects.get(code="TB1-002").departments.count() == 1


def test_same_file_again_changes_nothing_and_edit_updates_by_code(world, batches):
    data = xlsx(HEADERS, good_rows())
    commit(world, run_file(world, data))
    again = run_file(world, data, "again.xlsx")
    assert (again.rows_added, again.rows_changed, again.rows_unchanged) == (0, 0, 2)
    rows = good_rows()
    rows[1][2], rows[1][3], rows[1][8] = "医保异地备案", "第二批", "四川省发展改革委"
    edited = run_file(world, xlsx(HEADERS, rows), "edited.xlsx")
    assert (edited.rows_added, edited.rows_changed, edited.rows_unchanged) == (0, 1, 1)
    commit(world, edited)
    medical = ServiceItem.objects.get(code="TB1-002")
    assert (medical.name, medical.batch, medical.version) == ("医保异地备案", batches[1], 2)
    assert medical.departments.count() == 2
    assert ServiceItem.objects.count() == 2


def test_two_bad_rows_refuse_the_whole_file(world, batches):
    rows = [
        *good_rows(),
        [3, "TB1-003", "坏日期", "第一批", "民政", "全程网办", "明年", "重庆市发展改革委", ""],
        [4, "TB1-004", "坏部门", "第一批", "民政", "全程网办", "", "重庆市发展改革委", "无此单位"],
    ]
    run = run_file(world, xlsx(HEADERS, rows))
    assert run.status == RunStatus.REFUSED
    assert run.rows_refused == 2
    assert {(e["row"], e["column"]) for e in run.errors} == {(4, "上线日期"), (5, "四川办理部门")}
    assert engine.describe(run.errors[0]).startswith("第4行 「上线日期」：")
    assert ServiceItem.objects.count() == 0 and ServiceDepartment.objects.count() == 0


def test_full_width_digits_and_chinese_dates(world, batches):
    rows = [[1, "TB-００７", "全角", "第２批", "税务", "多地联办", "２０２５年６月３０日"]]
    rows[0] += ["", "四川省发展改革委"]
    commit(world, run_file(world, xlsx(HEADERS, rows)))
    item = ServiceItem.objects.get()
    assert (item.code, item.batch, item.launch_date) == ("TB-007", batches[1], dt.date(2025, 6, 30))


def test_filtered_export_re_imports(as_user, world, batches):
    first, second = batches
    make_service(first, world.leads(), code="TB1-010", name="甲", launch_date=None)
    make_service(first, {world.sc: world.sc_unit}, code="TB1-011", name="乙")
    make_service(second, world.leads(), code="TB2-010", name="被筛掉的")
    client = as_user("office")
    exported = client.get(URL, {"batch": first.pk, "format": "xlsx"}).content
    assert [row[1] for row in cells(exported)[1:]] == ["TB1-010", "TB1-011"]
    unchanged = run_file(world, exported)
    assert (unchanged.rows_unchanged, unchanged.rows_changed) == (2, 0)
    ServiceItem.objects.filter(batch=first).delete()
    run = commit(world, run_file(world, exported, "back.xlsx"))
    assert run.rows_added == 2
    assert cells(client.get(URL, {"batch": first.pk, "format": "xlsx"}).content) == cells(exported)


def test_export_link_keeps_the_filters(as_user, batches):
    html = as_user("leader").get(URL, {"q": "户口"}).content.decode()
    assert 'id="tc-export-xlsx" href="?q=%E6%88%B7%E5%8F%A3&amp;format=xlsx"' in html


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404_on_the_export(as_user, batches, persona):
    assert as_user(persona).get(URL, {"format": "xlsx"}).status_code == 404


def test_a_liaison_exports_the_public_list(as_user, world, batches):
    make_service(batches[0], world.leads(), code="TB1-020")
    response = as_user("sc_liaison").get(URL, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [row[1] for row in cells(response.content)[1:]] == ["TB1-020"]


def _add(world, batch, count: int) -> None:
    for n in range(count):
        item = make_service(batch, world.leads(), name=f"批量{batch.number}-{n}")
        add_volume(item, world.cq, 2025, 1, n + 1)


def test_export_queries_do_not_grow(as_user, world):
    client = as_user("office")
    _add(world, make_batch(9), 5)
    url = f"{URL}?format=xlsx"
    queries_for(client, url)  # the first request also touches the session
    small = queries_for(client, url)
    _add(world, make_batch(10), 45)
    assert queries_for(client, url) == small
    assert len(cells(client.get(url).content)) == 51
