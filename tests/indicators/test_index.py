"""The catalogue: every business user reads it, with each indicator's latest circle value."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.indicators.conftest import ADMINS, READERS, make_indicator, observe
from tests.queries import queries_for
from twincity.indicators.models import Direction, IndicatorArea

URL = reverse("indicators:index")


def _row(html: str, code: str) -> str:
    start = html.index(f'id="indicator-{code}"')
    return html[start : html.index("</tr>", start)]


@pytest.fixture
def pm25(regions):
    indicator = make_indicator(
        code="pm25",
        name="细颗粒物年均浓度",
        unit="µg/m³",
        area=IndicatorArea.ECOLOGY,
        direction=Direction.LOWER,
        source="生态环境部门",
    )
    observe(indicator, regions["circle"], 2023, 35)
    observe(indicator, regions["circle"], 2024, 33)
    return indicator


@pytest.mark.parametrize("persona", READERS)
def test_business_users_read_the_catalogue(as_user, gdp, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert "地区生产总值" in response.content.decode()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, gdp, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_a_user_without_a_role_is_refused(no_role, gdp):
    assert no_role.get(URL).status_code == 403


def test_anonymous_goes_to_login(client, gdp):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


def test_each_row_shows_the_latest_circle_value_and_period(as_user, gdp, pm25):
    html = as_user("leader").get(URL).content.decode()
    row = _row(html, "gdp")
    assert "<strong>86,000</strong>" in row and "2024年" in row and "亿元" in row
    assert 'data-trend="good"' in row and "▲" in row
    assert "越高越好" in row
    falling = _row(html, "pm25")
    assert "<strong>33</strong>" in falling and 'data-trend="good"' in falling and "▼" in falling
    assert "生态环境部门" in falling


def test_an_indicator_without_data_shows_a_dash(as_user, regions):
    make_indicator(code="blank", name="尚无数据的指标")
    row = _row(as_user("office").get(URL).content.decode(), "blank")
    assert "<strong>" not in row and "—" in row


def test_grouped_by_area(as_user, gdp, pm25):
    html = as_user("office").get(URL).content.decode()
    html = html[html.index('id="tc-indicators"') :]
    assert html.index("经济发展") < html.index("地区生产总值") < html.index("生态环境")
    assert html.index("生态环境") < html.index("细颗粒物年均浓度")
    assert "共 2 项指标" in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"q": "生产"}, "地区生产总值", "细颗粒物"),
        ({"q": "pm25"}, "细颗粒物", "地区生产总值"),
        ({"q": "当年价格"}, "地区生产总值", "细颗粒物"),
        ({"area": "ecology"}, "细颗粒物", "地区生产总值"),
        ({"key": "1"}, "地区生产总值", "细颗粒物"),
    ],
)
def test_search_and_filters(as_user, gdp, pm25, params, shown, hidden):
    html = as_user("office").get(URL, params).content.decode()
    assert "共 1 项指标" in html
    assert shown in html and hidden not in html


def test_invalid_filter_is_reported_and_ignored(as_user, gdp, pm25):
    html = as_user("office").get(URL, {"area": "astrology"}).content.decode()
    assert "领域：" in html and "共 2 项指标" in html


def test_htmx_gets_only_the_catalogue(as_user, gdp):
    html = as_user("office").get(URL, {"q": "生产"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "地区生产总值" in html


def test_office_sees_the_new_indicator_link(as_user, gdp):
    link = reverse("indicators:indicator_create")
    assert link in as_user("office").get(URL).content.decode()
    assert link not in as_user("leader").get(URL).content.decode()


def _catalogue(regions, count: int) -> None:
    for n in range(count):
        indicator = make_indicator(area=list(IndicatorArea.values)[n % 7])
        for year in (2023, 2024):
            observe(indicator, regions["circle"], year, n + year)


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_constant_queries_at_5_and_50_indicators(as_user, regions, persona):
    client = as_user(persona)
    _catalogue(regions, 5)
    client.get(URL)  # the first request of a session does more
    few = queries_for(client, URL)
    _catalogue(regions, 45)
    assert queries_for(client, URL) == few
    assert "共 50 项指标" in client.get(URL).content.decode()
