"""Joint key projects and their monthly reports over the API (see docs/api.md).

Visibility is `Project.objects.visible_to(user)`, as on the project pages; a monthly report is
written through `workflow.submit_report` (a responsible unit) or `workflow.record_report` (the
joint office records one it received), validated by the page's `ReportForm`. Money and rates
are exact decimals, sent as strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of
from twincity.api import (
    Page,
    PageIn,
    caller,
    etag,
    expected_version,
    paginate,
    require_write,
)
from twincity.lib import clock
from twincity.projects import figures as fg
from twincity.projects import workflow
from twincity.projects.forms import JOINT, ProjectFilterForm, ReportForm
from twincity.projects.models import (
    MONEY_PLACES,
    MonthlyReport,
    Project,
    ProjectList,
    ProjectQuerySet,
    ProjectRules,
)

router: Router = Router(tags=["projects"])


MONEY = Decimal(1).scaleb(-MONEY_PLACES)


def money(value: Decimal) -> str:
    """An amount in 亿元 at its stored precision, as plain digits (whatever the database)."""
    return f"{Decimal(value).quantize(MONEY):f}"


def points(value: Decimal | None) -> str | None:
    """A rate or a difference in percentage points (already quantized), or None."""
    return None if value is None else f"{value:f}"


# --- schemas -----------------------------------------------------------------------------------


class ProjectUnitOut(Schema):
    id: int
    name: str


class ProjectNodeOut(Schema):
    title: str
    due: dt.date
    done_on: dt.date | None


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    list_id: int
    year: int
    area_id: int
    area: str
    side: str
    side_label: str
    owner: str
    responsible_units: list[ProjectUnitOut]
    total_investment: str
    year_planned: str
    start_year: int
    end_year: int
    stage: str
    stage_label: str
    planned_start: dt.date | None
    actual_start: dt.date | None
    withdrawn: bool
    month: int
    completed: str
    completion_rate: str | None
    ahead: str | None
    light: str


class ProjectDetailOut(ProjectOut):
    locations: list[ProjectUnitOut]
    nodes: list[ProjectNodeOut]
    missed_start: bool
    may_report: bool


class ProjectFilters(PageIn):
    year: int | None = None
    list: int | None = None
    month: int | None = None
    area: int | None = None
    side: str = ""
    stage: str = ""
    light: str = ""
    q: str = ""


class SupportRequestOut(Schema):
    id: int
    kind: str
    kind_label: str
    text: str
    to_unit: ProjectUnitOut
    answer: str
    answered_at: dt.datetime | None


class MonthlyReportOut(Schema):
    id: int
    project_id: int
    year: int
    month: int
    cumulative_completed: str
    progress: str
    problems: str
    status: str
    status_label: str
    return_reason: str
    submitted_by: str | None
    submitted_at: dt.datetime
    accepted_by: str | None
    accepted_at: dt.datetime | None
    supports: list[SupportRequestOut]
    version: int
    etag: str


class MonthlyReportFilters(PageIn):
    year: int | None = None


class MonthlyReportIn(Schema):
    """A month's cumulative figure, optionally with one support request (as the page's form);
    `ReportForm` validates it."""

    month: int
    cumulative_completed: Decimal
    progress: str
    problems: str = ""
    support_kind: str = ""
    support_text: str = ""
    support_to_unit: int | None = None


# --- projects ----------------------------------------------------------------------------------


def _unit(unit: Any) -> dict[str, Any]:
    return {"id": unit.pk, "name": str(unit)}


FILTER_FIELDS = ("year", "month", "area", "side", "stage", "light", "q")


def _project_out(p: Project, month: int, light: str) -> dict[str, Any]:
    rate = fg.completion_rate(p.completed, p.year_planned)  # type: ignore[attr-defined]
    return {
        **{name: getattr(p, name) for name in ProjectOut.model_fields if hasattr(p, name)},
        "year": p.list.year,
        "area": p.area.name,
        "side": p.party.code if p.party else JOINT,
        "side_label": p.party.short_name if p.party else _("川渝共建"),
        "responsible_units": [_unit(u) for u in p.responsible_units.all()],
        "total_investment": money(p.total_investment),
        "year_planned": money(p.year_planned),
        "stage_label": p.get_stage_display(),
        "month": month,
        "completed": money(p.completed),  # type: ignore[attr-defined]
        "completion_rate": points(rate),
        "ahead": points(fg.ahead_points(rate, month)),
        "light": light,
    }


def _visible(request: HttpRequest) -> ProjectQuerySet:
    rows = Project.objects.visible_to(caller(request)).select_related("list", "area", "party")
    return rows.prefetch_related("responsible_units")


def _chosen_list(user: User, list_id: int | None, year: int | None) -> ProjectList | None:
    """The list asked for by id and/or year; by default, as on the projects page, this
    year's list, else the latest one."""
    lists = ProjectList.objects.visible_to(user).order_by("-year", "-id")
    if list_id is not None:
        lists = lists.filter(pk=list_id)
    elif year is None and lists.filter(year=clock.today().year).exists():
        year = clock.today().year
    return (lists if year is None else lists.filter(year=year)).first()


