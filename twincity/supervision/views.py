"""Supervision pages: the overview, reporting rounds, the bulletin draft, the light rules.

Business users read every page; the joint office opens and closes rounds and edits the
rules (others get 403); the three administrators get 404.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of, is_business_user
from twincity.commitments.models import Item, ReportStatus
from twincity.commitments.workflow import ConflictError
from twincity.lib import clock
from twincity.lib.htmx import render_page
from twincity.reports.excel import Sheet, xlsx_response
from twincity.supervision import rounds as r
from twincity.supervision import stats
from twincity.supervision.extensions import extended_item_ids, round_extension_figures
from twincity.supervision.forms import OverviewFilterForm, RoundForm, ThresholdsForm
from twincity.supervision.ladder import round_notice_figures
from twincity.supervision.lights import LIT_STATES
from twincity.supervision.models import ExpectedReport, Light, ReportingRound, Thresholds

PAGE_SIZE = 25
OVERDUE_SHOWN = 20


def _reader(request: HttpRequest) -> User:
    """The signed-in business user; administrators do not see these pages."""
    user = cast(User, request.user)
    if not is_business_user(actor_of(user)):
        raise Http404
    return user


def _office(request: HttpRequest) -> User:
    user = _reader(request)
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以执行此操作。"))
    return user


def _round(request: HttpRequest, pk: int) -> ReportingRound:
    rounds = ReportingRound.objects.visible_to(request.user).select_related("opened_by")
    return get_object_or_404(rounds, pk=pk)


# --- the overview ------------------------------------------------------------------------------


def _areas(items: QuerySet[Item]) -> list[str]:
    rows = items.exclude(area="").order_by("area").values_list("area", flat=True).distinct()
    return list(rows)


def _lights_context(request: HttpRequest, items: QuerySet[Item], party: Any) -> dict[str, Any]:
    rows = stats.lit_items(items, party.pk if party else None)
    flagged = [x for x in rows if x.light in stats.FLAGGED]
    late = stats.overdue(rows)
    none = _("未分组")
    return {
        "counts": stats.light_counts(rows),
        "page": Paginator(flagged, PAGE_SIZE).get_page(request.GET.get("page")),
        "overdue": late[:OVERDUE_SHOWN],
        "overdue_total": len(late),
        "by_unit": stats.by_unit(rows),
        "by_party": stats.by_party(rows),
        "by_group": stats.by_group(rows, none),
        "by_area": stats.by_area(rows, _("未填领域")),
    }


def _party_pk(form: OverviewFilterForm) -> int | None:
    party = form.value("party")
    return party.pk if party else None


def _round_context(form: OverviewFilterForm, items: QuerySet[Item]) -> dict[str, Any]:
    rnd = stats.current_round()
    if rnd is None:
        return {"round": None}
    where = form.report_filter()
    recent = r.recent_rounds(before=rnd)
    totals = {h.total.key: h.total for h in r.history_table(recent, where)}
    ranking = r.ranked(r.round_figures(rnd, "unit", where))
    return {
        "round": rnd,
        "totals": r.round_totals(rnd, where),
        "ranking": [(f, totals.get(f.key)) for f in ranking],
        "recent_count": len(recent),
        "trend": stats.light_trend(r.recent_rounds(), items),
    }


def _overview_items(request: HttpRequest, user: User) -> tuple[OverviewFilterForm, QuerySet[Item]]:
    """The overview's filter form and the lit items it selects (the page and its export)."""
    visible = Item.objects.visible_to(user).filter(state__in=LIT_STATES)
    form = OverviewFilterForm(request.GET or None, areas=_areas(visible))
    return form, visible.filter(pk__in=visible.filter(form.item_filter()).values("pk"))


def _flagged_export(rows: list[stats.LitItem]) -> HttpResponse:
    columns = [
        _("亮灯"),
        _("编号"),
        _("事项名称"),
        _("各方牵头单位"),
        _("专项工作组"),
        _("领域"),
        _("完成时限"),
        _("进度（%）"),
        _("逾期天数"),
    ]
    lines = (
        [
            Light(x.light).label,
            x.item.code,
            x.item.title,
            "\n".join(f"{s.party} {s.lead_unit}（{Light(light).label}）" for s, light in x.sides),
            str(x.item.working_group or ""),
            x.item.area,
            x.item.deadline,
            x.item.progress,
            x.days_late or None,
        ]
        for x in rows
        if x.light in stats.FLAGGED
    )
    sheet = Sheet(_("红灯、黄灯及恢复事项"), columns, lines)
    return xlsx_response(_("亮灯事项"), [sheet])


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    form, items = _overview_items(request, user)
    if request.GET.get("format") == "xlsx":
        return _flagged_export(stats.lit_items(items, _party_pk(form)))
    context = {
        "form": form,
        "is_office": actor_of(user).is_office,
        "hx": True,
        **_lights_context(request, items, form.value("party")),
        **_round_context(form, items),
    }
    return render_page(request, "supervision/overview.html", "supervision/_overview.html", context)


# --- rounds ------------------------------------------------------------------------------------


def _annotated_figures(rnd: ReportingRound) -> r.Figures:
    """The totals round_list() annotated on a round."""
    counts = (rnd.n_expected, rnd.n_submitted, rnd.n_on_time)  # type: ignore[attr-defined]
    return r.Figures(rnd.pk, str(rnd), *counts)


