"""Excel downloads of the list pages, exactly as filtered, in the import templates' columns."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from twincity.imports import registers
from twincity.lib import clock
from twincity.reports.excel import Sheet, workbook_bytes, xlsx_response


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def register_sheet(name: str, queryset: QuerySet[Any], target: Any = None) -> Sheet:
    reg = registers.REGISTERS[name]
    rows = reg.export_rows(queryset, target)
    return Sheet(str(reg.label), reg.export_headers(target), rows)


def register_bytes(name: str, queryset: QuerySet[Any], target: Any = None) -> bytes:
    return workbook_bytes([register_sheet(name, queryset, target)])


def register_response(name: str, queryset: QuerySet[Any], target: Any = None) -> HttpResponse:
    reg = registers.REGISTERS[name]
    filename = f"{reg.file_label(target)}-{clock.today():%Y%m%d}"
    return xlsx_response(filename, [register_sheet(name, queryset, target)])


def table_response(title: str, columns: list[str], rows: list[list[Any]]) -> HttpResponse:
    """A plain export of a page that is not an import register (lists, results)."""
    filename = f"{title}-{clock.today():%Y%m%d}"
    return xlsx_response(filename, [Sheet(title or _("导出"), columns, rows)])
