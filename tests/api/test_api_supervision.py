"""Rounds and notices over the API: who sees what, the round's figures, filters, paging and a
constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api.personas import Caller, queries
from tests.supervision.ladder_helpers import make_notice, working_item
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, ListKind
from twincity.lib import clock
from twincity.supervision import ladder
from twincity.supervision.models import NoticeKind
from twincity.supervision.rounds import close_round, open_round


def _open(world, period: str = "2025年第3季度"):
    due = clock.today() + dt.timedelta(days=10)
    return open_round(world.users["office"], period, [ListKind.AGREED_ITEMS], due)


@pytest.fixture
def rnd(world):
    world.item(state=ItemState.IN_PROGRESS, code="A-1")
    world.item(state=ItemState.IN_PROGRESS, code="A-2")
    return _open(world)


# --- rounds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["office", "leader", "cq_liaison", "outsider"])
def test_business_users_list_rounds_with_totals(world, rnd, persona):
    body = Caller(world, persona, "read").get("/rounds").json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["id"] == rnd.pk and row["period"] == "2025年第3季度"
    assert row["status"] == "open" and row["kinds"] == [ListKind.AGREED_ITEMS]
    assert row["totals"]["expected"] == 4 and row["totals"]["missing"] == 4


@pytest.mark.parametrize("persona", ["sysadmin", "auditor"])
def test_administrators_see_no_round(world, rnd, persona):
    caller = Caller(world, persona, "read")
    assert caller.get("/rounds").json()["items"] == []
    response = caller.get(f"/rounds/{rnd.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_round_detail_has_the_pages_figures(world, rnd):
    item = rnd.expected.first().item
    wf.submit_report(world.users["cq_liaison"], item, {"progress_text": "好", "percent": 10})
    body = Caller(world, "leader", "read").get(f"/rounds/{rnd.pk}").json()
    assert body["totals"] | {"key": None} == {
        "key": None,
        "label": "2025年第3季度",
        "expected": 4,
        "submitted": 1,
        "on_time": 1,
        "late": 0,
        "missing": 3,
        "rate": 25.0,
    }
    by_party = {row["label"]: row["submitted"] for row in body["by_party"]}
    assert by_party == {"渝": 1, "川": 0}
    assert {row["key"] for row in body["by_unit"]} == {world.cq_unit.pk, world.sc_unit.pk}
    assert body["by_group"][0]["expected"] == 4 and body["by_group"][0]["key"] is None
    assert body["notices"] == dict.fromkeys(NoticeKind.values, 0)
    assert body["extensions"] == {"pending": 0, "approved": 0, "refused": 0}


def test_status_filter_and_bad_filter(world, rnd):
    done = _open(world, "2025年第2季度")
    close_round(world.users["office"], done)
    caller = Caller(world, "office", "read")
    assert [r["id"] for r in caller.get("/rounds", status="closed").json()["items"]] == [done.pk]
    assert [r["id"] for r in caller.get("/rounds").json()["items"]] == [done.pk, rnd.pk]
    bad = caller.get("/rounds", status="gone")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    assert caller.get("/rounds/99999999999999999999").status_code == 404


def test_round_list_queries_do_not_grow(world):
    world.item(state=ItemState.IN_PROGRESS)
    for n in range(3):
        _open(world, f"第{n}期")
    caller = Caller(world, "leader", "read")
    small, rows = queries(caller, "/rounds", size=200)
    assert rows == 3
    for n in range(3, 30):
        _open(world, f"第{n}期")
    large, rows = queries(caller, "/rounds", size=200)
    assert rows == 30 and large == small


# --- notices -----------------------------------------------------------------------------------


@pytest.fixture
def notices(world):
    item = working_item(world)
    cq = make_notice(world, NoticeKind.URGE, [item])
    sc = make_notice(world, NoticeKind.SUPERVISE, [item], unit=world.sc_unit)
    return cq, sc


def _numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["number"] for row in response.json()["items"]]


@pytest.mark.parametrize("persona", ["office", "leader"])
def test_office_and_leaders_see_every_notice(world, notices, persona):
    cq, sc = notices
    assert _numbers(Caller(world, persona, "read").get("/notices")) == [sc.number, cq.number]


def test_a_unit_sees_its_own_notices_only(world, notices):
    cq, sc = notices
    caller = Caller(world, "cq_liaison", "read")
    assert _numbers(caller.get("/notices")) == [cq.number]
    assert caller.get(f"/notices/{cq.pk}").status_code == 200
    hidden = caller.get(f"/notices/{sc.pk}")
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"


@pytest.mark.parametrize("persona", ["outsider", "sysadmin"])
def test_others_see_no_notice(world, notices, persona):
    caller = Caller(world, persona, "read")
    assert _numbers(caller.get("/notices")) == []
    assert caller.get(f"/notices/{notices[0].pk}").status_code == 404


def test_notice_filters_like_the_page(world, notices):
    cq, sc = notices
    caller = Caller(world, "office", "read")
    assert _numbers(caller.get("/notices", kind="urge")) == [cq.number]
    assert _numbers(caller.get("/notices", unit=world.sc_unit.pk)) == [sc.number]
    ladder.answer_notice(world.users["cq_liaison"], cq, "已部署整改")
    assert _numbers(caller.get("/notices", answered="yes")) == [cq.number]
    assert _numbers(caller.get("/notices", answered="no")) == [sc.number]
    for bad in [{"kind": "nope"}, {"answered": "maybe"}, {"unit": 999999}]:
        response = caller.get("/notices", **bad)
        assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_a_liaison_cannot_filter_by_another_units_notices(world, notices):
    response = Caller(world, "cq_liaison", "read").get("/notices", unit=world.sc_unit.pk)
    assert response.status_code == 422 and "unit" in response.json()["errors"]


def test_notice_detail_with_answer_and_remedied_items(world, notices):
    """A notice issued by hand holds until its unit answers (then 已整改), as on its page."""
    cq, _sc = notices
    item = cq.items.get()
    caller = Caller(world, "cq_head", "read")
    before = caller.get(f"/notices/{cq.pk}").json()
    assert before["number"] == cq.number and before["kind_label"] == "催办"
    assert before["items"] == [{"id": item.pk, "code": item.code, "title": item.title}]
    assert before["automatic"] is False and before["answered_at"] is None
    assert before["remedied_item_ids"] == []
    ladder.answer_notice(world.users["cq_liaison"], cq, "已部署整改")
    after = caller.get(f"/notices/{cq.pk}").json()
    assert after["answer"] == "已部署整改" and after["answered_by"] == "cq_liaison"
    assert after["remedied_item_ids"] == [item.pk]


def test_notice_list_queries_do_not_grow(world):
    item = working_item(world)
    for _ in range(3):
        make_notice(world, NoticeKind.URGE, [item])
    caller = Caller(world, "office", "read")
    small, rows = queries(caller, "/notices", size=200)
    assert rows == 3
    others = [working_item(world) for _ in range(3)]
    for n in range(25):
        make_notice(world, NoticeKind.SUPERVISE, [others[n % 3], item], unit=world.sc_unit)
    large, rows = queries(caller, "/notices", size=200)
    assert rows == 28 and large == small
