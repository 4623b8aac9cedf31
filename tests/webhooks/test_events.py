"""Each workflow emits its event to the subscribers who may see it, inside its transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import translation

from tests.webhooks.conftest import subscribe
from tests.workflow.helpers import assigned, in_progress
from twincity.commitments import workflow as wf
from twincity.commitments.models import Transition
from twincity.lib import clock
from twincity.meetings import workflow as meetings
from twincity.meetings.models import MeetingStatus
from twincity.supervision.ladder import issue_notice
from twincity.supervision.models import NoticeKind
from twincity.webhooks.events import emit
from twincity.webhooks.models import Delivery, EventKind

URL = "http://127.0.0.1:9/events"
REPORT = {"progress_text": "已完成方案编制", "percent": 40}


def payloads(subscription, kind: str) -> list[dict]:
    rows = Delivery.objects.filter(subscription=subscription, event=kind).order_by("id")
    return [row.payload for row in rows]


@pytest.fixture
def cq(world):
    return subscribe(world.users["cq_liaison"], URL)


def test_assigning_emits_a_state_change(world, cq):
    item = assigned(world)
    [payload] = payloads(cq, EventKind.ITEM_STATE_CHANGED)
    assert payload["event"] == "item.state_changed"
    assert payload["actor"] == {"name": str(world.users["office"])}
    data = payload["data"]
    assert (data["from_state"], data["to_state"], data["action"]) == ("draft", "assigned", "assign")
    assert data["item"]["code"] == item.code
    assert data["item"]["url"].endswith(f"/items/{item.pk}/")
    transition = Transition.objects.get(item=item, action="assign")
    assert payload["event_id"] == f"transition:{transition.pk}"


def test_a_signature_that_keeps_the_state_emits_nothing(world, cq):
    item = assigned(world)
    wf.sign(world.users["cq_liaison"], item)
    assert len(payloads(cq, EventKind.ITEM_STATE_CHANGED)) == 1  # only the assignment
    wf.sign(world.users["sc_liaison"], item)
    states = [p["data"]["to_state"] for p in payloads(cq, EventKind.ITEM_STATE_CHANGED)]
    assert states == ["assigned", "in_progress"]


def test_submitting_a_report_emits(world, cq):
    report = wf.submit_report(world.users["sc_liaison"], in_progress(world), dict(REPORT))
    [payload] = payloads(cq, EventKind.REPORT_SUBMITTED)
    assert payload["data"]["report"]["id"] == report.pk
    assert payload["data"]["report"]["percent"] == 40
    assert payload["actor"] == {"name": str(world.users["sc_liaison"])}


def test_issuing_a_notice_emits_to_the_units_subscribers_only(world, cq):
    sc = subscribe(world.users["sc_liaison"], URL)
    item = in_progress(world)
    answer_by = clock.today() + dt.timedelta(10)
    notice = issue_notice(
        world.users["office"], NoticeKind.URGE, world.cq_unit, [item], "请加快", answer_by
    )
    [payload] = payloads(cq, EventKind.NOTICE_ISSUED)
    assert payload["data"]["notice"]["number"] == notice.number
    assert [i["code"] for i in payload["data"]["items"]] == [item.code]
    assert payloads(sc, EventKind.NOTICE_ISSUED) == []  # sc sees the item, not cq's notice


def test_closing_a_meeting_emits_once(world, cq):
    from tests import factory as f

    meeting = f.make_meeting(status=MeetingStatus.DRAFT)
    f.make_decision(meeting, 3, title="共建西部科学城")
    for _ in range(3):
        meeting = meetings.advance_status(world.users["office"], meeting)
    assert meeting.status == MeetingStatus.CLOSED
    [payload] = payloads(cq, EventKind.MEETING_CLOSED)
    assert payload["data"]["decisions"] == [{"code": "10-03", "title": "共建西部科学城"}]
    assert payload["actor"] == {"name": str(world.users["office"])}


def test_a_subscriber_who_cannot_see_the_item_gets_nothing(world, cq):
    outsider = subscribe(world.users["outsider"], URL)
    item = in_progress(world)
    wf.submit_report(world.users["cq_liaison"], item, dict(REPORT))
    assert payloads(cq, EventKind.REPORT_SUBMITTED) != []
    assert not Delivery.objects.filter(subscription=outsider).exists()


def test_the_office_sees_everything(world):
    office = subscribe(world.users["office"], URL)
    assert office.owner == world.office_unit
    in_progress(world)
    assert len(payloads(office, EventKind.ITEM_STATE_CHANGED)) == 2


def test_a_deactivated_creator_receives_nothing(world, cq):
    user = world.users["cq_liaison"]
    user.is_active = False
    user.save()
    cq.refresh_from_db()
    assigned(world)
    assert not Delivery.objects.exists()


def test_only_the_chosen_kinds_and_active_subscriptions(world):
    reports_only = subscribe(world.users["cq_liaison"], URL, [EventKind.REPORT_SUBMITTED])
    off = subscribe(world.users["cq_head"], URL, active=False)
    assigned(world)
    assert not Delivery.objects.filter(subscription__in=[reports_only, off]).exists()


def test_a_rolled_back_change_emits_nothing(world, cq):
    item = world.item()
    with pytest.raises(RuntimeError), transaction.atomic():
        wf.assign(world.users["office"], item)
        assert Delivery.objects.count() == 1
        raise RuntimeError
    assert not Delivery.objects.exists()


def test_emitting_twice_queues_once(world, cq):
    assigned(world)
    transition = Transition.objects.get(action="assign")
    emit(EventKind.ITEM_STATE_CHANGED, transition)
    assert Delivery.objects.count() == 1


def test_payloads_are_in_chinese_whatever_the_request_language(world, cq):
    with translation.override("en"):
        assigned(world)
    [payload] = payloads(cq, EventKind.ITEM_STATE_CHANGED)
    assert payload["data"]["to_state_label"] == "已交办"


def test_a_project_ladder_notice_emits_with_its_projects(world, cq):
    from django.utils import timezone

    from tests.projects.util import make_list, make_project
    from twincity.projects.ladder import run_project_ladder

    project = make_project(make_list(2025), "100", units=[world.cq_unit], name="遂潼快速通道")
    with clock.travel(timezone.make_aware(dt.datetime(2025, 4, 6, 9))):
        [notice] = run_project_ladder(clock.now())
    [payload] = payloads(cq, EventKind.NOTICE_ISSUED)
    assert payload["data"]["notice"]["number"] == notice.number
    assert payload["data"]["projects"] == [
        {"id": project.pk, "code": project.code, "name": "遂潼快速通道"}
    ]
