"""Meetings pages: the index by series and year, one meeting, and the office's forms."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Model, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of, is_business_user, require
from twincity.commitments.models import Item
from twincity.lib.forms import attempt, bootstrap
from twincity.lib.htmx import render_page
from twincity.meetings import workflow
from twincity.meetings.forms import (
    AttendeeForm,
    DecisionForm,
    DocumentForm,
    MeetingFilterForm,
    MeetingForm,
)
from twincity.meetings.models import Attendance, Decision, Meeting, MeetingDocument, MeetingStatus
from twincity.reports.excel import Sheet, xlsx_response

PAGE_SIZE = 30


# --- helpers ---------------------------------------------------------------------------------


def _index_rows(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What the index shows, ordered for grouping by series then year, in constant queries."""
    return (
        meetings.select_related("series", "host_party")
        .annotate(decision_count=Count("decisions"))
        .order_by("series__order", "series_id", F("year").desc(nulls_last=True), "-number", "-id")
    )


def _office_meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the office may change: 404 if not visible, 403 if not the office."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(_user(request)).select_related("series"), pk=pk
    )
    require(actor_of(_user(request)).is_office)
    return meeting


def _locked_redirect(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    """Send a GET for a form of a closed meeting back to the meeting, saying why."""
    if request.method != "POST" and meeting.is_locked:
        messages.error(request, _("会议已结束，内容已锁定，不能修改。"))
        return redirect("meetings:detail", pk=meeting.pk)
    return None


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


# --- reading ---------------------------------------------------------------------------------


def _filtered(request: HttpRequest, user: User) -> tuple[MeetingFilterForm, QuerySet[Meeting]]:
    """The index's filter form and the meetings it selects (the page and its export)."""
    form = bootstrap(MeetingFilterForm(request.GET or None))
    form.is_valid()
    return form, _index_rows(form.apply(Meeting.objects.visible_to(user)))


def _export(meetings: QuerySet[Meeting]) -> HttpResponse:
    columns = [
        _("会议系列"),
        _("会议"),
        _("次序"),
        _("日期"),
        _("地点"),
        _("轮值主办方"),
        _("主题"),
        _("状态"),
        _("议定事项"),
    ]
    rows = (
        [
            m.series.name,
            m.title_number + pgettext("meeting title suffix", "会议"),
            m.number,
            m.date_display(),
            m.place,
            str(m.host_party or ""),
            m.theme,
            m.get_status_display(),
            m.decision_count,  # type: ignore[attr-defined]
        ]
        for m in meetings
    )
    return xlsx_response(_("会议列表"), [Sheet(_("会议"), columns, rows)])


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not is_business_user(actor_of(user)):
        raise Http404
    form, meetings = _filtered(request, user)
    if request.GET.get("format") == "xlsx":
        return _export(meetings)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "is_office": actor_of(user).is_office}
    return render_page(request, "meetings/index.html", "meetings/_meeting_table.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("series", "host_party"), pk=pk
    )
    items = Item.objects.visible_to(user).for_table()
    decisions = meeting.decisions.prefetch_related(Prefetch("items", queryset=items))
    if request.GET.get("format") == "xlsx":
        return _decisions_export(meeting, decisions)
    context = {
        "meeting": meeting,
        "attendees": meeting.attendees.select_related("party"),
        "documents": meeting.documents.all(),
        "decisions": decisions,
        "lists": meeting.lists.visible_to(user),
        "is_office": actor_of(user).is_office,
        "next_status": _status_label(workflow.next_status(meeting)),
    }
    return render(request, "meetings/detail.html", context)


def _decision_rows(decisions: QuerySet[Decision]) -> Iterator[list[Any]]:
    """One row per decision and visible item; a decision without items has one row."""
    for decision in decisions:
        head = [decision.code, decision.title, decision.text]
        items = list(decision.items.all())
        if not items:
            yield head
        for item in items:
            leads = "\n".join(f"{s.party}：{s.lead_unit}" for s in item.sides.all())
            yield [*head, item.code, item.title, item.get_state_display(), leads, item.deadline]


