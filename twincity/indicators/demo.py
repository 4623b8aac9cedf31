"""The indicator demo: fourteen indicators with 2020–2025 histories, all marked demo.

The latest figures are those the public reports quote (8.6万亿元 GDP in 2024, 548 ports and
126 countries, 中欧班列 over 3.6万列, 355 通办 items, 2.7万 high-tech firms, 800 "little
giants", 257 joint R&D projects, and the 14.6% / 30.6% / 27% shares of the central area);
the earlier years, the sides', cities' and districts' values are invented but plausible. GDP
of the cities and districts adds up to the circle's figure every year. Deterministic; the
observations are written with bulk_create, the indicators through the workflow.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from twincity.accounts.models import User
from twincity.indicators import workflow
from twincity.indicators.models import (
    Direction,
    Indicator,
    IndicatorArea,
    Observation,
    ObservationRevision,
    PeriodKind,
    Region,
    RegionLevel,
)
from twincity.indicators.regions import REGIONS, load_regions
from twincity.lib import clock

YEARS = range(2020, 2026)
PROVISIONAL_YEAR = 2025
NOTE = "演示数据"
PROVISIONAL_NOTE = "演示数据；2025年为初步数"
SOURCE_DOCUMENT = "演示数据（依据公开报道的数量级编造）"

Series = dict[str, dict[int, Decimal]]  # region code → year → value
L = RegionLevel
A = IndicatorArea


class IndicatorRow(NamedTuple):
    code: str
    name: str
    unit: str
    area: str
    levels: tuple[str, ...]
    kind: str  # the period kind of every observation (yearly or cumulative to year-end)
    definition: str
    source: str
    series: Callable[[], Series]
    direction: str = Direction.HIGHER
    is_key: bool = False
    is_public: bool = True


def _d(value: float | int | str, places: int = 2) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _years(*values: float | int | None, places: int = 2, start: int = 2020) -> dict[int, Decimal]:
    """A run of yearly values from `start`; None skips a year."""
    return {start + i: _d(v, places) for i, v in enumerate(values) if v is not None}


# --- GDP: circle, sides and every city and district -----------------------------------------

GDP_CIRCLE = _years(66000, 73900, 77600, 81990, 86000, 90300)
GDP_SIDES = {
    "cq": _years(25003, 27894, 29129, 30146, 32193, 33680),
    "sc": _years(48599, 53851, 56750, 60133, 64697, 67620),
}
# 2024 levels (亿元) that set each tile's weight; partial cities and counties count in part.
# fmt: off
GDP_WEIGHTS = {
    "sc-chengdu": 23511, "sc-mianyang": 4000, "sc-yibin": 3950, "sc-deyang": 3100,
    "sc-nanchong": 2800, "sc-luzhou": 2700, "sc-dazhou": 2500, "sc-leshan": 2300,
    "sc-meishan": 1800, "sc-zigong": 1700, "sc-neijiang": 1800, "sc-suining": 1800,
    "sc-guangan": 1500, "sc-ziyang": 1000, "sc-yaan": 900,
    "cq-yubei": 2400, "cq-jiulongpo": 1800, "cq-jiangbei": 1700, "cq-yuzhong": 1600,
    "cq-fuling": 1500, "cq-shapingba": 1200, "cq-jiangjin": 1350, "cq-yongchuan": 1250,
    "cq-wanzhou": 1150, "cq-nanan": 1050, "cq-banan": 1000, "cq-changshou": 980,
    "cq-hechuan": 1050, "cq-bishan": 1000, "cq-beibei": 850, "cq-qijiang": 700,
    "cq-dazu": 900, "cq-rongchang": 850, "cq-tongliang": 800, "cq-tongnan": 600,
    "cq-nanchuan": 450, "cq-liangping": 650, "cq-dianjiang": 560, "cq-fengdu": 420,
    "cq-zhongxian": 560, "cq-qianjiang": 300, "cq-dadukou": 350, "cq-kaizhou": 700,
    "cq-yunyang": 550,
}
# fmt: on


def _gdp() -> Series:
    """Tiles follow the circle's growth with their own drift; each year they add up to it."""
    rng = random.Random(86000)
    drift = {code: rng.uniform(-0.035, 0.035) for code in GDP_WEIGHTS}
    out: Series = {"circle": GDP_CIRCLE, **GDP_SIDES}
    shares: dict[int, dict[str, float]] = {}
    for year in YEARS:
        raw = {code: w * (1 + drift[code] * (year - 2024) / 4) for code, w in GDP_WEIGHTS.items()}
        total = sum(raw.values())
        shares[year] = {code: value / total for code, value in raw.items()}
    for code in GDP_WEIGHTS:
        out[code] = {y: _d(float(GDP_CIRCLE[y]) * shares[y][code]) for y in YEARS}
    for year in YEARS:  # rounding: the largest tile takes the last few hundredths
        rest = GDP_CIRCLE[year] - sum(out[code][year] for code in GDP_WEIGHTS)
        out["sc-chengdu"][year] += rest
    return out


