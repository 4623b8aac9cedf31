"""The round bulletin, the supervision notice, the project bulletin and the communiqué."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document as open_docx

from tests.projects.util import area, make_list, make_project, make_report
from tests.reports.conftest import docx_text
from tests.supervision.ladder_helpers import make_notice, open_round, report, working_item
from twincity.lib import clock
from twincity.reports import documents, pdf, word
from twincity.supervision.models import NoticeKind


def both(document) -> str:
    """The document's .docx text; its PDF must render too."""
    assert pdf.pdf_bytes(document).startswith(b"%PDF")
    return docx_text(word.docx_bytes(document))


def test_round_bulletin(world):
    items = [working_item(world, title="推进川渝电子证照互认"), working_item(world)]
    rnd = open_round(world, clock.today() + dt.timedelta(5), items, period="2025年第3季度")
    report(world.users["cq_liaison"], items[0])
    text = both(documents.round_bulletin(rnd))
    assert "关于2025年第3季度调度报送情况的通报" in text
    assert "本轮应报送进展4项，已报送1项" in text
    assert "四川省发展改革委（未报2项）" in text
    assert "一、按时报送单位" in text and "四、红灯事项及存在困难" in text


def test_notice_keeps_its_number_and_lists_its_items(world):
    item = working_item(world, title="推进成渝中线高铁建设")
    notice = make_notice(world, NoticeKind.SUPERVISE, [item], reason="进展滞后，请加快推进。")
    notice = documents.notices_for(None).get(pk=notice.pk)
    document = documents.notice_document(notice)
    assert document.number == notice.number
    text = both(document)
    assert notice.number in text and "督办通知" in text
    assert "重庆市发展改革委：" in text and "进展滞后，请加快推进。" in text
    assert "推进成渝中线高铁建设" in text and "未整改" in text
    assert "前将办理情况书面答复联合办公室" in text


def test_project_bulletin_reuses_the_bulletin_sentences(world):
    plist = make_list(2025)
    p1 = make_project(plist, "100", area=area("现代基础设施"), party=world.cq)
    make_report(p1, 8, "70")
    make_project(plist, "50", area=area("现代产业"), party=world.sc)
    document = documents.project_bulletin(plist, 8)
    text = both(document)
    assert "2025年1—8月成渝地区双城经济圈共建重点项目调度情况通报" in text
    assert "1—8月，共建重点项目完成投资70.00亿元，年度投资完成率46.67%" in text
    assert "现代基础设施：1个项目" in text
    assert "8月有1个项目未报送月报" in text
    assert "三、进度滞后项目" in text
    doc = open_docx(io.BytesIO(word.docx_bytes(document)))
    assert len(doc.inline_shapes) == 1  # completion rate by area


def test_communique_lists_the_meetings_results_by_type(pack):
    document = documents.communique(pack["m10"])
    text = both(document)
    assert "第十次会议工作成果通报（草稿）" in text
    assert "共取得工作成果1项，其中服务上线1项" in text
    assert "1. 川渝通办事项增至311项（2024年12月1日，渝、川）" in text
    assert "通办事项311项" in text
