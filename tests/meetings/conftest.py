"""Shared set-up for the meetings tests: a meeting with its parts, and persona groups."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factory as f
from twincity.audit.models import AuditEvent
from twincity.meetings.models import Meeting, MeetingStatus

READERS = [
    "office",
    "cq_liaison",
    "sc_liaison",
    "cq_head",
    "sc_head",
    "wg_lead",
    "leader",
    "outsider",
]
ADMINS = ["sysadmin", "secadmin", "auditor"]
NOT_OFFICE = [p for p in READERS if p != "office"]


@pytest.fixture
def meeting(world) -> Meeting:
    """Meeting No. 10, open, hosted by 渝, with one attendee, one document, one decision."""
    m = f.make_meeting(
        10,
        date=dt.date(2024, 12, 30),
        host_party=world.cq,
        theme="五周年总结",
        status=MeetingStatus.OPEN,
    )
    m.attendees.create(name="张三", title="重庆市委书记", party=world.cq)
    m.documents.create(title="成渝地区双城经济圈便捷生活行动方案", doc_number="渝府办发〔2024〕1号")
    f.make_decision(m, 3, title="共建重大项目")
    return m


def close(meeting: Meeting) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CLOSED)
    meeting.refresh_from_db()
    return meeting


def actions() -> list[str]:
    return list(AuditEvent.objects.values_list("action", flat=True))


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """The personas' passwords are hashed once each; a cheap hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
