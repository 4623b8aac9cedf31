"""A submitted progress report is linked to the open round that expects it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.workflow.helpers import in_progress
from twincity.audit.models import AuditEvent
from twincity.commitments import workflow as wf
from twincity.commitments.models import ListKind
from twincity.lib import clock
from twincity.supervision.models import ExpectedReport
from twincity.supervision.rounds import close_round, open_round

SH = ZoneInfo("Asia/Shanghai")
AGREED = [ListKind.AGREED_ITEMS]
T0 = dt.datetime(2025, 9, 25, 9, tzinfo=SH)


@pytest.fixture
def item(world):
    with clock.travel(T0):
        return in_progress(world)


def report(world, item, persona="cq_liaison", **data):
    fields = {"progress_text": "推进顺利", "percent": 40} | data
    return wf.submit_report(world.users[persona], item, fields)


def open_at(world, when, period="2025年第3季度", due=dt.date(2025, 10, 10)):
    with clock.travel(when):
        return open_round(world.users["office"], period, AGREED, due)


def exp(rnd, item, party):
    return ExpectedReport.objects.get(round=rnd, item=item, party=party)


def test_submit_links_the_report_and_sets_the_time(world, item):
    rnd = open_at(world, T0)
    when = T0 + dt.timedelta(days=3)
    with clock.travel(when):
        rep = report(world, item)
    row = exp(rnd, item, world.cq)
    assert row.report == rep and row.submitted_at == when
    assert exp(rnd, item, world.sc).report is None
    rep.refresh_from_db()
    assert rep.period == "2025年第3季度"
    assert AuditEvent.objects.filter(action="round.report", target_id=str(row.pk)).exists()


def test_without_an_open_round_nothing_is_linked(world, item):
    rnd = open_at(world, T0)
    close_round(world.users["office"], rnd)
    rep = report(world, item)
    assert exp(rnd, item, world.cq).report is None
    rep.refresh_from_db()
    assert rep.period == ""


def test_the_newest_open_round_unless_the_report_names_one(world, item):
    older = open_at(world, T0, "2025年9月")
    newer = open_at(world, T0 + dt.timedelta(hours=1), "2025年第3季度")
    report(world, item)
    assert exp(newer, item, world.cq).report is not None
    assert exp(older, item, world.cq).report is None
    report(world, item, "sc_liaison", period="2025年9月")
    assert exp(older, item, world.sc).report is not None
    assert exp(newer, item, world.sc).report is None


def test_a_returned_report_resubmitted_takes_the_new_time(world, item):
    rnd = open_at(world, T0)
    first = T0 + dt.timedelta(days=1)
    with clock.travel(first):
        rep = report(world, item)
    wf.return_report(world.users["cq_head"], rep, "请补充数据")
    again = T0 + dt.timedelta(days=20)
    with clock.travel(again):
        second = report(world, item)
    row = exp(rnd, item, world.cq)
    assert row.report == second and row.submitted_at == again


def test_a_second_report_keeps_the_first_submission_time(world, item):
    rnd = open_at(world, T0)
    first = T0 + dt.timedelta(days=1)
    with clock.travel(first):
        report(world, item)
    with clock.travel(T0 + dt.timedelta(days=20)):
        second = report(world, item, percent=60)
    row = exp(rnd, item, world.cq)
    assert row.report == second and row.submitted_at == first
