"""A small world with items, a round, projects, 通办 volumes and indicators for the dashboard."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from tests import factory as f
from tests.projects.util import area, make_list, make_project, make_report
from tests.services.conftest import add_volume, make_batch, make_service
from twincity.accounts.models import UnitKind
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemSide, ItemState, ListKind
from twincity.indicators.models import (
    Indicator,
    Observation,
    PeriodKind,
    Region,
    RegionLevel,
    period_end,
)
from twincity.indicators.regions import load_regions
from twincity.lib import clock
from twincity.projects.models import ReportStatus
from twincity.supervision import rounds

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2025, 12, 20, 10, tzinfo=SH)  # default year 2025, projects up to November


@pytest.fixture(autouse=True)
def frozen():
    with clock.travel(NOW):
        yield


@dataclass
class Parsed:
    """A chart as the page shows it: its ECharts option and its table's rows."""

    option: dict[str, Any]
    rows: list[tuple[str, list[str]]]

    def series(self, name: str) -> list[Any]:
        return next(s["data"] for s in self.option["series"] if s["name"] == name)

    def categories(self) -> list[str]:
        axes = [self.option["xAxis"], self.option["yAxis"]]
        return next(a["data"] for a in axes if isinstance(a, dict) and a["type"] == "category")


def charts(html: str) -> dict[str, Parsed]:
    """Every chart of a page by its key."""
    doc = lxml.html.fromstring(html)
    out = {}
    for fig in doc.xpath("//figure[contains(@class, 'tc-chart')]"):
        option = json.loads(fig.xpath(".//script[@type='application/json']")[0].text)
        rows = [
            (
                "".join(tr.xpath("./th")[0].itertext()).strip(),
                [td.get("data-value") for td in tr.xpath("./td[@data-value]")],
            )
            for tr in fig.xpath(".//table/tbody/tr")
        ]
        out[fig.get("data-chart-key")] = Parsed(option, rows)
    return out


