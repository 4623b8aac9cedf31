"""Exporting a round's figures by unit, party and working group to Excel."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests import factory as f
from tests.exports.conftest import (
    ADMINS,
    BUSINESS,
    export_queries,
    header,
    rows,
    sheet,
    workbook,
    xlsx,
)
from twincity.accounts.models import Role
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, ListKind
from twincity.lib import clock
from twincity.supervision import rounds as r

SH = ZoneInfo("Asia/Shanghai")
DUE = dt.date(2025, 10, 10)
T0 = dt.datetime(2025, 10, 1, 9, tzinfo=SH)


@pytest.fixture
def rnd(world):
    """Three items; a third unit (渝 side, user text in its name) leads one, in no group."""
    third = f.make_unit("=重庆市经济信息委", world.cq, code="cq-jxw")
    liaison = f.make_user("jxw_liaison", Role.LIAISON, third)
    with clock.travel(T0 - dt.timedelta(days=30)):
        a = world.item(state=ItemState.IN_PROGRESS, working_group=world.group)
        b = world.item(state=ItemState.IN_PROGRESS, working_group=world.group)
        c = f.make_item(
            leads={world.cq: third, world.sc: world.sc_unit}, state=ItemState.IN_PROGRESS
        )
    with clock.travel(T0):
        rnd = r.open_round(world.users["office"], "2025年第3季度", [ListKind.AGREED_ITEMS], DUE)
    submit(world.users["cq_liaison"], a, dt.datetime(2025, 10, 10, 23, 59, tzinfo=SH))
    submit(world.users["cq_liaison"], b, dt.datetime(2025, 10, 11, 0, 1, tzinfo=SH))
    submit(world.users["sc_liaison"], a, T0)
    submit(liaison, c, T0)
    return rnd


def submit(user, item, when):
    with clock.travel(when):
        return wf.submit_report(user, item, {"progress_text": "进展", "percent": 50})


def url(rnd) -> str:
    return reverse("supervision:round_detail", args=[rnd.pk])


def page_table(html: str, table_id: str) -> list[list[str]]:
    """The cells of one figures table on the round page, as text."""
    table = html.split(f'id="{table_id}"')[1].split("</tbody>")[0].split("<tbody>")[1]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in table.split("</tr>")
        if "<t" in row
    ]


def as_text(row: list) -> list[str]:
    return [
        str(row[0]),
        *(str(v) for v in row[1:6]),
        "—" if row[6] is None else f"{float(row[6]):.1f}%",
    ]


@pytest.mark.parametrize("persona", BUSINESS)
def test_rows_equal_the_pages_tables(as_user, rnd, persona):
    client = as_user(persona)
    html = client.get(url(rnd)).content.decode()
    book = workbook(client.get(xlsx(url(rnd))))
    assert book.sheetnames == ["按单位", "按参与方", "按专项工作组"]
    for ws, table_id in zip(book.worksheets, ["unit", "party", "group"], strict=True):
        assert ws.freeze_panes == "A2"
        assert [as_text(r) for r in rows(ws)] == page_table(html, table_id)


def test_figures_by_unit(as_user, rnd):
    ws = sheet(as_user("leader").get(xlsx(url(rnd))))
    assert header(ws) == ["单位", "应报", "已报", "按时", "逾期报送", "未报送", "按时报送率（%）"]
    by_unit = {row[0]: row[1:] for row in rows(ws)}
    assert by_unit["重庆市发展改革委"] == [2, 2, 1, 1, 0, 50]
    assert by_unit["四川省发展改革委"] == [3, 1, 1, 0, 2, 33.3]
    assert by_unit["=重庆市经济信息委"] == [1, 1, 1, 0, 0, 100]


def test_numbers_are_numbers_and_names_are_text(as_user, rnd):
    ws = sheet(as_user("office").get(xlsx(url(rnd))))
    for row in ws.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert all(c.data_type == "n" for c in row[1:])


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, rnd, persona):
    assert as_user(persona).get(xlsx(url(rnd))).status_code == 404


def test_an_unknown_round_is_404(as_user, rnd):
    missing = reverse("supervision:round_detail", args=[rnd.pk + 99])
    assert as_user("office").get(xlsx(missing)).status_code == 404


def test_the_figures_header_links_to_the_export(as_user, rnd):
    html = as_user("office").get(url(rnd)).content.decode()
    section = html.split("按单位")[1].split("</h2>")[0]
    assert 'href="?format=xlsx"' in section and "tc-noprint" in section


def test_queries_do_not_grow_with_units(as_user, world, rnd):
    client = as_user("office")
    export_queries(client, xlsx(url(rnd)))
    few = export_queries(client, xlsx(url(rnd)))
    for n in range(20):
        unit = f.make_unit(f"单位{n}", world.sc)
        item = f.make_item(leads={world.cq: world.cq_unit, world.sc: unit})
        rnd.expected.create(item=item, party=world.sc, unit=unit)
    assert export_queries(client, xlsx(url(rnd))) == few
