"""The streaming sheet reader gives the values openpyxl gives, and reads what Excel writes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.imports import hostile
from twincity.imports import safe, sheet

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() and not s.startswith("="))
VALUES = st.one_of(
    TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32).filter(lambda f: abs(f) < 1e12),
    st.booleans(),
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.none(),
)


def openpyxl_book(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def openpyxl_rows(data: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = book.worksheets[0]
    ws.reset_dimensions()
    out = []
    for raw in ws.iter_rows(values_only=True):
        values = list(raw)
        while values and values[-1] is None:
            values.pop()
        out.append(values)
    book.close()
    return out


def our_rows(data: bytes) -> list[list[object]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        out = []
        for _number, values in sheet.rows(zf, 64):
            while values and values[-1] is None:
                values.pop()
            out.append(values)
        return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(VALUES, min_size=1, max_size=6), min_size=1, max_size=6))
def test_values_equal_openpyxls_read(rows):
    data = openpyxl_book([["表头", *range(5)], *rows])
    expected = [r for r in openpyxl_rows(data) if r]
    assert [r for r in our_rows(data) if r] == expected


def test_dates_in_a_1904_workbook_and_numbers_styled_as_dates():
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = book.active
    ws.append(["完成时限", "数量"])
    ws.append([dt.datetime(2025, 6, 30), 3])
    ws["C2"] = 45000
    ws["C2"].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    rows = our_rows(out.getvalue())
    assert rows[1] == [dt.datetime(2025, 6, 30), 3, openpyxl_rows(out.getvalue())[1][2]]
    assert isinstance(rows[1][2], dt.datetime)


def typed_sheet(cells: str) -> bytes:
    strings = [
        '<si><r><t>四川</t></r><r><t xml:space="preserve">省</t></r>'
        '<rPh sb="0" eb="2"><t>しせん</t></rPh></si>',
        "<si><t>编号</t></si>",
    ]
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst {hostile.NS}>{"".join(strings)}</sst>'
    body = f'<row r="1"><c r="A1" t="s"><v>1</v></c></row><row r="4">{cells}</row>'
    return hostile.package(
        {
            "xl/worksheets/sheet1.xml": hostile.sheet_xml([]).replace(
                "<sheetData></sheetData>", f"<sheetData>{body}</sheetData>"
            ),
            "xl/sharedStrings.xml": shared,
        }
    )


def test_every_cell_type_excel_writes():
    cells = (
        '<c r="A4" t="s"><v>0</v></c>'
        '<c r="B4" t="inlineStr"><is><t>行内</t></is></c>'
        '<c r="C4" t="b"><v>1</v></c>'
        '<c r="D4" t="e"><v>#N/A</v></c>'
        '<c r="E4" t="str"><f>A1&amp;"x"</f><v>编号x</v></c>'
        '<c r="F4" t="d"><v>2025-06-30T00:00:00</v></c>'
        '<c r="H4"><v>2.5</v></c>'
        "<c><v>7</v></c>"
    )
    rows = list(sheet.rows(zipfile.ZipFile(io.BytesIO(typed_sheet(cells))), 64))
    assert rows == [
        (1, ["编号"]),
        (4, ["四川省", "行内", True, "#N/A", "编号x", dt.datetime(2025, 6, 30), None, 2.5, 7]),
    ]


def test_a_formula_without_its_value_is_refused_with_its_cell():
    data = typed_sheet('<c r="B4"><f>1+1</f></c>')
    with pytest.raises(ValidationError) as refused:
        safe.read_table(data)
    assert "B4" in refused.value.messages[0]


def test_columns_past_the_limit_are_ignored():
    data = typed_sheet('<c r="A4"><v>1</v></c><c r="BZ4"><v>2</v></c>')
    rows = list(sheet.rows(zipfile.ZipFile(io.BytesIO(data)), 64))
    assert rows[1] == (4, [1])


def test_an_encoding_declaration_cannot_hide_a_dtd():
    """Parts are parsed as UTF-8 whatever they declare, so the byte scan sees every DTD."""
    body = b'<?xml version="1.0" encoding="cp037"?>' + "<worksheet/>".encode("cp037")
    data = hostile.package({"xl/worksheets/sheet1.xml": body})
    with pytest.raises(ValidationError) as refused:
        safe.read_table(data)
    assert refused.value.code in ("broken", "no_header")