# --- PM2.5: circle, sides and every city and district ---------------------------------------

# fmt: off
PM25_CITIES = {
    "sc-chengdu": 40, "sc-zigong": 46, "sc-luzhou": 38, "sc-deyang": 37, "sc-mianyang": 34,
    "sc-suining": 32, "sc-neijiang": 40, "sc-leshan": 39, "sc-nanchong": 35, "sc-meishan": 38,
    "sc-yibin": 42, "sc-guangan": 33, "sc-dazhou": 41, "sc-yaan": 28, "sc-ziyang": 35,
}  # 2020 levels, µg/m³
# fmt: on


def _pm25() -> Series:
    rng = random.Random(25)
    out: Series = {
        "circle": _years(38, 36, 35, 35, 33, 32, places=0),
        "cq": _years(33, 35, 31, 34, 32, 31, places=0),
        "sc": _years(31, 32, 31, 32, 31, 30, places=0),
    }
    for row in REGIONS:
        if row.tile is None:
            continue
        start = PM25_CITIES.get(row.code) or rng.randint(28, 38)
        values = [start * (1 - 0.03 * i) + rng.uniform(-1.5, 1.5) for i in range(len(YEARS))]
        out[row.code] = _years(*values, places=0)
    return out


# --- the circle's and sides' figures --------------------------------------------------------


def _circle(*values: float | int | None, places: int = 2) -> Callable[[], Series]:
    return lambda: {"circle": _years(*values, places=places)}


def _with_sides(circle: tuple, cq: tuple, sc: tuple, places: int = 2) -> Callable[[], Series]:
    return lambda: {
        "circle": _years(*circle, places=places),
        "cq": _years(*cq, places=places),
        "sc": _years(*sc, places=places),
    }


AREA_LEVELS = (L.CIRCLE,)
SIDE_LEVELS = (L.CIRCLE, L.SIDE)
ALL_LEVELS = (L.CIRCLE, L.SIDE, L.CITY, L.DISTRICT)
Y, C = PeriodKind.YEAR, PeriodKind.CUMULATIVE

