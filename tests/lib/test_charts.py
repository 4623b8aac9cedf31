"""Chart data: options carry plain numbers, tables the exact ones; numbers read well."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from twincity.lib.charts import (
    BAD_SCALE,
    GOOD_SCALE,
    Chart,
    Series,
    Tile,
    TileMap,
    format_number,
    plain,
)


def test_format_number():
    assert format_number(Decimal("5332.4200")) == "5,332.42"
    assert format_number(Decimal("86000.0000")) == "86,000"
    assert format_number(40320518) == "40,320,518"
    assert format_number(None) == "—"
    assert format_number(Decimal("-0.50")) == "-0.5"
    assert format_number(Decimal("1E+3")) == "1,000"
    assert format_number("文字") == "文字"


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=-(10**12), max_value=10**12
    )
)
def test_format_number_keeps_the_value(value):
    assert Decimal(format_number(value).replace(",", "")) == value


def test_plain_numbers_for_echarts():
    assert plain(Decimal("1.25")) == 1.25
    assert plain(3) == 3
    assert plain(None) is None


def chart() -> Chart:
    return Chart(
        "k",
        "标题",
        ["一月", "二月"],
        [Series("甲", [Decimal("1.5"), None]), Series("乙", [2, 3], kind="line", axis=1)],
        unit="亿元",
        unit2="%",
    )


def test_chart_option_and_table_hold_the_same_numbers():
    c = chart()
    option = c.option()
    assert option["xAxis"]["data"] == ["一月", "二月"]
    assert [s["data"] for s in option["series"]] == [[1.5, None], [2, 3]]
    assert option["series"][1]["yAxisIndex"] == 1
    assert len(option["yAxis"]) == 2
    assert c.table_rows() == [("一月", [Decimal("1.5"), 2]), ("二月", [None, 3])]


def test_horizontal_chart_swaps_the_axes():
    c = chart()
    c.horizontal = True
    option = c.option()
    assert option["yAxis"]["type"] == "category"
    assert option["xAxis"][0]["type"] == "value"


def test_empty_chart():
    assert Chart("k", "t", [], []).empty
    assert Chart("k", "t", ["a"], [Series("s", [None])]).empty
    assert not chart().empty


def test_tile_map_splits_tiles_with_and_without_values():
    tiles = [Tile("成都市", "成都", 2, 3, Decimal("7")), Tile("渝中区", "渝中", 9, 5, None)]
    option = TileMap("m", "区域", "项目数", tiles).option()
    valued, blank = option["series"]
    assert valued["data"] == [{"name": "成都", "value": [2, 3, 7.0]}]
    assert blank["data"] == [{"name": "渝中", "value": [9, 5, None]}]
    assert option["xAxis"]["data"] == list(range(10))
    assert option["yAxis"]["data"] == list(range(6))
    assert option["visualMap"]["seriesIndex"] == 0


def test_more_is_darker_in_red_when_lower_is_better():
    tiles = [Tile("a", "a", 0, 0, 1), Tile("b", "b", 1, 0, 2)]
    up = TileMap("m", "t", "x", tiles).option()["visualMap"]["inRange"]["color"]
    down = TileMap("m", "t", "x", tiles, higher_is_better=False).option()
    assert up == GOOD_SCALE
    assert down["visualMap"]["inRange"]["color"] == BAD_SCALE
