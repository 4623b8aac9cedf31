"""A notice's printable page, and its unit's answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.supervision.ladder_helpers import at, make_notice, open_round, report, working_item
from twincity.audit.models import AuditEvent
from twincity.lib import clock
from twincity.supervision import ladder
from twincity.supervision.models import NoticeKind

K = NoticeKind


@pytest.fixture
def item(world):
    return working_item(world)


@pytest.fixture
def notice(world, item):
    return make_notice(world, K.SUPERVISE, [item], reason="进展严重滞后，现予督办")


def url(notice) -> str:
    return reverse("supervision:notice_detail", args=[notice.pk])


def answer_url(notice) -> str:
    return reverse("supervision:notice_answer", args=[notice.pk])


@pytest.mark.parametrize("persona", ["office", "leader", "cq_liaison", "cq_head"])
def test_the_document_shows_number_unit_items_reason_and_date(as_user, item, notice, persona):
    response = as_user(persona).get(url(notice))
    assert response.status_code == 200
    page = response.content.decode()
    assert notice.number in page and "重庆市发展改革委" in page
    assert item.code in page and "进展严重滞后，现予督办" in page
    assert notice.answer_by.strftime("%Y年%-m月%-d日") in page


@pytest.mark.parametrize("persona", ["sc_liaison", "outsider", "wg_lead"])
def test_other_units_get_404(as_user, notice, persona):
    assert as_user(persona).get(url(notice)).status_code == 404
    assert as_user(persona).post(answer_url(notice), {"answer": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404(as_user, notice, persona):
    assert as_user(persona).get(url(notice)).status_code == 404


def test_anonymous_goes_to_login(client, notice):
    for response in (client.get(url(notice)), client.post(answer_url(notice), {"answer": "x"})):
        assert response.status_code == 302 and "/login" in response.url


def test_only_the_units_liaison_gets_the_answer_form(as_user, notice):
    assert as_user("cq_liaison").get(url(notice)).context["form"] is not None
    for persona in ("office", "cq_head", "leader"):
        assert as_user(persona).get(url(notice)).context["form"] is None


def test_the_liaison_answers_once_and_it_is_recorded(world, as_user, notice):
    client = as_user("cq_liaison")
    response = client.post(
        answer_url(notice), {"answer": "已制定整改方案，月底前完成"}, follow=True
    )
    assert response.status_code == 200
    notice.refresh_from_db()
    assert notice.answer == "已制定整改方案，月底前完成"
    assert notice.answered_by == world.users["cq_liaison"] and notice.answered_at is not None
    assert AuditEvent.objects.filter(action="notice.answer", target_id=str(notice.pk)).count() == 1
    assert "已制定整改方案" in response.content.decode()
    response = client.post(answer_url(notice), {"answer": "再次答复"}, follow=True)
    assert "该文书已答复" in response.content.decode()
    notice.refresh_from_db()
    assert notice.answer == "已制定整改方案，月底前完成"


def test_an_empty_answer_is_refused_naming_the_field(as_user, notice):
    response = as_user("cq_liaison").post(answer_url(notice), {"answer": " "}, follow=True)
    assert "答复内容" in response.content.decode()
    notice.refresh_from_db()
    assert notice.answered_at is None


@pytest.mark.parametrize("persona", ["office", "cq_head", "leader"])
def test_others_who_see_it_may_not_answer(as_user, notice, persona):
    assert as_user(persona).post(answer_url(notice), {"answer": "x"}).status_code == 403


def test_a_reminder_needs_no_answer(world, as_user, item):
    reminder = make_notice(world, K.REMINDER, [item], answer_by=None)
    response = as_user("cq_liaison").get(url(reminder))
    assert response.context["form"] is None and "提醒无需答复" in response.content.decode()
    assert as_user("cq_liaison").post(answer_url(reminder), {"answer": "x"}).status_code == 403


def test_a_late_answer_is_marked(world, as_user, notice):
    with clock.travel(at(notice.answer_by + dt.timedelta(2))):
        ladder.answer_notice(world.users["cq_liaison"], notice, "情况说明")
    assert "逾期答复" in as_user("office").get(url(notice)).content.decode()


def test_each_item_shows_whether_it_was_put_right(world, as_user):
    with clock.travel(at(dt.date(2025, 6, 1))):
        first, second = working_item(world), working_item(world)
        open_round(world, dt.date(2025, 6, 30), [first, second])
    with clock.travel(at(dt.date(2025, 7, 1))):
        urge = next(n for n in ladder.run_ladder(clock.now()) if n.unit == world.cq_unit)
        report(world.users["cq_liaison"], first)
    rows = dict(as_user("office").get(url(urge)).context["rows"])
    assert rows == {first: False, second: True}


def test_a_bulletin_issued_by_hand_stays_open_until_answered(world, as_user, item):
    bulletin = make_notice(world, K.BULLETIN, [item])
    assert dict(as_user("office").get(url(bulletin)).context["rows"]) == {item: True}
    ladder.answer_notice(world.users["cq_liaison"], bulletin, "已整改到位")
    assert dict(as_user("office").get(url(bulletin)).context["rows"]) == {item: False}
