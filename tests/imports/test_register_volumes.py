"""Importing monthly 通办 case volumes by (service, party, year, month); exporting them."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.imports.conftest import xlsx
from tests.queries import queries_for
from tests.services.conftest import ADMINS, add_volume, make_batch, make_service
from twincity.imports import engine, registers
from twincity.imports.models import RunStatus
from twincity.lib import clock
from twincity.services.models import CaseVolume

VOLUMES = registers.REGISTERS["service-volumes"]
HEADERS = ["序号", "编号", "参与方", "年度", "月份", "办件量"]
URL = "/services/"


@pytest.fixture(autouse=True)
def today():
    with clock.travel(dt.datetime(2025, 8, 1, 2, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def services(world):
    batch = make_batch(1)
    hukou = make_service(batch, world.leads(), code="TB1-001")
    licence = make_service(batch, {world.sc: world.sc_unit}, code="TB1-002")
    return hukou, licence


def run_file(world, data, name="volumes.xlsx"):
    run = engine.start(world.users["office"], VOLUMES, None, name, data)
    return engine.check_all(run, world.users["office"])


def commit(world, run):
    assert run.status == RunStatus.PREVIEWED, run.errors
    return engine.commit(run, world.users["office"], run.sha256)


def good_rows():
    return [
        [1, "TB1-001", "重庆", 2025, 6, 120],
        [2, "TB1-001", "四川省", "2025年", "6月", "1,500"],
        [3, "TB1-002", "川", 2025, 7, 8],
    ]


def volumes():
    rows = CaseVolume.objects.values_list("item__code", "party__code", "year", "month", "cases")
    return set(rows)


def cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_headers_are_the_brief_s_columns(world):
    assert VOLUMES.export_headers() == HEADERS


def test_good_file_imports(world, services):
    run = run_file(world, xlsx(HEADERS, good_rows()))
    assert (run.rows_added, run.rows_refused) == (3, 0)
    assert CaseVolume.objects.count() == 0  # the preview writes nothing
    commit(world, run)
    assert volumes() == {
        ("TB1-001", "cq", 2025, 6, 120),
        ("TB1-001", "sc", 2025, 6, 1500),
        ("TB1-002", "sc", 2025, 7, 8),
    }


def test_same_file_again_changes_nothing_and_an_edit_updates_the_month(world, services):
    data = xlsx(HEADERS, good_rows())
    commit(world, run_file(world, data))
    again = run_file(world, data, "again.xlsx")
    assert (again.rows_added, again.rows_changed, again.rows_unchanged) == (0, 0, 3)
    rows = good_rows()
    rows[0][5] = 130
    edited = commit(world, run_file(world, xlsx(HEADERS, rows), "edited.xlsx"))
    assert (edited.rows_added, edited.rows_changed, edited.rows_unchanged) == (0, 1, 2)
    assert ("TB1-001", "cq", 2025, 6, 130) in volumes()
    assert CaseVolume.objects.count() == 3


def test_two_bad_rows_refuse_the_whole_file(world, services):
    rows = [
        *good_rows(),
        [4, "TB1-999", "重庆", 2025, 5, 1],
        [5, "TB1-001", "重庆", 2025, 13, 1],
    ]
    run = run_file(world, xlsx(HEADERS, rows))
    assert run.status == RunStatus.REFUSED
    assert run.rows_refused == 2
    assert {(e["row"], e["column"]) for e in run.errors} == {(5, "编号"), (6, "月份")}
    assert engine.describe(run.errors[0]).startswith("第5行 「编号」：")
    assert CaseVolume.objects.count() == 0


def test_the_form_s_rules_apply(world, services):
    rows = [
        [1, "TB1-002", "重庆", 2025, 5, 1],  # no department on that side
        [2, "TB1-001", "重庆", 2025, 9, 1],  # a future month
        [3, "TB1-001", "重庆", 2025, 5, 1],
        [4, "TB1-001", "重庆市", 2025, 5, 2],  # the same month twice in one file
        [5, "TB1-001", "重庆", 2025, 4, -3],
    ]
    run = run_file(world, xlsx(HEADERS, rows))
    where = {(e["row"], e["column"]) for e in run.errors}
    assert where == {(2, "参与方"), (3, "月份"), (5, "月份"), (6, "办件量")}
    assert CaseVolume.objects.count() == 0


def test_full_width_digits(world, services):
    rows = [[1, "TB1-００１", "渝", "２０２５", "０６", "１，２００"]]
    commit(world, run_file(world, xlsx(HEADERS, rows)))
    assert volumes() == {("TB1-001", "cq", 2025, 6, 1200)}


def test_filtered_export_re_imports(as_user, world, services):
    hukou, licence = services
    add_volume(hukou, world.cq, 2025, 1, 10)
    add_volume(hukou, world.sc, 2025, 1, 20)
    add_volume(hukou, world.cq, 2024, 12, 30)
    add_volume(licence, world.sc, 2025, 2, 40)
    client = as_user("office")
    query = {"q": "TB1-001", "format": "xlsx", "volumes": "1"}
    exported = client.get(URL, query).content
    assert [row[1:] for row in cells(exported)] == [
        HEADERS[1:],
        ["TB1-001", "重庆", 2024, 12, 30],
        ["TB1-001", "重庆", 2025, 1, 10],
        ["TB1-001", "四川", 2025, 1, 20],
    ]
    assert run_file(world, exported).rows_unchanged == 3
    CaseVolume.objects.filter(item=hukou).delete()
    assert commit(world, run_file(world, exported, "back.xlsx")).rows_added == 3
    assert cells(client.get(URL, query).content) == cells(exported)


def test_export_link(as_user, services):
    html = as_user("leader").get(URL, {"batch": services[0].batch_id}).content.decode()
    expected = f"?batch={services[0].batch_id}&amp;format=xlsx&amp;volumes=1"
    assert f'id="tc-export-volumes" href="{expected}"' in html


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404_on_the_export(as_user, services, persona):
    response = as_user(persona).get(URL, {"format": "xlsx", "volumes": "1"})
    assert response.status_code == 404


def test_export_queries_do_not_grow(as_user, world):
    client = as_user("office")
    batch = make_batch(5)
    url = f"{URL}?format=xlsx&volumes=1"

    def add(count):
        for n in range(count):
            item = make_service(batch, world.leads())
            add_volume(item, world.cq, 2025, 1, n)
            add_volume(item, world.sc, 2025, 1, n)

    add(3)
    queries_for(client, url)  # the first request also touches the session
    small = queries_for(client, url)
    add(27)
    assert queries_for(client, url) == small
    assert len(cells(client.get(url).content)) == 61
