"""Meetings and decisions over the API, and the office's status step with If-Match."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factory as f
from twincity.accounts.tokens import create_token
from twincity.audit.models import AuditEvent
from twincity.meetings.models import Meeting, MeetingStatus

MEETINGS = "/api/v1/meetings"


def bearer(world, persona: str, scope: str = "write", **headers: str) -> dict[str, str]:
    secret = create_token(world.users[persona], "接口", scope)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **headers}


def test_list_in_the_index_order_with_filters(world):
    joint = f.make_series()
    office = f.make_series("office", "联合办公室调度会")
    office.order = 1
    office.save()
    f.make_meeting(9, series=joint, date=dt.date(2023, 6, 1), status=MeetingStatus.CLOSED)
    f.make_meeting(10, series=joint, date=dt.date(2024, 12, 30))
    f.make_meeting(1, series=office, date=dt.date(2024, 3, 1))
    auth = bearer(world, "cq_liaison", "read")
    rows = Client().get(MEETINGS, **auth).json()["items"]
    assert [(m["series"], m["number"]) for m in rows] == [
        ("党政联席会议", 10),
        ("党政联席会议", 9),
        ("联合办公室调度会", 1),
    ]
    assert rows[0]["title"] == "党政联席会议第十次" and rows[0]["date"] == "2024-12-30"
    closed = Client().get(f"{MEETINGS}?status=closed", **auth).json()["items"]
    assert [m["number"] for m in closed] == [9]
    of_2024 = Client().get(f"{MEETINGS}?year=2024&series={joint.pk}", **auth).json()["items"]
    assert [m["number"] for m in of_2024] == [10]


@pytest.mark.parametrize("query", ["status=nonsense", "series=999999", "year=1900", "year=x"])
def test_bad_filters_are_422(world, query):
    f.make_meeting(10)
    response = Client().get(f"{MEETINGS}?{query}", **bearer(world, "office", "read"))
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_detail_lists_decisions_with_only_the_visible_items(world):
    meeting = f.make_meeting(10, host_party=world.cq, summary="会议概要")
    meeting.attendees.create(name="张三", title="主任", party=world.sc)
    meeting.documents.create(title="行动方案", doc_number="川渝办〔2024〕1号")
    decision = f.make_decision(meeting, 3, title="共建项目")
    mine = world.item(code="A-1", source_decision=decision)
    f.make_item(leads={world.cq: world.other_unit}, code="B-1", source_decision=decision)
    response = Client().get(f"{MEETINGS}/{meeting.pk}", **bearer(world, "cq_liaison", "read"))
    body = response.json()
    assert response.headers["ETag"] == body["etag"] == f'"{meeting.pk}-1"'
    assert body["host_party"] == "cq" and body["summary"] == "会议概要"
    assert body["attendees"] == [{"name": "张三", "title": "主任", "party": "sc"}]
    assert body["documents"][0]["doc_number"] == "川渝办〔2024〕1号"
    [row] = body["decisions"]
    assert row["code"] == "10-03" and row["title"] == "共建项目"
    assert row["items"] == [{"id": mine.pk, "code": "A-1", "title": mine.title, "state": "draft"}]
    everything = Client().get(f"/api/v1/decisions/{decision.pk}", **bearer(world, "leader", "read"))
    assert [i["code"] for i in everything.json()["items"]] == ["A-1", "B-1"]


def test_decisions_of_a_meeting_in_number_order(world):
    meeting = f.make_meeting(10)
    for number in (3, 1, 2):
        f.make_decision(meeting, number)
    f.make_decision(f.make_meeting(11), 1)
    auth = bearer(world, "office", "read")
    page = Client().get(f"{MEETINGS}/{meeting.pk}/decisions?size=2&page=2", **auth).json()
    assert page["count"] == 3 and [d["code"] for d in page["items"]] == ["10-03"]


def test_administrators_see_no_meetings(world):
    meeting = f.make_meeting(10)
    decision = f.make_decision(meeting)
    auth = bearer(world, "auditor", "read")
    assert Client().get(MEETINGS, **auth).json()["items"] == []
    for url in [
        f"{MEETINGS}/{meeting.pk}",
        f"{MEETINGS}/{meeting.pk}/decisions",
        f"/api/v1/decisions/{decision.pk}",
    ]:
        response = Client().get(url, **auth)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url


# --- advancing the status --------------------------------------------------------------


def _advance(world, meeting, persona="office", scope="write", if_match=None):
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    url = f"{MEETINGS}/{meeting.pk}/advance"
    return Client().post(url, **bearer(world, persona, scope, **headers))


def test_office_advances_with_if_match_and_it_is_audited(world):
    meeting = f.make_meeting(10, status=MeetingStatus.IN_PROGRESS)
    response = _advance(world, meeting, if_match=f'"{meeting.pk}-1"')
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    assert response.headers["ETag"] == f'"{meeting.pk}-2"'
    event = AuditEvent.objects.get(action="meeting.advance")
    assert event.actor_id == world.users["office"].pk and event.after == {"status": "closed"}


def test_stale_or_missing_if_match_changes_nothing(world):
    meeting = f.make_meeting(10)
    assert _advance(world, meeting, if_match=f'"{meeting.pk}-7"').status_code == 412
    assert _advance(world, meeting).status_code == 428
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT


@pytest.mark.parametrize(
    ("persona", "scope", "status", "code"),
    [
        ("cq_liaison", "write", 403, "forbidden"),
        ("leader", "write", 403, "forbidden"),
        ("office", "read", 403, "read_only_token"),
        ("auditor", "write", 404, "not_found"),
    ],
)
def test_refusals(world, persona, scope, status, code):
    meeting = f.make_meeting(10)
    response = _advance(world, meeting, persona, scope, f'"{meeting.pk}-1"')
    assert response.status_code == status and response.json()["code"] == code
    fresh = Meeting.objects.get(pk=meeting.pk)
    assert (fresh.status, fresh.version) == (MeetingStatus.DRAFT, 1)
    assert not AuditEvent.objects.filter(action="meeting.advance").exists()


def test_a_closed_meeting_is_422(world):
    meeting = f.make_meeting(10, status=MeetingStatus.CLOSED)
    response = _advance(world, meeting, if_match=f'"{meeting.pk}-1"')
    assert response.status_code == 422 and response.json()["code"] == "invalid"


# --- constant queries --------------------------------------------------------------------


def _count(auth, url):
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(url, **auth)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


def _fill(world, meeting, first, last):
    for number in range(first, last):
        f.make_meeting(number)
        decision = f.make_decision(meeting, number)
        world.item(source_decision=decision)
        world.item(source_decision=decision)


def test_list_queries_do_not_grow_with_rows(world):
    meeting = f.make_meeting(100, host_party=world.sc)
    auth = bearer(world, "cq_liaison", "read")
    urls = [f"{MEETINGS}?size=200", f"{MEETINGS}/{meeting.pk}/decisions?size=200"]
    _fill(world, meeting, 1, 3)
    small = [_count(auth, url) for url in urls]
    _fill(world, meeting, 3, 20)
    large = [_count(auth, url) for url in urls]
    assert [rows for _, rows in small] == [3, 2] and [rows for _, rows in large] == [20, 19]
    assert [n for n, _ in large] == [n for n, _ in small]
