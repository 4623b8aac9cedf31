"""Items over the API: list, read, and edit with ETag/If-Match (see docs/api.md).

Visibility is `Item.objects.visible_to(user)` and edits go through `workflow.update_item`,
exactly as on the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from twincity.api import Page, PageIn, caller, etag, expected_version, paginate, require_write
from twincity.commitments import workflow
from twincity.commitments.forms import ItemFilterForm
from twincity.commitments.models import Item

router: Router = Router(tags=["items"])


class SideOut(Schema):
    party: str
    lead_unit: str


class ItemOut(Schema):
    id: int
    code: str
    title: str
    description: str
    area: str
    list_id: int
    list_name: str
    working_group_id: int | None
    state: str
    state_label: str
    deadline: dt.date | None
    progress: int
    light: str
    is_major: bool
    is_public: bool
    sides: list[SideOut]
    version: int
    updated_at: dt.datetime
    etag: str


class ItemFilters(PageIn):
    q: str = ""
    state: str = ""
    list: int | None = None
    party: int | None = None


class ItemPatch(Schema):
    """The fields `workflow.update_item` accepts over the API; omitted ones stay as they are."""

    title: str | None = None
    description: str | None = None
    area: str | None = None
    deadline: dt.date | None = None
    result_form: str | None = None
    report_frequency: str | None = None
    is_major: bool | None = None
    is_public: bool | None = None


def _out(item: Item) -> dict[str, Any]:
    sides = [{"party": s.party.code, "lead_unit": s.lead_unit.name} for s in item.sides.all()]
    return {
        **{name: getattr(item, name) for name in ItemOut.model_fields if hasattr(item, name)},
        "list_name": item.list.name,
        "state_label": item.get_state_display(),
        "sides": sides,
        "etag": etag(item),
    }


def _visible(request: HttpRequest) -> QuerySet[Item]:
    return Item.objects.visible_to(caller(request)).for_table()


@router.get("", response=Page[ItemOut])
def list_items(request: HttpRequest, filters: Query[ItemFilters]) -> dict[str, Any]:
    """Visible items filtered like the items page, by code then id, one page at a time."""
    names = ("q", "state", "list", "party")
    data = {k: v for k, v in filters.dict().items() if k in names and v not in (None, "")}
    form = ItemFilterForm(data, user=caller(request))
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return paginate(form.filter(_visible(request)).order_by("code", "pk"), filters, _out)


@router.get("/{item_id}", response=ItemOut)
def get_item(request: HttpRequest, item_id: int, response: HttpResponse) -> dict[str, Any]:
    item = get_object_or_404(_visible(request), pk=item_id)
    response["ETag"] = etag(item)
    return _out(item)


@router.patch("/{item_id}", response=ItemOut)
def patch_item(
    request: HttpRequest, item_id: int, payload: ItemPatch, response: HttpResponse
) -> dict[str, Any]:
    """Edit through workflow.update_item (which audits); a stale If-Match changes nothing."""
    require_write(request)
    item = get_object_or_404(_visible(request), pk=item_id)
    expected = expected_version(request, item)
    data = payload.dict(exclude_unset=True)
    workflow.update_item(caller(request), item, data, None, expected_version=expected)
    item = _visible(request).get(pk=item_id)
    response["ETag"] = etag(item)
    return _out(item)


routers = {"/items": router}