def _figure_cells(f: r.Figures) -> list[Any]:
    return [f.expected, f.submitted, f.on_time, f.late, f.missing, f.rate]


def _figure_columns() -> list[str]:
    return [_("应报"), _("已报"), _("按时"), _("逾期报送"), _("未报送"), _("按时报送率（%）")]


def _rounds_export(rows: QuerySet[ReportingRound]) -> HttpResponse:
    columns = [
        _("报送期次"),
        _("清单类型"),
        _("报送截止日期"),
        _("状态"),
        *_figure_columns(),
        _("发起时间"),
        _("发起人"),
    ]
    lines = (
        [
            rnd.period,
            "、".join(rnd.kind_labels),
            rnd.due,
            rnd.get_status_display(),
            *_figure_cells(_annotated_figures(rnd)),
            rnd.opened_at,
            str(rnd.opened_by or ""),
        ]
        for rnd in rows
    )
    return xlsx_response(_("调度轮次"), [Sheet(_("调度轮次"), columns, lines)])


@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    rows = r.round_list(ReportingRound.objects.visible_to(user))
    if request.GET.get("format") == "xlsx":
        return _rounds_export(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for rnd in page:
        rnd.figures = _annotated_figures(rnd)  # type: ignore[attr-defined]
    context = {"page": page, "is_office": actor_of(user).is_office}
    return render(request, "supervision/rounds.html", context)


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    user = _office(request)
    form = RoundForm(request.POST or None, today=clock.today())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rnd = r.open_round(user, data["period"], data["kinds"], data["due"], data["note"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("已发起调度，应报 %(n)d 项。") % {"n": rnd.expected.count()}
            )
            return redirect("supervision:round_detail", rnd.pk)
    return render(request, "supervision/round_form.html", {"form": form})


def _outstanding(user: User, rnd: ReportingRound) -> QuerySet[ExpectedReport]:
    """The round's expected reports not (or no longer) submitted, on visible items."""
    not_done = Q(report__isnull=True) | ~Q(report__status__in=stats.DONE_STATUSES)
    return (
        rnd.expected.filter(not_done, item__in=Item.objects.visible_to(user))
        .select_related("item", "party", "unit", "report")
        .order_by("unit__party__order", "unit__name", "item__code")
    )


def _figures_sheet(title: str, heading: str, rows: list[r.Figures]) -> Sheet:
    lines = ([f.label, *_figure_cells(f)] for f in rows)
    return Sheet(title, [heading, *_figure_columns()], lines)


def _round_export(rnd: ReportingRound) -> HttpResponse:
    sheets = [
        _figures_sheet(_("按单位"), _("单位"), r.round_figures(rnd, "unit")),
        _figures_sheet(_("按参与方"), _("参与方"), r.round_figures(rnd, "party")),
        _figures_sheet(_("按专项工作组"), _("专项工作组"), r.round_figures(rnd, "group")),
    ]
    return xlsx_response(_("%(period)s报送情况") % {"period": rnd.period}, sheets)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    rnd = _round(request, pk)
    if request.GET.get("format") == "xlsx":
        return _round_export(rnd)
    history = r.recent_rounds(before=rnd)
    context = {
        "round": rnd,
        "totals_rows": [r.round_totals(rnd)],
        "by_unit": r.round_figures(rnd, "unit"),
        "by_party": r.round_figures(rnd, "party"),
        "by_group": r.round_figures(rnd, "group"),
        "history_rounds": history,
        "history": r.history_table(history),
        "notice_figures": round_notice_figures(rnd),
        "extension_figures": round_extension_figures(rnd),
        "page": Paginator(_outstanding(user, rnd), 50).get_page(request.GET.get("page")),
        "is_past_due": rnd.due < clock.today(),
        "is_office": actor_of(user).is_office,
        "ReportStatus": ReportStatus,
    }
    return render(request, "supervision/round_detail.html", context)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    user = _office(request)
    try:
        r.close_round(user, rnd)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("本轮调度已结束，已记录各事项亮灯情况。"))
    return redirect("supervision:round_detail", rnd.pk)


@login_required
def round_bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    rnd = _round(request, pk)
    units = r.round_figures(rnd, "unit")
    expected_items = Item.objects.visible_to(user).filter(pk__in=rnd.expected.values("item_id"))
    red = stats.red_items(rnd, expected_items)
    sides = stats.sides_with_difficulties([item.pk for item in red], rnd)
    context = {
        "round": rnd,
        "totals": r.round_totals(rnd),
        "on_time_units": [f for f in units if not f.missing and not f.late],
        "late_units": [f for f in units if not f.missing and f.late],
        "missing_units": [f for f in units if f.missing],
        "red_items": [(item, sides.get(item.pk, [])) for item in red],
        "extended": extended_item_ids(item.pk for item in red),
        "today": clock.today(),
    }
    return render(request, "supervision/round_bulletin.html", context)


# --- rules -------------------------------------------------------------------------------------


@login_required
def thresholds(request: HttpRequest) -> HttpResponse:
    user = _office(request)
    form = ThresholdsForm(request.POST or None, instance=Thresholds.current())
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            form.save_by(user)
        except ConflictError as error:
            form.add_error(None, error.messages)
            status = 409
        else:
            messages.success(request, _("亮灯与督办规则已保存。"))
            return redirect("supervision:thresholds")
    context = {"form": form, "light_choices": Light.choices}
    return render(request, "supervision/thresholds.html", context, status=status)
