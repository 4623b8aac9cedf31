"""Platforms and agreements pages: lists, one record, and the office's forms."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of, is_business_user
from twincity.audit.log import record, snapshot
from twincity.commitments.models import Item
from twincity.platforms import related
from twincity.platforms.forms import (
    AgreementFilterForm,
    AgreementForm,
    PlatformFigureFormSet,
    PlatformForm,
)
from twincity.platforms.models import Agreement, Platform
from twincity.reports.excel import Sheet, xlsx_response

PAGE_SIZE = 25
SHOWN_AGREEMENTS = 10
SHOWN_PROJECTS = 20


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


def _page(request: HttpRequest, rows: QuerySet[Any], size: int = PAGE_SIZE) -> Any:
    return Paginator(rows, size).get_page(request.GET.get("page"))


# --- platforms ---------------------------------------------------------------------------------


def _platforms(user: User) -> QuerySet[Platform]:
    return (
        Platform.objects.visible_to(user)
        .select_related("unit")
        .prefetch_related("members__party")
        .annotate(n_figures=Count("figures"))
        .order_by("id")
    )


def _platforms_export(user: User, platforms: list[Platform]) -> HttpResponse:
    columns = [
        _("名称"),
        _("类型"),
        _("总体方案批复时间"),
        _("成员单位"),
        _("成员数"),
        _("事项数"),
        _("数据项"),
    ]
    counts = related.item_counts(user, platforms)
    rows = (
        [
            p.name,
            p.get_kind_display(),
            p.plan_approved,
            "、".join(_member(unit) for unit in p.members.all()),
            len(p.members.all()),
            counts[p.pk],
            p.n_figures,  # type: ignore[attr-defined]
        ]
        for p in platforms
    )
    return xlsx_response(_("合作平台"), [Sheet(_("合作平台"), columns, rows)])


def _member(unit: Any) -> str:
    return f"{unit.party} {unit}" if unit.party else str(unit)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    if request.GET.get("format") == "xlsx":
        return _platforms_export(user, list(_platforms(user)))
    page = _page(request, _platforms(user), 50)
    counts = related.item_counts(user, list(page))
    for platform in page:
        platform.n_items = counts[platform.pk]
    context = {
        "page": page,
        "n_agreements": Agreement.objects.visible_to(user).count(),
        "can_edit": actor_of(user).is_office,
    }
    return render(request, "platforms/index.html", context)


@login_required
def platform_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    platform = get_object_or_404(_platforms(user).prefetch_related("figures"), pk=pk)
    units = platform.unit_ids()
    projects = related.projects_of_units(user, units)
    agreements = related.agreements_of_units(user, units).prefetch_related("parties")
    context = {
        "platform": platform,
        "page": _page(request, related.items_of_units(user, units).for_table()),
        "projects": None if projects is None else related.project_links(projects[:SHOWN_PROJECTS]),
        "agreements": agreements[:SHOWN_AGREEMENTS],
        "can_edit": actor_of(user).is_office,
    }
    return render(request, "platforms/platform_detail.html", context)


@login_required
def platform_create(request: HttpRequest) -> HttpResponse:
    return _platform_form(request, _office(request), None)


@login_required
def platform_edit(request: HttpRequest, pk: int) -> HttpResponse:
    platform = get_object_or_404(Platform.objects.visible_to(_reader(request)), pk=pk)
    return _platform_form(request, _office(request), platform)


def _platform_form(request: HttpRequest, user: User, platform: Platform | None) -> HttpResponse:
    before = _platform_state(platform) if platform else None
    form = PlatformForm(request.POST or None, instance=platform)
    figures = PlatformFigureFormSet(request.POST or None, instance=platform, prefix="figures")
    if request.method == "POST" and all([form.is_valid(), figures.is_valid()]):
        saved = _save_platform(user, form, figures, before)
        messages.success(request, _("合作平台已保存。"))
        return redirect("platforms:platform_detail", saved.pk)
    context = {"form": form, "figures": figures, "platform": platform}
    return render(request, "platforms/platform_form.html", context)


def _platform_state(platform: Platform) -> dict[str, Any]:
    figures = [
        {"label": f.label, "value": str(f.value), "unit": f.unit, "year": f.year}
        for f in platform.figures.all()
    ]
    return snapshot(platform) | {"figures": figures}


@transaction.atomic
def _save_platform(user: User, form: PlatformForm, figures: Any, before: Any) -> Platform:
    platform = form.save()
    figures.instance = platform
    figures.save()
    action = "platform.update" if before else "platform.create"
    record(action, actor=user, target=platform, before=before, after=_platform_state(platform))
    return platform


# --- agreements --------------------------------------------------------------------------------


def _areas(rows: QuerySet[Agreement]) -> list[str]:
    values = rows.exclude(area="").order_by("area").values_list("area", flat=True).distinct()
    return list(values)


def _counts(rows: QuerySet[Agreement], key: str, **annotation: Any) -> list[dict[str, Any]]:
    """Agreements counted by one key, in one grouped query."""
    grouped = rows.order_by().annotate(**annotation).values(key).annotate(n=Count("pk"))
    return list(grouped.order_by(key))


def _agreement_rows(
    request: HttpRequest, user: User
) -> tuple[AgreementFilterForm, QuerySet[Agreement]]:
    """The agreements filter and the agreements it selects (the page and its export)."""
    visible = Agreement.objects.visible_to(user)
    form = AgreementFilterForm(request.GET, areas=_areas(visible))
    return form, form.filter(visible)


def _agreements_export(rows: QuerySet[Agreement]) -> HttpResponse:
    columns = [
        _("协议名称"),
        _("文号"),
        _("签署日期"),
        _("领域"),
        _("参与方"),
        _("签署单位"),
        _("关联事项"),
        _("公开"),
    ]
    yes, no = _("是"), _("否")
    lines = (
        [
            a.title,
            a.doc_number,
            a.date,
            a.area,
            "、".join(str(party) for party in a.parties.all()),
            "\n".join(str(unit) for unit in a.signatory_units.all()),
            "、".join(item.code for item in a.items.all()),
            yes if a.is_public else no,
        ]
        for a in rows
    )
    return xlsx_response(_("合作协议"), [Sheet(_("合作协议"), columns, lines)])


@login_required
def agreements(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    form, rows = _agreement_rows(request, user)
    items = Item.objects.visible_to(user)
    listed = rows.prefetch_related("parties", "signatory_units", Prefetch("items", items))
    if request.GET.get("format") == "xlsx":
        return _agreements_export(listed)
    page = _page(request, listed)
    context = {
        "form": form,
        "page": page,
        "by_year": _counts(rows, "year", year=ExtractYear("date")),
        "by_area": _counts(rows, "area"),
        "can_edit": actor_of(user).is_office,
    }
    return render(request, "platforms/agreements.html", context)


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    items = Item.objects.visible_to(user).for_table()
    rows = Agreement.objects.visible_to(user).select_related("created_by")
    agreement = get_object_or_404(
        rows.prefetch_related("parties", "signatory_units__party", Prefetch("items", items)),
        pk=pk,
    )
    context = {"agreement": agreement, "can_edit": actor_of(user).is_office}
    return render(request, "platforms/agreement_detail.html", context)


@login_required
def agreement_create(request: HttpRequest) -> HttpResponse:
    return _agreement_form(request, _office(request), None)


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.visible_to(_reader(request)), pk=pk)
    return _agreement_form(request, _office(request), agreement)


def _agreement_form(request: HttpRequest, user: User, agreement: Agreement | None) -> HttpResponse:
    before = snapshot(agreement) if agreement else None
    form = AgreementForm(request.POST or None, instance=agreement, user=user)
    if request.method == "POST" and form.is_valid():
        saved = _save_agreement(user, form, before)
        messages.success(request, _("合作协议已保存。"))
        return redirect("platforms:agreement_detail", saved.pk)
    return render(request, "platforms/agreement_form.html", {"form": form, "agreement": agreement})


@transaction.atomic
def _save_agreement(user: User, form: AgreementForm, before: Any) -> Agreement:
    agreement = form.save(commit=False)
    if before is None:
        agreement.created_by = user
    agreement.save()
    form.save_m2m()
    action = "agreement.update" if before else "agreement.create"
    record(action, actor=user, target=agreement, before=before, after=snapshot(agreement))
    return agreement
