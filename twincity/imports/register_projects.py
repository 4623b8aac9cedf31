"""The projects of one project list and their monthly reports, as import registers.

`projects` rows go through `ProjectForm` and `create_project` / `update_project`, as on the
project pages; `project-reports` rows go through `ReportForm` and `record_report`, as on the
monthly report page. Headers are fixed Chinese text (the file format), not translated.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twincity.accounts.models import Party, User
from twincity.imports import cells
from twincity.imports.registers import (
    ADDED,
    CHANGED,
    INDEX,
    UNCHANGED,
    Column,
    Context,
    Register,
    _choice,
    _code,
    _date,
    _lookup,
    _lookup_many,
    _number,
    _text,
    party_label,
    register,
    unit_names,
)
from twincity.lib.chinese import fold_digits
from twincity.projects import workflow
from twincity.projects.forms import ProjectForm, ReportForm
from twincity.projects.models import MonthlyReport, Project, ProjectArea, ProjectList, Stage

JOINT_LABEL = "川渝共建"
JOINT_WORDS = {JOINT_LABEL, "共建"}


def _whole(value: str, suffix: str) -> str:
    """２０２５年 -> 2025, 6月 -> 6: the form's IntegerField checks the rest."""
    return fold_digits(value).strip().removesuffix(suffix).strip()


def _year(value: str, ctx: Context) -> str:
    return _whole(value, "年")


def _month(value: str, ctx: Context) -> str:
    return _whole(value, "月")


def _party(value: str, ctx: Context) -> int | None:
    """渝 / 重庆 / 重庆市 -> that party; 川渝共建 -> none (a project both sides build)."""
    text = value.strip()
    if text in JOINT_WORDS:
        return None
    for party in ctx.parties:
        if text in (party.short_name, party.name, party.code, party_label(party)):
            return party.pk
    labels = "、".join([*(p.short_name for p in ctx.parties), JOINT_LABEL])
    raise ValidationError(_("请填写以下之一：%(labels)s。") % {"labels": labels}, code="party")


def _names(units: Iterable[Any]) -> str:
    return "、".join(unit.name for unit in units)


def _pk(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple):
        return sorted(_pk(v) for v in value)
    return value


def _differs(cleaned: dict[str, Any], base: dict[str, Any]) -> bool:
    return any(_pk(value) != _pk(base.get(name)) for name, value in cleaned.items())


# --- projects ---------------------------------------------------------------------------------

PROJECT_VALUES = (
    "code",
    "name",
    "owner",
    "total_investment",
    "year_planned",
    "start_year",
    "end_year",
    "stage",
    "planned_start",
    "actual_start",
    "withdrawn",
)


def _project_base(project: Project) -> dict[str, Any]:
    """The project as the form would show it (the form leaves the instance untouched)."""
    return {
        **{name: getattr(project, name) for name in PROJECT_VALUES},
        "area": project.area_id,
        "party": project.party_id,
        "locations": [u.pk for u in project.locations.all()],
        "responsible_units": [u.pk for u in project.responsible_units.all()],
        "version": project.version,
    }


