"""reports/excel.py: text stays text, numbers and dates keep their type, headers and widths."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.exports.conftest import CLEANED, CONTROL, FORMULAS
from twincity.reports.excel import MAX_WIDTH, XLSX, Sheet, workbook_bytes, xlsx_response


def reopen(*rows, columns=("甲", "乙", "丙")):
    data = workbook_bytes([Sheet("表", columns, list(rows))])
    return load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("text", [*FORMULAS, '=HYPERLINK("http://x","y")', "-", "="])
def test_formula_looking_text_stays_text(text):
    cell = reopen([text])["A2"]
    assert cell.value == text
    assert cell.data_type == "s"


def test_control_characters_are_dropped_and_tab_newline_kept():
    ws = reopen([CONTROL, "a\tb\nc", "\x00\x1f"])
    assert [c.value for c in ws[2]] == [CLEANED, "a\tb\nc", None]


def test_numbers_stay_numeric():
    ws = reopen([Decimal("2300.5"), 42, 12.5])
    assert [c.value for c in ws[2]] == [2300.5, 42, 12.5]
    assert [c.data_type for c in ws[2]] == ["n", "n", "n"]


def test_dates_are_dates_and_aware_times_are_shanghai_wall_time():
    moment = dt.datetime(2025, 1, 1, 0, 30, tzinfo=dt.UTC)
    ws = reopen([dt.date(2024, 12, 30), moment, None])
    day, at, empty = ws[2]
    assert day.is_date and day.value == dt.datetime(2024, 12, 30)
    assert at.is_date and at.value == dt.datetime(2025, 1, 1, 8, 30)
    assert empty.value is None


def test_other_values_become_text():
    ws = reopen([ZoneInfo("Asia/Shanghai"), True, ["a"]])
    assert ws["A2"].value == "Asia/Shanghai" and ws["A2"].data_type == "s"
    assert ws["B2"].value is True


def test_header_is_bold_and_frozen():
    ws = reopen(["x"])
    assert [c.value for c in ws[1]] == ["甲", "乙", "丙"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"


def test_columns_are_sized_to_content_and_capped():
    ws = reopen(["短", "长" * 200, "a" * 10])
    widths = [ws.column_dimensions[letter].width for letter in "ABC"]
    assert widths[0] < widths[2] < widths[1]
    assert widths[1] == MAX_WIDTH
    assert widths[2] == 12  # ten characters and a margin


def test_chinese_characters_count_double():
    ws = reopen(["汉字汉字汉", "abcde"], columns=("a", "b"))
    assert ws.column_dimensions["A"].width > ws.column_dimensions["B"].width


def test_several_sheets_keep_their_titles():
    data = workbook_bytes([Sheet("按单位", ["x"], [[1]]), Sheet("按参与方", ["y"], [[2]])])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["按单位", "按参与方"]
    assert book["按参与方"]["A2"].value == 2


def test_response_names_the_file_in_chinese():
    response = xlsx_response("会议列表", [Sheet("会议", ["a"], [])])
    assert response["Content-Type"] == XLSX
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=UTF-8''")
    assert unquote(disposition.split("''", 1)[1]) == "会议列表.xlsx"
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 1


def test_response_keeps_an_xlsx_suffix_once():
    response = xlsx_response("审计日志.xlsx", [Sheet("x", ["a"], [])])
    assert unquote(response["Content-Disposition"].split("''", 1)[1]) == "审计日志.xlsx"


@pytest.mark.parametrize("text", ["a\ufffeb", "a\uffffb", "a\ud800b"])
def test_xml_non_characters_are_dropped(text):
    assert reopen([text])["A2"].value == "ab"


def test_text_is_cut_at_the_cell_limit():
    assert len(reopen(["长" * 40000])["A2"].value) == 32767


TEXT = st.text(st.characters(codec="utf-8"), max_size=60)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_any_text_comes_back_minus_control_characters_and_never_as_formula(text):
    cell = reopen([text])["A2"]
    expected = "".join(
        ch for ch in text if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff")
    )
    if expected == "":
        assert cell.value is None
    else:
        assert cell.value == expected
        assert cell.data_type == "s"
