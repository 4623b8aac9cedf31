"""Shared set-up of the document tests: meeting 10 of the joint series with its decisions,
the items they created, a result, a late item with its unit's reason and a key indicator."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from docx import Document as open_docx

from tests import factory as f
from twincity.commitments.models import (
    ItemState,
    ProgressReport,
    ReportStatus,
    Result,
    ResultFigure,
    ResultType,
)
from twincity.indicators.models import Indicator, Observation, PeriodKind, Region, RegionLevel
from twincity.lib import clock
from twincity.meetings.models import Meeting

SERIES_NAME = "推动成渝地区双城经济圈建设重庆四川党政联席会议"


def build_pack(world, extra: int = 0) -> dict[str, Any]:
    """Meetings 9 and 10; meeting 10 has three decisions (+ `extra` more, for query counts)."""
    series = f.make_series("joint", SERIES_NAME)
    m9 = f.make_meeting(9, series=series, date=dt.date(2024, 6, 21), place="四川广安")
    m10 = f.make_meeting(
        10, series=series, date=dt.date(2024, 12, 30), theme="五年回顾与2025年工作部署"
    )
    d1 = f.make_decision(m10, 1, title="实施集成式标志性重大改革清单")
    d2 = f.make_decision(m10, 2, title="推进公共服务共建共享")
    d3 = f.make_decision(m10, 3, title="共建成渝中线科创走廊")
    f.make_decision(m9, 1, title="做强中欧班列（成渝）品牌")
    today = clock.today()
    world.item(title="制定改革清单年度实施方案", state=ItemState.CLOSED, source_decision=d1)
    going = world.item(
        title="推进社保卡居民服务一卡通", state=ItemState.IN_PROGRESS, source_decision=d2
    )
    late = world.item(
        title="建设科创走廊联合实验室",
        state=ItemState.IN_PROGRESS,
        source_decision=d3,
        deadline=today - dt.timedelta(20),
    )
    ProgressReport.objects.create(
        item=late,
        party=world.cq,
        unit=world.cq_unit,
        progress_text="选址已完成",
        difficulties="用地指标尚未落实",
        percent=40,
        status=ReportStatus.SUBMITTED,
        submitted_by=world.users["cq_liaison"],
    )
    grow(world, m10, extra)
    result = Result.objects.create(
        title="川渝通办事项增至311项",
        type=ResultType.SERVICE,
        date=dt.date(2024, 12, 1),
        meeting=m10,
    )
    result.parties.set([world.cq, world.sc])
    result.items.add(going)
    ResultFigure.objects.create(result=result, label="通办事项", value=Decimal(311), unit="项")
    region = Region.objects.create(code="circle", name="成渝地区双城经济圈", level="circle")
    indicator = Indicator.objects.create(code="gdp", name="地区生产总值", unit="亿元", is_key=True)
    for year, value in ((2022, "77587.99"), (2023, "81986.7"), (2024, "87166.6")):
        Observation.objects.create(
            indicator=indicator,
            region=region,
            period_kind=PeriodKind.YEAR,
            period_end=dt.date(year, 12, 31),
            value=Decimal(value),
        )
    assert region.level == RegionLevel.CIRCLE
    return {"m9": m9, "m10": m10, "decisions": [d1, d2, d3], "late": late, "result": result}


def grow(world, meeting: Meeting, extra: int) -> None:
    """More decisions, items (one of them late) and results at meeting 10."""
    today = clock.today()
    first = meeting.decisions.count() + 1
    for n in range(first, first + extra):
        decision = f.make_decision(meeting, n, title=f"加测议定事项{n}")
        world.item(title=f"加测事项{n}", state=ItemState.ASSIGNED, source_decision=decision)
        world.item(
            title=f"加测逾期事项{n}",
            state=ItemState.IN_PROGRESS,
            source_decision=decision,
            deadline=today - dt.timedelta(5),
        )
        result = Result.objects.create(
            title=f"加测成果{n}", type=ResultType.OTHER, date=today, meeting=meeting
        )
        result.parties.set([world.cq])


@pytest.fixture
def pack(world) -> dict[str, Any]:
    return build_pack(world)


def docx_text(data: bytes) -> str:
    """Every paragraph's and table cell's text of a .docx."""
    doc = open_docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(document: Any) -> str:
    """The text WeasyPrint laid out on the pages of a rendered document."""
    out: list[str] = []

    def walk(box: Any) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            out.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return "".join(out)
