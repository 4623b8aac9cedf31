"""The office moves a meeting draft → open → in progress → closed, and never back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factory as f
from tests.meetings.conftest import ADMINS, NOT_OFFICE, actions
from twincity.audit.models import AuditEvent
from twincity.meetings.models import MeetingStatus


def url(meeting) -> str:
    return reverse("meetings:advance", args=[meeting.pk])


@pytest.fixture
def draft(world):
    return f.make_meeting(11)


def test_office_walks_the_whole_flow(as_user, draft):
    client = as_user("office")
    seen = []
    for _step in range(3):
        draft.refresh_from_db()
        response = client.post(url(draft), {"version": draft.version})
        assert response.status_code == 302
        draft.refresh_from_db()
        seen.append(draft.status)
    assert seen == [MeetingStatus.OPEN, MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED]
    events = AuditEvent.objects.filter(action="meeting.advance")
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("draft", "open"),
        ("open", "in_progress"),
        ("in_progress", "closed"),
    ]


def test_a_closed_meeting_cannot_be_reopened(as_user, draft):
    draft.status = MeetingStatus.CLOSED
    draft.save()
    response = as_user("office").post(url(draft), {"version": draft.version}, follow=True)
    assert "会议已结束，不能重新开启" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == MeetingStatus.CLOSED and actions() == []


def test_a_stale_button_is_refused(as_user, draft):
    client = as_user("office")
    client.post(url(draft), {"version": 1})
    response = client.post(url(draft), {"version": 1}, follow=True)
    assert "该记录已被他人修改" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == MeetingStatus.OPEN and actions() == ["meeting.advance"]


def test_get_is_not_allowed(as_user, draft):
    assert as_user("office").get(url(draft)).status_code == 405


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_get_403(as_user, draft, persona):
    assert as_user(persona).post(url(draft), {"version": 1}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == MeetingStatus.DRAFT


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, draft, persona):
    assert as_user(persona).post(url(draft), {"version": 1}).status_code == 404


def test_anonymous_goes_to_login(client, draft):
    response = client.post(url(draft), {"version": 1})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    draft.refresh_from_db()
    assert draft.status == MeetingStatus.DRAFT
