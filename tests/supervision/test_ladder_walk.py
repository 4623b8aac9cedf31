"""Time travel: one item climbs reminder → 催办 → 督办 → 通报, day by day, then recovers."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.supervision.ladder_helpers import (
    at,
    close_round,
    days,
    item_url,
    numbers,
    open_round,
    report,
    working_item,
)
from twincity.audit.models import AuditEvent
from twincity.lib import clock
from twincity.supervision import ladder
from twincity.supervision.models import Notice, NoticeKind, Thresholds

K = NoticeKind
OPENED, DUE, CLOSED = dt.date(2025, 6, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 10)


@pytest.fixture
def walk(world):
    """An item in progress, in a round due 30 June; the 川 side reports in time."""
    thresholds = Thresholds.current()
    assert (thresholds.remind_days, thresholds.supervise_after_days) == (5, 7)
    with clock.travel(at(OPENED, 7)):
        item = working_item(world, deadline=dt.date(2025, 12, 31))
        rnd = open_round(world, DUE, [item])
    with clock.travel(at(dt.date(2025, 6, 20), 10)):
        report(world.users["sc_liaison"], item)
    return item, rnd


def run_days(start: dt.date, end: dt.date, rnd=None) -> dict[dt.date, list[Notice]]:
    """Run the ladder each morning; close the round on CLOSED before that day's run."""
    issued = {}
    for day in days(start, end):
        with clock.travel(at(day)):
            if rnd is not None and day == CLOSED:
                close_round(rnd)
            new = ladder.run_ladder(clock.now())
        if new:
            issued[day] = new
    return issued


def test_one_item_climbs_the_ladder_and_recovers(world, walk, as_user):
    item, rnd = walk
    issued = run_days(OPENED, dt.date(2025, 7, 10), rnd)

    assert {day: [n.kind for n in new] for day, new in issued.items()} == {
        dt.date(2025, 6, 25): [K.REMINDER],  # five days before the due date
        dt.date(2025, 7, 1): [K.URGE],  # the day after it
        dt.date(2025, 7, 8): [K.SUPERVISE],  # seven days after the urge
        dt.date(2025, 7, 10): [K.BULLETIN],  # when the round is closed
    }
    ladder_notices = [n for new in issued.values() for n in new]
    assert numbers(ladder_notices) == [
        "提醒〔2025〕1号",
        "催办〔2025〕1号",
        "督办〔2025〕1号",
        "通报〔2025〕1号",
    ]
    for notice in ladder_notices:
        assert notice.unit == world.cq_unit  # the 川 side reported: nothing for it
        assert list(notice.items.all()) == [item]
        assert notice.round == rnd and notice.issued_by is None
    assert ladder_notices[2].answer_by == dt.date(2025, 7, 18)
    assert AuditEvent.objects.filter(action="notice.supervise", actor_name="system").count() == 1

    page = as_user("cq_liaison").get(item_url(item)).content.decode()
    for number in numbers(ladder_notices):
        assert number in page
    assert page.count("未整改") == 4 and "已整改" not in page

    # Recovery: the liaison reports late; the climb stops and the history says 已整改.
    with clock.travel(at(dt.date(2025, 7, 11), 9)):
        report(world.users["cq_liaison"], item)
    assert run_days(dt.date(2025, 7, 11), dt.date(2025, 8, 15)) == {}
    page = as_user("cq_liaison").get(item_url(item)).content.decode()
    assert page.count("已整改") == 4 and "未整改" not in page


def test_without_the_report_the_climb_goes_no_further_than_the_bulletin(walk):
    _item, rnd = walk
    run_days(OPENED, dt.date(2025, 7, 10), rnd)
    assert run_days(dt.date(2025, 7, 11), dt.date(2025, 8, 31)) == {}
    assert Notice.objects.count() == 4


def test_a_report_after_the_urge_stops_supervision(world, walk):
    item, rnd = walk
    issued = run_days(OPENED, dt.date(2025, 7, 3), rnd)
    assert [n.kind for new in issued.values() for n in new] == [K.REMINDER, K.URGE]
    with clock.travel(at(dt.date(2025, 7, 4), 9)):
        report(world.users["cq_liaison"], item)
    assert run_days(dt.date(2025, 7, 4), dt.date(2025, 7, 31), rnd) == {}


def test_a_report_inside_the_reminder_window_prevents_the_urge(world, walk):
    item, rnd = walk
    run_days(OPENED, dt.date(2025, 6, 27), rnd)
    with clock.travel(at(dt.date(2025, 6, 28), 9)):
        report(world.users["cq_liaison"], item)
    assert run_days(dt.date(2025, 6, 28), dt.date(2025, 7, 31), rnd) == {}
    assert list(Notice.objects.values_list("kind", flat=True)) == [K.REMINDER]


def test_a_second_run_at_the_same_time_issues_nothing(walk):
    with clock.travel(at(dt.date(2025, 7, 1))):
        first = ladder.run_ladder(clock.now())
        second = ladder.run_ladder(clock.now())
    assert [n.kind for n in first] == [K.URGE] and second == []
    assert Notice.objects.count() == 1
    with clock.travel(at(dt.date(2025, 7, 1), 18)):
        assert ladder.run_ladder(clock.now()) == []


def test_each_unit_gets_its_own_notice_numbered_in_turn(world):
    with clock.travel(at(OPENED, 7)):
        item = working_item(world, deadline=dt.date(2025, 12, 31))
        other = working_item(world, deadline=dt.date(2025, 12, 31))
        open_round(world, DUE, [item, other])
    issued = run_days(dt.date(2025, 7, 1), dt.date(2025, 7, 8))
    supervise = issued[dt.date(2025, 7, 8)]
    assert numbers(supervise) == ["督办〔2025〕1号", "督办〔2025〕2号"]
    assert [n.unit for n in supervise] == [world.cq_unit, world.sc_unit]
    assert {frozenset(n.items.all()) for n in supervise} == {frozenset({item, other})}
