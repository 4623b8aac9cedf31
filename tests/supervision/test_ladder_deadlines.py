"""Deadline rules of the ladder: reminder before, 催办 after, 督办 later; closure or an
approved extension stops the climb. Hand notices, bulletins by hand, numbering."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from tests.supervision.ladder_helpers import (
    ask_to_close,
    at,
    days,
    make_notice,
    numbers,
    open_round,
    working_item,
)
from twincity.lib import clock
from twincity.supervision import extensions, ladder
from twincity.supervision.models import Notice, NoticeKind

K = NoticeKind
START, DEADLINE = dt.date(2025, 3, 1), dt.date(2025, 3, 31)


def run(start: dt.date, end: dt.date) -> dict[dt.date, list[str]]:
    out = {}
    for day in days(start, end):
        with clock.travel(at(day)):
            new = ladder.run_ladder(clock.now())
        if new:
            out[day] = [f"{n.kind}:{n.unit.code}" for n in new]
    return out


@pytest.fixture
def item(world):
    with clock.travel(at(START, 7)):
        return working_item(world, deadline=DEADLINE)


def test_a_missed_deadline_climbs_for_each_side_that_has_not_asked_to_close(world, item):
    with clock.travel(at(dt.date(2025, 3, 20))):
        ask_to_close(world.users["sc_liaison"], item)
    assert run(START, dt.date(2025, 4, 30)) == {
        dt.date(2025, 3, 26): ["reminder:cq-fgw"],
        dt.date(2025, 4, 1): ["urge:cq-fgw"],
        dt.date(2025, 4, 8): ["supervise:cq-fgw"],
    }
    urge = Notice.objects.get(kind=K.URGE)
    assert urge.round is None and "2025-03-31" in urge.reason
    assert urge.answer_by == dt.date(2025, 4, 11)


def test_asking_to_close_stops_the_climb_and_shows_as_recovered(world, item):
    run(START, dt.date(2025, 4, 2))
    urge = Notice.objects.get(kind=K.URGE, unit=world.cq_unit)
    facts = ladder.load_facts([item], [])
    assert ladder.persists(urge, item.pk, facts)
    with clock.travel(at(dt.date(2025, 4, 3))):
        ask_to_close(world.users["cq_liaison"], item)
    assert run(dt.date(2025, 4, 3), dt.date(2025, 5, 31)) == {
        dt.date(2025, 4, 8): ["supervise:sc-fgw"]  # only the side that did not ask
    }
    item.refresh_from_db()
    facts = ladder.load_facts([item], [])
    cq_urge = Notice.objects.get(kind=K.URGE, unit=world.cq_unit)
    assert not ladder.persists(cq_urge, item.pk, facts)


def test_an_approved_extension_stops_the_climb_and_a_new_deadline_starts_afresh(world, item):
    run(START, dt.date(2025, 4, 2))
    with clock.travel(at(dt.date(2025, 4, 3))):
        ext = extensions.request_extension(
            world.users["cq_liaison"], item, world.cq, dt.date(2025, 6, 30), "等待国家批复"
        )
        extensions.decide_extension(world.users["office"], ext, True, "")
    later = run(dt.date(2025, 4, 3), dt.date(2025, 7, 1))
    assert later == {
        dt.date(2025, 6, 25): ["reminder:cq-fgw", "reminder:sc-fgw"],
        dt.date(2025, 7, 1): ["urge:cq-fgw", "urge:sc-fgw"],
    }
    item.refresh_from_db()
    facts = ladder.load_facts([item], [])
    first_urges = Notice.objects.filter(kind=K.URGE, issued_at__lt=at(dt.date(2025, 4, 3)))
    assert [ladder.persists(n, item.pk, facts) for n in first_urges] == [False, False]


def test_a_closed_or_cancelled_item_is_not_urged(world, item):
    from twincity.commitments import workflow as wf

    wf.suspend(world.users["office"], item, "等待国家批复")
    assert run(START, dt.date(2025, 4, 30)) == {}


def test_hand_notices_do_not_climb_and_stay_open_until_answered(world, item):
    with clock.travel(at(dt.date(2025, 3, 5))):
        urge = make_notice(world, K.URGE, [item])
    assert urge.number == "催办〔2025〕1号" and urge.issued_by == world.users["office"]
    assert run(dt.date(2025, 3, 6), dt.date(2025, 3, 20)) == {}
    facts = ladder.load_facts([item], [])
    assert ladder.persists(urge, item.pk, facts)
    ladder.answer_notice(world.users["cq_liaison"], urge, "已制定整改计划")
    urge.refresh_from_db()
    assert not ladder.persists(urge, item.pk, facts)


def test_issue_notice_checks_its_fields(world, item):
    from twincity.commitments.workflow import WorkflowError

    with pytest.raises(PermissionDenied):
        ladder.issue_notice(world.users["cq_liaison"], K.URGE, world.cq_unit, [item], "x", None)
    with pytest.raises(WorkflowError, match="事由"):
        make_notice(world, K.URGE, [item], reason=" ")
    with pytest.raises(WorkflowError, match="答复期限"):
        make_notice(world, K.SUPERVISE, [item], answer_by=None)
    with pytest.raises(WorkflowError, match="不由该单位牵头或配合"):
        make_notice(world, K.URGE, [item], unit=world.other_unit)
    assert not Notice.objects.exists()


def test_numbers_run_per_kind_and_restart_each_year(world, item):
    with clock.travel(at(dt.date(2025, 12, 30))):
        first = make_notice(world, K.SUPERVISE, [item])
        second = make_notice(world, K.SUPERVISE, [item])
        urge = make_notice(world, K.URGE, [item])
    with clock.travel(at(dt.date(2026, 1, 2))):
        next_year = make_notice(world, K.SUPERVISE, [item])
    assert numbers([first, second, urge, next_year]) == [
        "督办〔2025〕1号",
        "督办〔2025〕2号",
        "催办〔2025〕1号",
        "督办〔2026〕1号",
    ]


def test_a_number_taken_meanwhile_is_retried(world, item, monkeypatch):
    with clock.travel(at(dt.date(2025, 3, 5))):
        make_notice(world, K.SUPERVISE, [item])
        stale = iter([1, 2])  # a concurrent run read the same maximum
        monkeypatch.setattr(ladder, "_next_seq", lambda kind, year: next(stale))
        second = make_notice(world, K.SUPERVISE, [item])
    assert second.number == "督办〔2025〕2号"


def test_numbering_gives_up_after_repeated_collisions(world, item, monkeypatch):
    with clock.travel(at(dt.date(2025, 3, 5))):
        make_notice(world, K.SUPERVISE, [item])
        monkeypatch.setattr(ladder, "_next_seq", lambda kind, year: 1)
        with pytest.raises(IntegrityError):
            make_notice(world, K.SUPERVISE, [item])


def test_list_in_bulletin_by_hand_is_for_the_office_and_lists_each_unit_once(world, item):
    with clock.travel(at(START, 7)):
        rnd = open_round(world, dt.date(2025, 3, 10), [item])
    run(dt.date(2025, 3, 11), dt.date(2025, 3, 18))
    with pytest.raises(PermissionDenied):
        ladder.list_in_bulletin(rnd, world.users["cq_liaison"])
    with clock.travel(at(dt.date(2025, 3, 19))):
        listed = ladder.list_in_bulletin(rnd, world.users["office"])
        assert ladder.list_in_bulletin(rnd, world.users["office"]) == []
    assert numbers(listed) == ["通报〔2025〕1号", "通报〔2025〕2号"]
    assert [n.issued_by for n in listed] == [world.users["office"]] * 2
    assert ladder.round_notice_figures(rnd) == {
        "reminder": 0,
        "urge": 2,
        "supervise": 2,
        "bulletin": 2,
    }
