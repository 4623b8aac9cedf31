"""The circle's 47 regions and their tile map, loaded by `twincity load-regions`."""

from __future__ import annotations

from io import StringIO
from statistics import mean

import pytest
from django.core.management import call_command

from tests import factory as f
from twincity.accounts.models import UnitKind
from twincity.indicators.models import Region, RegionLevel
from twincity.indicators.regions import GRID_COLUMNS, GRID_ROWS, load_regions


def test_47_regions_by_level(regions):
    assert len(regions) == 47
    levels = [r.level for r in regions.values()]
    assert levels.count(RegionLevel.CIRCLE) == 1
    assert levels.count(RegionLevel.SIDE) == 2
    assert levels.count(RegionLevel.CITY) == 15
    assert levels.count(RegionLevel.DISTRICT) == 29


def test_sides_and_parties(regions, world):
    assert regions["circle"].party is None
    assert regions["cq"].party == world.cq and regions["sc"].party == world.sc
    assert {r.party for r in regions.values() if r.level == RegionLevel.CITY} == {world.sc}
    assert {r.party for r in regions.values() if r.level == RegionLevel.DISTRICT} == {world.cq}


def test_full_names_and_partial_coverage(regions):
    names = {r.name for r in regions.values()}
    assert {"成渝地区双城经济圈", "重庆市", "四川省", "成都市", "渝中区", "垫江县", "忠县"} <= names
    assert {"丰都县", "开州区", "云阳县", "雅安市"} <= names
    assert regions["sc-mianyang"].note == "除北川县、平武县"
    assert regions["sc-dazhou"].note == "除万源市"
    assert regions["sc-yaan"].note == "除天全县、宝兴县"
    assert regions["cq-kaizhou"].note == regions["cq-yunyang"].note == "部分地区"
    assert regions["sc-mianyang"].label == "绵阳市（除北川县、平武县）"


def test_every_city_and_district_has_its_own_tile(regions):
    tiles = list(Region.objects.tiles())
    assert len(tiles) == 44
    assert len({(r.tile_x, r.tile_y) for r in tiles}) == 44
    assert all(r.tile_x is None for r in regions.values() if r.level in ("circle", "side"))
    assert [(r.tile_y, r.tile_x) for r in tiles] == sorted((r.tile_y, r.tile_x) for r in tiles)


def test_the_grid_is_compact(regions):
    tiles = list(Region.objects.tiles())
    assert max(r.tile_x for r in tiles) + 1 == GRID_COLUMNS <= 14
    assert max(r.tile_y for r in tiles) + 1 == GRID_ROWS <= 9
    assert min(r.tile_x for r in tiles) == 0 and min(r.tile_y for r in tiles) == 0


def test_the_map_is_roughly_right(regions):
    tiles = list(Region.objects.tiles())
    sichuan = mean(r.tile_x for r in tiles if r.code.startswith("sc-"))
    chongqing = mean(r.tile_x for r in tiles if r.code.startswith("cq-"))
    assert sichuan < chongqing
    chengdu = regions["sc-chengdu"]
    assert chengdu.tile_x < regions["cq-yuzhong"].tile_x  # west of 渝中
    assert regions["sc-mianyang"].tile_y < chengdu.tile_y  # 绵阳 north of 成都
    assert regions["sc-yibin"].tile_y > chengdu.tile_y  # 宜宾 south of 成都
    assert regions["cq-wanzhou"].tile_x > regions["cq-yuzhong"].tile_x  # 万州 east


def test_loading_twice_changes_nothing(regions):
    before = list(Region.objects.order_by("code").values())
    assert load_regions() == 47
    assert list(Region.objects.order_by("code").values()) == before


def test_reloading_restores_an_edited_region(regions):
    Region.objects.filter(code="sc-chengdu").update(name="错名", tile_x=None, tile_y=None)
    load_regions()
    chengdu = Region.objects.get(code="sc-chengdu")
    assert (chengdu.name, chengdu.tile_x, chengdu.tile_y) == ("成都市", 2, 2)


def test_city_and_district_governments_are_linked(world):
    chengdu = f.make_unit("四川省成都市", world.sc, kind=UnitKind.CITY, short_name="成都市")
    yuzhong = f.make_unit("重庆市渝中区", world.cq, kind=UnitKind.DISTRICT)
    f.make_unit("重庆市渝中区发展改革委", world.cq)  # a department: never linked
    load_regions()
    assert Region.objects.get(code="sc-chengdu").unit == chengdu
    assert Region.objects.get(code="cq-yuzhong").unit == yuzhong
    assert Region.objects.get(code="cq-jiangbei").unit is None
    assert Region.objects.get(code="cq").unit is None


def test_without_parties_the_regions_load_unlinked(db):
    assert load_regions() == 47
    assert not Region.objects.filter(party__isnull=False).exists()


@pytest.mark.django_db
def test_the_command(world):
    out = StringIO()
    call_command("load-regions", stdout=out)
    assert "regions loaded: 47" in out.getvalue()
    assert Region.objects.count() == 47
