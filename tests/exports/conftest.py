"""Shared steps of the export tests: open the workbook a view returned, count its queries."""

from __future__ import annotations

import io
from typing import Any

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.platforms.conftest import places, suitong  # noqa: F401  (fixtures shared here)
from twincity.reports.excel import XLSX

ADMINS = ["sysadmin", "secadmin", "auditor"]
BUSINESS = [
    "office",
    "cq_liaison",
    "sc_liaison",
    "cq_head",
    "sc_head",
    "wg_lead",
    "leader",
    "outsider",
]
# A user-typed value of each dangerous kind, and one with characters Excel refuses.
FORMULAS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd"]
CONTROL = "控制\x01字符\x0b"
CLEANED = "控制字符"


def workbook(response: HttpResponse) -> Workbook:
    """The workbook of an export response (which must be a download)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    return load_workbook(io.BytesIO(response.content))


def sheet(response: HttpResponse, index: int = 0) -> Worksheet:
    ws = workbook(response).worksheets[index]
    assert ws.freeze_panes == "A2"
    return ws


def header(ws: Worksheet) -> list[Any]:
    return [c.value for c in ws[1]]


def rows(ws: Worksheet) -> list[list[Any]]:
    """The data rows' values (the header left out)."""
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]


def column(ws: Worksheet, name: str) -> list[Any]:
    at = header(ws).index(name)
    return [r[at] for r in rows(ws)]


def cells(ws: Worksheet, name: str) -> list[Any]:
    """The cells (not only values) of one column, to check their types."""
    at = header(ws).index(name)
    return [r[at] for r in ws.iter_rows(min_row=2)]


def export_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    workbook(response)
    return len(ctx.captured_queries)


def xlsx(url: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}format=xlsx"
