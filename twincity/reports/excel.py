"""Writing .xlsx files people open safely: text stays text, numbers stay numbers.

`workbook_bytes(sheets)` takes columns and rows and returns the file's bytes. Text from users
is never a formula (a leading =, +, -, @ is written as a string cell, not evaluated), control
characters that Excel refuses are dropped, Decimals and ints are numeric cells, dates are
dates; the header row is bold and frozen and columns are sized to their content.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What XML (and so openpyxl) refuses in a cell: C0 controls except tab, newline and carriage
# return, lone surrogates, and the non-characters U+FFFE and U+FFFF.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CELL_MAX = 32767  # Excel's limit of characters in a cell; longer text is "repaired" away
MAX_WIDTH = 60


def clean_text(value: str) -> str:
    return CONTROL.sub("", value)[:CELL_MAX]


def cell_value(value: Any) -> Any:
    """What a cell may hold: numbers, dates and booleans as they are, anything else as text."""
    if value is None:
        return None
    if isinstance(value, bool | int | Decimal | float | dt.date):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            from django.utils import timezone

            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return clean_text(str(value))


@dataclass
class Sheet:
    """One worksheet: a title, column headers and rows of values."""

    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: dict[int, int] = field(default_factory=dict)


def _display_width(value: Any) -> int:
    text = "" if value is None else str(value)
    # CJK characters take two columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text[:MAX_WIDTH])


def _write(ws: Any, sheet: Sheet) -> None:
    ws.title = clean_text(sheet.title)[:31] or "Sheet"
    widths = [_display_width(c) for c in sheet.columns]
    ws.append([clean_text(str(c)) for c in sheet.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for r, row in enumerate(sheet.rows, start=2):
        for c, raw in enumerate(row, start=1):
            value = cell_value(raw)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # "=1+1" stays the text "=1+1"
            if c <= len(widths):
                widths[c - 1] = max(widths[c - 1], _display_width(value))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(
            MAX_WIDTH, sheet.widths.get(c, width + 2)
        )
    ws.freeze_panes = "A2"


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    for n, sheet in enumerate(sheets):
        _write(book.active if n == 0 else book.create_sheet(), sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """A download of the workbook; the file name may be Chinese."""
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX)
    name = escape_uri_path(filename if filename.endswith(".xlsx") else f"{filename}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
