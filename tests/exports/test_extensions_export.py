"""Exporting the extensions list (延期申请) to Excel."""

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
from tests.supervision.ladder_helpers import working_item
from twincity.lib import clock
from twincity.supervision import extensions
from twincity.supervision.models import Extension, ExtensionStatus

URL = reverse("supervision:extensions")
S = ExtensionStatus


def ask(world, item, reason: str = "资金未到位"):
    new = (item.deadline or clock.today()) + dt.timedelta(30)
    return extensions.request_extension(world.users["cq_liaison"], item, None, new, reason)


@pytest.fixture
def three(world):
    """One approved, one refused (a formula-looking reason), one pending (listed first)."""
    office = world.users["office"]
    approved = ask(world, working_item(world))
    refused = ask(world, working_item(world), "+加急")
    pending = ask(world, working_item(world), CONTROL)
    extensions.decide_extension(office, approved, True, "")
    extensions.decide_extension(office, refused, False, "=理由不充分")
    return approved, refused, pending


def codes(pks: list[int]) -> list[str]:
    by_pk = {e.pk: e.item.code for e in Extension.objects.select_related("item")}
    return [by_pk[pk] for pk in pks]


@pytest.mark.parametrize("persona", BUSINESS)
def test_rows_are_the_extensions_the_page_lists(as_user, three, persona):
    client = as_user(persona)
    shown = codes(row_ids(client.get(URL), "extension"))
    assert column(sheet(client.get(xlsx(URL))), "编号") == shown


def test_columns_pending_first_and_types(as_user, world, three):
    _approved, refused, pending = three
    ws = sheet(as_user("office").get(xlsx(URL)))
    assert header(ws) == [
        "编号",
        "事项名称",
        "参与方",
        "原完成时限",
        "申请完成时限",
        "延期理由",
        "申请人",
        "申请时间",
        "状态",
        "审批意见",
        "审批人",
        "审批时间",
    ]
    assert column(ws, "编号")[0] == pending.item.code
    assert column(ws, "状态")[0] == "待审批"
    assert column(ws, "延期理由")[0] == CLEANED
    by_code = {r[0]: r for r in rows(ws)}
    assert by_code[refused.item.code][8:10] == ["未同意", "=理由不充分"]
    assert all(c.is_date for c in cells(ws, "申请完成时限") + cells(ws, "申请时间"))
    assert cells(ws, "审批时间")[0].value is None


def test_user_text_stays_text(as_user, three):
    ws = sheet(as_user("office").get(xlsx(URL)))
    texts = {c.value: c.data_type for c in cells(ws, "延期理由") + cells(ws, "审批意见")}
    assert texts["+加急"] == "s" and texts["=理由不充分"] == "s"


@pytest.mark.parametrize("text", FORMULAS)
def test_each_formula_prefix_comes_back_as_text(as_user, world, text):
    ask(world, working_item(world), text)
    cell = cells(sheet(as_user("office").get(xlsx(URL))), "延期理由")[0]
    assert (cell.value, cell.data_type) == (text, "s")


def test_the_status_filter_applies(as_user, three):
    approved = three[0]
    client = as_user("leader")
    query = f"?status={S.APPROVED}"
    shown = codes(row_ids(client.get(URL + query), "extension"))
    assert column(sheet(client.get(xlsx(URL + query))), "编号") == shown == [approved.item.code]
    assert rows(sheet(client.get(xlsx(f"{URL}?status=nonsense")))) == []


def test_outsiders_export_nothing(as_user, three):
    assert rows(sheet(as_user("outsider").get(xlsx(URL)))) == []


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, three, persona):
    assert as_user(persona).get(xlsx(URL)).status_code == 404


def test_the_page_links_to_the_export_with_its_filter(as_user, three):
    html = as_user("office").get(URL, {"status": S.PENDING}).content.decode()
    assert f'href="?status={S.PENDING}&amp;format=xlsx"' in html


def test_queries_do_not_grow(as_user, world):
    office = world.users["office"]
    for _ in range(3):
        extensions.decide_extension(office, ask(world, working_item(world)), True, "")
    client = as_user("office")
    export_queries(client, xlsx(URL))
    few = export_queries(client, xlsx(URL))
    for _ in range(15):
        extensions.decide_extension(office, ask(world, working_item(world)), False, "不同意")
    assert export_queries(client, xlsx(URL)) == few
