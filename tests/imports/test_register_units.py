"""Importing the organisation's units by code; exporting the organisation page as filtered."""

import io

import pytest
from openpyxl import load_workbook

from tests import factory as f
from tests.imports.conftest import xlsx
from tests.queries import queries_for
from twincity.accounts.models import Unit, UnitKind
from twincity.audit.models import AuditEvent
from twincity.imports import engine, registers
from twincity.imports.models import RunStatus

UNITS = registers.REGISTERS["units"]
HEADERS = ["序号", "名称", "简称", "代码", "类型", "参与方", "上级单位", "报送需单位负责人审核"]


def good_rows():
    return [
        [1, "重庆市经济信息委", "市经信委", "cq-jxw", "部门", "渝", "", "是"],
        [2, "四川省成都市", "成都", "sc-cd", "市（州）", "四川", "", "否"],
        [3, "成都市发展改革委", "", "sc-cd-fgw", "部门", "川", "四川省成都市", "是"],
    ]


def run_file(world, data, name="units.xlsx"):
    office = world.users["office"]
    run = engine.start(office, UNITS, None, name, data)
    return engine.check_all(run, office)


def commit(world, run):
    return engine.commit(run, world.users["office"], run.sha256)


def test_good_file_imports(world):
    before = Unit.objects.count()
    run = run_file(world, xlsx(HEADERS, good_rows()))
    assert run.status == RunStatus.PREVIEWED, run.errors
    assert (run.rows_added, run.rows_refused) == (3, 0)
    assert Unit.objects.count() == before  # the preview writes nothing
    assert commit(world, run).status == RunStatus.COMMITTED
    city = Unit.objects.get(code="sc-cd")
    assert (city.kind, city.party, city.head_approval) == (UnitKind.CITY, world.sc, False)
    child = Unit.objects.get(code="sc-cd-fgw")
    assert child.parent == city and child.party == world.sc and child.head_approval
    assert AuditEvent.objects.filter(action="accounts.unit_create").count() == 3


def test_same_file_again_changes_nothing_and_edit_updates_by_code(world):
    data = xlsx(HEADERS, good_rows())
    commit(world, run_file(world, data))
    again = run_file(world, data, "again.xlsx")
    assert (again.rows_added, again.rows_changed, again.rows_unchanged) == (0, 0, 3)
    rows = good_rows()
    rows[0][1], rows[0][7] = "重庆市经济和信息化委员会", "否"
    edited = run_file(world, xlsx(HEADERS, rows), "edited.xlsx")
    assert (edited.rows_added, edited.rows_changed, edited.rows_unchanged) == (0, 1, 2)
    commit(world, edited)
    unit = Unit.objects.get(code="cq-jxw")
    assert unit.name == "重庆市经济和信息化委员会" and not unit.head_approval
    assert AuditEvent.objects.filter(action="accounts.unit_update").count() == 1


def test_two_bad_rows_refuse_the_whole_file(world):
    before = Unit.objects.count()
    rows = good_rows()
    rows[0][4] = "衙门"
    rows[2][1] = "重庆市发展改革委"  # the name of an existing unit
    run = run_file(world, xlsx(HEADERS, rows))
    assert run.status == RunStatus.REFUSED and run.rows_refused == 2
    assert {(e["row"], e["column"]) for e in run.errors} == {(2, "类型"), (4, "名称")}
    assert "已有同名单位" in engine.describe(run.errors[-1])
    assert Unit.objects.count() == before


def test_full_width_digits_in_codes(world):
    rows = [[1, "第２工作专班", "", "wg-２", "其他", "", "", "是"]]
    commit(world, run_file(world, xlsx(HEADERS, rows)))
    unit = Unit.objects.get(code="wg-2")
    assert unit.party is None and unit.name == "第２工作专班"  # free text is kept as typed


def sheet_cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_round_trip_of_a_filtered_page(as_user, world):
    # The child sorts before its parent by name: the export puts parents first.
    parent = f.make_unit("往返测试市", world.sc, code="rt-z", kind=UnitKind.CITY)
    f.make_unit("=往返测试局", world.sc, code="rt-a", parent=parent, head_approval=False)
    f.make_unit("往返测试中心", None, code="rt-m", short_name="测试", kind=UnitKind.OTHER)
    client = as_user("office")
    first = client.get("/accounts/organisation/", {"q": "往返", "format": "xlsx"})
    assert first.status_code == 200
    Unit.objects.filter(code="rt-a").delete()
    Unit.objects.filter(code__startswith="rt-").delete()
    run = run_file(world, first.content, "rt.xlsx")
    assert run.status == RunStatus.PREVIEWED, run.errors
    assert commit(world, run).rows_added == 3
    second = client.get("/accounts/organisation/", {"q": "往返", "format": "xlsx"})
    assert sheet_cells(first.content) == sheet_cells(second.content)
    assert len(sheet_cells(first.content)) == 4


@pytest.mark.parametrize("persona", ["cq_liaison", "leader", "secadmin", "auditor", "outsider"])
def test_only_organisation_editors_export(as_user, world, persona):
    response = as_user(persona).get("/accounts/organisation/", {"format": "xlsx"})
    assert response.status_code == 403


def test_sysadmin_exports(as_user, world):
    response = as_user("sysadmin").get("/accounts/organisation/", {"format": "xlsx"})
    assert response.status_code == 200
    assert len(sheet_cells(response.content)) == Unit.objects.count() + 1


def test_export_queries_do_not_grow(as_user, world):
    client = as_user("office")
    url = "/accounts/organisation/?format=xlsx"

    def add(start, n):
        for i in range(start, start + n):
            f.make_unit(f"测试单位{i}", world.cq, code=f"q-{i}", parent=world.cq_unit)

    add(0, 5)
    queries_for(client, url)  # the first request also touches the session
    small = queries_for(client, url)
    add(5, 45)
    assert queries_for(client, url) == small


def test_the_page_links_the_export(as_user, world):
    page = as_user("office").get("/accounts/organisation/", {"q": "发展"}).content.decode()
    assert 'id="tc-export-xlsx" href="?q=%E5%8F%91%E5%B1%95&amp;format=xlsx"' in page


def test_template_download_has_the_headers(as_user, world):
    response = as_user("office").get("/imports/template/units/")
    assert sheet_cells(response.content) == [HEADERS]
