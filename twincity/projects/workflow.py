"""The only code that writes monthly reports and answers support requests.

submit_report (a liaison or head of a responsible unit), accept_report / return_report
(the joint office), answer_support (the addressed unit or the office). Errors are the
commitments workflow's WorkflowError / ConflictError (ValidationErrors with Chinese
messages); role failures raise PermissionDenied.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from twincity.accounts.models import Role, Unit, User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record, snapshot
from twincity.commitments.workflow import ConflictError, WorkflowError
from twincity.lib import clock
from twincity.projects.models import (
    MonthlyReport,
    Project,
    ProjectArea,
    ProjectList,
    ProjectRules,
    ReportStatus,
    SupportRequest,
)

REPORT_FIELDS = ["cumulative_completed", "progress", "problems", "status", "version"]


@dataclass(frozen=True)
class ReportData:
    """What a liaison types for one month."""

    month: int
    cumulative_completed: Decimal
    progress: str = ""
    problems: str = ""


@dataclass(frozen=True)
class SupportData:
    """One request for support raised with the report."""

    kind: str
    text: str
    to_unit: Unit


def may_report(user: User, project: Project) -> bool:
    units = actor_of(user).units_for(Role.LIAISON, Role.HEAD)
    return any(u.pk in units for u in project.responsible_units.all())


def _locked(report: MonthlyReport, expected_version: int | None) -> MonthlyReport:
    fresh = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ConflictError()
    return fresh


@transaction.atomic
def submit_report(
    user: User,
    project: Project,
    data: ReportData,
    supports: list[SupportData] | None = None,
    expected_version: int | None = None,
) -> MonthlyReport:
    """Create the month's report, or resubmit one not yet accepted (then it is replaced)."""
    if not may_report(user, project):
        raise PermissionDenied(_("只有项目责任单位的联络员可以报送月报。"))
    return _write_report(user, project, data, supports or [], expected_version, "submit")


@transaction.atomic
def record_report(
    user: User, project: Project, data: ReportData, expected_version: int | None = None
) -> MonthlyReport:
    """The joint office records a unit's monthly report it received (e.g. in a spreadsheet);
    the report then waits for acceptance like any submitted one."""
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以代为录入月报。"))
    return _write_report(user, project, data, [], expected_version, "record")


def _write_report(
    user: User,
    project: Project,
    data: ReportData,
    supports: list[SupportData],
    expected_version: int | None,
    verb: str,
) -> MonthlyReport:
    year = project.list.year
    _check_figure(project, year, data)
    existing = MonthlyReport.objects.filter(project=project, year=year, month=data.month).first()
    if existing is not None:
        existing = _locked(existing, expected_version)
        if existing.is_locked:
            raise WorkflowError(_("该月月报已受理并锁定，不能再修改。"), code="locked")
    before = snapshot(existing, REPORT_FIELDS) if existing else None
    report = existing or MonthlyReport(project=project, year=year, month=data.month)
    report.cumulative_completed = data.cumulative_completed
    report.progress, report.problems = data.progress.strip(), data.problems.strip()
    report.status, report.return_reason = ReportStatus.SUBMITTED, ""
    report.submitted_by, report.submitted_at = user, clock.now()
    report.version = report.version + 1 if existing else 1
    report.save()
    for s in supports:
        SupportRequest.objects.create(
            report=report, kind=s.kind, text=s.text.strip(), to_unit=s.to_unit
        )
    after = snapshot(report, REPORT_FIELDS) | {"supports": len(supports)}
    record(f"projects.report_{verb}", actor=user, target=report, before=before, after=after)
    return report


def _check_figure(project: Project, year: int, data: ReportData) -> None:
    """No report for a month not yet over; a cumulative figure never goes down."""
    today = clock.today()
    if (year, data.month) > (today.year, today.month):
        raise WorkflowError(_("报送月份：不能报送尚未到来的月份。"), code="month")
    rows = MonthlyReport.objects.filter(project=project, year=year, month__lt=data.month)
    earlier = rows.exclude(status=ReportStatus.RETURNED).order_by("-month").first()
    if earlier is not None and data.cumulative_completed < earlier.cumulative_completed:
        raise WorkflowError(
            _("1—N月累计完成投资：不能小于%(month)s月已报的累计数%(amount)s亿元。")
            % {"month": earlier.month, "amount": earlier.cumulative_completed},
            code="decrease",
        )