class ProjectsRegister(Register):
    """Projects of one project list (共建重点项目名单), upserted by 项目编号."""

    name = "projects"
    search_fields = ("code", "name")
    label = gettext_lazy("重点项目")
    target_label = gettext_lazy("项目名单")
    code_header = "项目编号"

    def targets(self, user: User) -> QuerySet[ProjectList]:
        return ProjectList.objects.visible_to(user).order_by("-year", "-id")

    def columns(self, target: ProjectList | None) -> list[Column]:
        return [
            Column(INDEX, "_index"),
            Column("项目编号", "code", _code, required=True, aliases=("编号",)),
            Column("项目名称", "name", _text, required=True),
            Column("领域", "area", _lookup("areas")),
            Column("所属方", "party", _party),
            Column("建设地点", "locations", _lookup_many("units")),
            Column("项目业主", "owner", _text),
            Column("责任单位", "responsible_units", _lookup_many("units")),
            Column("总投资（亿元）", "total_investment", _number, aliases=("总投资",)),
            Column("开工年份", "start_year", _year),
            Column("完工年份", "end_year", _year),
            Column("建设阶段", "stage", _choice(Stage.choices)),
            Column("计划开工日期", "planned_start", _date, aliases=("计划开工时间",)),
            Column("实际开工日期", "actual_start", _date, aliases=("实际开工时间",)),
            Column("年度计划投资（亿元）", "year_planned", _number, aliases=("年度计划投资",)),
        ]

    def context(self, target: ProjectList, codes: Iterable[str]) -> Context:
        ctx = Context(target)
        ctx.parties = list(Party.objects.all())
        ctx.lookups["units"] = unit_names()
        areas = ProjectArea.objects.values_list("pk", "name", "name")
        ctx.lookups["areas"] = cells.Names(areas, str(_("项目领域")))
        existing = Project.objects.filter(list=target, code__in=list(codes)).prefetch_related(
            "locations", "responsible_units"
        )
        ctx.existing = {project.code: project for project in existing}
        return ctx

    def form(self, data: dict[str, Any], obj: Project | None, ctx: Context) -> ProjectForm:
        base = _project_base(obj) if obj is not None else {}
        return ProjectForm(base | data, instance=obj)

    def save(self, user: User, form: ProjectForm, obj: Project | None, ctx: Context) -> str:
        data = dict(form.cleaned_data)
        if obj is None:
            workflow.create_project(user, ctx.target, data)
            return ADDED
        if not _differs(data, _project_base(obj)):
            return UNCHANGED
        workflow.update_project(user, obj, data, data.pop("version"))
        return CHANGED

    def queryset(self, user: User, target: ProjectList | None) -> QuerySet[Project]:
        rows = Project.objects.visible_to(user).in_list()
        if target is not None:
            rows = rows.filter(list=target)
        return rows.order_by("list_id", "code")

    def export_rows(self, queryset: QuerySet[Any], target: Any = None) -> list[list[Any]]:
        projects = queryset.select_related("area", "party").prefetch_related(
            "locations", "responsible_units"
        )
        rows = []
        for n, p in enumerate(projects, start=1):
            party = p.party.short_name if p.party else JOINT_LABEL
            row: list[Any] = [n, p.code, p.name, p.area.name, party, _names(p.locations.all())]
            row += [p.owner, _names(p.responsible_units.all()), p.total_investment]
            row += [p.start_year, p.end_year, p.get_stage_display()]
            row += [p.planned_start, p.actual_start, p.year_planned]
            rows.append(row)
        return rows


# --- monthly reports --------------------------------------------------------------------------

REPORT_VALUES = ("month", "cumulative_completed", "progress", "problems")
NO_SUPPORT = {"support_kind": "", "support_text": "", "support_to_unit": None}


def _project(value: str, ctx: Context) -> int:
    assert isinstance(ctx, ReportContext)
    code = cells.code(value)
    project = ctx.by_code.get(code)
    if project is None:
        raise ValidationError(
            _("名单“%(list)s”中没有编号为“%(code)s”的项目。")
            % {"list": ctx.target, "code": code[:40]},
            code="project",
        )
    return int(project.pk)


def _list_year(value: str, ctx: Context) -> int:
    text = _whole(value, "年")
    if text != str(ctx.target.year):
        raise ValidationError(
            _("只能导入名单年度（%(year)s年）的月报。") % {"year": ctx.target.year}, code="year"
        )
    return int(text)


class ReportContext(Context):
    """The list's projects by code, their reports by (project, month), the keys seen so far."""

    def __init__(self, target: ProjectList) -> None:
        super().__init__(target)
        self.projects: dict[int, Project] = {}
        self.by_code: dict[str, Project] = {}
        self.reports: dict[tuple[int, int], MonthlyReport] = {}
        self.seen: dict[tuple[int, int], int] = {}


def _report_base(report: MonthlyReport) -> dict[str, Any]:
    return {name: getattr(report, name) for name in REPORT_VALUES} | {"version": report.version}


