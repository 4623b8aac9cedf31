"""Meetings and their decisions over the API, and the office's one status step (docs/api.md).

Visibility is `Meeting.objects.visible_to(user)`, a decision's that of its meeting, and the
items a decision lists are those `Item.objects.visible_to(user)` lets through, as on the
meeting page. The only write is the page's "advance" button, through
`workflow.advance_status` with If-Match; the office's forms stay on the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from twincity.api import Page, PageIn, caller, etag, expected_version, paginate, require_write
from twincity.commitments.models import Item
from twincity.meetings import workflow
from twincity.meetings.forms import MeetingFilterForm
from twincity.meetings.models import Decision, Meeting

meetings: Router = Router(tags=["meetings"])
decisions: Router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    series_id: int
    series: str
    number: int
    year: int | None
    title: str
    date: dt.date | None
    date_precision: str
    date_display: str
    place: str
    host_party: str | None
    chair: str
    theme: str
    status: str
    status_label: str
    decision_count: int
    version: int
    etag: str


class DecisionItemRef(Schema):
    id: int
    code: str
    title: str
    state: str


class DecisionOut(Schema):
    id: int
    meeting_id: int
    number: int
    code: str
    title: str
    text: str
    items: list[DecisionItemRef]


class AttendeeOut(Schema):
    name: str
    title: str
    party: str | None


class DocumentOut(Schema):
    title: str
    doc_number: str
    approved: bool


class MeetingDetailOut(MeetingOut):
    summary: str
    attendees: list[AttendeeOut]
    documents: list[DocumentOut]
    decisions: list[DecisionOut]


class MeetingFilters(PageIn):
    series: int | None = None
    year: int | None = None
    status: str = ""


# --- look-ups ----------------------------------------------------------------------------------


def _meetings(request: HttpRequest) -> QuerySet[Meeting]:
    """Visible meetings in the index's order (series, newest year and number first)."""
    return (
        Meeting.objects.visible_to(caller(request))
        .select_related("series", "host_party")
        .annotate(decision_count=Count("decisions"))
        .order_by("series__order", "series_id", F("year").desc(nulls_last=True), "-number", "-pk")
    )


def _decisions(request: HttpRequest) -> QuerySet[Decision]:
    """Decisions of visible meetings, each with the items the caller may see."""
    user = caller(request)
    items = Item.objects.visible_to(user).order_by("code", "pk")
    return (
        Decision.objects.filter(meeting__in=Meeting.objects.visible_to(user))
        .select_related("meeting")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("meeting_id", "number", "pk")
    )


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(_meetings(request), pk=meeting_id)


# --- shapes ------------------------------------------------------------------------------------


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    names = ("id", "series_id", "number", "year", "date", "date_precision", "place", "chair")
    return {name: getattr(meeting, name) for name in names} | {
        "series": meeting.series.name,
        "title": f"{meeting.series.name}{meeting.title_number}",
        "date_display": meeting.date_display(),
        "host_party": meeting.host_party.code if meeting.host_party else None,
        "theme": meeting.theme,
        "status": meeting.status,
        "status_label": meeting.get_status_display(),
        "decision_count": meeting.decision_count,  # type: ignore[attr-defined]
        "version": meeting.version,
        "etag": etag(meeting),
    }


def _decision_out(decision: Decision) -> dict[str, Any]:
    items = [
        {"id": i.pk, "code": i.code, "title": i.title, "state": i.state}
        for i in decision.items.all()
    ]
    names = ("id", "meeting_id", "number", "code", "title", "text")
    return {name: getattr(decision, name) for name in names} | {"items": items}


def _detail_out(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    attendees = meeting.attendees.select_related("party").order_by("order", "pk")
    return _meeting_out(meeting) | {
        "summary": meeting.summary,
        "attendees": [
            {"name": a.name, "title": a.title, "party": a.party.code if a.party else None}
            for a in attendees
        ],
        "documents": list(
            meeting.documents.order_by("order", "pk").values(*DocumentOut.model_fields)
        ),
        "decisions": [_decision_out(d) for d in _decisions(request).filter(meeting=meeting)],
    }


# --- endpoints ---------------------------------------------------------------------------------


@meetings.get("", response=Page[MeetingOut])
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]) -> dict[str, Any]:
    """Visible meetings filtered as on the meetings page (series id, year, status)."""
    names = ("series", "year", "status")
    data = {k: v for k, v in filters.dict().items() if k in names and v not in (None, "")}
    form = MeetingFilterForm(data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return paginate(form.apply(_meetings(request)), filters, _meeting_out)


@meetings.get("/{meeting_id}", response=MeetingDetailOut)
def get_meeting(request: HttpRequest, meeting_id: int, response: HttpResponse) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    response["ETag"] = etag(meeting)
    return _detail_out(request, meeting)


@meetings.post("/{meeting_id}/advance", response=MeetingDetailOut)
def advance_meeting(
    request: HttpRequest, meeting_id: int, response: HttpResponse
) -> dict[str, Any]:
    """One status step (draft → open → in progress → closed), as the page's button: office
    only, If-Match required, audited by the workflow; a closed meeting is 422."""
    require_write(request)
    meeting = _meeting(request, meeting_id)
    expected = expected_version(request, meeting)
    workflow.advance_status(caller(request), meeting, expected)
    meeting = _meeting(request, meeting_id)
    response["ETag"] = etag(meeting)
    return _detail_out(request, meeting)


@meetings.get("/{meeting_id}/decisions", response=Page[DecisionOut])
def list_meeting_decisions(
    request: HttpRequest, meeting_id: int, page: Query[PageIn]
) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    return paginate(_decisions(request).filter(meeting=meeting), page, _decision_out)


@decisions.get("/{decision_id}", response=DecisionOut)
def get_decision(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    return _decision_out(get_object_or_404(_decisions(request), pk=decision_id))


routers = {"/meetings": meetings, "/decisions": decisions}