def _filter_form(filters: ProjectFilters) -> ProjectFilterForm:
    data = {k: v for k, v in filters.dict().items() if k in FILTER_FIELDS and v not in (None, "")}
    form = ProjectFilterForm(data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


@router.get("", response=Page[ProjectOut])
def list_projects(request: HttpRequest, filters: Query[ProjectFilters]) -> dict[str, Any]:
    """One year's list (by `list` id or `year`; default as on the page) filtered like the
    projects page, each project with its figures after `month` (default: the last month due),
    by code."""
    form = _filter_form(filters)
    data = form.cleaned_data
    plist = _chosen_list(caller(request), filters.list, data["year"])
    if plist is None:
        return paginate(Project.objects.none().order_by("pk"), filters)
    month = data["month"] or fg.default_month(plist.year, clock.today())
    mine = _visible(request).filter(list=plist).in_list()
    light_map = fg.lights(mine, plist.year, month, ProjectRules.current().yellow_margin)
    rows = form.filter(mine)
    if data["light"]:
        rows = rows.filter(pk__in=[pk for pk, x in light_map.items() if x == data["light"]])
    rows = fg.with_completed(rows, plist.year, month).order_by("code", "pk")
    return paginate(rows, filters, lambda p: _project_out(p, month, light_map[p.pk]))


def _project(request: HttpRequest, project_id: int) -> Project:
    return get_object_or_404(_visible(request), pk=project_id)


@router.get("/{project_id}", response=ProjectDetailOut)
def get_project(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """A project (withdrawn ones too) with its figures after the last month due, as its page."""
    rows = _visible(request).prefetch_related("locations", "nodes")
    project = get_object_or_404(rows, pk=project_id)
    year = project.list.year
    month = fg.default_month(year, clock.today())
    completed = Project.objects.filter(pk=project.pk).annotate(
        completed=fg.completed_expr(year, month)
    )
    project.completed = completed.values_list("completed", flat=True).get()  # type: ignore[attr-defined]
    rate = fg.completion_rate(project.completed, project.year_planned)  # type: ignore[attr-defined]
    missed = project.missed_start(fg.month_end(year, month))
    light = fg.light_of(rate, month, ProjectRules.current().yellow_margin, missed)
    nodes = [{"title": n.title, "due": n.due, "done_on": n.done_on} for n in project.nodes.all()]
    return {
        **_project_out(project, month, light),
        "locations": [_unit(u) for u in project.locations.all()],
        "nodes": nodes,
        "missed_start": missed,
        "may_report": workflow.may_report(caller(request), project),
    }


# --- monthly reports ---------------------------------------------------------------------------


def _report_out(report: MonthlyReport) -> dict[str, Any]:
    supports = [
        {
            "id": s.pk,
            "kind": s.kind,
            "kind_label": s.get_kind_display(),
            "text": s.text,
            "to_unit": _unit(s.to_unit),
            "answer": s.answer,
            "answered_at": s.answered_at,
        }
        for s in report.supports.all()
    ]
    return {
        **{n: getattr(report, n) for n in MonthlyReportOut.model_fields if hasattr(report, n)},
        "cumulative_completed": money(report.cumulative_completed),
        "status_label": report.get_status_display(),
        "submitted_by": str(report.submitted_by) if report.submitted_by else None,
        "accepted_by": str(report.accepted_by) if report.accepted_by else None,
        "supports": supports,
        "etag": etag(report),
    }


def _reports(project: Project) -> QuerySet[MonthlyReport]:
    rows = project.reports.select_related("submitted_by", "accepted_by")
    return rows.prefetch_related("supports__to_unit")


@router.get("/{project_id}/reports", response=Page[MonthlyReportOut])
def list_reports(
    request: HttpRequest, project_id: int, filters: Query[MonthlyReportFilters]
) -> dict[str, Any]:
    """A visible project's monthly reports, by year and month."""
    rows = _reports(_project(request, project_id))
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    return paginate(rows.order_by("year", "month", "pk"), filters, _report_out)


def _report_form(payload: MonthlyReportIn) -> dict[str, Any]:
    data = payload.dict()
    data["cumulative_completed"] = f"{payload.cumulative_completed:f}"
    form = ReportForm({k: v for k, v in data.items() if v is not None})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


def _write(user: User, project: Project, data: dict[str, Any], version: int) -> MonthlyReport:
    """A responsible unit submits; the joint office records a report it received."""
    figures = workflow.ReportData(
        data["month"], data["cumulative_completed"], data["progress"], data["problems"]
    )
    support = data["support_text"].strip()
    if workflow.may_report(user, project):
        supports = []
        if support:
            kind, unit = data["support_kind"], data["support_to_unit"]
            supports = [workflow.SupportData(kind, support, unit)]
        return workflow.submit_report(user, project, figures, supports, version)
    if support:
        message = _("代为录入的月报不能附带要素保障诉求。")
        raise ValidationError({"support_text": [message]})
    return workflow.record_report(user, project, figures, version)


@router.post("/{project_id}/reports", response={200: MonthlyReportOut, 201: MonthlyReportOut})
def post_report(
    request: HttpRequest, project_id: int, payload: MonthlyReportIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    """Submit (a responsible unit's liaison or head) or record (the joint office) the month's
    report of the list's year: 201 when new; replacing a report not yet accepted needs its
    ETag in If-Match (200)."""
    require_write(request)
    user = caller(request)
    project = _project(request, project_id)
    if not (workflow.may_report(user, project) or actor_of(user).is_office):
        raise PermissionDenied
    data = _report_form(payload)
    existing = project.reports.filter(year=project.list.year, month=data["month"]).first()
    # 0 names "no report yet": one written meanwhile makes the workflow refuse (412).
    version = expected_version(request, existing) if existing else 0
    report = _write(user, project, data, version)
    report = _reports(project).get(pk=report.pk)
    response["ETag"] = etag(report)
    return Status(200 if existing else 201, _report_out(report))


routers = {"/projects": router}
