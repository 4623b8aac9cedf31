"""Exporting the platforms list to Excel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factory as f
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
from tests.platforms.conftest import make_platform
from twincity.platforms.models import Platform

URL = reverse("platforms:index")


def names(pks: list[int]) -> list[str]:
    by_pk = dict(Platform.objects.values_list("pk", "name"))
    return [by_pk[pk] for pk in pks]


@pytest.mark.parametrize("persona", BUSINESS)
def test_rows_are_the_platforms_the_page_lists(as_user, suitong, places, persona):
    make_platform("泸永江融合发展示范区", [places["luzhou"]], plan_approved=None)
    client = as_user(persona)
    shown = names(row_ids(client.get(URL), "platform"))
    assert column(sheet(client.get(xlsx(URL))), "名称") == shown


def test_columns_counts_and_types(world, as_user, places, suitong):
    f.make_item(leads={world.sc: places["suining"], world.cq: places["tongnan"]})
    supported = world.item(title="潼南配合")
    supported.cooperating_units.add(places["tongnan"])
    ws = sheet(as_user("office").get(xlsx(URL)))
    assert header(ws) == [
        "名称",
        "类型",
        "总体方案批复时间",
        "成员单位",
        "成员数",
        "事项数",
        "数据项",
    ]
    row = rows(ws)[0]
    assert row[0:2] == ["遂潼川渝毗邻地区一体化发展先行区", "先行区"]
    assert row[3] == "渝 潼南区、川 遂宁市"
    assert row[4:] == [2, 2, 2]
    assert cells(ws, "总体方案批复时间")[0].is_date
    assert all(c.data_type == "n" for c in ws[2][4:])
    liaison = sheet(as_user("cq_liaison").get(xlsx(URL)))
    assert column(liaison, "事项数") == [1]  # only the item it can see


def test_all_platforms_not_only_the_first_page(as_user, world):
    for n in range(55):
        make_platform(f"平台{n}")
    client = as_user("office")
    assert len(row_ids(client.get(URL), "platform")) == 50
    assert len(rows(sheet(client.get(xlsx(URL))))) == 55


@pytest.mark.parametrize("text", [*FORMULAS, CONTROL])
def test_names_stay_text(as_user, world, text):
    make_platform(text)
    cell = cells(sheet(as_user("office").get(xlsx(URL))), "名称")[0]
    assert cell.value == (CLEANED if text == CONTROL else text)
    assert cell.data_type == "s"


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, suitong, persona):
    assert as_user(persona).get(xlsx(URL)).status_code == 404


def test_the_page_links_to_the_export(as_user, suitong):
    html = as_user("office").get(URL).content.decode()
    assert 'id="export-xlsx" href="?format=xlsx"' in html


def test_queries_do_not_grow(world, as_user, places):
    def build(start: int, stop: int) -> None:
        for n in range(start, stop):
            make_platform(f"平台{n}", [places["suining"], places["tongnan"]])
            f.make_item(leads={world.sc: places["suining"]})

    build(0, 5)
    client = as_user("cq_liaison")
    export_queries(client, xlsx(URL))
    few = export_queries(client, xlsx(URL))
    build(5, 50)
    assert export_queries(client, xlsx(URL)) == few