def _require_office(user: User) -> None:
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以受理或退回月报。"))


@transaction.atomic
def accept_report(user: User, report: MonthlyReport, expected_version: int | None) -> MonthlyReport:
    _require_office(user)
    report = _locked(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(_("只有已报送的月报可以受理。"), code="state")
    before = snapshot(report, REPORT_FIELDS)
    report.status, report.accepted_by, report.accepted_at = ReportStatus.ACCEPTED, user, clock.now()
    report.version += 1
    report.save()
    record(
        "projects.report_accept",
        actor=user,
        target=report,
        before=before,
        after=snapshot(report, REPORT_FIELDS),
    )
    return report


@transaction.atomic
def return_report(
    user: User, report: MonthlyReport, reason: str, expected_version: int | None
) -> MonthlyReport:
    _require_office(user)
    if not reason.strip():
        raise WorkflowError(_("退回原因：请填写退回原因。"), code="reason")
    report = _locked(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(_("只有已报送的月报可以退回。"), code="state")
    before = snapshot(report, REPORT_FIELDS)
    report.status, report.return_reason = ReportStatus.RETURNED, reason.strip()
    report.version += 1
    report.save()
    after = snapshot(report, REPORT_FIELDS) | {"reason": report.return_reason}
    record("projects.report_return", actor=user, target=report, before=before, after=after)
    return report


def may_answer(user: User, request: SupportRequest) -> bool:
    actor = actor_of(user)
    return actor.is_office or request.to_unit_id in actor.units_for(Role.LIAISON, Role.HEAD)


@transaction.atomic
def answer_support(user: User, request: SupportRequest, answer: str) -> SupportRequest:
    """The addressed unit (or the office) answers a support request; answered once."""
    if not may_answer(user, request):
        raise PermissionDenied(_("只有协调单位或联合办公室可以答复诉求。"))
    if not answer.strip():
        raise WorkflowError(_("答复：请填写答复内容。"), code="answer")
    fresh = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if not fresh.is_open:
        raise WorkflowError(_("该诉求已答复。"), code="answered")
    fresh.answer, fresh.answered_by, fresh.answered_at = answer.strip(), user, clock.now()
    fresh.save()
    record("projects.support_answer", actor=user, target=fresh, after={"answer": fresh.answer})
    return fresh


# --- the register: projects, areas and rules (the joint office only) -------------------------

PROJECT_FIELDS = [
    "code",
    "name",
    "area",
    "party",
    "owner",
    "total_investment",
    "start_year",
    "end_year",
    "stage",
    "planned_start",
    "actual_start",
    "year_planned",
    "withdrawn",
    "version",
]
PROJECT_M2M = ("locations", "responsible_units")
RULES_FIELDS = ["yellow_margin", "report_due_day", "version"]


def _require_office_editor(user: User) -> None:
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以维护项目名单。"))


def _check_project(plist_id: int, data: dict[str, Any], pk: int | None) -> None:
    """Code unique within the list; investments not negative; planned ≤ total; years ordered."""
    code = (data.get("code") or "").strip()
    same = Project.objects.filter(list_id=plist_id, code=code)
    if pk is not None:
        same = same.exclude(pk=pk)
    if not code:
        raise WorkflowError(_("项目编号：请填写项目编号。"), code="code")
    if same.exists():
        raise WorkflowError(
            _("项目编号：本名单中已有编号为“%(code)s”的项目。") % {"code": code}, code="code"
        )
    total, planned = data["total_investment"], data["year_planned"]
    if total < 0:
        raise WorkflowError(_("总投资（亿元）：不能为负数。"), code="total")
    if planned < 0:
        raise WorkflowError(_("年度计划投资（亿元）：不能为负数。"), code="planned")
    if planned > total:
        raise WorkflowError(_("年度计划投资（亿元）：不能大于总投资。"), code="planned")
    if data["start_year"] > data["end_year"]:
        raise WorkflowError(_("开工年份：不能晚于完工年份。"), code="years")


def _project_snapshot(project: Project) -> dict[str, Any]:
    data = snapshot(project, PROJECT_FIELDS)
    for name in PROJECT_M2M:
        data[name] = sorted(u.pk for u in getattr(project, name).all())
    return data


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    fields = {k: v for k, v in data.items() if k in PROJECT_FIELDS and k != "version"}
    m2m = {k: data[k] for k in PROJECT_M2M if k in data}
    fields["code"] = (fields.get("code") or "").strip()
    return fields, m2m


@transaction.atomic
def create_project(user: User, plist: ProjectList, data: dict[str, Any]) -> Project:
    """Add a project to a list (fields as the project form cleans them)."""
    _require_office_editor(user)
    _check_project(plist.pk, data, None)
    fields, m2m = _split(data)
    project = Project(list=plist, **fields)
    project.full_clean(exclude=["list", *PROJECT_M2M])
    project.save()
    for name, values in m2m.items():
        getattr(project, name).set(values)
    record("projects.project_create", actor=user, target=project, after=_project_snapshot(project))
    return project


@transaction.atomic
def update_project(
    user: User, project: Project, data: dict[str, Any], expected_version: int | None
) -> Project:
    """Edit a project; refused with ConflictError if someone saved since the form was read."""
    _require_office_editor(user)
    fresh = Project.objects.select_for_update().get(pk=project.pk)
    if fresh.version != expected_version:
        raise ConflictError()
    _check_project(fresh.list_id, data, fresh.pk)
    before = _project_snapshot(fresh)
    fields, m2m = _split(data)
    for name, value in fields.items():
        setattr(fresh, name, value)
    fresh.full_clean(exclude=["list", *PROJECT_M2M], validate_unique=False)
    fresh.version += 1
    fresh.save()
    for name, values in m2m.items():
        getattr(fresh, name).set(values)
    after = _project_snapshot(fresh)
    record("projects.project_update", actor=user, target=fresh, before=before, after=after)
    return fresh


@transaction.atomic
def save_area(user: User, area: ProjectArea | None, name: str, order: int) -> ProjectArea:
    """Create an area (area None) or rename / reorder one; names are unique."""
    _require_office_editor(user)
    name = name.strip()
    if not name:
        raise WorkflowError(_("领域名称：请填写名称。"), code="name")
    others = ProjectArea.objects.filter(name=name)
    if area is not None:
        others = others.exclude(pk=area.pk)
    if others.exists():
        raise WorkflowError(_("领域名称：已有名为“%(name)s”的领域。") % {"name": name}, code="name")
    if order < 0:
        raise WorkflowError(_("排序：不能为负数。"), code="order")
    before = snapshot(area, ["name", "order"]) if area else None
    area = area or ProjectArea()
    area.name, area.order = name, order
    area.save()
    action = "projects.area_update" if before else "projects.area_create"
    record(action, actor=user, target=area, before=before, after=snapshot(area, ["name", "order"]))
    return area


@transaction.atomic
def save_rules(
    user: User, yellow_margin: Decimal, report_due_day: int, expected_version: int | None
) -> ProjectRules:
    """Change the yellow margin and the report due day (the one rules row)."""
    _require_office_editor(user)
    rules = ProjectRules.objects.select_for_update().get(pk=ProjectRules.current().pk)
    if rules.version != expected_version:
        raise ConflictError()
    if not Decimal(0) <= yellow_margin <= Decimal(100):
        raise WorkflowError(_("黄灯容差（百分点）：应在0到100之间。"), code="margin")
    if not 1 <= report_due_day <= 28:
        raise WorkflowError(_("月报截止日：应在1到28之间。"), code="due_day")
    before = snapshot(rules, RULES_FIELDS)
    rules.yellow_margin, rules.report_due_day = yellow_margin, report_due_day
    rules.version += 1
    rules.save()
    after = snapshot(rules, RULES_FIELDS)
    record("projects.rules_update", actor=user, target=rules, before=before, after=after)
    return rules
