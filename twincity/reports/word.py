"""Word (.docx) official documents in the style of GB/T 9704 (党政机关公文格式).

A4 with margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body in 仿宋_GB2312 三号
(16 pt) at a fixed 29 pt line pitch (about 22 lines of 28 characters); the title in
方正小标宋简体 二号 (22 pt), centred; the issuing organ in red over the 文号 and a red rule;
headings 一、 in 黑体, （一） in 楷体, 1. in 仿宋; page numbers "— 1 —" from a PAGE field.
The Chinese font names go in `w:eastAsia`; a viewer without them substitutes its own.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from twincity.reports.content import Chart, Document, Heading, Paragraph, Table

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
LATIN = "Times New Roman"
RED = RGBColor(0xD0, 0x00, 0x00)

BODY_PT, TITLE_PT, TABLE_PT, ORGAN_PT = 16, 22, 12, 30
LINE_PT = 29
TEXT_WIDTH = Mm(210 - 28 - 26)
HEADING_FONTS = {1: HEITI, 2: KAITI, 3: FANGSONG}


# --- primitives ------------------------------------------------------------------------------


def set_font(run: Run, east_asian: str, size: float, bold: bool = False) -> Run:
    """Give a run its Chinese font (w:eastAsia), a Latin font and a size."""
    run.font.name = LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    return run


def _spacing(paragraph: DocxParagraph, line_pt: float | None = LINE_PT) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if line_pt:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line_pt)


def _text(doc, text: str, font: str, size: float, align=None, indent: bool = False, **kw):
    paragraph = doc.add_paragraph()
    _spacing(paragraph, kw.pop("line_pt", LINE_PT))
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    run = set_font(paragraph.add_run(text), font, size, kw.pop("bold", False))
    if kw.pop("red", False):
        run.font.color.rgb = RED
    return paragraph


def setup_page(doc) -> None:
    """A4, GB/T 9704 margins, and the body style: 仿宋 三号 at a fixed line pitch."""
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = LATIN, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)


def _field(run: Run, instruction: str) -> None:
    """Append a complex field (e.g. PAGE) to a run: begin, instruction, separate, end."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._element.append(element)


def page_numbers(doc) -> None:
    """The footer's page number, "— 1 —", in 宋体 四号 (14 pt), centred."""
    footer = doc.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("— "), "宋体", 14)
    _field(set_font(paragraph.add_run(), "宋体", 14), "PAGE")
    set_font(paragraph.add_run(" —"), "宋体", 14)


def red_rule(paragraph: DocxParagraph) -> None:
    """A red line under a paragraph (the 版头's separator)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "4"), ("color", "D00000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def masthead(doc, organ: str, number: str) -> None:
    """版头: the issuing organ in red, the 文号 centred under it, then the red rule."""
    _text(doc, organ, XIAOBIAOSONG, ORGAN_PT, WD_ALIGN_PARAGRAPH.CENTER, red=True, line_pt=None)
    _text(doc, "", FANGSONG, BODY_PT)
    rule = _text(doc, number, FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER)
    red_rule(rule)
    _text(doc, "", FANGSONG, BODY_PT)


def title(doc, text: str) -> None:
    _text(doc, text, XIAOBIAOSONG, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, line_pt=36)
    _text(doc, "", FANGSONG, BODY_PT)


def heading(doc, text: str, level: int = 1) -> None:
    _text(doc, text, HEADING_FONTS.get(level, FANGSONG), BODY_PT, indent=True)


def paragraph(doc, text: str) -> None:
    _text(doc, text, FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)


def table(doc, columns: list[str], rows: list[list[str]]) -> None:
    """A bordered table in 仿宋 小四, the header row bold."""
    grid = doc.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, columns, strict=True):
        _cell(cell, text, bold=True)
    for row in rows:
        for cell, text in zip(grid.add_row().cells, row, strict=False):
            _cell(cell, text)


def _cell(cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    _spacing(paragraph, None)
    set_font(paragraph.add_run(text), FANGSONG, TABLE_PT, bold)


def image(doc, png: bytes, caption: str = "") -> None:
    """A PNG across the text width, centred, with its caption in 楷体 below."""
    picture = doc.add_paragraph()
    _spacing(picture, None)
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(png), width=TEXT_WIDTH)
    if caption:
        _text(doc, caption, KAITI, TABLE_PT + 2, WD_ALIGN_PARAGRAPH.CENTER)


def signature(doc, organ: str, date: str) -> None:
    _text(doc, "", FANGSONG, BODY_PT)
    for line in (organ, date):
        if line:
            paragraph = _text(doc, line, FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT)
            paragraph.paragraph_format.right_indent = Pt(BODY_PT * 2)


# --- a whole document ------------------------------------------------------------------------


def docx_bytes(document: Document) -> bytes:
    """The document as a .docx file."""
    doc = new_docx()
    setup_page(doc)
    page_numbers(doc)
    masthead(doc, document.organ, document.number)
    title(doc, document.title)
    for block in document.blocks:
        if isinstance(block, Heading):
            heading(doc, block.text, block.level)
        elif isinstance(block, Paragraph):
            paragraph(doc, block.text)
        elif isinstance(block, Table):
            table(doc, block.columns, block.rows)
        elif isinstance(block, Chart):
            image(doc, block.png, block.caption)
    signature(doc, document.signature, document.date)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