class ProjectReportsRegister(Register):
    """Monthly reports of one list's projects, upserted by (项目编号, 年度, 月份)."""

    name = "project-reports"
    search_fields = ("project__code", "project__name")
    label = gettext_lazy("项目月报")
    target_label = gettext_lazy("项目名单")
    # The key spans three columns, so the engine's one-column duplicate check and existing
    # look-up are off ("" matches no header); `save` does both on (project, month).
    code_header = ""
    informational = (INDEX, "项目名称", "状态")

    def targets(self, user: User) -> QuerySet[ProjectList]:
        return ProjectList.objects.visible_to(user).order_by("-year", "-id")

    def columns(self, target: ProjectList | None) -> list[Column]:
        return [
            Column(INDEX, "_index"),
            Column("项目编号", "project", _project, required=True, aliases=("编号",)),
            Column("项目名称", "_name"),
            Column("年度", "year", _list_year, required=True),
            Column("月份", "month", _month, required=True, aliases=("报送月份",)),
            Column(
                "1—N月累计完成投资（亿元）",
                "cumulative_completed",
                _number,
                required=True,
                aliases=("累计完成投资（亿元）", "1-N月累计完成投资（亿元）"),
            ),
            Column("进展情况", "progress", _text),
            Column("存在问题", "problems", _text),
        ]

    def context(self, target: ProjectList, codes: Iterable[str]) -> ReportContext:
        ctx = ReportContext(target)
        projects = Project.objects.filter(list=target).prefetch_related("responsible_units")
        ctx.projects = {p.pk: p for p in projects}
        for p in ctx.projects.values():
            p.list = target
        ctx.by_code = {p.code: p for p in ctx.projects.values()}
        reports = MonthlyReport.objects.filter(project__list=target, year=target.year)
        ctx.reports = {(r.project_id, r.month): r for r in reports}
        return ctx

    def _existing(self, data: dict[str, Any], ctx: ReportContext) -> MonthlyReport | None:
        month = _whole(str(data.get("month") or ""), "")
        if not month.isdigit():
            return None
        return ctx.reports.get((data.get("project") or 0, int(month)))

    def form(self, data: dict[str, Any], obj: Any, ctx: Context) -> ReportForm:
        assert isinstance(ctx, ReportContext)
        report = self._existing(data, ctx)
        base = _report_base(report) if report is not None else {"version": None}
        form = ReportForm(base | NO_SUPPORT | data)
        form.import_project = ctx.projects.get(data.get("project") or 0)  # type: ignore[attr-defined]
        form.import_report = report  # type: ignore[attr-defined]
        return form

    def save(self, user: User, form: ReportForm, obj: Any, ctx: Context) -> str:
        assert isinstance(ctx, ReportContext)
        project: Project = form.import_project  # type: ignore[attr-defined]
        report: MonthlyReport | None = form.import_report  # type: ignore[attr-defined]
        data = form.cleaned_data
        self._check_once(ctx, project, data["month"])
        if report is not None and not _differs(
            {k: data[k] for k in REPORT_VALUES}, _report_base(report)
        ):
            return UNCHANGED
        figures = workflow.ReportData(
            data["month"], data["cumulative_completed"], data["progress"], data["problems"]
        )
        workflow.record_report(user, project, figures, data["version"])
        return ADDED if report is None else CHANGED

    def _check_once(self, ctx: ReportContext, project: Project, month: int) -> None:
        """One row per project and month in a file; the row number is the engine's."""
        key = (project.pk, month)
        if key in ctx.seen:
            raise ValidationError(
                _("项目“%(code)s”%(month)s月的月报在本文件中出现了两次。")
                % {"code": project.code, "month": month},
                code="duplicate",
            )
        ctx.seen[key] = month

    def queryset(self, user: User, target: ProjectList | None) -> QuerySet[MonthlyReport]:
        projects = Project.objects.visible_to(user).in_list()
        if target is not None:
            projects = projects.filter(list=target)
        rows = MonthlyReport.objects.filter(project__in=projects)
        if target is not None:
            rows = rows.filter(year=target.year)
        return rows.order_by("project__code", "year", "month")

    def export_rows(self, queryset: QuerySet[Any], target: Any = None) -> list[list[Any]]:
        rows = []
        for n, r in enumerate(queryset.select_related("project"), start=1):
            row: list[Any] = [n, r.project.code, r.project.name, r.year, r.month]
            row += [r.cumulative_completed, r.progress, r.problems, r.get_status_display()]
            rows.append(row)
        return rows

    def export_headers(self, target: Any = None) -> list[str]:
        return [*super().export_headers(target), "状态"]


register(ProjectsRegister())
register(ProjectReportsRegister())
