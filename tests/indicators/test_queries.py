"""series_for and latest_by_region: the right values in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.indicators.conftest import make_indicator, observe
from twincity.indicators.models import PeriodKind, Region
from twincity.indicators.queries import latest_by_region, main_kind, series_for

Q, M, C = PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.CUMULATIVE


def _values(observations) -> list[Decimal]:
    return [o.value for o in observations]


def test_main_kind_prefers_years_then_the_most_rows():
    assert main_kind({"year": 1, "month": 30}) == "year"
    assert main_kind({"quarter": 4, "month": 12}) == "month"
    assert main_kind({"quarter": 2, "cumulative": 2}) == "quarter"
    assert main_kind({}) is None


def test_series_for_takes_the_last_years_oldest_first(regions, django_assert_num_queries):
    circle = regions["circle"]
    gdp = make_indicator(code="gdp")
    for year in range(2015, 2025):
        observe(gdp, circle, year, 1000 + year)
    observe(gdp, circle, 2025, 999, kind=Q, end=dt.date(2025, 3, 31))  # not a year: left out
    observe(gdp, regions["cq"], 2024, 5)  # another region: left out
    with django_assert_num_queries(2):
        series = series_for([gdp], circle, last=3)
    assert _values(series[gdp.pk]) == [Decimal(3022), Decimal(3023), Decimal(3024)]
    assert [o.period_label for o in series[gdp.pk]] == ["2022年", "2023年", "2024年"]


def test_each_indicator_gets_its_own_main_kind(regions):
    circle = regions["circle"]
    trains = make_indicator(code="trains")
    for month in (1, 2, 3):
        observe(trains, circle, 2024, month * 10, kind=M, end=dt.date(2024, month, 28))
    observe(trains, circle, 2024, 7, kind=C, end=dt.date(2024, 3, 31))
    ports = make_indicator(code="ports")
    observe(ports, circle, 2023, 473, kind=C)
    observe(ports, circle, 2024, 548, kind=C)
    empty = make_indicator(code="empty")
    series = series_for([trains, ports, empty], circle, last=2)
    assert _values(series[trains.pk]) == [Decimal(20), Decimal(30)]
    assert _values(series[ports.pk]) == [Decimal(473), Decimal(548)]
    assert series[empty.pk] == []
    assert all(o.indicator == ports and o.region == circle for o in series[ports.pk])


def test_series_for_nothing(regions, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert series_for([], regions["circle"]) == {}


def _catalogue(regions, count: int) -> list:
    indicators = []
    for n in range(count):
        indicator = make_indicator(code=f"many-{n}")
        for year in range(2018, 2025):
            observe(indicator, regions["circle"], year, n * 100 + year)
        observe(indicator, regions["circle"], 2025, 1, kind=Q, end=dt.date(2025, 6, 30))
        indicators.append(indicator)
    return indicators


@pytest.mark.parametrize("count", [3, 30])
def test_series_for_queries_do_not_grow(regions, count, django_assert_num_queries):
    indicators = _catalogue(regions, count)
    with django_assert_num_queries(2):
        series = series_for(indicators, regions["circle"], last=4)
    assert len(series) == count
    last = indicators[-1]
    expected = [Decimal((count - 1) * 100 + y) for y in (2021, 2022, 2023, 2024)]
    assert _values(series[last.pk]) == expected


def test_latest_by_region_up_to_a_year(regions, django_assert_num_queries):
    gdp = make_indicator(code="gdp")
    chengdu, yuzhong, wanzhou = regions["sc-chengdu"], regions["cq-yuzhong"], regions["cq-wanzhou"]
    observe(gdp, chengdu, 2023, 22074)
    observe(gdp, chengdu, 2024, 23511)
    observe(gdp, yuzhong, 2022, 1500)
    observe(gdp, chengdu, 2025, 6000, kind=Q, end=dt.date(2025, 3, 31))  # other kind
    observe(gdp, wanzhou, 2025, 1200)
    with django_assert_num_queries(2):
        latest = latest_by_region(gdp, 2024)
        names = {latest[pk].region.name for pk in latest}  # regions come selected
    assert {pk: o.value for pk, o in latest.items()} == {
        chengdu.pk: Decimal(23511),
        yuzhong.pk: Decimal(1500),
    }
    assert names == {"成都市", "渝中区"}
    assert latest_by_region(gdp, 2023)[chengdu.pk].value == Decimal(22074)
    assert latest_by_region(gdp, None)[wanzhou.pk].value == Decimal(1200)
    assert latest_by_region(gdp, 2019) == {}


def test_latest_by_region_uses_the_indicators_main_kind(regions):
    trains = make_indicator(code="trains")
    chengdu = regions["sc-chengdu"]
    observe(trains, chengdu, 2024, 5, kind=Q, end=dt.date(2024, 9, 30))
    observe(trains, chengdu, 2024, 6, kind=Q, end=dt.date(2024, 12, 31))
    observe(trains, chengdu, 2024, 99, kind=M, end=dt.date(2024, 12, 31))
    assert latest_by_region(trains, 2024)[chengdu.pk].value == Decimal(6)


@pytest.mark.parametrize("per_region", [1, 6])
def test_latest_by_region_queries_do_not_grow(regions, per_region, django_assert_num_queries):
    gdp = make_indicator(code="gdp")
    tiles = list(Region.objects.tiles())
    for n, region in enumerate(tiles):
        for year in range(2025 - per_region, 2025):
            observe(gdp, region, year, n * 1000 + year)
    with django_assert_num_queries(2):
        latest = latest_by_region(gdp, 2024)
    assert len(latest) == 44
    assert latest[tiles[5].pk].value == Decimal(5000 + 2024)
