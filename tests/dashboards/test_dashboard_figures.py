"""The numbers on every chart equal its table and a direct computation from the rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import lxml.html
import pytest
from django.urls import reverse

from tests import factory as f
from tests.dashboards.conftest import REPORT, SH, charts, number
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemSide, ItemState, ListKind
from twincity.lib import clock
from twincity.projects.models import MonthlyReport, ReportStatus
from twincity.services.models import CaseVolume
from twincity.supervision import rounds
from twincity.supervision.models import ExpectedReport

URL = reverse("dashboards:index")
LIGHT_NAMES = {
    "red": "红灯",
    "yellow": "黄灯",
    "recovered": "恢复",
    "green": "绿灯",
    "none": "不亮灯",
}


@pytest.fixture
def page(dash, as_user):
    return charts(as_user("leader").get(URL).content.decode())


def assert_table_equals_chart(chart):
    """Every table cell is the chart's number (exact decimal vs the float ECharts gets)."""
    names = [s["name"] for s in chart.option["series"]]
    assert [row[0] for row in chart.rows] == chart.categories()
    for i, (_, cells) in enumerate(chart.rows):
        for name, cell in zip(names, cells, strict=True):
            shown = chart.series(name)[i]
            value = number(cell)
            assert (None if value is None else float(value)) == shown


@pytest.mark.parametrize(
    "key",
    ["item-lights", "item-states", "on-time", "project-months", "project-areas", "service-volumes"],
)
def test_tables_equal_charts(page, key):
    assert_table_equals_chart(page[key])


def test_item_lights_equal_the_sides_in_the_database(page, dash):
    chart = page["item-lights"]
    sides = ItemSide.objects.filter(item__deadline__year=2025).select_related("item__list", "party")
    expected = Counter((f"{s.item.list.name}（{s.party.short_name}）", s.light) for s in sides)
    for i, category in enumerate(chart.categories()):
        for light, name in LIGHT_NAMES.items():
            assert chart.series(name)[i] == expected[(category, light)], (category, light)
    assert sum(chart.series("红灯")) == 3
    assert sum(chart.series("恢复")) == 1


def test_item_states_equal_the_items(page, dash):
    chart = page["item-states"]
    assert chart.categories() == ["第十次会议议定事项", "2025年重点任务"]  # by list kind
    key = chart.categories().index("2025年重点任务")
    assert chart.series("推进中")[key] == 2
    assert chart.series("已销号")[key] == 1
    # the item due in 2024 is not counted for 2025
    agreed = chart.categories().index("第十次会议议定事项")
    assert chart.series("推进中")[agreed] == 1


def test_on_time_rate_equals_the_expected_reports(page, dash):
    chart = page["on-time"]
    rates = dict(zip(chart.categories(), chart.series("按时报送率"), strict=True))
    for unit, rate in rates.items():
        rows = ExpectedReport.objects.filter(round=dash.round, unit__name=unit)
        on_time = [r for r in rows if r.report and r.report.submitted_at.date() <= dash.round.due]
        expected = round(100 * len(on_time) / rows.count(), 1)
        assert rate == expected, unit
    assert rates["四川省发展改革委"] == 0.0  # its one report came after the due date
    assert 0 < rates["重庆市发展改革委"] < 100


def latest_accepted(project, month):
    reports = MonthlyReport.objects.filter(
        project=project, year=2025, month__lte=month, status=ReportStatus.ACCEPTED
    ).order_by("-month")
    return reports[0].cumulative_completed if reports else Decimal(0)


