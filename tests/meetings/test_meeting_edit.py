"""The office edits a meeting: a stale form is refused; a closed meeting is locked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.meetings.conftest import ADMINS, NOT_OFFICE, actions, close
from twincity.audit.models import AuditEvent
from twincity.meetings.forms import MeetingForm


def url(meeting) -> str:
    return reverse("meetings:edit", args=[meeting.pk])


def form_data(meeting, **kw) -> dict:
    data = {k: ("" if v is None else v) for k, v in MeetingForm.initial_for(meeting).items()}
    data["series"], data["host_party"] = meeting.series_id, meeting.host_party_id or ""
    return data | kw


def test_office_sees_the_form_with_current_values(as_user, meeting):
    response = as_user("office").get(url(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2024-12-30"' in html and 'name="version" value="1"' in html


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_other_readers_get_403(as_user, meeting, persona):
    client = as_user(persona)
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting), form_data(meeting, theme="改")).status_code == 403
    meeting.refresh_from_db()
    assert meeting.theme == "五周年总结"


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, meeting, persona):
    assert as_user(persona).get(url(meeting)).status_code == 404


def test_anonymous_goes_to_login(client, meeting):
    response = client.get(url(meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_office_edits_and_the_change_is_audited(as_user, meeting):
    response = as_user("office").post(url(meeting), form_data(meeting, theme="新主题"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.theme == "新主题" and meeting.version == 2
    event = AuditEvent.objects.get(action="meeting.update")
    assert event.before == {"theme": "五周年总结"} and event.after == {"theme": "新主题"}


def test_second_of_two_loaded_forms_is_refused(as_user, meeting):
    first, second = as_user("office"), as_user("office")
    stale = form_data(meeting, theme="乙的主题")
    first.post(url(meeting), form_data(meeting, theme="甲的主题"))
    response = second.post(url(meeting), stale)
    assert response.status_code == 200
    assert "该记录已被他人修改" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.theme == "甲的主题" and meeting.version == 2
    assert actions().count("meeting.update") == 1


def test_a_closed_meeting_cannot_be_edited(as_user, meeting):
    close(meeting)
    client = as_user("office")
    response = client.get(url(meeting), follow=True)
    assert "会议已结束，内容已锁定" in response.content.decode()
    response = client.post(url(meeting), form_data(meeting, theme="改"))
    assert "会议已结束，内容已锁定，不能修改" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.theme == "五周年总结" and actions() == []
