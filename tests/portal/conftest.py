"""A small world of public records, each with a non-public sibling that must never show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests import factory as f
from twincity.commitments.models import Item, ItemList, ListKind, Result, ResultFigure
from twincity.indicators.models import Indicator, Observation, PeriodKind, Region, RegionLevel
from twincity.meetings.models import Meeting, MeetingStatus

# Every name, code and title of a record that is not public: none may appear on the portal.
SECRETS = [
    "内部清单乙",
    "PRIV-A",
    "内部事项标题A",
    "PRIV-DRAFT",
    "草稿事项标题",
    "PRIV-B",
    "内部清单事项标题",
    "内部成果乙",
    "未结束会议主题",
    "内部会议主题",
    "内部议定事项",
    "内部指标乙",
    "secret-ind",
]


@dataclass
class Portal:
    meeting: Meeting
    open_meeting: Meeting
    private_meeting: Meeting
    public_list: ItemList
    other_public_list: ItemList
    private_list: ItemList
    public_items: list[Item]
    private_item: Item
    draft_item: Item
    item_in_private_list: Item
    result: Result
    private_result: Result
    indicator: Indicator
    private_indicator: Indicator
    region: Region


@pytest.fixture
def portal(world) -> Portal:
    closed = MeetingStatus.CLOSED
    meeting = f.make_meeting(10, theme="公开会议主题甲", status=closed)
    open_meeting = f.make_meeting(11, theme="未结束会议主题", status=MeetingStatus.OPEN)
    private_meeting = f.make_meeting(12, theme="内部会议主题", status=closed)
    public_decision = f.make_decision(meeting, 1, title="公开议定事项甲")
    private_decision = f.make_decision(meeting, 2, title="内部议定事项")
    public_list = f.make_list(name="公开清单甲", is_public=True, source_meeting=meeting)
    other = f.make_list(ListKind.KEY_TASKS, name="公开清单丁", is_public=True)
    other.source_meeting = open_meeting
    other.save()
    private_list = f.make_list(name="内部清单乙", source_meeting=private_meeting)
    shown = [
        world.item(
            list=public_list,
            code="PUB-001",
            title="公开事项标题一",
            state="in_progress",
            light="red",
            is_public=True,
            source_decision=public_decision,
        ),
        world.item(
            list=public_list,
            code="PUB-002",
            title="公开事项标题二",
            state="closed",
            light="green",
            is_public=True,
        ),
        world.item(
            list=other, code="PUB-003", title="公开事项标题三", state="assigned", is_public=True
        ),
    ]
    private_item = world.item(
        list=public_list,
        code="PRIV-A",
        title="内部事项标题A",
        state="in_progress",
        source_decision=private_decision,
    )
    draft = world.item(
        list=public_list, code="PRIV-DRAFT", title="草稿事项标题", state="draft", is_public=True
    )
    in_private = world.item(
        list=private_list,
        code="PRIV-B",
        title="内部清单事项标题",
        state="in_progress",
        is_public=True,
    )
    result = Result.objects.create(
        title="公开成果甲",
        type="document",
        date=dt.date(2025, 3, 1),
        is_public=True,
        meeting=meeting,
        description="公开成果说明",
    )
    result.items.set([shown[0], private_item])
    result.parties.set([world.cq, world.sc])
    ResultFigure.objects.create(result=result, label="开行列数", value=Decimal("36000"), unit="列")
    Result.objects.create(
        title="公开成果丙",
        type="other",
        date=dt.date(2025, 2, 1),
        is_public=True,
        meeting=open_meeting,
    )
    private_result = Result.objects.create(
        title="内部成果乙", type="other", date=dt.date(2025, 4, 1), meeting=private_meeting
    )
    region = Region.objects.create(code="circle", name="双城经济圈", level=RegionLevel.CIRCLE)
    indicator = make_indicator("pub-gdp", "公开指标甲", True, region)
    private_indicator = make_indicator("secret-ind", "内部指标乙", False, region)
    return Portal(
        meeting,
        open_meeting,
        private_meeting,
        public_list,
        other,
        private_list,
        shown,
        private_item,
        draft,
        in_private,
        result,
        private_result,
        indicator,
        private_indicator,
        region,
    )


def make_indicator(code: str, name: str, public: bool, region: Region) -> Indicator:
    indicator = Indicator.objects.create(
        code=code, name=name, unit="亿元", is_key=True, is_public=public, levels=["circle"]
    )
    for year, value in ((2023, "81990"), (2024, "86000.5")):
        Observation.objects.create(
            indicator=indicator,
            region=region,
            period_kind=PeriodKind.YEAR,
            period_end=dt.date(year, 12, 31),
            value=Decimal(value),
        )
    return indicator


def assert_no_secrets(text: str, where: str = "") -> None:
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, f"{where}: {leaked}"
