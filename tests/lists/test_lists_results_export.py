"""The lists and results pages export to .xlsx exactly as filtered."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factory as f
from tests.lists.test_results_page import make_result
from twincity.commitments.models import ItemState, ListKind, ResultType

RESULTS = reverse("commitments:results")
LISTS = reverse("commitments:lists")


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws.freeze_panes == "A2"
    return [[c.value for c in row] for row in ws.iter_rows()], ws


def test_results_export_as_filtered(world, as_user):
    rail = world.item(code="10-01", title="川渝高铁")
    make_result('=HYPERLINK("x")印发方案\x01', [rail], [world.cq], type=ResultType.DOCUMENT)
    make_result("园区项目开工", [], [world.sc], type=ResultType.PROJECT_STARTED)
    rows, ws = sheet(as_user("office").get(RESULTS, {"type": "document", "format": "xlsx"}))
    assert rows[0][:3] == ["成果名称", "成果类型", "取得时间"]
    assert len(rows) == 2
    assert rows[1][0] == '=HYPERLINK("x")印发方案'  # text, never a formula; control char gone
    assert ws["A2"].data_type == "s"
    assert rows[1][4] == "10-01 川渝高铁"


def test_results_export_hides_what_the_page_hides(world, as_user):
    own = f.make_item(code="X-1", title="他人事项")
    make_result("他人成果", [own], [world.cq])
    make_result("自己的成果", [world.item(code="10-09")], [world.cq])
    rows, _ = sheet(as_user("cq_liaison").get(RESULTS, {"format": "xlsx"}))
    assert [r[0] for r in rows[1:]] == ["自己的成果"]


@pytest.mark.parametrize("persona", ["sysadmin", "auditor"])
def test_administrators_export_nothing(world, as_user, persona):
    make_result("成果", [], [world.cq])
    rows, _ = sheet(as_user(persona).get(RESULTS, {"format": "xlsx"}))
    assert rows[1:] == []  # as on the page: the administrators see no business records


def test_lists_export_counts_items_by_state(world, as_user):
    key = f.make_list(ListKind.KEY_TASKS, "2025年重点任务", period="2025")
    f.make_list(ListKind.AGREED_ITEMS, "议定事项")
    world.item(list=key, state=ItemState.CLOSED)
    world.item(list=key, state=ItemState.IN_PROGRESS)
    rows, _ = sheet(as_user("office").get(LISTS, {"kind": "key_tasks", "format": "xlsx"}))
    assert len(rows) == 2
    header, row = rows
    assert row[:3] == ["2025年重点任务", "年度重点任务", "2025"]
    assert row[header.index("事项数")] == 2
    assert row[header.index("已销号")] == 1


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {"format": "xlsx"}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [RESULTS, LISTS])
def test_constant_queries(world, as_user, url):
    client = as_user("office")
    client.get(url)
    for n in range(3):
        lst = f.make_list(name=f"清单{n}")
        make_result(f"成果{n}", [world.item(list=lst)], [world.cq])
    small = queries(client, url)
    for n in range(20):
        lst = f.make_list(name=f"更多清单{n}")
        make_result(f"更多成果{n}", [world.item(list=lst)], [world.cq, world.sc])
    assert queries(client, url) == small
