"""The office adds, edits and removes a meeting's attendees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.meetings.conftest import ADMINS, NOT_OFFICE, actions, close
from twincity.audit.models import AuditEvent
from twincity.meetings.models import Attendance


def add_url(meeting) -> str:
    return reverse("meetings:attendee_add", args=[meeting.pk])


def part_url(name, attendee) -> str:
    return reverse(f"meetings:attendee_{name}", args=[attendee.meeting_id, attendee.pk])


def test_office_adds_an_attendee(as_user, world, meeting):
    response = as_user("office").post(
        add_url(meeting), {"name": "李四", "title": "四川省委书记", "party": world.sc.pk}
    )
    assert response.status_code == 302
    added = meeting.attendees.get(name="李四")
    assert added.party == world.sc and added.order > meeting.attendees.get(name="张三").order
    event = AuditEvent.objects.get(action="meeting.attendee.add")
    assert event.after["name"] == "李四" and event.after["meeting"] == meeting.pk


def test_a_name_is_required(as_user, meeting):
    response = as_user("office").post(add_url(meeting), {"name": "", "title": "副省长"})
    assert response.status_code == 200
    assert "姓名：" in response.content.decode()
    assert meeting.attendees.count() == 1 and actions() == []


def test_office_edits_an_attendee(as_user, meeting):
    attendee = meeting.attendees.get()
    response = as_user("office").post(part_url("edit", attendee), {"name": "张三", "title": "市长"})
    assert response.status_code == 302
    attendee.refresh_from_db()
    assert attendee.title == "市长" and attendee.party is None
    event = AuditEvent.objects.get(action="meeting.attendee.update")
    assert event.after == {"title": "市长", "party": None}


def test_office_removes_an_attendee(as_user, meeting):
    attendee = meeting.attendees.get()
    client = as_user("office")
    assert "确定删除" in client.get(part_url("delete", attendee)).content.decode()
    assert client.post(part_url("delete", attendee)).status_code == 302
    assert not Attendance.objects.exists()
    event = AuditEvent.objects.get(action="meeting.attendee.delete")
    assert event.before["name"] == "张三" and event.target_id == str(attendee.pk)


def test_an_attendee_of_another_meeting_is_404(as_user, meeting):
    from tests import factory as f

    other = f.make_meeting(9)
    attendee = meeting.attendees.get()
    url = reverse("meetings:attendee_edit", args=[other.pk, attendee.pk])
    assert as_user("office").get(url).status_code == 404


def test_a_closed_meeting_refuses_all_changes(as_user, world, meeting):
    close(meeting)
    attendee = meeting.attendees.get()
    client = as_user("office")
    for url in (add_url(meeting), part_url("edit", attendee), part_url("delete", attendee)):
        page = client.get(url, follow=True).content.decode()
        assert "会议已结束，内容已锁定" in page
    response = client.post(add_url(meeting), {"name": "王五", "title": "", "party": ""})
    assert "会议已结束，内容已锁定，不能修改" in response.content.decode()
    client.post(part_url("edit", attendee), {"name": "改名", "title": ""})
    response = client.post(part_url("delete", attendee), follow=True)
    assert "会议已结束，内容已锁定，不能修改" in response.content.decode()
    assert list(meeting.attendees.values_list("name", flat=True)) == ["张三"]
    assert actions() == []


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_get_403(as_user, meeting, persona):
    client, attendee = as_user(persona), meeting.attendees.get()
    assert client.get(add_url(meeting)).status_code == 403
    assert client.post(add_url(meeting), {"name": "王五"}).status_code == 403
    assert client.post(part_url("edit", attendee), {"name": "改名"}).status_code == 403
    assert client.post(part_url("delete", attendee)).status_code == 403
    assert list(meeting.attendees.values_list("name", flat=True)) == ["张三"]


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, meeting, persona):
    assert as_user(persona).get(add_url(meeting)).status_code == 404


def test_anonymous_goes_to_login(client, meeting):
    response = client.post(add_url(meeting), {"name": "王五"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert meeting.attendees.count() == 1
