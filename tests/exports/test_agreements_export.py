"""Exporting the agreements list to Excel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.exports.conftest import (
    ADMINS,
    BUSINESS,
    CLEANED,
    CONTROL,
    FORMULAS,
    cells,
    column,
    export_queries,
    header,
    rows,
    sheet,
    xlsx,
)
from tests.lists.util import row_ids
from tests.platforms.conftest import make_agreement
from twincity.platforms.models import Agreement

URL = reverse("platforms:agreements")


@pytest.fixture
def agreements(world, places):
    rail = world.item(code="A-01", title="川渝铁路")
    return {
        "traffic": make_agreement(
            "川渝交通运输合作协议",
            dt.date(2020, 4, 28),
            "基础设施",
            parties=[world.cq, world.sc],
            units=[world.cq_unit, world.sc_unit],
            items=[rail],
            doc_number="-川渝合作〔2020〕1号",
            is_public=True,
        ),
        "health": make_agreement(
            "@川渝医疗保障合作协议", dt.date(2021, 6, 1), "公共服务", parties=[world.sc]
        ),
        "school": make_agreement(CONTROL, dt.date(2021, 9, 1), "公共服务", parties=[world.cq]),
        "blank": make_agreement("遂潼合作备忘录", dt.date(2023, 2, 1), units=[places["suining"]]),
    }


def titles(pks: list[int]) -> list[str]:
    by_pk = dict(Agreement.objects.values_list("pk", "title"))
    return [by_pk[pk].replace("\x01", "").replace("\x0b", "") for pk in pks]


@pytest.mark.parametrize("persona", BUSINESS)
def test_rows_are_the_agreements_the_page_lists(as_user, agreements, persona):
    client = as_user(persona)
    shown = titles(row_ids(client.get(URL), "agreement"))
    assert column(sheet(client.get(xlsx(URL))), "协议名称") == shown


def test_columns_and_a_row(as_user, agreements):
    ws = sheet(as_user("office").get(xlsx(URL)))
    assert header(ws) == [
        "协议名称",
        "文号",
        "签署日期",
        "领域",
        "参与方",
        "签署单位",
        "关联事项",
        "公开",
    ]
    row = rows(ws)[-1]
    assert row[0:2] == ["川渝交通运输合作协议", "-川渝合作〔2020〕1号"]
    assert row[3:] == ["基础设施", "渝、川", "重庆市发展改革委\n四川省发展改革委", "A-01", "是"]
    assert cells(ws, "签署日期")[0].is_date
    assert cells(ws, "文号")[-1].data_type == "s"


def test_user_text_stays_text(as_user, agreements):
    ws = sheet(as_user("office").get(xlsx(URL)))
    titles_ = {c.value: c.data_type for c in cells(ws, "协议名称")}
    assert titles_["@川渝医疗保障合作协议"] == "s"
    assert CLEANED in titles_


@pytest.mark.parametrize("text", FORMULAS)
def test_each_formula_prefix_comes_back_as_text(as_user, world, text):
    make_agreement(text, dt.date(2024, 1, 1))
    cell = cells(sheet(as_user("office").get(xlsx(URL))), "协议名称")[0]
    assert (cell.value, cell.data_type) == (text, "s")


def test_the_filters_apply(as_user, world, agreements):
    client = as_user("cq_head")
    for query in ("?year=2021", "?area=公共服务", f"?party={world.sc.pk}", "?q=交通"):
        shown = titles(row_ids(client.get(URL + query), "agreement"))
        assert column(sheet(client.get(xlsx(URL + query))), "协议名称") == shown
    assert column(sheet(client.get(xlsx(f"{URL}?q=交通"))), "协议名称") == ["川渝交通运输合作协议"]


def test_items_the_user_may_not_see_are_left_out(as_user, agreements):
    ws = sheet(as_user("outsider").get(xlsx(URL)))
    assert column(ws, "关联事项")[-1] is None


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, agreements, persona):
    assert as_user(persona).get(xlsx(URL)).status_code == 404


def test_the_page_links_to_the_export_with_its_filter(as_user, agreements):
    html = as_user("office").get(URL, {"year": 2021}).content.decode()
    assert 'href="?year=2021&amp;format=xlsx"' in html


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_queries_do_not_grow(world, as_user, persona):
    def build(start: int, stop: int) -> None:
        for i in range(start, stop):
            make_agreement(
                f"协议{i}",
                dt.date(2020 + i % 6, 1 + i % 12, 1),
                ["基础设施", "公共服务"][i % 2],
                parties=[world.cq, world.sc],
                units=[world.cq_unit, world.sc_unit],
                items=[world.item(title=f"事项{i}")],
            )

    build(0, 5)
    client = as_user(persona)
    export_queries(client, xlsx(URL))
    few = export_queries(client, xlsx(URL))
    build(5, 50)
    assert export_queries(client, xlsx(URL)) == few
