"""The demo: regions, fourteen indicators with 2020–2025 histories, every row marked demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from twincity.indicators.demo import build_demo
from twincity.indicators.models import (
    Direction,
    Indicator,
    Observation,
    ObservationRevision,
    PeriodKind,
    Region,
)
from twincity.indicators.queries import latest_by_region
from twincity.lib import clock

TODAY = dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)


@pytest.fixture
def demo(world):
    with clock.travel(TODAY):
        build_demo(world.users["office"])


def _value(code: str, region: str, year: int) -> Decimal:
    return Observation.objects.get(
        indicator__code=code, region__code=region, period_end=dt.date(year, 12, 31)
    ).value


def test_regions_and_indicators(demo):
    assert Region.objects.count() == 47
    indicators = Indicator.objects.all()
    assert 12 <= indicators.count() <= 14
    assert all(i.is_demo for i in indicators)
    assert 5 <= indicators.filter(is_key=True).count() <= 7
    assert indicators.filter(direction=Direction.LOWER).exists()


def test_the_figures_the_reports_quote(demo):
    assert _value("gdp", "circle", 2024) == Decimal(86000)
    assert _value("land-sea-ports", "circle", 2024) == 548
    assert _value("land-sea-countries", "circle", 2024) == 126
    assert _value("cr-express", "circle", 2024) == Decimal("3.6")
    assert _value("rail-sea-trains", "circle", 2024) == Decimal("1.5")
    assert _value("tongban-items", "circle", 2024) == 355
    assert _value("high-tech-firms", "circle", 2024) == Decimal("2.7")
    assert _value("little-giants", "circle", 2024) == 800
    assert _value("joint-rd-projects", "circle", 2024) == 257
    assert _value("central-area-share", "circle", 2022) == Decimal("14.6")
    assert _value("central-population-share", "circle", 2022) == Decimal("30.6")
    assert _value("central-gdp-share", "circle", 2022) == 27


def test_cumulative_figures_never_fall(demo):
    for indicator in Indicator.objects.filter(observations__period_kind=PeriodKind.CUMULATIVE):
        values = list(
            indicator.observations.filter(region__code="circle")
            .order_by("period_end")
            .values_list("value", flat=True)
        )
        assert values == sorted(values), indicator.code


def test_every_row_is_demo_and_2025_is_provisional(demo):
    rows = Observation.objects.all()
    assert rows.count() == ObservationRevision.objects.filter(number=1).count()
    assert not rows.filter(is_demo=False).exists()
    assert all(note.startswith("演示数据") for note in rows.values_list("note", flat=True))
    provisional = rows.filter(period_end__year=2025).values_list("note", flat=True)
    assert all("初步数" in note for note in provisional)
    assert not rows.filter(period_end__year=2024, note__contains="初步数").exists()
    assert {d.year for d in rows.values_list("period_end", flat=True)} == set(range(2020, 2026))


def test_city_and_district_gdp_adds_up_to_the_circle(demo):
    tiles = Observation.objects.filter(indicator__code="gdp", region__tile_x__isnull=False)
    for year in range(2020, 2026):
        total = tiles.filter(period_end__year=year).aggregate(total=Sum("value"))["total"]
        assert total == _value("gdp", "circle", year)
    assert tiles.filter(period_end__year=2024).count() == 44


def test_two_indicators_colour_the_tile_map(demo):
    for code in ("gdp", "pm25"):
        latest = latest_by_region(Indicator.objects.get(code=code), 2024)
        tiled = [pk for pk, o in latest.items() if o.region.tile_x is not None]
        assert len(tiled) == 44


def test_the_demo_is_written_once(demo, world):
    counts = (Indicator.objects.count(), Observation.objects.count())
    with clock.travel(TODAY):
        build_demo(world.users["office"])
    assert (Indicator.objects.count(), Observation.objects.count()) == counts
    assert Region.objects.count() == 47


def test_the_catalogue_and_a_detail_page(demo, as_user):
    client = as_user("leader")
    html = client.get(reverse("indicators:index")).content.decode()
    assert "<strong>90,300</strong>" in html and "演示" in html  # 2025, provisional
    detail = client.get(reverse("indicators:detail", args=["gdp"])).content.decode()
    assert "成都市" in detail and "2025年" in detail
