"""The office records the documents a meeting reviewed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.meetings.conftest import ADMINS, NOT_OFFICE, actions, close
from twincity.audit.models import AuditEvent
from twincity.meetings.models import MeetingDocument


def add_url(meeting) -> str:
    return reverse("meetings:document_add", args=[meeting.pk])


def part_url(name, document) -> str:
    return reverse(f"meetings:document_{name}", args=[document.meeting_id, document.pk])


def test_office_adds_a_document_shown_with_its_number(as_user, meeting):
    client = as_user("office")
    data = {"title": "成渝地区共建重大项目名单", "doc_number": "川办发〔2024〕9号"}
    data["approved"] = "on"
    assert client.post(add_url(meeting), data).status_code == 302
    document = meeting.documents.get(title="成渝地区共建重大项目名单")
    assert document.approved and document.doc_number == "川办发〔2024〕9号"
    assert AuditEvent.objects.get(action="meeting.document.add").after["title"] == document.title
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "《成渝地区共建重大项目名单》" in html and "川办发〔2024〕9号" in html


def test_a_title_is_required(as_user, meeting):
    response = as_user("office").post(add_url(meeting), {"title": "", "doc_number": "x"})
    assert "文件名称：" in response.content.decode()
    assert meeting.documents.count() == 1 and actions() == []


def test_office_edits_and_deletes_a_document(as_user, meeting):
    document, client = meeting.documents.get(), as_user("office")
    client.post(part_url("edit", document), {"title": document.title, "doc_number": ""})
    document.refresh_from_db()
    assert document.doc_number == "" and not document.approved
    client.post(part_url("delete", document))
    assert not MeetingDocument.objects.exists()
    assert actions() == ["meeting.document.update", "meeting.document.delete"]


def test_a_closed_meeting_refuses_documents(as_user, meeting):
    close(meeting)
    document, client = meeting.documents.get(), as_user("office")
    response = client.post(add_url(meeting), {"title": "新文件"})
    assert "会议已结束，内容已锁定，不能修改" in response.content.decode()
    response = client.post(part_url("edit", document), {"title": "改名"})
    assert "会议已结束，内容已锁定，不能修改" in response.content.decode()
    client.post(part_url("delete", document))
    assert list(meeting.documents.values_list("title", flat=True)) == [document.title]
    assert actions() == []


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_get_403(as_user, meeting, persona):
    client, document = as_user(persona), meeting.documents.get()
    assert client.post(add_url(meeting), {"title": "新文件"}).status_code == 403
    assert client.get(part_url("edit", document)).status_code == 403
    assert client.post(part_url("delete", document)).status_code == 403
    assert meeting.documents.count() == 1


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, meeting, persona):
    assert as_user(persona).get(add_url(meeting)).status_code == 404


def test_anonymous_goes_to_login(client, meeting):
    response = client.get(add_url(meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
