"""Exporting the reporting rounds list to Excel."""

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
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, ListKind
from twincity.lib import clock
from twincity.supervision.rounds import open_round

URL = reverse("supervision:rounds")


def today(n: int = 0) -> dt.date:
    return clock.today() + dt.timedelta(days=n)


@pytest.fixture
def rounds(world):
    world.item(state=ItemState.IN_PROGRESS)
    world.item(state=ItemState.IN_PROGRESS)
    office = world.users["office"]
    first = open_round(office, "2025年第2季度", [ListKind.AGREED_ITEMS], today(10))
    second = open_round(office, "2025年第3季度", [ListKind.AGREED_ITEMS], today(20))
    return first, second


def test_columns_and_figures(as_user, world, rounds):
    first, _second = rounds
    item = first.expected.first().item
    wf.submit_report(world.users["cq_liaison"], item, {"progress_text": "好", "percent": 10})
    ws = sheet(as_user("office").get(xlsx(URL)))
    assert header(ws) == [
        "报送期次",
        "清单类型",
        "报送截止日期",
        "状态",
        "应报",
        "已报",
        "按时",
        "逾期报送",
        "未报送",
        "按时报送率（%）",
        "发起时间",
        "发起人",
    ]
    by_period = {r[0]: r for r in rows(ws)}
    assert by_period["2025年第2季度"][1:2] + by_period["2025年第2季度"][3:10] == [
        "议定事项清单",
        "报送中",
        4,
        0,
        0,
        0,
        4,
        0,
    ]
    # The report counts for the newest open round of the period it names (none): the second.
    assert by_period["2025年第3季度"][4:10] == [4, 1, 1, 0, 3, 25]
    assert all(c.data_type == "n" for c in cells(ws, "按时报送率（%）"))
    assert all(c.is_date for c in cells(ws, "报送截止日期") + cells(ws, "发起时间"))


@pytest.mark.parametrize("persona", BUSINESS)
def test_rows_are_the_rounds_the_page_lists(as_user, rounds, persona):
    client = as_user(persona)
    periods = {r.pk: r.period for r in rounds}
    shown = [periods[pk] for pk in row_ids(client.get(URL), "round")]
    assert (
        column(sheet(client.get(xlsx(URL))), "报送期次")
        == shown
        == ["2025年第3季度", "2025年第2季度"]
    )


def test_a_round_without_expected_reports_has_no_rate(as_user, world):
    open_round(world.users["office"], "空轮次", [ListKind.KEY_TASKS], today(5))
    ws = sheet(as_user("office").get(xlsx(URL)))
    assert column(ws, "应报") == [0] and column(ws, "按时报送率（%）") == [None]


@pytest.mark.parametrize("period", [*FORMULAS, CONTROL])
def test_period_text_stays_text(as_user, world, period):
    open_round(world.users["office"], period, [ListKind.AGREED_ITEMS], today(5))
    cell = cells(sheet(as_user("office").get(xlsx(URL))), "报送期次")[0]
    assert cell.value == (CLEANED if period == CONTROL else period)
    assert cell.data_type == "s"


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, rounds, persona):
    assert as_user(persona).get(xlsx(URL)).status_code == 404


def test_the_page_links_to_the_export(as_user, rounds):
    html = as_user("leader").get(URL, {"page": 1}).content.decode()
    assert 'id="export-xlsx" href="?format=xlsx"' in html


def test_queries_do_not_grow(as_user, world):
    world.item(state=ItemState.IN_PROGRESS)
    for n in range(3):
        open_round(world.users["office"], f"第{n}期", [ListKind.AGREED_ITEMS], today(5))
    client = as_user("leader")
    export_queries(client, xlsx(URL))
    few = export_queries(client, xlsx(URL))
    for n in range(3, 40):
        open_round(world.users["office"], f"第{n}期", [ListKind.AGREED_ITEMS], today(5))
    assert export_queries(client, xlsx(URL)) == few
