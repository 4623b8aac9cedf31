"""The meetings workflow called directly, as the API and importer will call it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests import factory as f
from tests.meetings.conftest import NOT_OFFICE, actions, close
from twincity.meetings import workflow
from twincity.meetings.models import Meeting, MeetingStatus


@pytest.mark.parametrize("persona", [*NOT_OFFICE, "sysadmin", "auditor"])
def test_every_verb_is_office_only(world, meeting, persona):
    user = world.users[persona]
    decision, attendee = meeting.decisions.get(), meeting.attendees.get()
    calls = [
        lambda: workflow.create_meeting(user, {"series": meeting.series, "number": 12}),
        lambda: workflow.update_meeting(user, meeting, {"theme": "改"}, None),
        lambda: workflow.advance_status(user, meeting),
        lambda: workflow.add_decision(user, meeting, {"title": "新增"}),
        lambda: workflow.update_decision(user, decision, {"title": "改"}),
        lambda: workflow.delete_attendee(user, attendee),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert Meeting.objects.count() == 1 and actions() == []


def test_update_refuses_a_stale_version(world, meeting):
    office = world.users["office"]
    workflow.update_meeting(office, meeting, {"theme": "甲"}, expected_version=1)
    with pytest.raises(workflow.ConflictError):
        workflow.update_meeting(office, meeting, {"theme": "乙"}, expected_version=1)
    meeting.refresh_from_db()
    assert meeting.theme == "甲" and meeting.version == 2


def test_a_closed_meeting_is_locked_for_every_write(world, meeting):
    office = world.users["office"]
    close(meeting)
    document = meeting.documents.get()
    calls = [
        lambda: workflow.update_meeting(office, meeting, {"theme": "改"}, None),
        lambda: workflow.advance_status(office, meeting),
        lambda: workflow.add_attendee(office, meeting, {"name": "王五"}),
        lambda: workflow.update_document(office, document, {"title": "改"}),
        lambda: workflow.delete_document(office, document),
        lambda: workflow.add_decision(office, meeting, {"title": "新增"}),
    ]
    for call in calls:
        with pytest.raises(workflow.WorkflowError):
            call()
    assert actions() == []


def test_a_stale_meeting_object_cannot_bypass_the_lock(world, meeting):
    """The lock is read from the database, not from the caller's copy."""
    stale = Meeting.objects.get(pk=meeting.pk)
    close(meeting)
    assert stale.status == MeetingStatus.OPEN
    with pytest.raises(workflow.WorkflowError):
        workflow.add_decision(world.users["office"], stale, {"title": "新增"})
    assert meeting.decisions.count() == 1


def test_create_fills_the_year_from_the_date(world):
    series = f.make_series()
    meeting = workflow.create_meeting(
        world.users["office"], {"series": series, "number": 1, "date": dt.date(2020, 3, 17)}
    )
    assert meeting.year == 2020 and meeting.status == MeetingStatus.DRAFT
    assert actions() == ["meeting.create"]


def test_decisions_number_themselves_in_order(world, meeting):
    office = world.users["office"]
    numbers = [
        workflow.add_decision(office, meeting, {"title": f"第{n}项"}).number for n in range(3)
    ]
    assert numbers == [4, 5, 6]
