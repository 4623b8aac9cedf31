"""Round figures: expected, submitted, on time, late and missing, by unit, side and group."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Q

from tests import factory as f
from twincity.accounts.models import Role
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, ListKind
from twincity.lib import clock
from twincity.supervision import rounds as r
from twincity.supervision.models import ReportingRound

SH = ZoneInfo("Asia/Shanghai")
DUE = dt.date(2025, 10, 10)
T0 = dt.datetime(2025, 10, 1, 9, tzinfo=SH)


@pytest.fixture
def setup(world):
    """Two items led by the world's units, one by a third unit (渝 side) in no group."""
    third = f.make_unit("重庆市经济信息委", world.cq, code="cq-jxw")
    liaison = f.make_user("jxw_liaison", Role.LIAISON, third)
    with clock.travel(T0 - dt.timedelta(days=30)):
        a = world.item(state=ItemState.IN_PROGRESS, working_group=world.group)
        b = world.item(state=ItemState.IN_PROGRESS, working_group=world.group)
        c = f.make_item(
            leads={world.cq: third, world.sc: world.sc_unit}, state=ItemState.IN_PROGRESS
        )
    with clock.travel(T0):
        rnd = r.open_round(world.users["office"], "2025年第3季度", [ListKind.AGREED_ITEMS], DUE)
    return rnd, (a, b, c), liaison


def submit(user, item, when):
    with clock.travel(when):
        return wf.submit_report(user, item, {"progress_text": "进展", "percent": 50})


def by_label(rows):
    return {x.label: (x.expected, x.submitted, x.on_time, x.late, x.missing) for x in rows}


def test_on_time_late_and_missing(world, setup):
    rnd, (a, b, c), liaison = setup
    last_minute = dt.datetime(2025, 10, 10, 23, 59, tzinfo=SH)
    just_late = dt.datetime(2025, 10, 11, 0, 1, tzinfo=SH)
    submit(world.users["cq_liaison"], a, last_minute)
    submit(world.users["cq_liaison"], b, just_late)
    submit(world.users["sc_liaison"], a, T0)
    submit(liaison, c, T0)
    units = by_label(r.round_figures(rnd, "unit"))
    assert units["重庆市发展改革委"] == (2, 2, 1, 1, 0)
    assert units["四川省发展改革委"] == (3, 1, 1, 0, 2)
    assert units["重庆市经济信息委"] == (1, 1, 1, 0, 0)
    parties = r.round_figures(rnd, "party")
    assert [x.label for x in parties] == ["渝", "川"]
    assert by_label(parties)["渝"] == (3, 3, 2, 1, 0)
    groups = by_label(r.round_figures(rnd, "group"))
    assert groups == {"规划政策专项组": (4, 3, 2, 1, 1), "未分组": (2, 1, 1, 0, 1)}
    totals = r.round_totals(rnd)
    assert (totals.expected, totals.on_time, totals.rate) == (6, 3, 50.0)


def test_a_returned_report_counts_as_missing(world, setup):
    rnd, (a, _b, _c), _ = setup
    rep = submit(world.users["cq_liaison"], a, T0)
    assert r.round_totals(rnd).submitted == 1
    wf.return_report(world.users["cq_head"], rep, "数据不全")
    totals = r.round_totals(rnd)
    assert (totals.submitted, totals.missing) == (0, 6)


def test_figures_can_be_narrowed(world, setup):
    rnd, (a, _b, _c), _ = setup
    submit(world.users["sc_liaison"], a, T0)
    sc = r.round_totals(rnd, Q(party=world.sc))
    assert (sc.expected, sc.submitted) == (3, 1)


def test_the_table_across_past_rounds(world, setup):
    rnd, (a, b, _c), _ = setup
    submit(world.users["cq_liaison"], a, T0)
    submit(world.users["cq_liaison"], b, T0)
    r.close_round(world.users["office"], rnd)
    with clock.travel(T0 + dt.timedelta(days=31)):
        later = r.open_round(
            world.users["office"], "2025年10月", [ListKind.AGREED_ITEMS], dt.date(2025, 11, 10)
        )
    submit(world.users["cq_liaison"], a, dt.datetime(2025, 11, 12, tzinfo=SH))
    rounds = r.recent_rounds()
    assert rounds == [rnd, later]
    table = {h.label: h for h in r.history_table(rounds)}
    cq = table["重庆市发展改革委"]
    assert [(x.expected, x.on_time) for x in cq.cells] == [(2, 2), (2, 0)]
    assert (cq.total.expected, cq.total.on_time, cq.total.rate) == (4, 2, 50.0)
    assert r.recent_rounds(before=rnd) == [rnd]


def test_the_rounds_list_annotates_totals(world, setup):
    rnd, (a, _b, _c), _ = setup
    submit(world.users["cq_liaison"], a, dt.datetime(2025, 10, 12, tzinfo=SH))
    row = r.round_list(ReportingRound.objects.all()).get(pk=rnd.pk)
    assert (row.n_expected, row.n_submitted, row.n_on_time) == (6, 1, 0)


def test_ranked_puts_the_best_rate_first():
    rows = [
        r.Figures(1, "乙", 4, 4, 2),
        r.Figures(2, "甲", 2, 2, 2),
        r.Figures(3, "丙", 0, 0, 0),
        r.Figures(4, "丁", 4, 4, 4),
    ]
    assert [x.label for x in r.ranked(rows)] == ["丁", "甲", "乙", "丙"]
