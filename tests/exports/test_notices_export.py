"""Exporting the notices list (督办文书) to Excel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.exports.conftest import (
    ADMINS,
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
from tests.supervision.ladder_helpers import make_notice, working_item
from twincity.lib import clock
from twincity.supervision import ladder
from twincity.supervision.models import Notice, NoticeKind

URL = reverse("supervision:notices")
K = NoticeKind


@pytest.fixture
def notices(world):
    item = working_item(world)
    cq = make_notice(world, K.URGE, [item], reason='=HYPERLINK("x")')
    sc = make_notice(world, K.SUPERVISE, [item], unit=world.sc_unit, reason=CONTROL)
    late = make_notice(world, K.URGE, [item])
    Notice.objects.filter(pk=late.pk).update(answer_by=clock.today() - dt.timedelta(1))
    return cq, sc, late


def numbers(pks: list[int]) -> list[str]:
    by_pk = {n.pk: n.number for n in Notice.objects.all()}
    return [by_pk[pk] for pk in pks]


@pytest.mark.parametrize("persona", ["office", "leader", "cq_liaison", "cq_head", "outsider"])
def test_rows_are_the_notices_the_page_lists(as_user, notices, persona):
    client = as_user(persona)
    shown = numbers(row_ids(client.get(URL), "notice"))
    assert column(sheet(client.get(xlsx(URL))), "文号") == shown


def test_columns_and_a_row(as_user, world, notices):
    cq, _sc, late = notices
    ws = sheet(as_user("office").get(xlsx(URL)))
    assert header(ws) == [
        "文号",
        "类型",
        "对象单位",
        "涉及事项",
        "调度轮次",
        "发出时间",
        "发出方式",
        "事由",
        "答复期限",
        "答复",
    ]
    by_number = {r[0]: r for r in rows(ws)}
    row = by_number[cq.number]
    item = cq.items.get()
    assert row[1:5] == ["催办", "重庆市发展改革委", item.code, None]
    assert row[6:8] == ["人工", '=HYPERLINK("x")']
    assert row[9] == "待答复"
    assert by_number[late.number][9] == "逾期未答复"
    assert all(c.is_date for c in cells(ws, "发出时间") + cells(ws, "答复期限"))


def test_user_text_stays_text_and_control_characters_go(as_user, notices):
    ws = sheet(as_user("office").get(xlsx(URL)))
    reasons = {c.value: c.data_type for c in cells(ws, "事由")}
    assert reasons['=HYPERLINK("x")'] == "s"
    assert CLEANED in reasons


@pytest.mark.parametrize("text", FORMULAS)
def test_each_formula_prefix_comes_back_as_text(as_user, world, text):
    make_notice(world, K.URGE, [working_item(world)], reason=text)
    cell = cells(sheet(as_user("office").get(xlsx(URL))), "事由")[0]
    assert (cell.value, cell.data_type) == (text, "s")


def test_the_filters_apply(as_user, world, notices):
    sc = notices[1]
    client = as_user("office")
    for query in (f"?kind={K.SUPERVISE}", f"?unit={world.cq_unit.pk}", "?answered=no"):
        shown = numbers(row_ids(client.get(URL + query), "notice"))
        assert column(sheet(client.get(xlsx(URL + query))), "文号") == shown
    by_kind = sheet(client.get(xlsx(f"{URL}?kind={K.SUPERVISE}")))
    assert column(by_kind, "文号") == [sc.number]


def test_an_invalid_filter_exports_nothing(as_user, notices):
    ws = sheet(as_user("office").get(xlsx(f"{URL}?kind=nonsense")))
    assert rows(ws) == []


def test_an_answered_notice(as_user, world, notices):
    cq = notices[0]
    ladder.answer_notice(world.users["cq_liaison"], cq, "已整改")
    ws = sheet(as_user("office").get(xlsx(f"{URL}?answered=yes")))
    assert [r[9] for r in rows(ws)] == ["已答复"]


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, notices, persona):
    assert as_user(persona).get(xlsx(URL)).status_code == 404


def test_the_page_links_to_the_export_with_its_filter(as_user, notices):
    html = as_user("office").get(URL, {"kind": K.URGE, "page": 1}).content.decode()
    assert f'href="?kind={K.URGE}&amp;format=xlsx"' in html


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_queries_do_not_grow(world, as_user, persona):
    items = [working_item(world) for _ in range(3)]
    for _ in range(5):
        make_notice(world, K.URGE, items)
    client = as_user(persona)
    export_queries(client, xlsx(URL))
    few = export_queries(client, xlsx(URL))
    for _ in range(45):
        make_notice(world, K.URGE, items)
    assert export_queries(client, xlsx(URL)) == few
