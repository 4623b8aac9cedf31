"""Builders of hostile or broken .xlsx files, made at test time with zipfile and openpyxl."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from tests.imports.conftest import ITEM_HEADERS, xlsx

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="{workbook_type}"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="{REL_NS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
BOMB_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)


def cell(ref: str, index: int) -> str:
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def sheet_xml(rows: list[str], dimension: str = "A1:F3", prolog: str = "") -> str:
    body = "".join(f'<row r="{n}">{cells}</row>' for n, cells in enumerate(rows, start=1))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {NS}>'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    )


def shared_xml(strings: list[str], prolog: str = "") -> str:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )


def header_row(strings: list[str]) -> str:
    """A header row of ITEM_HEADERS, adding them to the shared strings."""
    cells = ""
    for col, header in enumerate(ITEM_HEADERS):
        strings.append(header)
        cells += cell(f"{chr(65 + col)}1", len(strings) - 1)
    return cells


def package(parts: dict[str, bytes | str], workbook_type: str = WORKBOOK_TYPE) -> bytes:
    base: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES.format(workbook_type=workbook_type),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (base | parts).items():
            zf.writestr(name, data)
    return out.getvalue()


def item_rows(n: int, start: int = 2) -> tuple[list[str], list[str]]:
    """n valid item rows as raw sheet XML (inline strings), with a header row."""
    strings: list[str] = []
    rows = [header_row(strings)]
    for i in range(n):
        r = start + i
        rows.append(
            f'<c r="A{r}"><v>{i + 1}</v></c>'
            f'<c r="B{r}" t="inlineStr"><is><t>H-{i:04d}</t></is></c>'
            f'<c r="C{r}" t="inlineStr"><is><t>事项{i}</t></is></c>'
        )
    return rows, strings


def simple(rows_xml: list[str], strings: list[str], **kw: str) -> bytes:
    sheet = sheet_xml(rows_xml, kw.get("dimension", "A1:F3"), kw.get("sheet_prolog", ""))
    shared = shared_xml(strings, kw.get("shared_prolog", ""))
    return package({"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": shared})


def good() -> bytes:
    rows, strings = item_rows(2)
    return simple(rows, strings)


# --- the hostile set: name -> (builder, the words its refusal must contain) -----------------


def entity_bomb_shared() -> bytes:
    rows, strings = item_rows(1)
    strings.append("&lol9;")
    rows.append(cell("C3", len(strings) - 1))
    return simple(rows, strings, shared_prolog=BOMB_DTD)


def entity_bomb_sheet() -> bytes:
    rows, strings = item_rows(1)
    rows.append('<c r="C3" t="inlineStr"><is><t>&lol9;</t></is></c>')
    return simple(rows, strings, sheet_prolog=BOMB_DTD)


def external_entity() -> bytes:
    rows, strings = item_rows(1)
    rows.append('<c r="C3" t="inlineStr"><is><t>&xxe;</t></is></c>')
    prolog = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return simple(rows, strings, sheet_prolog=prolog)


def zip_bomb(megabytes: int = 200) -> bytes:
    """A real workbook plus one huge, highly compressible entry (written in chunks)."""
    source = zipfile.ZipFile(io.BytesIO(good()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            zf.writestr(info.filename, source.read(info.filename))
        with zf.open("xl/media/padding.bin", "w", force_zip64=True) as entry:
            block = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                entry.write(block)
    return out.getvalue()


def ratio_bomb() -> bytes:
    return zip_bomb(megabytes=8)


def ole2_xls() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000


def encrypted_ooxml() -> bytes:
    directory = "EncryptionInfo".encode("utf-16-le") + b"\0" * 40
    directory += "EncryptedPackage".encode("utf-16-le")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + directory + b"\0" * 500


def xlsm_vba() -> bytes:
    rows, strings = item_rows(1)
    parts = {
        "xl/worksheets/sheet1.xml": sheet_xml(rows),
        "xl/sharedStrings.xml": shared_xml(strings),
        "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro",
    }
    return package(parts)


def macro_content_type() -> bytes:
    rows, strings = item_rows(1)
    parts = {
        "xl/worksheets/sheet1.xml": sheet_xml(rows),
        "xl/sharedStrings.xml": shared_xml(strings),
    }
    return package(parts, workbook_type=MACRO_TYPE)


def formula_without_value() -> bytes:
    rows, strings = item_rows(1)
    rows.append(
        '<c r="A3"><v>2</v></c><c r="B3" t="inlineStr"><is><t>H-9</t></is></c>'
        '<c r="C3"><f>SUM(A1:A2)</f></c>'
    )
    return simple(rows, strings)


def over_size() -> bytes:
    return good()  # the test lowers IMPORT_MAX_BYTES below its size


def empty_file() -> bytes:
    return b""


def not_a_zip() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\0" * 100


def truncated_zip() -> bytes:
    data = good()
    return data[: len(data) // 2]


def csv_renamed() -> bytes:
    return "序号,编号,事项名称\n1,A-1,事项\n".encode()


def missing_header_row() -> bytes:
    return xlsx([1, "A-1", "事项", "重庆市发展改革委", "", "2025-06-30"], [[2, "A-2", "事项二"]])


def wrong_headers() -> bytes:
    return xlsx(["序号", "项目编码", "名称X"], [[1, "A-1", "事项"]])


def too_many_rows() -> bytes:
    return xlsx(ITEM_HEADERS, [[n, f"R-{n}", f"事项{n}"] for n in range(60)])  # limit set to 50


def control_characters() -> bytes:
    rows, strings = item_rows(1)
    rows.append(
        '<c r="B3" t="inlineStr"><is><t>C-1</t></is></c>'
        '<c r="C3" t="inlineStr"><is><t>坏_x0007_字符</t></is></c>'
    )
    return simple(rows, strings)


def zero_byte_entry() -> bytes:
    return package({"xl/worksheets/sheet1.xml": b"", "xl/sharedStrings.xml": shared_xml([])})


def path_traversal() -> bytes:
    rows, strings = item_rows(1)
    parts = {
        "xl/worksheets/sheet1.xml": sheet_xml(rows),
        "xl/sharedStrings.xml": shared_xml(strings),
        "../../etc/evil.xml": "<x/>",
    }
    return package(parts)


def duplicate_codes() -> bytes:
    return xlsx(ITEM_HEADERS, [[1, "D-1", "一"], [2, "D-1", "二"]])


def utf16_part() -> bytes:
    rows, strings = item_rows(1)
    sheet = sheet_xml(rows).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return package(
        {
            "xl/worksheets/sheet1.xml": "\ufeff".encode("utf-16-le") + sheet.encode("utf-16-le"),
            "xl/sharedStrings.xml": shared_xml(strings),
        }
    )


def empty_sheet() -> bytes:
    return simple([], [])


def header_only() -> bytes:
    return xlsx(ITEM_HEADERS, [])


def too_many_entries() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for n in range(1_200):
            zf.writestr(f"xl/junk/{n}.txt", "x")
    return out.getvalue()


def missing_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES.format(workbook_type=WORKBOOK_TYPE))
    return out.getvalue()


def missing_sheet_part() -> bytes:
    return package({"xl/sharedStrings.xml": shared_xml([])})


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "entity_bomb_shared": (entity_bomb_shared, "实体"),
    "entity_bomb_sheet": (entity_bomb_sheet, "实体"),
    "external_entity": (external_entity, "外部实体"),
    "zip_bomb": (zip_bomb, "压缩炸弹"),
    "ratio_bomb": (ratio_bomb, "压缩炸弹"),
    "ole2_xls": (ole2_xls, ".xls"),
    "encrypted_ooxml": (encrypted_ooxml, "加密"),
    "xlsm_vba": (xlsm_vba, "宏"),
    "macro_content_type": (macro_content_type, "宏"),
    "formula_without_value": (formula_without_value, "公式"),
    "over_size": (over_size, "文件过大"),
    "empty_file": (empty_file, "文件为空"),
    "not_a_zip": (not_a_zip, "不是 Excel 工作簿"),
    "truncated_zip": (truncated_zip, "不完整或已损坏"),
    "csv_renamed": (csv_renamed, "CSV"),
    "missing_header_row": (missing_header_row, "缺少必填列"),
    "wrong_headers": (wrong_headers, "无法识别的列"),
    "too_many_rows": (too_many_rows, "超过 50 行"),
    "control_characters": (control_characters, "控制字符"),
    "zero_byte_entry": (zero_byte_entry, "为空"),
    "path_traversal": (path_traversal, "路径"),
    "duplicate_codes": (duplicate_codes, "重复"),
    "utf16_part": (utf16_part, "UTF-16"),
    "empty_sheet": (empty_sheet, "工作表是空的"),
    "header_only": (header_only, "没有数据行"),
    "too_many_entries": (too_many_entries, "部件过多"),
    "missing_workbook": (missing_workbook, "缺少工作簿结构"),
    "missing_sheet_part": (missing_sheet_part, "没有工作表"),
}
