"""Pages of the joint key projects: the list with figures, a project, monthly reports,
the dispatch bulletin, missing reports, support requests and list versions."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of, is_business_user
from twincity.imports import exports
from twincity.lib import clock
from twincity.lib.htmx import render_page
from twincity.projects import bulletin as sentences
from twincity.projects import figures as fg
from twincity.projects import ladder, versions, workflow
from twincity.projects.forms import (
    AnswerForm,
    AreaForm,
    CompareForm,
    PeriodForm,
    ProjectFilterForm,
    ProjectForm,
    ReportForm,
    ReturnForm,
    RulesForm,
    SupportFilterForm,
    VersionedForm,
    VersionForm,
)
from twincity.projects.models import (
    MonthlyReport,
    Project,
    ProjectArea,
    ProjectList,
    ProjectListVersion,
    ProjectRules,
    SupportRequest,
)

PAGE_SIZE = 50
LATE_SHOWN = 30  # red projects on the bulletin page; its Word and PDF list them all


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _require_business(request: HttpRequest) -> None:
    if not is_business_user(actor_of(_user(request))):
        raise Http404


def _list_for(user: User, year: int | None) -> ProjectList:
    """The year's list (default: this year's, else the latest); 404 if none is visible."""
    lists = ProjectList.objects.visible_to(user)
    if year is None:
        year = clock.today().year
        if not lists.filter(year=year).exists():
            latest = lists.first()
            year = latest.year if latest else year
    plist = lists.filter(year=year).select_related("source_meeting__series").first()
    if plist is None:
        raise Http404
    return plist


def _period(request: HttpRequest, form: PeriodForm) -> tuple[ProjectList, int]:
    data = form.cleaned_data if form.is_valid() else {}
    plist = _list_for(_user(request), data.get("year"))
    return plist, data.get("month") or fg.default_month(plist.year, clock.today())


def _page(request: HttpRequest, rows: QuerySet[Any]) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_business(request)
    form = ProjectFilterForm(request.GET)
    plist, month = _period(request, form)
    mine = Project.objects.visible_to(_user(request)).filter(list=plist).in_list()
    margin = ProjectRules.current().yellow_margin
    light_map = fg.lights(mine, plist.year, month, margin)
    rows = form.filter(mine)
    if form.is_valid() and form.cleaned_data["light"]:
        wanted = form.cleaned_data["light"]
        rows = rows.filter(pk__in=[pk for pk, light in light_map.items() if light == wanted])
    if exports.wants_xlsx(request):
        return _export(request, plist, rows)
    rows = fg.with_completed(rows, plist.year, month).select_related("area", "party")
    page = _page(request, rows.prefetch_related("responsible_units").order_by("code"))
    for p in page:
        p.rate, p.light = fg.completion_rate(p.completed, p.year_planned), light_map[p.pk]
    figures = fg.figures_for(mine, plist.year, month)
    context = {
        "form": form,
        "plist": plist,
        "month": month,
        "figures": figures,
        "headline": sentences.headline(figures),
        "figure_rows": figures.rows(_("川渝共建")),
        "page": page,
        "is_office": actor_of(_user(request)).is_office,
    }
    return render_page(request, "projects/index.html", "projects/_table.html", context)


def _export(request: HttpRequest, plist: ProjectList, rows: QuerySet[Project]) -> HttpResponse:
    """The projects exactly as filtered, or (?export=reports) their monthly reports."""
    if request.GET.get("export") == "reports":
        reports = MonthlyReport.objects.filter(project__in=rows, year=plist.year)
        return exports.register_response(
            "project-reports", reports.order_by("project__code", "month"), plist
        )
    return exports.register_response("projects", rows.order_by("code"), plist)


def _visible_project(request: HttpRequest, pk: int) -> Project:
    projects = Project.objects.visible_to(_user(request)).select_related("list", "area", "party")
    return get_object_or_404(projects.prefetch_related("responsible_units", "locations"), pk=pk)


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _visible_project(request, pk)
    prefetch_related_objects([project], Prefetch("notices", queryset=ladder.history()))
    year = project.list.year
    month = fg.default_month(year, clock.today())
    reports = list(
        project.reports.filter(year=year)
        .select_related("submitted_by", "accepted_by")
        .prefetch_related("supports__to_unit")
        .order_by("-month")
    )
    rows = Project.objects.filter(pk=pk).annotate(completed=fg.completed_expr(year, month))
    completed = rows.values_list("completed", flat=True).get()
    rate = fg.completion_rate(completed, project.year_planned)
    margin = ProjectRules.current().yellow_margin
    missed = project.missed_start(fg.month_end(year, month))
    context = {
        "project": project,
        "reports": reports,
        "nodes": project.nodes.all(),
        "month": month,
        "completed": completed,
        "rate": rate,
        "ahead": fg.ahead_points(rate, month),
        "light": fg.light_of(rate, month, margin, missed),
        "missed_start": missed,
        "may_report": workflow.may_report(_user(request), project),
        "is_office": actor_of(_user(request)).is_office,
        "answerable": {
            s.pk
            for r in reports
            for s in r.supports.all()
            if s.is_open and workflow.may_answer(_user(request), s)
        },
    }
    return render(request, "projects/detail.html", context)


def _report_initial(project: Project, month: int) -> dict[str, Any]:
    existing = project.reports.filter(year=project.list.year, month=month).first()
    if existing is None:
        return {"month": month}
    fields = ("cumulative_completed", "progress", "problems", "version")
    return {"month": month} | {f: getattr(existing, f) for f in fields}


@login_required
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _visible_project(request, pk)
    if not workflow.may_report(_user(request), project):
        raise PermissionDenied
    month = fg.default_month(project.list.year, clock.today())
    if request.GET.get("month", "").isdigit():
        month = min(max(int(request.GET["month"]), 1), 12)
    form = ReportForm(request.POST or None, initial=_report_initial(project, month))
    if request.method == "POST" and form.is_valid():
        try:
            _submit(request, project, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("月报已报送，等待联合办公室受理。"))
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/report_form.html", {"project": project, "form": form})


def _submit(request: HttpRequest, project: Project, form: ReportForm) -> MonthlyReport:
    data = form.cleaned_data
    exists = project.reports.filter(year=project.list.year, month=data["month"]).exists()
    if exists and data["version"] is None:
        raise workflow.ConflictError()
    report = workflow.ReportData(
        data["month"], data["cumulative_completed"], data["progress"], data["problems"]
    )
    supports = []
    if data["support_text"].strip():
        supports = [
            workflow.SupportData(
                data["support_kind"], data["support_text"], data["support_to_unit"]
            )
        ]
    return workflow.submit_report(_user(request), project, report, supports, data["version"])


def _visible_report(request: HttpRequest, pk: int) -> MonthlyReport:
    projects = Project.objects.visible_to(_user(request))
    reports = MonthlyReport.objects.filter(project__in=projects).select_related("project")
    return get_object_or_404(reports, pk=pk)


@login_required
@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    form = VersionedForm(request.POST)
    if not actor_of(_user(request)).is_office:
        raise PermissionDenied
    try:
        version = form.cleaned_data["version"] if form.is_valid() else None
        if version is None:
            raise workflow.WorkflowError(_("版本：缺少版本号，请刷新页面后重试。"))
        workflow.accept_report(_user(request), report, version)
        messages.success(request, _("月报已受理并锁定。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("projects:project_detail", pk=report.project_id)


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    form = ReturnForm(request.POST)
    if not actor_of(_user(request)).is_office:
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("退回原因：请填写退回原因。"))
        return redirect("projects:project_detail", pk=report.project_id)
    try:
        workflow.return_report(
            _user(request), report, form.cleaned_data["reason"], form.cleaned_data["version"]
        )
        messages.success(request, _("月报已退回。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("projects:project_detail", pk=report.project_id)


def _visible_supports(user: User) -> QuerySet[SupportRequest]:
    actor = actor_of(user)
    rows = SupportRequest.objects.all()
    if not actor.reads_all:
        projects = Project.objects.visible_to(user)
        rows = rows.filter(Q(report__project__in=projects) | Q(to_unit__in=actor.unit_ids))
    return rows


@login_required
def supports(request: HttpRequest) -> HttpResponse:
    _require_business(request)
    form = SupportFilterForm(request.GET)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    rows = _visible_supports(_user(request))
    if state == "":
        rows = rows.filter(answered_at__isnull=True)
    elif state == "answered":
        rows = rows.filter(answered_at__isnull=False)
    rows = rows.select_related("report__project", "to_unit").order_by(
        "-report__year", "-report__month", "id"
    )
    if exports.wants_xlsx(request):
        return _supports_xlsx(rows)
    page = _page(request, rows)
    user = _user(request)
    for s in page:
        s.may_answer = s.is_open and workflow.may_answer(user, s)
    return render(request, "projects/supports.html", {"form": form, "page": page})


def _supports_xlsx(rows: QuerySet[SupportRequest]) -> HttpResponse:
    columns = [_("项目编号"), _("项目"), _("月份"), _("要素类型"), _("诉求内容"), _("协调单位")]
    columns += [_("答复"), _("答复时间")]
    table = [
        [
            s.report.project.code,
            s.report.project.name,
            f"{s.report.year}-{s.report.month:02d}",
            s.get_kind_display(),
            s.text,
            str(s.to_unit) if s.to_unit else "",
            s.answer,
            s.answered_at,
        ]
        for s in rows
    ]
    return exports.table_response(_("要素保障诉求"), columns, table)


@login_required
@require_POST
def support_answer(request: HttpRequest, pk: int) -> HttpResponse:
    support = get_object_or_404(_visible_supports(_user(request)).select_related("report"), pk=pk)
    form = AnswerForm(request.POST)
    if not workflow.may_answer(_user(request), support):
        raise PermissionDenied
    try:
        answer = form.cleaned_data["answer"] if form.is_valid() else ""
        workflow.answer_support(_user(request), support, answer)
        messages.success(request, _("诉求已答复。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(request.POST.get("next") or "projects:supports")


def _require_reader_of_all(request: HttpRequest) -> None:
    _require_business(request)
    if not actor_of(_user(request)).reads_all:
        raise PermissionDenied


def _missing_xlsx(rows: QuerySet[Project], late: bool) -> HttpResponse:
    state = _("逾期未报") if late else _("未报送")
    columns = [_("编号"), _("项目名称"), _("领域"), _("责任单位"), _("状态")]
    table = [
        [p.code, p.name, p.area.name, "、".join(str(u) for u in p.responsible_units.all()), state]
        for p in rows
    ]
    return exports.table_response(_("未报送月报的项目"), columns, table)


@login_required
def missing(request: HttpRequest) -> HttpResponse:
    _require_reader_of_all(request)
    form = PeriodForm(request.GET)
    plist, month = _period(request, form)
    due = fg.report_due(plist.year, month, ProjectRules.current().report_due_day)
    if exports.wants_xlsx(request):
        return _missing_xlsx(fg.missing_reports(plist, month), clock.today() > due)
    context = {
        "form": form,
        "plist": plist,
        "month": month,
        "due": due,
        "late": clock.today() > due,
        "page": _page(request, fg.missing_reports(plist, month)),
    }
    return render(request, "projects/missing.html", context)


@login_required
def bulletin(request: HttpRequest) -> HttpResponse:
    _require_reader_of_all(request)
    form = PeriodForm(request.GET)
    plist, month = _period(request, form)
    projects = Project.objects.filter(list=plist).in_list()
    margin = ProjectRules.current().yellow_margin
    late, late_total = fg.most_behind(projects, plist.year, month, margin, LATE_SHOWN)
    open_supports = fg.open_supports(projects, plist.year, month)
    pending = fg.pending_reports(projects, plist.year, month)
    figures = fg.figures_for(projects, plist.year, month)
    context = {
        "form": form,
        "plist": plist,
        "month": month,
        "figures": figures,
        "lines": sentences.lines(figures),
        "figure_rows": figures.rows(_("川渝共建")),
        "late": late,
        "late_total": late_total,
        "missing": fg.missing_reports(plist, month).count(),
        "pending": pending,
        "supports": list(open_supports),
        "today": clock.today(),
    }
    return render(request, "projects/bulletin.html", context)


@login_required
def list_versions(request: HttpRequest, pk: int) -> HttpResponse:
    plist = get_object_or_404(ProjectList.objects.visible_to(_user(request)), pk=pk)
    is_office = actor_of(_user(request)).is_office
    form = VersionForm(request.POST or None)
    if request.method == "POST":
        if not is_office:
            raise PermissionDenied
        if form.is_valid():
            version = versions.snapshot_version(
                _user(request), plist, form.cleaned_data["note"], form.cleaned_data["meeting"]
            )
            messages.success(request, _("已生成名单版本 v%(n)s。") % {"n": version.number})
            return redirect("projects:list_versions", pk=plist.pk)
    rows = plist.versions.select_related("approved_at_meeting__series", "created_by")
    context = {"plist": plist, "versions": list(rows), "form": form, "is_office": is_office}
    return render(request, "projects/versions.html", context)


@login_required
def list_compare(request: HttpRequest) -> HttpResponse:
    _require_business(request)
    form = CompareForm(request.GET)
    if not form.is_valid():
        return render(request, "projects/compare.html", {"form": form}, status=400)
    visible = ProjectListVersion.objects.filter(
        list__in=ProjectList.objects.visible_to(_user(request))
    )
    v_a = get_object_or_404(visible.select_related("list"), pk=form.cleaned_data["a"])
    v_b = get_object_or_404(visible, pk=form.cleaned_data["b"])
    if v_a.list_id != v_b.list_id:
        form.add_error(None, _("只能比较同一名单的两个版本。"))
        return render(request, "projects/compare.html", {"form": form}, status=400)
    comparison = versions.compare(v_a, v_b)
    if not actor_of(_user(request)).reads_all:
        codes = Project.objects.visible_to(_user(request)).filter(list=v_a.list_id)
        comparison = comparison.restricted_to(set(codes.values_list("code", flat=True)))
    context = {
        "form": form,
        "a": v_a,
        "b": v_b,
        "plist": v_a.list,
        "rows": versions.present(comparison),
        "same": comparison.is_empty,
    }
    return render(request, "projects/compare.html", context)


# --- the register: the joint office creates and edits projects, areas and rules -------------


def _require_office(request: HttpRequest) -> None:
    _require_business(request)
    if not actor_of(_user(request)).is_office:
        raise PermissionDenied


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    list_pk = request.GET.get("list", "")
    if not list_pk.isdigit():
        raise Http404
    plist = get_object_or_404(ProjectList.objects.visible_to(_user(request)), pk=int(list_pk))
    _require_office(request)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = workflow.create_project(_user(request), plist, dict(form.cleaned_data))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("项目已新建。"))
            return redirect("projects:project_detail", pk=project.pk)
    context = {"form": form, "plist": plist, "project": None}
    return render(request, "projects/project_form.html", context)


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _visible_project(request, pk)
    _require_office(request)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            workflow.update_project(_user(request), project, data, data.pop("version"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("项目已保存。"))
            return redirect("projects:project_detail", pk=project.pk)
    context = {"form": form, "plist": project.list, "project": project}
    return render(request, "projects/project_form.html", context)


@login_required
def areas(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = get_object_or_404(ProjectArea, pk=data["pk"]) if data["pk"] else None
        try:
            workflow.save_area(_user(request), area, data["name"], data["order"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("项目领域已保存。"))
            return redirect("projects:areas")
    context = {"form": form, "areas": ProjectArea.objects.all()}
    return render(request, "projects/areas.html", context)


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    current = ProjectRules.current()
    initial = {f: getattr(current, f) for f in ("yellow_margin", "report_due_day", "version")}
    form = RulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow.save_rules(
                _user(request), data["yellow_margin"], data["report_due_day"], data["version"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("亮灯规则已保存。"))
            return redirect("projects:rules")
    return render(request, "projects/rules.html", {"form": form})
