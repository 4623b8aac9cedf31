"""川渝通办 pages: totals and search, one item with its volumes, and the office's forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from twincity.accounts.models import Party, User
from twincity.accounts.policy import actor_of, is_business_user, require
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
FormT = TypeVar("FormT", bound=forms.BaseForm)


# --- helpers ---------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


def _require_reader(request: HttpRequest) -> None:
    """The administrators do not see business pages: 404, as for any record they cannot see."""
    if not is_business_user(actor_of(_user(request))):
        raise Http404


def _decorate(form: FormT) -> FormT:
    """Give the widgets their Bootstrap classes."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            css = "form-select"
        elif isinstance(widget, forms.DateInput):
            widget.input_type, widget.format = "date", "%Y-%m-%d"  # what <input type=date> reads
            css = "form-control"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
    return form


def _attempt(form: forms.BaseForm, write: Callable[[], Any]) -> Any | None:
    """Run a workflow write and return its result; on refusal put the reason on the form."""
    try:
        return write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


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


# --- reading ---------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    user = _user(request)
    form = _decorate(ServiceFilterForm(request.GET or None))
    form.is_valid()
    items = form.apply(ServiceItem.objects.visible_to(user))
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
    form = _decorate(BatchForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        batch = _attempt(form, lambda: workflow.create_batch(_user(request), form.cleaned_data))
        if batch:
            messages.success(request, _("通办批次已创建。"))
            return redirect("services:index")
    return render(request, "services/batch_form.html", {"form": form, "batch": None})


@login_required
def batch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _office_batch(request, pk)
    form = _decorate(BatchForm(request.POST or None, initial=BatchForm.initial_for(batch)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _attempt(
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
    form = _decorate(ItemForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        data, units = form.cleaned_data, form.units()
        if item := _attempt(form, lambda: workflow.create_item(user, data, units)):
            messages.success(request, _("通办事项已创建。"))
            return redirect("services:item_detail", pk=item.pk)
    return render(request, "services/item_form.html", {"form": form, "item": None})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _office_item(request, pk)
    form = _decorate(ItemForm(request.POST or None, initial=ItemForm.initial_for(item)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        units, version = form.units(), data["version"]
        if _attempt(form, lambda: workflow.update_item(_user(request), item, data, units, version)):
            messages.success(request, _("通办事项已保存。"))
            return redirect("services:item_detail", pk=item.pk)
    return render(request, "services/item_form.html", {"form": form, "item": item})


@login_required
def volume_entry(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    user = _user(request)
    require(actor_of(user).is_office)
    form = _decorate(VolumeForm(request.POST or None, initial=request.GET.dict()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        args = (data["item"], data["party"], data["year"], data["month"], data["cases"])
        result = _attempt(form, lambda: workflow.record_volume(user, *args))
        if result:
            created = result[1]
            messages.success(request, _("办件量已录入。") if created else _("办件量已更新。"))
            return redirect("services:item_detail", pk=data["item"].pk)
    return render(request, "services/volume_form.html", {"form": form})