def number(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(text)


@dataclass
class Dash:
    lists: list[Any]
    items: list[Any]
    round: Any
    projects: list[Any]
    regions: dict[str, Region]
    gdp: Indicator


def _items(world) -> tuple[list[Any], list[Any]]:
    key = f.make_list(ListKind.KEY_TASKS, "2025年重点任务", period="2025")
    agreed = f.make_list(ListKind.AGREED_ITEMS, "第十次会议议定事项")
    items = []
    due = dt.date(2025, 12, 31)
    for n, (lst, state) in enumerate(
        [
            (key, ItemState.IN_PROGRESS),
            (key, ItemState.IN_PROGRESS),
            (key, ItemState.CLOSED),
            (agreed, ItemState.ASSIGNED),
            (agreed, ItemState.IN_PROGRESS),
        ]
    ):
        items.append(world.item(list=lst, state=state, deadline=due, area="对外开放" if n else ""))
    items.append(world.item(list=agreed, state=ItemState.IN_PROGRESS, deadline=dt.date(2024, 6, 1)))
    return [key, agreed], items


def _set_lights(items: list[Any]) -> None:
    """Stored lights, set by hand: the dashboard reads them, it does not compute them."""
    lights = {(0, "cq"): "red", (0, "sc"): "green", (1, "cq"): "yellow", (1, "sc"): "yellow"}
    lights |= {(2, "cq"): "green", (2, "sc"): "green", (3, "cq"): "red", (4, "sc"): "recovered"}
    for (i, party), light in lights.items():
        ItemSide.objects.filter(item=items[i], party__code=party).update(light=light)


REPORT = {"progress_text": "进展", "percent": 50}


def _round(world, items: list[Any]) -> Any:
    with clock.travel(dt.datetime(2025, 10, 1, 9, tzinfo=SH)):
        rnd = rounds.open_round(
            world.users["office"],
            "2025年第4季度",
            [ListKind.KEY_TASKS, ListKind.AGREED_ITEMS],
            dt.date(2025, 10, 10),
        )
    with clock.travel(dt.datetime(2025, 10, 5, 9, tzinfo=SH)):
        wf.submit_report(
            world.users["cq_liaison"], items[0], {"progress_text": "进展", "percent": 50}
        )
    with clock.travel(dt.datetime(2025, 10, 12, 9, tzinfo=SH)):
        wf.submit_report(
            world.users["sc_liaison"], items[0], {"progress_text": "进展", "percent": 50}
        )
    return rnd


def _places(world) -> dict[str, Any]:
    chengdu = f.make_unit("四川省成都市", world.sc, kind=UnitKind.CITY, short_name="成都市")
    yuzhong = f.make_unit("重庆市渝中区", world.cq, kind=UnitKind.DISTRICT, short_name="渝中区")
    load_regions()
    return {"成都市": chengdu, "渝中区": yuzhong}


def _projects(world, places: dict[str, Any]) -> list[Any]:
    plist = make_list(2025)
    infra, industry = area("现代基础设施"), area("现代产业")
    p1 = make_project(plist, "100", area=infra, party=world.cq)
    p1.locations.set([places["渝中区"]])
    make_report(p1, 3, "20")
    make_report(p1, 9, "70")
    p2 = make_project(plist, "50", area=industry, party=world.sc)
    p2.locations.set([places["成都市"], places["渝中区"]])
    make_report(p2, 6, "30")
    make_report(p2, 10, "45", status=ReportStatus.SUBMITTED)  # not accepted: not counted
    p3 = make_project(plist, "30", area=industry, party=world.sc)
    p3.locations.set([places["成都市"]])
    make_report(p3, 11, "33")
    return [p1, p2, p3]


def _volumes(world) -> None:
    batch = make_batch(1)
    a, b = make_service(batch), make_service(batch)
    add_volume(a, world.cq, 2025, 1, 1000)
    add_volume(b, world.cq, 2025, 1, 234)
    add_volume(a, world.sc, 2025, 1, 800)
    add_volume(a, world.sc, 2025, 7, 999)
    add_volume(a, world.sc, 2024, 7, 5555)  # another year


def _indicators(regions: dict[str, Region]) -> Indicator:
    gdp = Indicator.objects.create(
        code="gdp",
        name="地区生产总值",
        unit="亿元",
        direction="higher",
        levels=[RegionLevel.CIRCLE, RegionLevel.SIDE, RegionLevel.CITY, RegionLevel.DISTRICT],
        is_key=True,
    )
    for year, value in [(2022, "77000"), (2023, "81900"), (2024, "86000")]:
        Observation.objects.create(
            indicator=gdp,
            region=regions["circle"],
            period_kind=PeriodKind.YEAR,
            period_end=period_end(PeriodKind.YEAR, year),
            value=Decimal(value),
        )
    for name, value in [("成都市", "23511.3"), ("渝中区", "1650.2")]:
        Observation.objects.create(
            indicator=gdp,
            region=regions[name],
            period_kind=PeriodKind.YEAR,
            period_end=period_end(PeriodKind.YEAR, 2024),
            value=Decimal(value),
        )
    return gdp


@pytest.fixture
def dash(world) -> Dash:
    lists, items = _items(world)
    rnd = _round(world, items)
    _set_lights(items)
    places = _places(world)
    led_there = f.make_item(
        leads={world.cq: places["渝中区"]},
        list=lists[1],
        state=ItemState.ASSIGNED,
        deadline=dt.date(2025, 11, 30),
    )
    led_there.sides.update(light="red")
    projects = _projects(world, places)
    _volumes(world)
    regions = {r.name: r for r in Region.objects.all()}
    regions["circle"] = Region.objects.get(level=RegionLevel.CIRCLE)
    gdp = _indicators(regions)
    return Dash(lists, items, rnd, projects, regions, gdp)
