"""The rounds list, opening a round, a round's page and closing it, as each persona."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect, row_ids
from tests.queries import queries_for
from twincity.audit.models import AuditEvent
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, ListKind
from twincity.lib import clock
from twincity.supervision.models import ExpectedReport, LightSnapshot, ReportingRound, RoundStatus
from twincity.supervision.rounds import open_round

LIST_URL = reverse("supervision:rounds")
CREATE_URL = reverse("supervision:round_create")
NOT_OFFICE = [p for p in BUSINESS if p != "office"]


def today(n: int = 0) -> dt.date:
    return clock.today() + dt.timedelta(days=n)


@pytest.fixture
def rnd(world):
    world.item(state=ItemState.IN_PROGRESS)
    world.item(state=ItemState.IN_PROGRESS)
    return open_round(world.users["office"], "2025年第3季度", [ListKind.AGREED_ITEMS], today(10))


def detail(rnd) -> str:
    return reverse("supervision:round_detail", args=[rnd.pk])


def close_url(rnd) -> str:
    return reverse("supervision:round_close", args=[rnd.pk])


# --- the list ----------------------------------------------------------------------------------


def test_list_anonymous(client):
    assert_login_redirect(client.get(LIST_URL))


@pytest.mark.parametrize("persona", BUSINESS)
def test_list_business_users_read(as_user, rnd, persona):
    response = as_user(persona).get(LIST_URL)
    assert response.status_code == 200
    assert row_ids(response, "round") == [rnd.pk]
    assert ("发起调度" in response.content.decode()) == (persona == "office")


@pytest.mark.parametrize("persona", ADMINS)
def test_list_administrators_404(as_user, rnd, persona):
    assert as_user(persona).get(LIST_URL).status_code == 404


def test_list_shows_the_totals(as_user, rnd, world):
    item = rnd.expected.first().item
    wf.submit_report(world.users["cq_liaison"], item, {"progress_text": "好", "percent": 10})
    row = as_user("office").get(LIST_URL).content.decode().split(f'id="round-{rnd.pk}"')[1]
    cells = row.split("</tr>")[0]
    assert "议定事项清单" in cells and ">4<" in cells and ">1<" in cells and "25.0%" in cells


def test_list_queries_do_not_grow(as_user, world):
    for n in range(3):
        open_round(world.users["office"], f"第{n}期", [ListKind.AGREED_ITEMS], today(5))
    client = as_user("leader")
    queries_for(client, LIST_URL)
    few = queries_for(client, LIST_URL)
    for n in range(3, 30):
        open_round(world.users["office"], f"第{n}期", [ListKind.AGREED_ITEMS], today(5))
    assert queries_for(client, LIST_URL) == few


# --- opening ------------------------------------------------------------------------------------


def post_data(**kw):
    return {"period": "2025年10月", "kinds": [ListKind.AGREED_ITEMS], "due": today(7)} | kw


def test_create_anonymous(client):
    assert_login_redirect(client.get(CREATE_URL))


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_create_refused_to_others(as_user, world, persona):
    assert as_user(persona).get(CREATE_URL).status_code == 403
    assert as_user(persona).post(CREATE_URL, post_data()).status_code == 403
    assert not ReportingRound.objects.exists()


@pytest.mark.parametrize("persona", ADMINS)
def test_create_administrators_404(as_user, world, persona):
    assert as_user(persona).post(CREATE_URL, post_data()).status_code == 404


def test_the_office_opens_a_round(as_user, world):
    item = world.item(state=ItemState.IN_PROGRESS)
    client = as_user("office")
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(CREATE_URL, post_data(note="请于截止前报送"))
    rnd = ReportingRound.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(rnd)
    assert (rnd.period, rnd.due, rnd.note) == ("2025年10月", today(7), "请于截止前报送")
    assert set(rnd.expected.values_list("item_id", flat=True)) == {item.pk}
    assert AuditEvent.objects.filter(action="round.open").count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"period": ""}, "报送期次"),
        ({"kinds": []}, "请选择至少一种清单类型"),
        ({"due": ""}, "报送截止日期"),
        ({"due": "2020-01-01"}, "不能早于今天"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(as_user, world, data, message):
    response = as_user("office").post(CREATE_URL, post_data(**data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportingRound.objects.exists()


def test_policy_needs_are_not_offered(as_user, world):
    response = as_user("office").post(CREATE_URL, post_data(kinds=[ListKind.POLICY_NEEDS]))
    assert "kinds" in response.context["form"].errors
    assert not ReportingRound.objects.exists()


def test_a_duplicate_round_is_refused_with_a_message(as_user, world, rnd):
    response = as_user("office").post(CREATE_URL, post_data(period="2025年第3季度"))
    assert "请勿重复发起" in response.content.decode()
    assert ReportingRound.objects.count() == 1


# --- a round's page ----------------------------------------------------------------------------


def test_detail_anonymous(client, rnd):
    assert_login_redirect(client.get(detail(rnd)))


@pytest.mark.parametrize("persona", BUSINESS)
def test_detail_business_users_read(as_user, rnd, persona):
    response = as_user(persona).get(detail(rnd))
    assert response.status_code == 200
    assert ('id="close-round"' in response.content.decode()) == (persona == "office")


@pytest.mark.parametrize("persona", ADMINS)
def test_detail_administrators_404(as_user, rnd, persona):
    assert as_user(persona).get(detail(rnd)).status_code == 404


def test_detail_unknown_round_404(as_user, world):
    assert as_user("office").get(reverse("supervision:round_detail", args=[999])).status_code == 404


def test_detail_figures_and_outstanding_reports(as_user, rnd, world):
    item = rnd.expected.first().item
    wf.submit_report(world.users["sc_liaison"], item, {"progress_text": "好", "percent": 10})
    page = as_user("office").get(detail(rnd)).content.decode()
    for table in ("totals", "party", "group", "unit", "history", "outstanding"):
        assert f'id="{table}"' in page
    unit_row = page.split(f'id="unit-{world.sc_unit.pk}"')[1].split("</tr>")[0]
    assert [c.split("<")[0] for c in unit_row.split('text-end">')[1:]] == [
        "2",
        "1",
        "1",
        "0",
        "1",
        "50.0%",
    ]
    outstanding = page.split('id="outstanding"')[1].split("</table>")[0]
    assert outstanding.count('id="expected-') == 3


def test_detail_outstanding_only_on_visible_items(as_user, rnd, world):
    page = as_user("outsider").get(detail(rnd)).content.decode()
    assert page.split('id="outstanding"')[1].count('id="expected-') == 0


def build(world, n: int):
    lst = f.make_list()
    for i in range(n):
        world.item(
            list=lst, state=ItemState.IN_PROGRESS, working_group=world.group if i % 2 else None
        )
        f.make_unit(f"测试单位{n}-{i}", world.cq)
    return open_round(world.users["office"], f"第{n}期", [ListKind.AGREED_ITEMS], today(5))


def test_detail_queries_do_not_grow(as_user, world):
    client = as_user("office")
    small = build(world, 5)
    queries_for(client, detail(small))
    few = queries_for(client, detail(small))
    big = build(world, 50)
    for exp in ExpectedReport.objects.filter(round=big)[:30]:
        unit = f.make_unit(None, exp.party)
        ExpectedReport.objects.filter(pk=exp.pk).update(unit=unit)
    assert queries_for(client, detail(big)) == few


# --- closing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_close_refused_to_others(as_user, rnd, persona):
    assert as_user(persona).post(close_url(rnd)).status_code == 403
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.OPEN


@pytest.mark.parametrize("persona", ADMINS)
def test_close_administrators_404(as_user, rnd, persona):
    assert as_user(persona).post(close_url(rnd)).status_code == 404


def test_close_needs_post(as_user, rnd):
    assert as_user("office").get(close_url(rnd)).status_code == 405


def test_the_office_closes_a_round(as_user, rnd):
    client = as_user("office")
    response = client.post(close_url(rnd), follow=True)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.CLOSED and rnd.closed_at is not None
    assert "本轮调度已结束" in response.content.decode()
    assert 'id="close-round"' not in response.content.decode()
    assert AuditEvent.objects.filter(action="round.close", target_id=str(rnd.pk)).exists()
    assert LightSnapshot.objects.filter(round=rnd).exists()
    again = client.post(close_url(rnd), follow=True)
    assert "该轮调度已结束" in again.content.decode()
