"""Helpers for the import tests: workbooks built at test time, a private DATA_DIR."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from tests import factory as f
from twincity.commitments.models import ListKind

ITEM_HEADERS = [
    "序号",
    "编号",
    "事项名称",
    "牵头单位（重庆）",
    "牵头单位（四川）",
    "完成时限",
]


def xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def private_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def agreed(world):
    return f.make_list(ListKind.AGREED_ITEMS, "第十次联席会议议定事项")
