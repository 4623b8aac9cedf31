"""川渝通办 pages: totals and search, one item with its volumes, and the office's forms."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from twincity.accounts.models import Party, User
from twincity.accounts.policy import actor_of, is_business_user, require
from twincity.imports import exports
from twincity.lib.forms import attempt, bootstrap
from twincity.lib.htmx import render_page
from twincity.services import workflow
from twincity.services.forms import BatchForm, ItemForm, ServiceFilterForm, VolumeForm
from twincity.services.models import (
    CaseVolume,
    ServiceBatch,
    ServiceCategory,
    ServiceDepartment,
    ServiceItem,
    ServiceMode,
    batch_label,
)

PAGE_SIZE = 50


# --- helpers ---------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


def _require_reader(request: HttpRequest) -> None:
    """The administrators do not see business pages: 404, as for any record they cannot see."""
    if not is_business_user(actor_of(_user(request))):
        raise Http404


def _count_by(items: QuerySet[ServiceItem], field: str, labels: Any) -> list[dict[str, Any]]:
    """Items per value of a choice field, most first, with the choice's label."""
    rows = items.values(field).annotate(n=Count("id")).order_by("-n", field)
    return [{"label": labels(row[field]).label, "n": row["n"]} for row in rows]


def _totals(items: QuerySet[ServiceItem]) -> dict[str, Any]:
    """Items per batch, mode and category, and cases per side and per year: one query each."""
    volumes = CaseVolume.objects.filter(item__in=items.values("pk"))
    by = items.order_by()
    return {
        "items": by.count(),
        "by_batch": [
            row | {"label": batch_label(row["batch__number"])}
            for row in by.values("batch_id", "batch__number", "batch__title")
            .annotate(n=Count("id"))
            .order_by("batch__number")
        ],
        "by_mode": _count_by(by, "mode", ServiceMode),
        "by_category": _count_by(by, "category", ServiceCategory),
        "by_party": list(
            volumes.values("party__short_name", "party__order")
            .annotate(cases=Sum("cases"))
            .order_by("party__order")
        ),
        "by_year": list(volumes.values("year").annotate(cases=Sum("cases")).order_by("year")),
        "cases": volumes.aggregate(total=Sum("cases"))["total"] or 0,
    }


def _table_rows(items: QuerySet[ServiceItem]) -> QuerySet[ServiceItem]:
    sides = ServiceDepartment.objects.select_related("party", "unit")
    return (
        items.select_related("batch")
        .prefetch_related(Prefetch("departments", queryset=sides))
        .annotate(total_cases=Sum("volumes__cases"))
        .order_by("batch__number", "code")
    )


def _monthly(item: ServiceItem, parties: list[Party]) -> list[dict[str, Any]]:
    """Rows of (year, month, cases per party in `parties` order, total), newest first."""
    grid: dict[tuple[int, int], dict[int, int]] = {}
    for volume in item.volumes.all():
        grid.setdefault((volume.year, volume.month), {})[volume.party_id] = volume.cases
    rows = []
    for (year, month), cells in sorted(grid.items(), reverse=True):
        row = [cells.get(p.pk) for p in parties]
        rows.append({"year": year, "month": month, "cells": row, "total": sum(filter(None, row))})
    return rows


def _export(request: HttpRequest, items: QuerySet[ServiceItem]) -> HttpResponse:
    """The filtered items, or (?volumes=1) their monthly volumes, in the import columns."""
    if request.GET.get("volumes"):
        volumes = CaseVolume.objects.filter(item__in=items.values("pk")).order_by(
            "item__batch__number", "item__code", "year", "month", "party__order"
        )
        return exports.register_response("service-volumes", volumes)
    return exports.register_response("services", items.order_by("batch__number", "code"))


# --- reading ---------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    user = _user(request)
    form = bootstrap(ServiceFilterForm(request.GET or None))
    form.is_valid()
    items = form.apply(ServiceItem.objects.visible_to(user))
    if exports.wants_xlsx(request):
        return _export(request, items)
    page = Paginator(_table_rows(items), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "totals": _totals(items),
        "is_office": actor_of(user).is_office,
    }
    return render_page(request, "services/index.html", "services/_results.html", context)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    items = ServiceItem.objects.visible_to(user).select_related("batch")
    item = get_object_or_404(items, pk=pk)
    parties = list(Party.objects.all())
    departments = item.departments.select_related("party", "unit")
    rows = _monthly(item, parties)
    totals = [sum(row["cells"][i] or 0 for row in rows) for i in range(len(parties))]
    context = {
        "item": item,
        "departments": departments,
        "parties": parties,
        "rows": rows,
        "side_totals": totals,
        "grand_total": sum(totals),
        "is_office": actor_of(user).is_office,
    }
    return render(request, "services/item_detail.html", context)


# --- the office's forms ----------------------------------------------------------------------


def _office_batch(request: HttpRequest, pk: int) -> ServiceBatch:
    batch = get_object_or_404(ServiceBatch.objects.visible_to(_user(request)), pk=pk)
    require(actor_of(_user(request)).is_office)
    return batch


def _office_item(request: HttpRequest, pk: int) -> ServiceItem:
    item = get_object_or_404(ServiceItem.objects.visible_to(_user(request)), pk=pk)
    require(actor_of(_user(request)).is_office)
    return item


@login_required
def batch_create(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    require(actor_of(_user(request)).is_office)
    form = bootstrap(BatchForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        batch = attempt(form, lambda: workflow.create_batch(_user(request), form.cleaned_data))
        if batch:
            messages.success(request, _("通办批次已创建。"))
            return redirect("services:index")
    return render(request, "services/batch_form.html", {"form": form, "batch": None})


@login_required
def batch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _office_batch(request, pk)
    form = bootstrap(BatchForm(request.POST or None, initial=BatchForm.initial_for(batch)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            form, lambda: workflow.update_batch(_user(request), batch, data, data["version"])
        )
        if saved:
            messages.success(request, _("通办批次已保存。"))
            return redirect("services:index")
    return render(request, "services/batch_form.html", {"form": form, "batch": batch})


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    user = _user(request)
    require(actor_of(user).is_office)
    form = bootstrap(ItemForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        data, units = form.cleaned_data, form.units()
        if item := attempt(form, lambda: workflow.create_item(user, data, units)):
            messages.success(request, _("通办事项已创建。"))
            return redirect("services:item_detail", pk=item.pk)
    return render(request, "services/item_form.html", {"form": form, "item": None})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _office_item(request, pk)
    form = bootstrap(ItemForm(request.POST or None, initial=ItemForm.initial_for(item)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        units, version = form.units(), data["version"]
        if attempt(form, lambda: workflow.update_item(_user(request), item, data, units, version)):
            messages.success(request, _("通办事项已保存。"))
            return redirect("services:item_detail", pk=item.pk)
    return render(request, "services/item_form.html", {"form": form, "item": item})


@login_required
def volume_entry(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    user = _user(request)
    require(actor_of(user).is_office)
    form = bootstrap(VolumeForm(request.POST or None, initial=request.GET.dict()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        args = (data["item"], data["party"], data["year"], data["month"], data["cases"])
        result = attempt(form, lambda: workflow.record_volume(user, *args))
        if result:
            created = result[1]
            messages.success(request, _("办件量已录入。") if created else _("办件量已更新。"))
            return redirect("services:item_detail", pk=data["item"].pk)
    return render(request, "services/volume_form.html", {"form": form})
