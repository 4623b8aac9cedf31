"""One indicator: its facts, the circle and sides over time, the tile map and every value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.indicators.conftest import ADMINS, READERS, make_indicator, observe
from tests.queries import queries_for
from twincity.indicators.models import PeriodKind, Region, RegionLevel


def url(indicator) -> str:
    return reverse("indicators:detail", args=[indicator.code])


def _section(html: str, element_id: str, end: str = "</table>") -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index(end, start)]


@pytest.mark.parametrize("persona", READERS)
def test_business_users_read_an_indicator(as_user, gdp, persona):
    response = as_user(persona).get(url(gdp))
    assert response.status_code == 200
    assert "按当年价格计算" in response.content.decode()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, gdp, persona):
    assert as_user(persona).get(url(gdp)).status_code == 404


def test_a_user_without_a_role_is_refused(no_role, gdp):
    assert no_role.get(url(gdp)).status_code == 403


def test_unknown_code_is_404(as_user, gdp):
    assert as_user("office").get(reverse("indicators:detail", args=["nope"])).status_code == 404


def test_anonymous_goes_to_login(client, gdp):
    assert client.get(url(gdp))["Location"].startswith(reverse("accounts:login"))


def test_the_facts(as_user, gdp):
    gdp.source = "统计部门"
    gdp.save()
    html = as_user("leader").get(url(gdp)).content.decode()
    facts = _section(html, "tc-indicator-facts", "</dl>")
    assert "亿元" in facts and "越高越好" in facts and "统计部门" in facts
    assert "全域、省市、市（州）、区县" in facts


def test_the_series_table_lists_circle_and_sides_by_year(as_user, gdp, regions):
    html = as_user("leader").get(url(gdp)).content.decode()
    table = _section(html, "tc-series")
    assert table.index("2022年") < table.index("2023年") < table.index("2024年")
    circle = table[table.index("成渝地区双城经济圈") :]
    circle = circle[: circle.index("</tr>")]
    assert circle.index("77,600") < circle.index("81,990") < circle.index("86,000")
    chongqing = table[table.index("重庆市") :]
    chongqing = chongqing[: chongqing.index("</tr>")]
    assert chongqing.count("—") == 1 and "30,146" in chongqing and "32,193" in chongqing
    assert "四川省" not in table  # no values: no row in the chart either
    assert 'id="chart-indicator-gdp"' in html


def test_the_tile_map_shows_the_latest_city_values(as_user, gdp):
    html = as_user("leader").get(url(gdp)).content.decode()
    tiles = _section(html, "chart-indicator-gdp-map")
    assert "成都市" in tiles and "23,511" in tiles
    assert tiles.count("<tr>") == 1 + 44


def test_no_tile_map_for_a_circle_only_indicator(as_user, regions):
    ports = make_indicator(code="ports", levels=[RegionLevel.CIRCLE])
    observe(ports, regions["circle"], 2024, 548, kind=PeriodKind.CUMULATIVE)
    html = as_user("leader").get(url(ports)).content.decode()
    assert "chart-ports-map" not in html and "截至2024年12月31日" in html


def test_the_observations_table_filters_by_region_and_kind(as_user, gdp, regions):
    observe(gdp, regions["circle"], 2025, 21000, kind=PeriodKind.QUARTER, end=dt.date(2025, 3, 31))
    client = as_user("office")
    every = _section(client.get(url(gdp)).content.decode(), "tc-observation-table")
    assert every.count("<tr>") == 1 + 7
    assert every.index("2025年第1季度") < every.index("2024年")
    by_region = client.get(url(gdp), {"region": regions["cq"].pk}).content.decode()
    rows = _section(by_region, "tc-observation-table")
    assert rows.count("<tr>") == 1 + 2 and "成渝地区双城经济圈" not in rows
    by_kind = client.get(url(gdp), {"period_kind": "quarter"}).content.decode()
    assert _section(by_kind, "tc-observation-table").count("<tr>") == 1 + 1


def test_invalid_filter_is_reported(as_user, gdp):
    html = as_user("office").get(url(gdp), {"period_kind": "decade"}).content.decode()
    assert "统计周期：" in html


def test_the_observations_are_paginated(as_user, gdp, regions):
    for n, region in enumerate(Region.objects.tiles()):
        observe(gdp, region, 2022, 100 + n)
        observe(gdp, region, 2023, 200 + n)
    html = as_user("office").get(url(gdp)).content.decode()
    assert "共 94 条数据" in html and "第 1 / 2 页" in html
    assert _section(html, "tc-observation-table").count("<tr>") == 1 + 50
    second = as_user("office").get(url(gdp), {"page": 2}).content.decode()
    assert "第 2 / 2 页" in second
    assert _section(second, "tc-observation-table").count("<tr>") == 1 + 44


def test_htmx_gets_only_the_observations(as_user, gdp, regions):
    response = as_user("office").get(url(gdp), {"region": regions["cq"].pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "tc-observation-table" in html and "tc-series" not in html


def test_office_sees_the_links_to_add_and_edit(as_user, gdp):
    add = reverse("indicators:observation_create", args=["gdp"])
    edit = reverse("indicators:indicator_edit", args=["gdp"])
    office = as_user("office").get(url(gdp)).content.decode()
    assert add in office and edit in office
    leader = as_user("leader").get(url(gdp)).content.decode()
    assert add not in leader and edit not in leader


def _fill(indicator, regions, years: range) -> None:
    for region in [regions["circle"], regions["cq"], regions["sc"], *Region.objects.tiles()[:10]]:
        for year in years:
            observe(indicator, region, year, year)


@pytest.mark.parametrize("persona", ["office", "sc_liaison"])
def test_constant_queries_at_two_sizes(as_user, regions, persona, django_assert_num_queries):
    indicator = make_indicator(code="grow")
    client = as_user(persona)
    _fill(indicator, regions, range(2023, 2024))
    client.get(url(indicator))
    few = queries_for(client, url(indicator))
    _fill(indicator, regions, range(2010, 2023))
    with django_assert_num_queries(few):
        response = client.get(url(indicator))
    assert response.context["page"].paginator.count == 13 * 14
    assert len(response.context["chart"].categories) == 12
