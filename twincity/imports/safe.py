"""Opening an uploaded .xlsx defensively, before and while its first sheet is read.

`read_table(data)` returns the first sheet's header row and data rows, or raises a
`ValidationError` whose Chinese message names the reason. The checks run cheapest first:
size, magic bytes (.xls and encrypted workbooks are OLE2 files), the zip directory (entry
count, names, declared sizes and ratios: zip bombs), macros, a bounded streaming scan of every
XML part for DOCTYPE/ENTITY (entity bombs, external entities), then one streaming pass over
the first sheet (`sheet.rows`: the declared dimension ignored, parts parsed as UTF-8 so the
scan cannot be sidestepped) with a row limit, and formula cells without a cached value
refused. Control characters in a cell are refused (not stripped) by the caller, which
names the row and column.

Memory stays bounded: zipfile never inflates more than an entry's declared size, and the
declared sizes are checked before anything is inflated.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from twincity.imports import sheet

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
MAX_ROWS = 100_000
MAX_COLUMNS = 64
MAX_ENTRIES = 1_000
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_PART = 32 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024  # small parts may compress as well as they like
CHUNK = 64 * 1024
FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")
MACRO_MARKS = (b"macroEnabled", b"vbaProject", b"ms-excel.sheet.binary")


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


@dataclass
class Table:
    """The first sheet of a workbook: its header row and data rows (with sheet row numbers)."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024))


def check_size(size: int) -> None:
    if size == 0:
        raise refuse(_("文件为空。"), "empty")
    if size > max_bytes():
        limit = max_bytes() // (1024 * 1024)
        raise refuse(
            _("文件过大：不能超过 %(mb)d MB，请拆分后分批导入。") % {"mb": limit}, "too_big"
        )


def check_magic(data: bytes) -> None:
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_MARK in data:
            raise refuse(
                _("文件已加密（设有打开密码），无法读取。请取消密码后重新导入。"), "encrypted"
            )
        raise refuse(
            _("这是旧版 Excel 97-2003（.xls）文件，请在 Excel 中另存为 .xlsx 后重新导入。"), "xls"
        )
    if not data.startswith(ZIP_MAGIC):
        raise refuse(
            _("文件不是 Excel 工作簿（.xlsx）。CSV、WPS 等格式请先另存为 .xlsx。"), "not_xlsx"
        )


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise refuse(_("文件不完整或已损坏，无法作为 .xlsx 打开。"), "broken") from error


def _bad_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0] or "\x00" in name


def check_entries(zf: zipfile.ZipFile) -> None:
    """Entry count, names and declared sizes: the zip bomb checks, before inflating."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise refuse(_("文件包含的部件过多，疑似压缩炸弹，已拒绝。"), "zip_bomb")
    total = 0
    for info in infos:
        if _bad_name(info.filename):
            raise refuse(_("文件包含非法的路径名称，已拒绝。"), "path")
        if info.flag_bits & 0x1:
            raise refuse(_("文件已加密（设有打开密码），无法读取。"), "encrypted")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        big = info.file_size > MAX_PART or total > MAX_UNCOMPRESSED
        if big or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise refuse(_("文件解压后体积异常（疑似压缩炸弹），已拒绝。"), "zip_bomb")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise refuse(_("文件不是有效的 Excel 工作簿：缺少工作簿结构。"), "broken")


def check_macros(zf: zipfile.ZipFile) -> None:
    names = [n.lower() for n in zf.namelist()]
    if any(n.endswith("vbaproject.bin") or (n.endswith(".bin") and "vba" in n) for n in names):
        raise refuse(_("文件包含宏（.xlsm），不接受带宏的工作簿。"), "macro")
    types = _read_part(zf, "[Content_Types].xml")
    if any(mark.lower() in types.lower() for mark in MACRO_MARKS):
        raise refuse(_("文件包含宏或二进制工作簿（.xlsm/.xlsb），不接受此类文件。"), "macro")


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as part:
        return part.read(MAX_PART + 1)


def _chunks(part: IO[bytes]) -> Iterator[bytes]:
    while chunk := part.read(CHUNK):
        yield chunk


def scan_xml(zf: zipfile.ZipFile) -> None:
    """Stream every XML part looking for a DTD; keep a small overlap across chunks."""
    for info in zf.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        if info.file_size == 0:
            raise refuse(
                _("文件中的部件“%(name)s”为空，文件已损坏。") % {"name": info.filename[:80]},
                "empty_part",
            )
        with zf.open(info) as part:
            _scan_part(part)


def _scan_part(part: IO[bytes]) -> None:
    tail = b""
    first = True
    for chunk in _chunks(part):
        if first and (chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]):
            raise refuse(_("文件使用了不受支持的编码（UTF-16），已拒绝。"), "encoding")
        first = False
        window = tail + chunk
        if any(mark in window for mark in FORBIDDEN_XML):
            raise refuse(
                _("文件包含 XML 实体或文档类型声明（可能是实体炸弹或外部实体攻击），已拒绝。"),
                "entity",
            )
        tail = window[-16:]


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def read_sheet(zf: zipfile.ZipFile) -> Table:
    """The first worksheet's header and data rows; blank rows are skipped."""
    table: Table | None = None
    for number, raw in sheet.rows(zf, MAX_COLUMNS):
        values = [_cell(v) for v in raw]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if table is None:
            table = Table(headers=[str(v or "").strip() for v in values])
            continue
        if len(table.rows) >= MAX_ROWS:
            raise refuse(
                _("数据超过 %(n)d 行，请拆分后分批导入。") % {"n": MAX_ROWS}, "too_many_rows"
            )
        table.rows.append((number, values))
    if table is None:
        raise refuse(_("工作表是空的：没有表头，也没有数据。"), "no_header")
    return table


def read_table(data: bytes) -> Table:
    """The first sheet of an uploaded workbook, or a ValidationError naming why not."""
    check_size(len(data))
    check_magic(data)
    with open_zip(data) as zf:
        check_entries(zf)
        check_macros(zf)
        scan_xml(zf)
        return read_sheet(zf)


# C0 controls other than tab, newline and carriage return, raw or as Excel writes them (_x0007_).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_x00(?:0[0-8bcefBCEF]|1[0-9a-fA-F])_")


def has_control(value: Any) -> bool:
    return isinstance(value, str) and bool(CONTROL.search(value))
