"""Shared steps of the urging-ladder and extension tests: a fixed clock, rounds, items."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from twincity.accounts.models import User
from twincity.commitments import workflow as wf
from twincity.commitments.models import Item, ListKind, ProgressReport, Result, ResultType
from twincity.lib import clock
from twincity.supervision.models import (
    ExpectedReport,
    Notice,
    ReportingRound,
    RoundStatus,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    """A moment of a day in Shanghai."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(n) for n in range((end - start).days + 1)]


def working_item(world, **kw: Any) -> Item:
    """An agreed item both sides have signed for (in progress), made through the workflow."""
    item = world.item(**kw)
    wf.assign(world.users["office"], item)
    wf.sign(world.users["cq_liaison"], item)
    wf.sign(world.users["sc_liaison"], item)
    item.refresh_from_db()
    return item


def open_round(world, due: dt.date, items: list[Item], period: str = "2025年6月") -> ReportingRound:
    """A round opened now expecting a report from each side of the items (rows written here)."""
    rnd = ReportingRound.objects.create(
        period=period, kinds=[ListKind.AGREED_ITEMS], due=due, opened_by=world.users["office"]
    )
    for item in items:
        for side in item.sides.all():
            ExpectedReport.objects.create(
                round=rnd, item=item, party=side.party, unit=side.lead_unit
            )
    return rnd


def close_round(rnd: ReportingRound) -> None:
    ReportingRound.objects.filter(pk=rnd.pk).update(
        status=RoundStatus.CLOSED, closed_at=clock.now()
    )
    rnd.refresh_from_db()


def report(user: User, item: Item) -> ProgressReport:
    return wf.submit_report(user, item, {"progress_text": "方案已起草", "percent": 30})


def ask_to_close(user: User, item: Item) -> Item:
    result = Result.objects.create(title="成果", type=ResultType.DOCUMENT, date=clock.today())
    result.items.add(item)
    return wf.request_closure(user, item, "已印发实施方案")


def numbers(notices: list[Notice]) -> list[str]:
    return [n.number for n in notices]


def item_url(item: Item) -> str:
    return reverse("commitments:item_detail", args=[item.pk])


def make_notice(world, kind: str, items: list[Item], unit=None, **kw: Any) -> Notice:
    """A notice issued by hand by the office (through the verb)."""
    from twincity.supervision.ladder import issue_notice

    answer_by = kw.pop("answer_by", clock.today() + dt.timedelta(10))
    return issue_notice(
        world.users["office"],
        kind,
        unit or world.cq_unit,
        items,
        kw.pop("reason", "请加快推进"),
        answer_by,
        **kw,
    )


def run_until(start: dt.date, end: dt.date) -> list[Notice]:
    """Run the ladder every morning from start to end; return what it issued."""
    from twincity.supervision.ladder import run_ladder

    issued: list[Notice] = []
    for day in days(start, end):
        with clock.travel(at(day)):
            issued += run_ladder(clock.now())
    return issued
