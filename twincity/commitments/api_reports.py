"""Progress reports and work results over the API (docs/api.md).

A report is visible when its item is (`Item.objects.visible_to`), as on the report page; a
result is `Result.objects.visible_to(user)`. Writes are the pages' own: a liaison submits a
report (`workflow.submit_report`, checked by the page's `ReportForm`), the unit head approves,
the office accepts, either returns (`approve_report`, `accept_report`, `return_report`, with
If-Match on the report's version). Attachments stay on the pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from twincity.accounts.models import Role, User
from twincity.accounts.policy import actor_of
from twincity.api import Page, PageIn, caller, etag, expected_version, paginate, require_write
from twincity.commitments import workflow
from twincity.commitments.forms import ResultFilterForm
from twincity.commitments.item_forms import ReportActionForm, ReportForm
from twincity.commitments.models import (
    Item,
    ItemSide,
    ProgressReport,
    ReportStatus,
    Result,
    ResultFigure,
)

reports: Router = Router(tags=["reports"])
item_reports: Router = Router(tags=["reports"])
results: Router = Router(tags=["results"])


# --- progress reports: shapes ------------------------------------------------------------------


class ReportOut(Schema):
    id: int
    item_id: int
    item_code: str
    item_title: str
    party_id: int
    party: str
    unit_id: int
    unit: str
    period: str
    progress_text: str
    difficulties: str
    next_steps: str
    percent: int
    status: str
    status_label: str
    submitted_at: dt.datetime
    submitted_by: str
    approved_at: dt.datetime | None
    approved_by: str | None
    accepted_at: dt.datetime | None
    accepted_by: str | None
    return_reason: str
    version: int
    etag: str


class ReportIn(Schema):
    """A progress report, as the report form takes it; `party` (an id) only when the caller's
    unit leads more than one side of the item."""

    party: int | None = None
    period: str = Field("", max_length=32)
    progress_text: str
    difficulties: str = ""
    next_steps: str = ""
    percent: int = Field(..., ge=0, le=100)


class ReturnIn(Schema):
    reason: str = Field(..., max_length=4000)


class ReportFilters(PageIn):
    item: int | None = None
    status: str = ""
    round: int | None = None


class ReportFilterForm(forms.Form):
    """The reports list's filters: a visible item, a status, a visible reporting round."""

    status = forms.ChoiceField(choices=[("", ""), *ReportStatus.choices], required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        from twincity.supervision.models import ReportingRound  # supervision builds on this app

        super().__init__(*args, **kwargs)
        self.fields["item"] = forms.ModelChoiceField(Item.objects.visible_to(user), required=False)
        rounds = ReportingRound.objects.visible_to(user)
        self.fields["round"] = forms.ModelChoiceField(rounds, required=False)

    def filter(self, rows: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
        from twincity.supervision.models import ExpectedReport

        data = self.cleaned_data
        if data.get("item"):
            rows = rows.filter(item=data["item"])
        if data.get("status"):
            rows = rows.filter(status=data["status"])
        if data.get("round"):
            linked = ExpectedReport.objects.filter(round=data["round"]).values("report")
            rows = rows.filter(pk__in=linked)
        return rows


def _name(user: User | None) -> str | None:
    return str(user) if user is not None else None


def _report_out(report: ProgressReport) -> dict[str, Any]:
    names = [n for n in ReportOut.model_fields if hasattr(report, n) and not n.endswith("_by")]
    return {name: getattr(report, name) for name in names} | {
        "item_code": report.item.code,
        "item_title": report.item.title,
        "party": report.party.code,
        "unit": report.unit.name,
        "status_label": report.get_status_display(),
        "submitted_by": str(report.submitted_by),
        "approved_by": _name(report.approved_by),
        "accepted_by": _name(report.accepted_by),
        "etag": etag(report),
    }


# --- progress reports: look-ups and endpoints --------------------------------------------------


def _reports(request: HttpRequest) -> QuerySet[ProgressReport]:
    """Reports on the items the caller may see, newest first."""
    visible = Item.objects.visible_to(caller(request))
    related = ("item", "party", "unit", "submitted_by", "approved_by", "accepted_by")
    return (
        ProgressReport.objects.filter(item__in=visible)
        .select_related(*related)
        .order_by("-submitted_at", "-pk")
    )


def _report(request: HttpRequest, report_id: int) -> ProgressReport:
    return get_object_or_404(_reports(request), pk=report_id)


def _answer(request: HttpRequest, report_id: int, response: HttpResponse) -> dict[str, Any]:
    report = _report(request, report_id)
    response["ETag"] = etag(report)
    return _report_out(report)


@reports.get("", response=Page[ReportOut])
def list_reports(request: HttpRequest, filters: Query[ReportFilters]) -> dict[str, Any]:
    """Visible reports, filtered by item id, status and reporting round id."""
    names = ("item", "status", "round")
    data = {k: v for k, v in filters.dict().items() if k in names and v not in (None, "")}
    form = ReportFilterForm(data, user=caller(request))
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return paginate(form.filter(_reports(request)), filters, _report_out)


@reports.get("/{report_id}", response=ReportOut)
def get_report(request: HttpRequest, report_id: int, response: HttpResponse) -> dict[str, Any]:
    return _answer(request, report_id, response)


def _led_sides(user: User, item: Item) -> list[ItemSide]:
    units = actor_of(user).units_for(Role.LIAISON)
    return [side for side in item.sides.all() if side.lead_unit_id in units]


@item_reports.post("/{item_id}/reports", response={201: ReportOut})
def submit_report(
    request: HttpRequest, item_id: int, payload: ReportIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    """A lead unit's liaison reports on its side through workflow.submit_report (audited)."""
    require_write(request)
    user = caller(request)
    items = Item.objects.visible_to(user).prefetch_related("sides")
    item = get_object_or_404(items, pk=item_id)
    sides = _led_sides(user, item)
    if not sides:
        raise PermissionDenied(_("只有本方牵头单位的联络员可以执行此操作。"))
    form = ReportForm(payload.dict(), sides=sides)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    party = form.cleaned_data.get("party")
    report = workflow.submit_report(user, item, form.report_data(), party=party)
    return Status(201, _answer(request, report.pk, response))


def _acted(request: HttpRequest, report_id: int, response: HttpResponse, verb: Any) -> dict:
    """The shared tail of approve/accept/return: checks, the verb, the fresh report."""
    require_write(request)
    report = _report(request, report_id)
    verb(caller(request), report, expected_version=expected_version(request, report))
    return _answer(request, report_id, response)


@reports.post("/{report_id}/approve", response=ReportOut)
def approve_report(request: HttpRequest, report_id: int, response: HttpResponse) -> dict:
    """The reporting unit's head approves a submitted report (If-Match)."""
    return _acted(request, report_id, response, workflow.approve_report)


@reports.post("/{report_id}/accept", response=ReportOut)
def accept_report(request: HttpRequest, report_id: int, response: HttpResponse) -> dict:
    """The office accepts an approved report; its percent becomes the side's progress."""
    return _acted(request, report_id, response, workflow.accept_report)


@reports.post("/{report_id}/return", response=ReportOut)
def return_report(
    request: HttpRequest, report_id: int, payload: ReturnIn, response: HttpResponse
) -> dict:
    """The head (before approval) or the office (after) returns a report with a reason."""

    def verb(user: User, report: ProgressReport, expected_version: int) -> ProgressReport:
        form = ReportActionForm({"version": expected_version, "reason": payload.reason})
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        reason = form.cleaned_data["reason"]
        return workflow.return_report(user, report, reason, expected_version=expected_version)

    return _acted(request, report_id, response, verb)


# --- results -----------------------------------------------------------------------------------


class ItemRef(Schema):
    id: int
    code: str
    title: str


class FigureOut(Schema):
    label: str
    value: str = Field(..., description="exact decimal, e.g. 36000 or 12.5")
    unit: str


class ResultOut(Schema):
    id: int
    title: str
    type: str
    type_label: str
    date: dt.date
    parties: list[str]
    description: str
    evidence_links: list[str]
    meeting_id: int | None
    is_public: bool
    created_at: dt.datetime
    items: list[ItemRef]
    figures: list[FigureOut]


class ResultFilters(PageIn):
    type: str = ""
    party: int | None = None
    year: int | None = None
    q: str = ""


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _result_out(result: Result) -> dict[str, Any]:
    names = ("id", "title", "type", "date", "description", "meeting_id", "is_public", "created_at")
    return {name: getattr(result, name) for name in names} | {
        "type_label": result.get_type_display(),
        "parties": [party.code for party in result.parties.all()],
        "evidence_links": [
            line.strip() for line in result.evidence_links.splitlines() if line.strip()
        ],
        "items": [{"id": i.pk, "code": i.code, "title": i.title} for i in result.items.all()],
        "figures": [
            {"label": f.label, "value": _decimal(f.value), "unit": f.unit}
            for f in result.figures.all()
        ],
    }


def _results(request: HttpRequest) -> QuerySet[Result]:
    """Visible results, newest first, with their parties, visible items and figures."""
    user = caller(request)
    items = Item.objects.visible_to(user).order_by("code", "pk")
    figures = ResultFigure.objects.order_by("pk")
    return (
        Result.objects.visible_to(user)
        .prefetch_related(
            "parties", Prefetch("items", queryset=items), Prefetch("figures", queryset=figures)
        )
        .order_by("-date", "-pk")
    )


@results.get("", response=Page[ResultOut])
def list_results(request: HttpRequest, filters: Query[ResultFilters]) -> dict[str, Any]:
    """Visible results filtered as on the results page (type, party id, year, keyword)."""
    names = ("type", "party", "year", "q")
    data = {k: v for k, v in filters.dict().items() if k in names and v not in (None, "")}
    form = ResultFilterForm(data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return paginate(form.filter(_results(request)), filters, _result_out)


@results.get("/{result_id}", response=ResultOut)
def get_result(request: HttpRequest, result_id: int) -> dict[str, Any]:
    return _result_out(get_object_or_404(_results(request), pk=result_id))


routers = {"/reports": reports, "/items": item_reports, "/results": results}
