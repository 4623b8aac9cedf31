"""Importing indicator observations by (indicator, region, period); exporting them as filtered."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests import factory as f
from tests.imports.conftest import xlsx
from tests.indicators.conftest import ADMINS, make_indicator, observe
from tests.queries import queries_for
from twincity.imports import engine, registers
from twincity.imports.models import RunStatus
from twincity.indicators.models import Observation, ObservationRevision, PeriodKind, Region
from twincity.indicators.regions import load_regions
from twincity.lib import clock

OBSERVATIONS = registers.REGISTERS["observations"]
HEADERS = ["序号", "指标代码", "地区", "统计周期", "年度", "季度或月份", "截止日期", "数值"]
HEADERS += ["来源文件", "来源链接", "备注"]


@pytest.fixture(autouse=True)
def today():
    with clock.travel(dt.datetime(2025, 8, 1, 2, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def gdp(world):
    load_regions()
    return make_indicator(code="gdp", name="地区生产总值")


def run_file(world, data, name="obs.xlsx"):
    run = engine.start(world.users["office"], OBSERVATIONS, None, name, data)
    return engine.check_all(run, world.users["office"])


def commit(world, run):
    assert run.status == RunStatus.PREVIEWED, run.errors
    return engine.commit(run, world.users["office"], run.sha256)


def good_rows():
    source = ["统计公报", "https://tjj.cq.gov.cn/a", ""]
    return [
        [1, "gdp", "重庆市", "年度", 2024, "", "", "32,193", *source],
        [2, "gdp", "成都", "季度", 2024, "第3季度", "", 5000.5, "", "", "初步核算"],
        [3, "gdp", "circle", "月度", "２０２５", "6月", "", "100", "", "", ""],
        [4, "ｇｄｐ", "四川省", "累计", "", "", "２０２５年６月３０日", "１２３４．５", "", "", ""],
    ]


def periods():
    return {
        (o.region.code, o.period_kind, o.period_end): o.value
        for o in Observation.objects.select_related("region")
    }


def cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_headers_are_the_brief_s_columns(world):
    assert OBSERVATIONS.export_headers() == HEADERS


def test_good_file_imports(world, gdp):
    run = run_file(world, xlsx(HEADERS, good_rows()))
    assert (run.rows_added, run.rows_refused) == (4, 0)
    assert Observation.objects.count() == 0  # the preview writes nothing
    commit(world, run)
    assert periods() == {
        ("cq", PeriodKind.YEAR, dt.date(2024, 12, 31)): Decimal("32193"),
        ("sc-chengdu", PeriodKind.QUARTER, dt.date(2024, 9, 30)): Decimal("5000.5"),
        ("circle", PeriodKind.MONTH, dt.date(2025, 6, 30)): Decimal("100"),
        ("sc", PeriodKind.CUMULATIVE, dt.date(2025, 6, 30)): Decimal("1234.5"),
    }
    cq = Observation.objects.get(region__code="cq")
    assert (cq.source_document, cq.source_url) == ("统计公报", "https://tjj.cq.gov.cn/a")
    assert ObservationRevision.objects.count() == 4  # record_observation's first revision


def test_same_file_again_changes_nothing_and_an_edit_is_a_revision(world, gdp):
    data = xlsx(HEADERS, good_rows())
    commit(world, run_file(world, data))
    again = run_file(world, data, "again.xlsx")
    assert (again.rows_added, again.rows_changed, again.rows_unchanged) == (0, 0, 4)
    rows = good_rows()
    rows[0][7] = "32,200"
    edited = commit(world, run_file(world, xlsx(HEADERS, rows), "edited.xlsx"))
    assert (edited.rows_added, edited.rows_changed, edited.rows_unchanged) == (0, 1, 3)
    cq = Observation.objects.get(region__code="cq")
    assert (cq.value, cq.version, cq.source_document) == (Decimal("32200"), 2, "统计公报")
    latest = cq.revisions.order_by("-number").first()
    assert (latest.number, latest.reason, latest.value) == (2, "Excel导入", Decimal("32200"))
    assert Observation.objects.count() == 4


def test_a_left_out_source_column_keeps_the_stored_source(world, gdp):
    commit(world, run_file(world, xlsx(HEADERS, good_rows()[:1])))
    headers = HEADERS[:8]
    row = good_rows()[0][:8]
    row[7] = "33000"
    commit(world, run_file(world, xlsx(headers, [row]), "short.xlsx"))
    cq = Observation.objects.get()
    assert (cq.value, cq.source_document) == (Decimal("33000"), "统计公报")


def test_two_bad_rows_refuse_the_whole_file(world, gdp):
    rows = [
        *good_rows(),
        [5, "gdp", "火星", "年度", 2023, "", "", "1", "", "", ""],
        [6, "gdp", "重庆市", "年度", 2023, "", "", "很多", "", "", ""],
    ]
    run = run_file(world, xlsx(HEADERS, rows))
    assert run.status == RunStatus.REFUSED
    assert run.rows_refused == 2
    assert {(e["row"], e["column"]) for e in run.errors} == {(6, "地区"), (7, "数值")}
    assert engine.describe(run.errors[0]).startswith("第6行 「地区」：")
    assert Observation.objects.count() == 0 and ObservationRevision.objects.count() == 0


def test_period_problems_are_named_by_column(world, gdp):
    rows = [
        [1, "gdp", "重庆市", "季度", 2024, "", "", "1", "", "", ""],
        [2, "nope", "重庆市", "年度", 2024, "", "", "1", "", "", ""],
        [3, "gdp", "重庆市", "年度", 2024, "", "", "1", "", "", ""],
        [4, "gdp", "重庆", "年度", 2024, "", "", "2", "", "", ""],
        [5, "gdp", "重庆市", "每周", 2024, "", "", "2", "", "", ""],
    ]
    run = run_file(world, xlsx(HEADERS, rows))
    where = {(e["row"], e["column"]) for e in run.errors}
    assert where == {(2, "季度或月份"), (3, "指标代码"), (5, "统计周期"), (6, "统计周期")}
    assert Observation.objects.count() == 0


def _fill(indicator, regions, years) -> None:
    for region in regions:
        for year in years:
            observe(indicator, region, year, year * 10 + 0.25, source_document="公报")


def test_filtered_export_re_imports(as_user, world, gdp):
    cq, sc = Region.objects.get(code="cq"), Region.objects.get(code="sc")
    _fill(gdp, [cq, sc], range(2020, 2023))
    observe(gdp, cq, 2024, 7, kind=PeriodKind.CUMULATIVE, end=dt.date(2024, 5, 31))
    observe(gdp, cq, 2024, 8, kind=PeriodKind.QUARTER, end=dt.date(2024, 6, 30))
    client = as_user("office")
    url = "/indicators/gdp/"
    exported = client.get(url, {"region": cq.pk, "format": "xlsx"}).content
    assert {row[2] for row in cells(exported)[1:]} == {"重庆市"}
    assert len(cells(exported)) == 6
    assert run_file(world, exported).rows_unchanged == 5
    Observation.objects.filter(region=cq).delete()
    assert commit(world, run_file(world, exported, "back.xlsx")).rows_added == 5
    assert cells(client.get(url, {"region": cq.pk, "format": "xlsx"}).content) == cells(exported)


def test_export_links_keep_the_filters(as_user, gdp):
    html = as_user("leader").get("/indicators/gdp/", {"period_kind": "year"}).content.decode()
    assert 'id="tc-export-xlsx" href="?period_kind=year&amp;format=xlsx"' in html
    html = as_user("leader").get("/indicators/", {"q": "gdp"}).content.decode()
    assert 'id="tc-export-xlsx" href="?q=gdp&amp;format=xlsx"' in html


def test_catalogue_export_is_filtered(as_user, gdp):
    make_indicator(code="trade", name="进出口总额")
    response = as_user("cq_liaison").get("/indicators/", {"q": "生产", "format": "xlsx"})
    rows = cells(response.content)
    assert rows[0][:2] == ["代码", "名称"] and [row[0] for row in rows[1:]] == ["gdp"]


@pytest.mark.parametrize("url", ["/indicators/", "/indicators/gdp/"])
def test_personas_on_the_exports(as_user, gdp, url):
    for persona in ADMINS:
        assert as_user(persona).get(url, {"format": "xlsx"}).status_code == 404
    no_role = Client()
    no_role.force_login(f.make_user("newcomer"))
    assert no_role.get(url, {"format": "xlsx"}).status_code == 403
    assert as_user("leader").get(url, {"format": "xlsx"}).status_code == 200


def test_unknown_indicator_export_is_404(as_user, gdp):
    assert as_user("office").get("/indicators/nope/", {"format": "xlsx"}).status_code == 404


@pytest.mark.parametrize("url", ["/indicators/?format=xlsx", "/indicators/gdp/?format=xlsx"])
def test_export_queries_do_not_grow(as_user, gdp, url):
    client = as_user("office")
    regions = list(Region.objects.all()[:5])
    _fill(gdp, regions, range(2023, 2024))
    queries_for(client, url)  # the first request also touches the session
    small = queries_for(client, url)
    _fill(gdp, regions, range(2014, 2023))
    for n in range(10):
        make_indicator(code=f"more-{n}")
    assert queries_for(client, url) == small