# fmt: off
INDICATORS = [
    IndicatorRow(
        "gdp", "地区生产总值", "亿元", A.ECONOMY, ALL_LEVELS, Y,
        "按当年价格计算的地区生产总值（GDP）。全域为各市、区县之和；两省市为全省（市）数。",
        "国家统计局、重庆市统计局、四川省统计局", _gdp, is_key=True,
    ),
    IndicatorRow(
        "central-gdp-share", "成渝中部地区经济总量占两省市比重", "%", A.ECONOMY, AREA_LEVELS,
        Y, "渝西八区与四川八市（成渝中部地区）地区生产总值占两省市合计的比重。",
        "推动成渝地区双城经济圈建设联合办公室", _circle(26.4, 26.7, 27.0, 27.1, 27.3, places=1),
    ),
    IndicatorRow(
        "central-population-share", "成渝中部地区常住人口占两省市比重", "%", A.ECONOMY,
        AREA_LEVELS, Y, "成渝中部地区年末常住人口占两省市合计的比重。",
        "推动成渝地区双城经济圈建设联合办公室", _circle(30.4, 30.5, 30.6, places=1),
    ),
    IndicatorRow(
        "central-area-share", "成渝中部地区面积占两省市比重", "%", A.ECONOMY, AREA_LEVELS, Y,
        "成渝中部地区行政区域面积占两省市合计的比重（不随年份变化，仅作对照）。",
        "推动成渝地区双城经济圈建设联合办公室", _circle(None, None, 14.6, places=1),
    ),
    IndicatorRow(
        "cr-express", "中欧班列（成渝）累计开行", "万列", A.OPENING, AREA_LEVELS, C,
        "自开行以来中欧班列（成渝）累计开行班列数，截至年末。",
        "重庆市、四川省中欧班列运营平台", _circle(1.6, 2.1, 2.6, 3.1, 3.6, 4.05),
        is_key=True,
    ),
    IndicatorRow(
        "land-sea-ports", "西部陆海新通道通达港口", "个", A.OPENING, AREA_LEVELS, C,
        "西部陆海新通道物流网络通达的全球港口数，截至年末。",
        "西部陆海新通道物流和运营组织中心", _circle(315, 330, 393, 473, 548, 580, places=0),
        is_key=True,
    ),
    IndicatorRow(
        "land-sea-countries", "西部陆海新通道通达国家和地区", "个", A.OPENING, AREA_LEVELS, C,
        "西部陆海新通道物流网络通达的国家和地区数，截至年末。",
        "西部陆海新通道物流和运营组织中心", _circle(107, 110, 119, 120, 126, 130, places=0),
    ),
    IndicatorRow(
        "rail-sea-trains", "西部陆海新通道铁海联运班列累计开行", "万列", A.OPENING,
        AREA_LEVELS, C, "西部陆海新通道常态化开行的铁海联运班列累计列数，截至年末。",
        "西部陆海新通道物流和运营组织中心", _circle(0.45, 0.65, 0.9, 1.18, 1.5, 1.85),
    ),
    IndicatorRow(
        "tongban-items", "川渝通办事项", "项", A.PUBLIC_SERVICE, AREA_LEVELS, C,
        "已分批发布、实现川渝两地通办的政务服务事项累计数，截至年末。",
        "重庆市政府办公厅、四川省政府办公厅", _circle(95, 210, 311, 311, 355, 355, places=0),
        is_key=True,
    ),
    IndicatorRow(
        "medical-settlement", "川渝跨省异地就医直接结算", "万人次", A.PUBLIC_SERVICE,
        SIDE_LEVELS, Y, "参保人在对方省市定点医疗机构就医并直接结算的人次（按就医地统计）。",
        "重庆市医疗保障局、四川省医疗保障局",
        _with_sides(
            (120, 260, 420, 610, 820, 950),
            (54, 117, 189, 275, 369, 428),
            (66, 143, 231, 335, 451, 522),
            places=0,
        ),
        is_key=True,
    ),
    IndicatorRow(
        "high-tech-firms", "高新技术企业", "万家", A.INNOVATION, SIDE_LEVELS, Y,
        "年末有效期内的国家高新技术企业数。", "重庆市科学技术局、四川省科学技术厅",
        _with_sides(
            (1.5, 1.8, 2.1, 2.4, 2.7), (0.42, 0.5, 0.64, 0.76, 0.86), (1.08, 1.3, 1.46, 1.64, 1.84)
        ),
    ),
    IndicatorRow(
        "little-giants", "专精特新“小巨人”企业", "家", A.INNOVATION, SIDE_LEVELS, Y,
        "年末累计获评的国家级专精特新“小巨人”企业数。",
        "重庆市经济和信息化委员会、四川省经济和信息化厅",
        _with_sides(
            (160, 330, 520, 680, 800), (60, 120, 200, 260, 310), (100, 210, 320, 420, 490),
            places=0,
        ),
    ),
    IndicatorRow(
        "joint-rd-projects", "川渝联合实施重点研发项目", "个", A.INNOVATION, AREA_LEVELS, C,
        "两省市科技部门联合组织实施的重点研发项目累计数，截至年末。",
        "重庆市科学技术局、四川省科学技术厅", _circle(40, 95, 150, 205, 257, places=0),
    ),
    IndicatorRow(
        "pm25", "细颗粒物（PM2.5）年均浓度", "µg/m³", A.ECOLOGY, ALL_LEVELS, Y,
        "城市环境空气中细颗粒物（PM2.5）的年平均浓度。",
        "重庆市生态环境局、四川省生态环境厅", _pm25, direction=Direction.LOWER, is_key=True,
    ),
]
# fmt: on


def build_demo(office: User) -> None:
    """Load the regions, then write the demo indicators and their histories, once."""
    load_regions()
    if Indicator.objects.filter(is_demo=True).exists():
        return
    regions = {region.code: region for region in Region.objects.all()}
    with transaction.atomic():
        for order, row in enumerate(INDICATORS, start=1):
            indicator = workflow.create_indicator(office, _fields(row, order), is_demo=True)
            _write(indicator, row, regions, office)


def _fields(row: IndicatorRow, order: int) -> dict[str, object]:
    return {
        "code": row.code,
        "name": row.name,
        "unit": row.unit,
        "area": row.area,
        "definition": row.definition,
        "source": row.source,
        "direction": row.direction,
        "levels": list(row.levels),
        "is_key": row.is_key,
        "is_public": row.is_public,
        "order": order * 10,
    }


def _entered_at(year: int) -> dt.datetime:
    """Figures are published in the spring after the year they describe."""
    return min(timezone.make_aware(dt.datetime(year + 1, 3, 15, 10)), clock.now())


def _write(indicator: Indicator, row: IndicatorRow, regions: dict[str, Region], by: User) -> None:
    observations = [
        Observation(
            indicator=indicator,
            region=regions[code],
            period_kind=row.kind,
            period_end=dt.date(year, 12, 31),
            value=value,
            source_document=SOURCE_DOCUMENT,
            note=PROVISIONAL_NOTE if year == PROVISIONAL_YEAR else NOTE,
            is_demo=True,
            created_by=by,
            created_at=_entered_at(year),
            updated_by=by,
            updated_at=_entered_at(year),
        )
        for code, values in row.series().items()
        for year, value in values.items()
    ]
    Observation.objects.bulk_create(observations)
    ObservationRevision.objects.bulk_create(
        ObservationRevision(
            observation=o,
            number=1,
            value=o.value,
            source_document=o.source_document,
            note=o.note,
            changed_by=by,
            changed_at=o.created_at,
        )
        for o in observations
    )
