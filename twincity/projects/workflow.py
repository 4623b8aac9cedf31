"""The only code that writes monthly reports and answers support requests.

submit_report (a liaison or head of a responsible unit), accept_report / return_report
(the joint office), answer_support (the addressed unit or the office). Errors are the
commitments workflow's WorkflowError / ConflictError (ValidationErrors with Chinese
messages); role failures raise PermissionDenied.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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
    for s in supports or []:
        SupportRequest.objects.create(
            report=report, kind=s.kind, text=s.text.strip(), to_unit=s.to_unit
        )
    after = snapshot(report, REPORT_FIELDS) | {"supports": len(supports or [])}
    record("projects.report_submit", actor=user, target=report, before=before, after=after)
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
