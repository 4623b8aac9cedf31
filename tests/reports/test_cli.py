"""`twincity document KIND --output FILE` on demo-like data."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document as open_docx

from tests.reports.conftest import docx_text


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("document", *args, stdout=out)
    return out.getvalue()


def test_briefing_for_meeting_10_writes_a_docx_with_decisions_states_and_a_chart(pack, tmp_path):
    target = tmp_path / "briefing.docx"
    said = run("briefing", "--meeting", "10", "--output", str(target))
    assert "第十次会议汇报材料" in said
    data = target.read_bytes()
    text = docx_text(data)
    assert "党政联席会议第十次会议汇报材料" in text
    tables = open_docx(io.BytesIO(data)).tables
    rows = [[c.text for c in row.cells] for t in tables for row in t.rows]
    states = {row[1]: row[2] for row in rows if row[0].startswith("10-")}
    assert states == {
        "实施集成式标志性重大改革清单": "已落实（1项事项均已办结）",
        "推进公共服务共建共享": "推进中（已销号0项/共1项）",
        "共建成渝中线科创走廊": "推进中（已销号0项/共1项），1项逾期",
    }
    assert len(open_docx(io.BytesIO(data)).inline_shapes) >= 1


def test_briefing_as_pdf(pack, tmp_path):
    target = tmp_path / "briefing.pdf"
    run("briefing", "--meeting", "10", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF")


def test_format_option_overrides_the_suffix(pack, tmp_path):
    target = tmp_path / "briefing.bin"
    run("briefing", "--meeting", "10", "--format", "pdf", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["briefing", "--meeting", "11"], "No joint meeting number 11"),
        (["briefing"], "needs --meeting"),
        (["round-bulletin", "--round", "999"], "No reporting round"),
        (["notice", "--notice", "督办〔2025〕99号"], "No notice"),
        (["project-bulletin", "--year", "1999"], "No project list"),
    ],
)
def test_refusals(pack, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(tmp_path / "x.docx"))


def test_unknown_format(pack, tmp_path):
    with pytest.raises(CommandError, match="--format"):
        run("briefing", "--meeting", "10", "--output", str(tmp_path / "x.txt"))


def test_notice_by_its_number(world, tmp_path):
    from tests.supervision.ladder_helpers import make_notice, working_item
    from twincity.supervision.models import NoticeKind

    notice = make_notice(world, NoticeKind.SUPERVISE, [working_item(world)])
    target = tmp_path / "notice.docx"
    run("notice", "--notice", notice.number, "--output", str(target))
    assert notice.number in docx_text(target.read_bytes())
