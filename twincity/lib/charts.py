"""Chart data for ECharts, built on the server: the same numbers feed the chart and its table.

A view builds a `Chart` (categories × series) or a `TileMap` (a value per region tile) from
figures it has aggregated in the database; `templates/includes/_chart.html` renders the
ECharts option as JSON, a table view of the exact numbers and a PNG download button, and
`static/twincity/charts.js` draws it. The option holds floats (ECharts needs numbers); the
table holds the exact values (Decimal stays Decimal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Number = Decimal | int | float
Value = Number | None

# Colours used across the app: lights, the two sides, then a neutral palette.
LIGHT_COLOURS = {
    "red": "#d9363e",
    "yellow": "#f0b429",
    "recovered": "#3d8bd9",
    "green": "#2f9e44",
    "none": "#adb5bd",
}
GOOD_SCALE = ["#e7f5ff", "#74c0fc", "#1864ab"]
BAD_SCALE = ["#fff5f5", "#ffa8a8", "#c92a2a"]
PALETTE = ["#8c1c13", "#1f6fb2", "#e0a31a", "#2f9e44", "#7048e8", "#0c8599", "#868e96"]


def format_number(value: object) -> str:
    """Thousands grouped, trailing zeros dropped (5332.4200 → 5,332.42); "—" for no value."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        text = f"{value:,f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:,}"


def plain(value: Value) -> float | int | None:
    """A JSON number for ECharts (None stays None: a gap)."""
    if value is None or isinstance(value, int):
        return value
    return float(value)


@dataclass
class Series:
    """One named row of values, one per category."""

    name: str
    values: Sequence[Value]
    kind: str = "bar"  # "bar" or "line"
    stack: str = ""
    axis: int = 0  # 0: the left (or bottom) value axis, 1: the second one
    colour: str = ""

    def option(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.kind,
            "data": [plain(v) for v in self.values],
        }
        if self.stack:
            out["stack"] = self.stack
        if self.axis:
            out["yAxisIndex"] = self.axis
        if self.colour:
            out["itemStyle"] = {"color": self.colour}
            if self.kind == "line":
                out["lineStyle"] = {"color": self.colour}
        return out


@dataclass
class Chart:
    """A category chart (bars and lines) and its table."""

    key: str  # unique on the page: names the DOM elements and the PNG file
    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    unit: str = ""
    unit2: str = ""
    horizontal: bool = False
    height: int = 320
    note: str = ""
    category_label: str = ""

    @property
    def empty(self) -> bool:
        return not self.categories or all(v is None for s in self.series for v in s.values)

    def table_rows(self) -> list[tuple[str, list[Value]]]:
        return [(c, [s.values[i] for s in self.series]) for i, c in enumerate(self.categories)]

    def option(self) -> dict[str, Any]:
        categories: dict[str, Any] = {"type": "category", "data": list(self.categories)}
        values: list[dict[str, Any]] = [{"type": "value", "name": self.unit}]
        if self.unit2:
            values.append({"type": "value", "name": self.unit2, "splitLine": {"show": False}})
        if not self.horizontal and len(self.categories) > 8:
            categories["axisLabel"] = {"interval": 0, "rotate": 35}
        if self.horizontal:  # long names on the left: cut, the table keeps them whole
            categories |= {"inverse": True, "axisLabel": {"width": 200, "overflow": "truncate"}}
        x, y = (values, categories) if self.horizontal else (categories, values)
        return {
            "title": {"text": self.title, "left": 0, "textStyle": {"fontSize": 14}},
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 28, "type": "scroll"},
            "grid": {"left": 8, "right": 24, "top": 72, "bottom": 8, "containLabel": True},
            "color": PALETTE,
            "xAxis": x,
            "yAxis": y,
            "series": [s.option() for s in self.series],
        }

    def spark_option(self) -> dict[str, Any]:
        """A bare trend line for a table cell: no title, axes or legend."""
        return {
            "grid": {"left": 2, "right": 2, "top": 4, "bottom": 4},
            "tooltip": {"trigger": "axis"},
            "xAxis": {"type": "category", "show": False, "data": list(self.categories)},
            "yAxis": {"type": "value", "show": False, "scale": True},
            "color": PALETTE,
            "series": [{**s.option(), "symbol": "none"} for s in self.series],
        }


@dataclass
class Tile:
    """One region's tile: its place on the grid and its value."""

    name: str
    label: str  # the short name printed on the tile
    x: int
    y: int
    value: Value
    side: str = ""
    link: str = ""


@dataclass
class TileMap:
    """Regions as equal tiles laid out roughly as on a map, coloured by one measure."""

    key: str
    title: str
    measure: str
    tiles: Sequence[Tile]
    unit: str = ""
    higher_is_better: bool = True
    height: int = 420
    note: str = ""

    @property
    def empty(self) -> bool:
        return all(t.value is None for t in self.tiles)

    def table_rows(self) -> list[Tile]:
        return sorted(self.tiles, key=lambda t: (t.side, t.name))

    def _bounds(self) -> tuple[float, float]:
        values = [float(t.value) for t in self.tiles if t.value is not None]
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        return low, high if high > low else low + 1

    def option(self) -> dict[str, Any]:
        width = max((t.x for t in self.tiles), default=0) + 1
        height = max((t.y for t in self.tiles), default=0) + 1
        low, high = self._bounds()
        axis = {"type": "category", "show": False, "splitArea": {"show": False}}
        valued = [t for t in self.tiles if t.value is not None]
        blank = [t for t in self.tiles if t.value is None]
        # Darker is always more; blue where more is better, red where more is worse.
        colours = GOOD_SCALE if self.higher_is_better else BAD_SCALE
        label = {"show": True, "formatter": "{b}", "fontSize": 11}  # charts.js adds the value
        return {
            "title": {"text": self.title, "left": 0, "textStyle": {"fontSize": 14}},
            "tooltip": {"formatter": "{b}：{@[2]}"},
            "grid": {"left": 4, "right": 4, "top": 36, "bottom": 64},
            "xAxis": {**axis, "data": list(range(width))},
            "yAxis": {**axis, "data": list(range(height)), "inverse": True},
            "visualMap": {
                "min": low,
                "max": high,
                "seriesIndex": 0,
                "calculable": True,
                "orient": "horizontal",
                "left": "center",
                "bottom": 0,
                "text": [self.unit, ""],
                "inRange": {"color": colours},
            },
            "series": [
                self._series(self.measure, valued, label),
                {**self._series("—", blank, label), "itemStyle": {"color": "#e9ecef"}},
            ],
        }

    @staticmethod
    def _series(name: str, tiles: Sequence[Tile], label: dict[str, Any]) -> dict[str, Any]:
        data = [{"name": t.label, "value": [t.x, t.y, plain(t.value)]} for t in tiles]
        return {
            "name": name,
            "type": "heatmap",
            "data": data,
            "label": label,
            "itemStyle": {"borderColor": "#fff", "borderWidth": 2},
        }
