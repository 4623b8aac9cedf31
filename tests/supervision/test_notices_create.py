"""The joint office issues a notice by hand; a round's bulletin by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.supervision.ladder_helpers import at, open_round, run_until, working_item
from twincity.audit.models import AuditEvent
from twincity.lib import clock
from twincity.supervision.models import Notice, NoticeKind

URL = reverse("supervision:notice_create")
BULLETIN_URL = reverse("supervision:bulletin_issue")
K = NoticeKind


@pytest.fixture
def item(world):
    return working_item(world)


def form_data(world, item, **kw) -> dict:
    return {
        "kind": K.SUPERVISE,
        "unit": world.cq_unit.pk,
        "items": [item.pk],
        "reason": "连续两期未报送进展",
        "answer_by": (clock.today() + dt.timedelta(10)).isoformat(),
    } | kw


def test_the_office_issues_a_numbered_notice(world, as_user, item):
    client = as_user("office")
    assert client.get(URL, {"item": item.pk}).status_code == 200
    response = client.post(URL, form_data(world, item))
    notice = Notice.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "supervision:notice_detail", args=[notice.pk]
    )
    assert notice.number == f"督办〔{clock.today().year}〕1号"
    assert notice.issued_by == world.users["office"] and list(notice.items.all()) == [item]
    event = AuditEvent.objects.get(action="notice.supervise", target_id=str(notice.pk))
    assert event.actor == world.users["office"] and event.after["items"] == [item.pk]


def test_the_item_page_link_preselects_the_item(as_user, item):
    form = as_user("office").get(URL, {"item": item.pk}).context["form"]
    assert form.initial["items"] == [str(item.pk)]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"reason": ""}, "事由"),
        ({"items": []}, "涉及事项"),
        ({"answer_by": ""}, "答复期限"),
        ({"answer_by": "2000-01-01"}, "答复期限不能早于今天"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, as_user, item, change, message):
    response = as_user("office").post(URL, form_data(world, item, **change))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Notice.objects.exists()


def test_an_item_the_unit_has_nothing_to_do_with_is_refused(world, as_user, item):
    data = form_data(world, item, unit=world.other_unit.pk)
    response = as_user("office").post(URL, data)
    assert "不由该单位牵头或配合" in response.content.decode()
    assert not Notice.objects.exists()


def test_a_reminder_needs_no_answer_date(world, as_user, item):
    as_user("office").post(URL, form_data(world, item, kind=K.REMINDER, answer_by=""))
    assert Notice.objects.get().answer_by is None


@pytest.mark.parametrize("persona", ["cq_liaison", "cq_head", "leader", "outsider", "wg_lead"])
def test_only_the_office_may_issue(world, as_user, item, persona):
    client = as_user(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(world, item)).status_code == 403
    assert client.post(BULLETIN_URL, {"round": 1}).status_code == 403
    assert not Notice.objects.exists()


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404(as_user, persona):
    assert as_user(persona).get(URL).status_code == 404
    assert as_user(persona).post(BULLETIN_URL).status_code == 404


def test_anonymous_goes_to_login(client):
    for response in (client.get(URL), client.post(BULLETIN_URL)):
        assert response.status_code == 302 and "/login" in response.url


def test_the_office_lists_a_round_in_its_bulletin_by_hand(world, as_user):
    with clock.travel(at(dt.date(2025, 6, 1))):
        item = working_item(world)
        rnd = open_round(world, dt.date(2025, 6, 30), [item])
    run_until(dt.date(2025, 7, 1), dt.date(2025, 7, 8))
    with clock.travel(at(dt.date(2025, 7, 9))):
        response = as_user("office").post(BULLETIN_URL, {"round": rnd.pk}, follow=True)
        assert "通报〔2025〕1号" in response.content.decode()
        again = as_user("office").post(BULLETIN_URL, {"round": rnd.pk}, follow=True)
    assert "没有需要列入通报的单位" in again.content.decode()
    bulletins = Notice.objects.filter(kind=K.BULLETIN)
    assert [n.unit for n in bulletins.order_by("seq")] == [world.cq_unit, world.sc_unit]
    assert all(n.issued_by == world.users["office"] for n in bulletins)


def test_a_bulletin_without_a_round_is_refused(as_user):
    response = as_user("office").post(BULLETIN_URL, {"round": ""}, follow=True)
    assert "调度轮次" in response.content.decode()
    assert not Notice.objects.exists()