def _decisions_export(meeting: Meeting, decisions: QuerySet[Decision]) -> HttpResponse:
    columns = [
        _("编号"),
        _("议定事项"),
        _("内容"),
        _("事项编号"),
        _("事项名称"),
        _("状态"),
        _("牵头单位"),
        _("完成时限"),
    ]
    title = f"{meeting.series.name}{meeting.title_number}" + _("议定事项")
    return xlsx_response(title, [Sheet(_("议定事项"), columns, _decision_rows(decisions))])


def _status_label(status: str | None) -> str:
    return str(MeetingStatus(status).label) if status else ""


# --- the office's forms ----------------------------------------------------------------------


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    require(actor_of(_user(request)).is_office)
    form = bootstrap(MeetingForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        meeting = attempt(form, lambda: workflow.create_meeting(_user(request), form.cleaned_data))
        if meeting:
            messages.success(request, _("会议已创建。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _office_meeting(request, pk)
    if refused := _locked_redirect(request, meeting):
        return refused
    form = bootstrap(MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = data["version"]
        if attempt(form, lambda: workflow.update_meeting(_user(request), meeting, data, version)):
            messages.success(request, _("会议信息已保存。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def advance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _office_meeting(request, pk)
    version = request.POST.get("version", "")
    try:
        meeting = workflow.advance_status(
            _user(request), meeting, int(version) if version.isdigit() else None
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = meeting.get_status_display()
        messages.success(request, _("会议状态已变更为“%(status)s”。") % {"status": label})
    return redirect("meetings:detail", pk=meeting.pk)


@dataclass(frozen=True)
class PartKind:
    """How the generic part views handle attendees, documents or decisions."""

    model: type[Model]
    form: type[forms.ModelForm]
    add: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    label: str | Promise


PARTS = {
    "attendee": PartKind(
        Attendance,
        AttendeeForm,
        workflow.add_attendee,
        workflow.update_attendee,
        workflow.delete_attendee,
        gettext_lazy("出席人员"),
    ),
    "document": PartKind(
        MeetingDocument,
        DocumentForm,
        workflow.add_document,
        workflow.update_document,
        workflow.delete_document,
        gettext_lazy("审议文件"),
    ),
    "decision": PartKind(
        Decision,
        DecisionForm,
        workflow.add_decision,
        workflow.update_decision,
        workflow.delete_decision,
        gettext_lazy("议定事项"),
    ),
}


def _part_context(meeting: Meeting, kind: str, **extra: Any) -> dict[str, Any]:
    return {"meeting": meeting, "kind": kind, "label": PARTS[kind].label} | extra


@login_required
def part_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    meeting, spec = _office_meeting(request, pk), PARTS[kind]
    if refused := _locked_redirect(request, meeting):
        return refused
    form = bootstrap(spec.form(request.POST or None))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: spec.add(_user(request), meeting, form.cleaned_data))
    ):
        messages.success(request, _("%(label)s已添加。") % {"label": spec.label})
        return redirect("meetings:detail", pk=meeting.pk)
    context = _part_context(meeting, kind, form=form, part=None)
    return render(request, "meetings/part_form.html", context)


@login_required
def part_edit(request: HttpRequest, pk: int, kind: str, part_pk: int) -> HttpResponse:
    meeting, spec = _office_meeting(request, pk), PARTS[kind]
    part = get_object_or_404(spec.model, pk=part_pk, meeting=meeting)
    if refused := _locked_redirect(request, meeting):
        return refused
    form = bootstrap(spec.form(request.POST or None, instance=part))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: spec.update(_user(request), part, form.cleaned_data))
    ):
        messages.success(request, _("%(label)s已保存。") % {"label": spec.label})
        return redirect("meetings:detail", pk=meeting.pk)
    context = _part_context(meeting, kind, form=form, part=part)
    return render(request, "meetings/part_form.html", context)


@login_required
def part_delete(request: HttpRequest, pk: int, kind: str, part_pk: int) -> HttpResponse:
    meeting, spec = _office_meeting(request, pk), PARTS[kind]
    part = get_object_or_404(spec.model, pk=part_pk, meeting=meeting)
    if refused := _locked_redirect(request, meeting):
        return refused
    if request.method == "POST":
        try:
            spec.delete(_user(request), part)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(label)s已删除。") % {"label": spec.label})
        return redirect("meetings:detail", pk=meeting.pk)
    context = _part_context(meeting, kind, part=part)
    return render(request, "meetings/part_confirm_delete.html", context)
