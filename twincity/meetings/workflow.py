"""The only code that writes meetings, their attendees, documents and decisions.

Every verb is office-only, runs in one transaction, refuses to touch a closed meeting and
writes an audit event. Editing a meeting refuses a stale version.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record, snapshot
from twincity.commitments.workflow import ConflictError, WorkflowError
from twincity.meetings.models import (
    MEETING_FLOW,
    Attendance,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingStatus,
    Numbering,
)
from twincity.webhooks.events import emit

__all__ = ["ConflictError", "WorkflowError"]

MEETING_FIELDS = [
    "series",
    "number",
    "year",
    "date",
    "date_precision",
    "place",
    "host_party",
    "chair",
    "theme",
    "summary",
]
ATTENDEE_FIELDS = ["name", "title", "party"]
DOCUMENT_FIELDS = ["title", "doc_number", "approved"]
DECISION_FIELDS = ["number", "title", "text"]

Part = TypeVar("Part", Attendance, MeetingDocument, Decision)


# --- helpers ---------------------------------------------------------------------------------


def _require_office(user: User) -> None:
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以执行此操作。"))


def _locked_meeting(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock."""
    return Meeting.objects.select_for_update().select_related("series").get(pk=meeting.pk)


def _open_meeting(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock and refuse if it is closed."""
    fresh = _locked_meeting(meeting)
    if fresh.is_locked:
        raise WorkflowError(_("会议已结束，内容已锁定，不能修改。"), code="locked")
    return fresh


def _check_meeting(meeting: Meeting) -> None:
    """Fill the year from the date, require it for yearly series, refuse a taken number."""
    if meeting.year is None and meeting.date is not None:
        meeting.year = meeting.date.year
    if meeting.series.numbering == Numbering.YEARLY and meeting.year is None:
        raise WorkflowError({"year": _("按年编号的会议须填写年度或日期。")}, code="year")
    meeting.full_clean(validate_constraints=False)
    taken = Meeting.objects.filter(series=meeting.series, year=meeting.year, number=meeting.number)
    if taken.exclude(pk=meeting.pk).exists():
        message = _("%(series)s已有%(number)s会议。") % {
            "series": meeting.series,
            "number": meeting.title_number,
        }
        raise WorkflowError({"number": message}, code="number")


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    keys = [k for k, v in after.items() if before.get(k) != v]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


# --- meetings --------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(user: User, data: dict[str, Any]) -> Meeting:
    """Record a new meeting as a draft."""
    _require_office(user)
    meeting = Meeting(**{k: v for k, v in data.items() if k in MEETING_FIELDS})
    meeting.status = MeetingStatus.DRAFT
    _check_meeting(meeting)
    meeting.save()
    record("meeting.create", actor=user, target=meeting, after=snapshot(meeting))
    return meeting


@transaction.atomic
def update_meeting(
    user: User, meeting: Meeting, data: dict[str, Any], expected_version: int | None
) -> Meeting:
    """Edit a meeting's fields; refused once closed or if someone saved first."""
    _require_office(user)
    meeting = _open_meeting(meeting)
    if expected_version is not None and meeting.version != expected_version:
        raise ConflictError()
    before = snapshot(meeting, MEETING_FIELDS)
    for name, value in data.items():
        if name in MEETING_FIELDS:
            setattr(meeting, name, value)
    _check_meeting(meeting)
    meeting.version += 1
    meeting.save()
    old, new = _changes(before, snapshot(meeting, MEETING_FIELDS))
    if new:
        record("meeting.update", actor=user, target=meeting, before=old, after=new)
    return meeting


def next_status(meeting: Meeting) -> str | None:
    return MEETING_FLOW.get(MeetingStatus(meeting.status))


@transaction.atomic
def advance_status(user: User, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """Move a meeting one step: draft → open → in progress → closed; never back."""
    _require_office(user)
    meeting = _locked_meeting(meeting)
    before, to = meeting.status, next_status(meeting)
    if to is None:
        raise WorkflowError(_("会议已结束，不能重新开启或再推进状态。"), code="state")
    if expected_version is not None and meeting.version != expected_version:
        raise ConflictError()
    meeting.status, meeting.version = to, meeting.version + 1
    meeting.save(update_fields=["status", "version"])
    record(
        "meeting.advance",
        actor=user,
        target=meeting,
        before={"status": before},
        after={"status": to},
    )
    emit("meeting.closed", meeting, user)
    return meeting


# --- attendees, documents, decisions ---------------------------------------------------------


def _next_order(model: type[Model], meeting: Meeting, field: str = "order") -> int:
    top = model._default_manager.filter(meeting=meeting).aggregate(top=Max(field))["top"]
    return (top or 0) + 1


def _add(user: User, meeting: Meeting, part: Part, fields: list[str]) -> Part:
    part.full_clean(exclude=["meeting"])
    part.save()
    record(
        f"meeting.{_kind(part)}.add",
        actor=user,
        target=part,
        after=snapshot(part, fields) | {"meeting": meeting.pk},
    )
    return part


def _update(user: User, part: Part, data: dict[str, Any], fields: list[str]) -> Part:
    before = snapshot(part, fields)
    for name in fields:
        if name in data:
            setattr(part, name, data[name])
    part.full_clean(exclude=["meeting"], validate_constraints=False)
    part.save()
    old, new = _changes(before, snapshot(part, fields))
    if new:
        record(f"meeting.{_kind(part)}.update", actor=user, target=part, before=old, after=new)
    return part


def _delete(user: User, part: Part, fields: list[str]) -> None:
    record(
        f"meeting.{_kind(part)}.delete",
        actor=user,
        target=part,
        before=snapshot(part, fields) | {"meeting": part.meeting_id},
    )
    part.delete()


def _kind(part: Model) -> str:
    return {Attendance: "attendee", MeetingDocument: "document", Decision: "decision"}[type(part)]


def _fresh(part: Part) -> tuple[Part, Meeting]:
    """Lock the part's meeting (refusing a closed one), then re-read the part."""
    meeting = _open_meeting(part.meeting)
    fresh = type(part)._default_manager.get(pk=part.pk)
    fresh.meeting = meeting
    return fresh, meeting


@transaction.atomic
def add_attendee(user: User, meeting: Meeting, data: dict[str, Any]) -> Attendance:
    _require_office(user)
    meeting = _open_meeting(meeting)
    values = {k: data[k] for k in ATTENDEE_FIELDS if k in data}
    part = Attendance(meeting=meeting, order=_next_order(Attendance, meeting), **values)
    return _add(user, meeting, part, ATTENDEE_FIELDS)


@transaction.atomic
def update_attendee(user: User, attendee: Attendance, data: dict[str, Any]) -> Attendance:
    _require_office(user)
    attendee, _meeting = _fresh(attendee)
    return _update(user, attendee, data, ATTENDEE_FIELDS)


@transaction.atomic
def delete_attendee(user: User, attendee: Attendance) -> None:
    _require_office(user)
    attendee, _meeting = _fresh(attendee)
    _delete(user, attendee, ATTENDEE_FIELDS)


@transaction.atomic
def add_document(user: User, meeting: Meeting, data: dict[str, Any]) -> MeetingDocument:
    _require_office(user)
    meeting = _open_meeting(meeting)
    values = {k: data[k] for k in DOCUMENT_FIELDS if k in data}
    part = MeetingDocument(meeting=meeting, order=_next_order(MeetingDocument, meeting), **values)
    return _add(user, meeting, part, DOCUMENT_FIELDS)


@transaction.atomic
def update_document(user: User, document: MeetingDocument, data: dict[str, Any]) -> MeetingDocument:
    _require_office(user)
    document, _meeting = _fresh(document)
    return _update(user, document, data, DOCUMENT_FIELDS)


@transaction.atomic
def delete_document(user: User, document: MeetingDocument) -> None:
    _require_office(user)
    document, _meeting = _fresh(document)
    _delete(user, document, DOCUMENT_FIELDS)


def _require_free_number(meeting: Meeting, number: int, current: Decision | None = None) -> None:
    taken = Decision.objects.filter(meeting=meeting, number=number)
    if current is not None:
        taken = taken.exclude(pk=current.pk)
    if taken.exists():
        message = _("本次会议已有序号为 %(number)s 的议定事项。") % {"number": number}
        raise WorkflowError({"number": message}, code="number")


@transaction.atomic
def add_decision(user: User, meeting: Meeting, data: dict[str, Any]) -> Decision:
    """Add a decision; without a number it takes the next one in the meeting."""
    _require_office(user)
    meeting = _open_meeting(meeting)
    number = data.get("number") or _next_order(Decision, meeting, "number")
    _require_free_number(meeting, number)
    values = {k: data[k] for k in ("title", "text") if k in data}
    part = Decision(meeting=meeting, number=number, **values)
    return _add(user, meeting, part, DECISION_FIELDS)


@transaction.atomic
def update_decision(user: User, decision: Decision, data: dict[str, Any]) -> Decision:
    _require_office(user)
    decision, meeting = _fresh(decision)
    data = dict(data)
    if not data.get("number"):
        data.pop("number", None)
    else:
        _require_free_number(meeting, data["number"], current=decision)
    return _update(user, decision, data, DECISION_FIELDS)


@transaction.atomic
def delete_decision(user: User, decision: Decision) -> None:
    """Delete a decision that no item came from yet."""
    _require_office(user)
    decision, _meeting = _fresh(decision)
    if decision.items.exists():
        raise WorkflowError(_("已有事项来源于该议定事项，不能删除。"), code="has_items")
    _delete(user, decision, DECISION_FIELDS)