def rate(done, planned):
    return float((done * 100 / planned).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_project_months_equal_a_computation_from_the_reports(page, dash):
    chart = page["project-months"]
    assert chart.categories() == [f"{m}月" for m in range(1, 12)]  # up to November
    planned = sum(p.year_planned for p in dash.projects)
    for m in range(1, 12):
        done = sum(latest_accepted(p, m) for p in dash.projects)
        assert chart.series("总体完成率")[m - 1] == rate(done, planned), m
    assert chart.series("总体完成率")[10] == rate(Decimal("70") + 30 + 33, Decimal(180))
    assert chart.series("时序进度")[5] == 50.0


def test_project_areas_equal_the_projects(page, dash):
    chart = page["project-areas"]
    by_area = dict(zip(chart.categories(), chart.series("累计完成投资"), strict=True))
    assert by_area == {"现代基础设施": 70.0, "现代产业": 63.0}
    planned = dict(zip(chart.categories(), chart.series("年度计划投资"), strict=True))
    assert planned == {"现代基础设施": 100.0, "现代产业": 80.0}
    rates = dict(zip(chart.categories(), chart.series("完成率"), strict=True))
    assert rates["现代产业"] == rate(Decimal(63), Decimal(80))


def test_service_volumes_equal_the_case_rows(page, dash):
    chart = page["service-volumes"]
    for name in ("渝", "川"):
        for m in range(1, 13):
            rows = CaseVolume.objects.filter(year=2025, month=m, party__short_name=name)
            expected = sum(r.cases for r in rows) or None
            assert chart.series(name)[m - 1] == expected, (name, m)
    assert chart.series("渝")[0] == 1234


def test_tile_map_counts_projects_by_location(page, dash):
    tiles = {row[0]: number(row[1][0]) for row in page["region-map"].rows}
    assert tiles["成都市"] == 2
    assert tiles["渝中区"] == 2
    assert tiles["绵阳市"] == 0
    data = {d["name"]: d["value"][2] for d in page["region-map"].option["series"][0]["data"]}
    assert data["成都"] == 2


@pytest.mark.parametrize(
    ("measure", "chengdu", "yuzhong"),
    [
        ("completion", rate(Decimal(30 + 33), Decimal(80)), rate(Decimal(100), Decimal(150))),
        ("red", 0, 1),
        ("ind:gdp", 23511.3, 1650.2),
    ],
)
def test_tile_map_measures(dash, as_user, measure, chengdu, yuzhong):
    html = as_user("leader").get(URL, {"measure": measure}).content.decode()
    tiles = {row[0]: number(row[1][0]) for row in charts(html)["region-map"].rows}
    assert float(tiles["成都市"]) == chengdu
    assert float(tiles["渝中区"]) == yuzhong


def test_key_figures_show_latest_value_and_change(dash, as_user):
    html = as_user("leader").get(URL).content.decode()
    assert 'data-indicator="gdp"' in html
    assert "86,000 亿元" in html
    assert "+4,100" in html  # 86000 − 81900
    trend = charts(html)["trend-gdp"]
    assert trend.option["series"][0]["data"] == [77000.0, 81900.0, 86000.0]
    assert [number(r[1][0]) for r in trend.rows] == [77000, 81900, 86000]


def test_side_filter_narrows_every_chart(dash, as_user):
    page = charts(as_user("leader").get(URL, {"side": "sc"}).content.decode())
    assert all(c.endswith("（川）") for c in page["item-lights"].categories())
    assert [s["name"] for s in page["service-volumes"].option["series"]] == ["川"]
    assert page["project-areas"].categories() == ["现代产业"]


def unit_rates(rnd) -> dict[str, tuple[float, int]]:
    """Each unit's on-time rate and expected reports in the round, from its rows."""
    rows = ExpectedReport.objects.filter(round=rnd).select_related("unit", "report")
    expected, on_time = Counter(), Counter()
    for row in rows:
        label = row.unit.short_name or row.unit.name
        expected[label] += 1
        on_time[label] += bool(row.report and row.report.submitted_at.date() <= rnd.due)
    return {u: (round(100 * on_time[u] / n, 1), n) for u, n in expected.items()}


def test_on_time_shows_the_lowest_units_and_links_to_the_round(dash, world, as_user):
    for n in range(21):
        unit = f.make_unit(f"重庆市测试局{n:02d}", world.cq)
        f.make_item(
            leads={world.cq: unit, world.sc: world.sc_unit},
            list=dash.lists[0],
            state=ItemState.IN_PROGRESS,
            deadline=dt.date(2025, 12, 31),
        )
    with clock.travel(dt.datetime(2025, 12, 1, 9, tzinfo=SH)):
        rnd = rounds.open_round(
            world.users["office"], "2025年12月", [ListKind.KEY_TASKS], dt.date(2025, 12, 10)
        )
        for liaison in ("cq_liaison", "sc_liaison"):
            wf.submit_report(world.users[liaison], dash.items[1], REPORT)
    html = as_user("leader").get(URL).content.decode()
    chart = charts(html)["on-time"]
    rates = unit_rates(rnd)
    lowest = sorted(rates, key=lambda u: (rates[u][0], -rates[u][1], u))[:20]
    assert chart.categories() == lowest
    assert chart.series("按时报送率") == [rates[u][0] for u in lowest]
    assert max(chart.series("按时报送率")) < rates["重庆市发展改革委"][0]
    assert_table_equals_chart(chart)
    doc = lxml.html.fromstring(html)
    full = sum(1 for rate, _ in rates.values() if rate == 100)
    assert (
        doc.get_element_by_id("chart-on-time")
        .findtext(".//figcaption")
        .endswith(f"共 {len(rates)} 个单位，图中为按时报送率最低的 20 个。")
    )
    assert doc.xpath("//*[@data-kpi='full']")[0].text == f"{full} / {len(rates)}"
    link = doc.get_element_by_id("on-time-all").find("a")
    assert link.get("href") == reverse("supervision:round_detail", args=[rnd.pk])


def test_a_short_round_shows_every_unit_without_the_link(dash, as_user):
    html = as_user("leader").get(URL).content.decode()
    assert sorted(charts(html)["on-time"].categories()) == sorted(unit_rates(dash.round))
    assert 'id="on-time-all"' not in html
    assert "图中为按时报送率最低" not in html
