"""The circle's regions: reference data with a hand-laid tile map, loaded idempotently.

The tile grid (x: column, west to east; y: row, north to south) was first derived from each
seat's approximate longitude and latitude on a 14 × 9 grid, then hand-fixed where cells
collided: the central districts of Chongqing (渝中, 江北, 沙坪坝, 九龙坡, 大渡口, 南岸, 北碚, 渝北,
巴南) are spread over a 3 × 4 block keeping their relative positions.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q

from twincity.accounts.models import Party, Unit, UnitKind
from twincity.indicators.models import Region, RegionLevel

L = RegionLevel


class RegionRow(NamedTuple):
    code: str
    name: str
    short_name: str
    level: str
    party: str  # Party.code, "" for the whole circle
    tile: tuple[int, int] | None = None  # (x, y)
    note: str = ""


PARTIAL = "部分地区"

REGIONS: list[RegionRow] = [
    RegionRow("circle", "成渝地区双城经济圈", "双城经济圈", L.CIRCLE, ""),
    RegionRow("cq", "重庆市", "重庆", L.SIDE, "cq"),
    RegionRow("sc", "四川省", "四川", L.SIDE, "sc"),
    # Chongqing: the 27 districts and counties wholly in the circle, then 开州 and 云阳 in part.
    RegionRow("cq-yuzhong", "渝中区", "渝中", L.DISTRICT, "cq", (8, 6)),
    RegionRow("cq-dadukou", "大渡口区", "大渡口", L.DISTRICT, "cq", (7, 7)),
    RegionRow("cq-jiangbei", "江北区", "江北", L.DISTRICT, "cq", (9, 5)),
    RegionRow("cq-shapingba", "沙坪坝区", "沙坪坝", L.DISTRICT, "cq", (8, 5)),
    RegionRow("cq-jiulongpo", "九龙坡区", "九龙坡", L.DISTRICT, "cq", (7, 6)),
    RegionRow("cq-nanan", "南岸区", "南岸", L.DISTRICT, "cq", (9, 6)),
    RegionRow("cq-beibei", "北碚区", "北碚", L.DISTRICT, "cq", (8, 4)),
    RegionRow("cq-yubei", "渝北区", "渝北", L.DISTRICT, "cq", (9, 4)),
    RegionRow("cq-banan", "巴南区", "巴南", L.DISTRICT, "cq", (8, 7)),
    RegionRow("cq-wanzhou", "万州区", "万州", L.DISTRICT, "cq", (12, 2)),
    RegionRow("cq-fuling", "涪陵区", "涪陵", L.DISTRICT, "cq", (10, 5)),
    RegionRow("cq-qijiang", "綦江区", "綦江", L.DISTRICT, "cq", (8, 8)),
    RegionRow("cq-dazu", "大足区", "大足", L.DISTRICT, "cq", (5, 5)),
    RegionRow("cq-qianjiang", "黔江区", "黔江", L.DISTRICT, "cq", (13, 6)),
    RegionRow("cq-changshou", "长寿区", "长寿", L.DISTRICT, "cq", (10, 4)),
    RegionRow("cq-jiangjin", "江津区", "江津", L.DISTRICT, "cq", (6, 7)),
    RegionRow("cq-hechuan", "合川区", "合川", L.DISTRICT, "cq", (7, 4)),
    RegionRow("cq-yongchuan", "永川区", "永川", L.DISTRICT, "cq", (6, 6)),
    RegionRow("cq-nanchuan", "南川区", "南川", L.DISTRICT, "cq", (10, 7)),
    RegionRow("cq-bishan", "璧山区", "璧山", L.DISTRICT, "cq", (7, 5)),
    RegionRow("cq-tongliang", "铜梁区", "铜梁", L.DISTRICT, "cq", (6, 5)),
    RegionRow("cq-tongnan", "潼南区", "潼南", L.DISTRICT, "cq", (6, 4)),
    RegionRow("cq-rongchang", "荣昌区", "荣昌", L.DISTRICT, "cq", (5, 6)),
    RegionRow("cq-liangping", "梁平区", "梁平", L.DISTRICT, "cq", (11, 2)),
    RegionRow("cq-fengdu", "丰都县", "丰都", L.DISTRICT, "cq", (11, 5)),
    RegionRow("cq-dianjiang", "垫江县", "垫江", L.DISTRICT, "cq", (10, 3)),
    RegionRow("cq-zhongxian", "忠县", "忠县", L.DISTRICT, "cq", (11, 3)),
    RegionRow("cq-kaizhou", "开州区", "开州", L.DISTRICT, "cq", (12, 1), PARTIAL),
    RegionRow("cq-yunyang", "云阳县", "云阳", L.DISTRICT, "cq", (13, 2), PARTIAL),
    # Sichuan: 15 cities, three of them without some of their counties.
    RegionRow("sc-chengdu", "成都市", "成都", L.CITY, "sc", (2, 2)),
    RegionRow("sc-zigong", "自贡市", "自贡", L.CITY, "sc", (4, 6)),
    RegionRow("sc-luzhou", "泸州市", "泸州", L.CITY, "sc", (5, 8)),
    RegionRow("sc-deyang", "德阳市", "德阳", L.CITY, "sc", (3, 1)),
    RegionRow("sc-mianyang", "绵阳市", "绵阳", L.CITY, "sc", (4, 0), "除北川县、平武县"),
    RegionRow("sc-suining", "遂宁市", "遂宁", L.CITY, "sc", (6, 3)),
    RegionRow("sc-neijiang", "内江市", "内江", L.CITY, "sc", (4, 5)),
    RegionRow("sc-leshan", "乐山市", "乐山", L.CITY, "sc", (2, 5)),
    RegionRow("sc-nanchong", "南充市", "南充", L.CITY, "sc", (7, 2)),
    RegionRow("sc-meishan", "眉山市", "眉山", L.CITY, "sc", (2, 4)),
    RegionRow("sc-yibin", "宜宾市", "宜宾", L.CITY, "sc", (4, 8)),
    RegionRow("sc-guangan", "广安市", "广安", L.CITY, "sc", (8, 3)),
    RegionRow("sc-dazhou", "达州市", "达州", L.CITY, "sc", (10, 1), "除万源市"),
    RegionRow("sc-yaan", "雅安市", "雅安", L.CITY, "sc", (0, 4), "除天全县、宝兴县"),
    RegionRow("sc-ziyang", "资阳市", "资阳", L.CITY, "sc", (4, 4)),
]

GRID_COLUMNS = 1 + max(row.tile[0] for row in REGIONS if row.tile)
GRID_ROWS = 1 + max(row.tile[1] for row in REGIONS if row.tile)


def _unit_for(row: RegionRow, party: Party | None) -> Unit | None:
    """The city or district government registered as a unit, matched by the end of its name."""
    if row.level not in (L.CITY, L.DISTRICT) or party is None:
        return None
    units = Unit.objects.filter(
        Q(short_name__endswith=row.name) | Q(name__endswith=row.name),
        kind__in=[UnitKind.CITY, UnitKind.DISTRICT],
        party=party,
    )
    return units.order_by("id").first()


@transaction.atomic
def load_regions() -> int:
    """Create or update every region by code; returns how many there are. Safe to rerun."""
    parties = {party.code: party for party in Party.objects.filter(code__in=["cq", "sc"])}
    # Free the cells first, so that moving tiles between regions never collides midway.
    Region.objects.filter(code__in=[row.code for row in REGIONS]).update(tile_x=None, tile_y=None)
    for order, row in enumerate(REGIONS):
        party = parties.get(row.party)
        x, y = row.tile or (None, None)
        fields: dict[str, Any] = {
            "name": row.name,
            "short_name": row.short_name,
            "level": row.level,
            "party": party,
            "tile_x": x,
            "tile_y": y,
            "order": order,
            "note": row.note,
        }
        if unit := _unit_for(row, party):  # keep a link made by hand when nothing matches
            fields["unit"] = unit
        Region.objects.update_or_create(code=row.code, defaults=fields)
    return len(REGIONS)
