"""The office records a meeting's numbered decisions (议定事项)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.meetings.conftest import ADMINS, NOT_OFFICE, actions, close
from twincity.audit.models import AuditEvent


def add_url(meeting) -> str:
    return reverse("meetings:decision_add", args=[meeting.pk])


def part_url(name, decision) -> str:
    return reverse(f"meetings:decision_{name}", args=[decision.meeting_id, decision.pk])


def test_a_decision_without_a_number_takes_the_next(as_user, meeting):
    response = as_user("office").post(add_url(meeting), {"title": "共建巴蜀文化旅游走廊"})
    assert response.status_code == 302
    decision = meeting.decisions.get(title="共建巴蜀文化旅游走廊")
    assert decision.number == 4 and decision.code == "10-04"
    event = AuditEvent.objects.get(action="meeting.decision.add")
    assert event.after["number"] == 4 and event.target_id == str(decision.pk)


def test_the_first_decision_is_number_one(as_user, meeting):
    meeting.decisions.all().delete()
    as_user("office").post(add_url(meeting), {"title": "第一项"})
    assert meeting.decisions.get().code == "10-01"


def test_a_given_number_is_kept(as_user, meeting):
    as_user("office").post(add_url(meeting), {"number": 7, "title": "第七项"})
    assert meeting.decisions.get(title="第七项").number == 7


def test_a_taken_number_is_refused(as_user, meeting):
    response = as_user("office").post(add_url(meeting), {"number": 3, "title": "重复"})
    assert response.status_code == 200
    assert "序号：本次会议已有序号为 3 的议定事项" in response.content.decode()
    assert meeting.decisions.count() == 1 and actions() == []


def test_renumbering_onto_a_taken_number_is_refused(as_user, meeting):
    other = meeting.decisions.create(number=4, title="第四项")
    response = as_user("office").post(part_url("edit", other), {"number": 3, "title": "第四项"})
    assert "本次会议已有序号为 3 的议定事项" in response.content.decode()
    other.refresh_from_db()
    assert other.number == 4 and actions() == []


def test_office_edits_a_decision(as_user, meeting):
    decision = meeting.decisions.get()
    data = {"number": 3, "title": "共建重大项目", "text": "推进 320 个项目"}
    assert as_user("office").post(part_url("edit", decision), data).status_code == 302
    decision.refresh_from_db()
    assert decision.text == "推进 320 个项目"
    assert AuditEvent.objects.get(action="meeting.decision.update").after == {
        "text": "推进 320 个项目"
    }


def test_a_decision_with_items_cannot_be_deleted(as_user, world, meeting):
    decision = meeting.decisions.get()
    world.item(source_decision=decision)
    response = as_user("office").post(part_url("delete", decision), follow=True)
    assert "已有事项来源于该议定事项，不能删除" in response.content.decode()
    assert meeting.decisions.count() == 1 and actions() == []


def test_office_deletes_a_decision(as_user, meeting):
    decision = meeting.decisions.get()
    as_user("office").post(part_url("delete", decision))
    assert not meeting.decisions.exists()
    assert AuditEvent.objects.get(action="meeting.decision.delete").before["number"] == 3


def test_a_closed_meeting_refuses_decisions(as_user, meeting):
    close(meeting)
    decision, client = meeting.decisions.get(), as_user("office")
    response = client.post(add_url(meeting), {"title": "新增"})
    assert "会议已结束，内容已锁定，不能修改" in response.content.decode()
    client.post(part_url("edit", decision), {"number": 3, "title": "改名"})
    client.post(part_url("delete", decision))
    assert list(meeting.decisions.values_list("title", flat=True)) == ["共建重大项目"]
    assert actions() == []


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_get_403(as_user, meeting, persona):
    client, decision = as_user(persona), meeting.decisions.get()
    assert client.post(add_url(meeting), {"title": "新增"}).status_code == 403
    assert client.post(part_url("edit", decision), {"title": "改名"}).status_code == 403
    assert client.post(part_url("delete", decision)).status_code == 403
    assert meeting.decisions.count() == 1


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, meeting, persona):
    assert as_user(persona).get(add_url(meeting)).status_code == 404


def test_anonymous_goes_to_login(client, meeting):
    response = client.post(add_url(meeting), {"title": "新增"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert meeting.decisions.count() == 1
