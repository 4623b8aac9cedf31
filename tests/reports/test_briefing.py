"""The briefing pack for meeting N: Word and PDF, reopened and read back."""

from __future__ import annotations

import io

from docx import Document as open_docx
from docx.oxml.ns import qn

from tests.reports.conftest import docx_text, pdf_text
from twincity.reports import documents, pdf, word


def mm(length) -> float:
    return round(length.mm, 1)


def test_briefing_content_names_the_meeting_and_its_decisions(pack):
    doc = documents.briefing(pack["m10"])
    text = doc.text()
    assert "第十次会议汇报材料" in doc.title
    assert "川渝联办〔" in doc.number
    assert "实施集成式标志性重大改革清单" in text
    assert "已落实（1项事项均已办结）" in text  # decision 1: its only item is closed
    assert "推进中（已销号0项/共1项），1项逾期" in text  # decision 3: its item is late
    assert "第九次会议议定事项" in text  # the meeting before, too
    assert "用地指标尚未落实" in text  # the unit's reason for the late item
    assert "川渝通办事项增至311项" in text
    assert "地区生产总值" in text


def test_briefing_docx_page_setup_fonts_footer_and_chart(pack):
    data = word.docx_bytes(documents.briefing(pack["m10"]))
    doc = open_docx(io.BytesIO(data))
    section = doc.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [mm(x) for x in margins] == [37, 35, 28, 26]
    text = docx_text(data)
    assert "推动成渝地区双城经济圈建设重庆四川党政联席会议第十次会议汇报材料" in text
    assert "川渝联办〔" in text
    for title in ("实施集成式标志性重大改革清单", "推进公共服务共建共享", "共建成渝中线科创走廊"):
        assert title in text
    assert "制定改革清单年度实施方案（已销号）" in text
    body = [p for p in doc.paragraphs if p.text.startswith("第十次会议") or "汇报如下" in p.text]
    assert body
    fonts = body[0].runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    footer = section.footer._element.xml
    assert "PAGE" in footer and "— " in footer
    assert len(doc.inline_shapes) >= 2  # the decisions' chart and the indicator's chart


def test_briefing_pdf(pack):
    document = documents.briefing(pack["m10"])
    data = pdf.pdf_bytes(document)
    assert data.startswith(b"%PDF")
    rendered = pdf.render(document)
    text = pdf_text(rendered)
    assert "第十次会议汇报材料" in text
    assert "实施集成式标志性重大改革清单" in text
    assert "— 1 —" in text  # the page number from the CSS counter
    width, height = rendered.pages[0].width, rendered.pages[0].height
    assert (round(width * 25.4 / 96), round(height * 25.4 / 96)) == (210, 297)
