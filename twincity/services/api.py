"""川渝通办 items and their monthly case volumes over the API, read-only (see docs/api.md).

Visibility is `ServiceItem.objects.visible_to(user)`, as on the services pages; volumes are
those of visible items.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet, Sum
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from twincity.accounts.models import Party
from twincity.api import Page, PageIn, caller, paginate
from twincity.services.forms import ServiceFilterForm
from twincity.services.models import CaseVolume, ServiceDepartment, ServiceItem

router: Router = Router(tags=["services"])


class ServiceBatchOut(Schema):
    id: int
    number: int
    label: str
    doc_number: str
    date: dt.date
    title: str


class ServiceDepartmentOut(Schema):
    party: str
    party_name: str
    unit_id: int
    unit: str


class ServiceOut(Schema):
    id: int
    code: str
    name: str
    batch: ServiceBatchOut
    category: str
    category_label: str
    mode: str
    mode_label: str
    launch_date: dt.date | None
    departments: list[ServiceDepartmentOut]
    total_cases: int


class ServiceSideCasesOut(Schema):
    party: str
    party_name: str
    cases: int


class ServiceDetailOut(ServiceOut):
    cases_by_side: list[ServiceSideCasesOut]


class ServiceFilters(PageIn):
    q: str = ""
    batch: int | None = None
    mode: str = ""
    category: str = ""
    party: int | None = None


class CaseVolumeOut(Schema):
    id: int
    item_id: int
    item_code: str
    party: str
    year: int
    month: int
    cases: int


class CaseVolumeFilters(PageIn):
    year: int | None = None
    month: int | None = None
    side: str = ""
    item: int | None = None


class CaseVolumeFilterForm(forms.Form):
    """The volume list's filters: a side is a party code (cq, sc, …)."""

    year = forms.IntegerField(required=False, min_value=2020, max_value=2100)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)
    side = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = Party.objects.values_list("code", flat=True)
        self.fields["side"].choices = [("", ""), *((c, c) for c in codes)]  # type: ignore[attr-defined]


def _valid(form: forms.Form) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


def _service_out(item: ServiceItem) -> dict[str, Any]:
    batch = item.batch
    departments = [
        {
            "party": d.party.code,
            "party_name": d.party.name,
            "unit_id": d.unit_id,
            "unit": str(d.unit),
        }
        for d in item.departments.all()
    ]
    return {
        **{n: getattr(item, n) for n in ServiceOut.model_fields if hasattr(item, n)},
        "batch": {
            **{n: getattr(batch, n) for n in ServiceBatchOut.model_fields if hasattr(batch, n)},
            "label": str(batch),
        },
        "category_label": item.get_category_display(),
        "mode_label": item.get_mode_display(),
        "departments": departments,
        "total_cases": item.total_cases or 0,  # type: ignore[attr-defined]
    }


def _visible(request: HttpRequest) -> QuerySet[ServiceItem]:
    """Visible items with their batch, departments and total cases (as the services table)."""
    sides = ServiceDepartment.objects.select_related("party", "unit")
    return (
        ServiceItem.objects.visible_to(caller(request))
        .select_related("batch")
        .prefetch_related(Prefetch("departments", queryset=sides))
        .annotate(total_cases=Sum("volumes__cases"))
    )


@router.get("", response=Page[ServiceOut])
def list_services(request: HttpRequest, filters: Query[ServiceFilters]) -> dict[str, Any]:
    """Visible items filtered like the services page (keyword, batch, mode, category, party
    id), by batch then code."""
    names = ("q", "batch", "mode", "category", "party")
    data = {k: v for k, v in filters.dict().items() if k in names and v not in (None, "")}
    form = ServiceFilterForm(data)
    _valid(form)
    rows = form.apply(_visible(request)).order_by("batch__number", "code", "pk")
    return paginate(rows, filters, _service_out)


def _volume_out(v: CaseVolume) -> dict[str, Any]:
    fields = {n: getattr(v, n) for n in CaseVolumeOut.model_fields if hasattr(v, n)}
    return fields | {"item_code": v.item.code, "party": v.party.code}


@router.get("/volumes", response=Page[CaseVolumeOut])
def list_volumes(request: HttpRequest, filters: Query[CaseVolumeFilters]) -> dict[str, Any]:
    """Monthly case volumes of visible items, by year, month, item code and side."""
    data = _valid(CaseVolumeFilterForm(filters.dict()))
    items = ServiceItem.objects.visible_to(caller(request))
    rows = CaseVolume.objects.filter(item__in=items).select_related("item", "party")
    if filters.item is not None:
        rows = rows.filter(item_id=filters.item)
    for name in ("year", "month"):
        if data[name] is not None:
            rows = rows.filter(**{name: data[name]})
    if data["side"]:
        rows = rows.filter(party__code=data["side"])
    order = ("year", "month", "item__code", "party__order", "pk")
    return paginate(rows.order_by(*order), filters, _volume_out)


@router.get("/{item_id}", response=ServiceDetailOut)
def get_service(request: HttpRequest, item_id: int) -> dict[str, Any]:
    """One item with its departments and its cases per side."""
    item = get_object_or_404(_visible(request), pk=item_id)
    per_side = (
        item.volumes.values("party__code", "party__name", "party__order")
        .annotate(cases=Sum("cases"))
        .order_by("party__order", "party__code")
    )
    sides = [
        {"party": s["party__code"], "party_name": s["party__name"], "cases": s["cases"]}
        for s in per_side
    ]
    return {**_service_out(item), "cases_by_side": sides}


routers = {"/services": router}
