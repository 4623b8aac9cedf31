"""Item lists and their frozen versions over the API, read-only (docs/api.md).

As on the pages: lists are `ItemList.objects.visible_to(user)`, their item counts count only
the items the caller may see, and a version's entries are, for a scoped user, only those whose
code is one of the caller's visible items in that list (the comparison page's rule).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from twincity.accounts.policy import actor_of
from twincity.api import Page, PageIn, caller, paginate
from twincity.commitments.forms import ListFilterForm
from twincity.commitments.models import Item, ItemList, ListVersion
from twincity.commitments.versions import FIELDS, LEAD_PREFIX

router: Router = Router(tags=["lists"])


class ListOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    period: str
    source_meeting_id: int | None
    source_meeting: str | None
    source_document: str
    description: str
    is_public: bool
    created_at: dt.datetime
    item_count: int


class ListFilters(PageIn):
    kind: str = ""


class VersionOut(Schema):
    id: int
    list_id: int
    number: int
    note: str
    approved_at_meeting_id: int | None
    approved_at_meeting: str | None
    created_at: dt.datetime
    created_by: str | None
    entry_count: int


class EntryOut(Schema):
    code: str
    title: str
    area: str
    working_group: str
    deadline: dt.date | None
    state: str
    is_major: bool
    result_form: str
    leads: dict[str, str]


class VersionDetailOut(VersionOut):
    entries: list[EntryOut]


# --- look-ups ----------------------------------------------------------------------------------


def _lists(request: HttpRequest) -> QuerySet[ItemList]:
    """Visible lists, newest first, with the items the caller may see counted."""
    user = caller(request)
    seen = Q() if actor_of(user).reads_all else Q(items__in=Item.objects.visible_to(user))
    return (
        ItemList.objects.visible_to(user)
        .select_related("source_meeting__series")
        .annotate(item_count=Count("items", filter=seen))
        .order_by("-created_at", "-pk")
    )


def _list(request: HttpRequest, list_id: int) -> ItemList:
    return get_object_or_404(_lists(request), pk=list_id)


def _versions(item_list: ItemList) -> QuerySet[ListVersion]:
    return (
        item_list.versions.select_related("created_by", "approved_at_meeting__series")
        .annotate(entry_count=Count("entries"))
        .order_by("number", "pk")
    )


# --- shapes ------------------------------------------------------------------------------------


def _list_out(item_list: ItemList) -> dict[str, Any]:
    meeting = item_list.source_meeting
    names = [n for n in ListOut.model_fields if hasattr(item_list, n) and n != "source_meeting"]
    return {name: getattr(item_list, name) for name in names} | {
        "kind_label": item_list.get_kind_display(),
        "source_meeting": str(meeting) if meeting else None,
    }


def _version_out(version: ListVersion) -> dict[str, Any]:
    meeting, author = version.approved_at_meeting, version.created_by
    names = ("id", "list_id", "number", "note", "approved_at_meeting_id", "created_at")
    return {name: getattr(version, name) for name in names} | {
        "approved_at_meeting": str(meeting) if meeting else None,
        "created_by": str(author) if author else None,
        "entry_count": version.entry_count,  # type: ignore[attr-defined]
    }


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _entry_out(code: str, data: dict[str, Any]) -> dict[str, Any]:
    """A frozen entry (see versions.entry_data) with its lead units keyed by party code."""
    out = {name: data.get(name) or "" for name in FIELDS}
    leads = {k[len(LEAD_PREFIX) :]: str(v) for k, v in data.items() if k.startswith(LEAD_PREFIX)}
    return out | {
        "code": code,
        "deadline": _date(data.get("deadline")),
        "is_major": bool(data.get("is_major")),
        "leads": leads,
    }


def _entries(request: HttpRequest, version: ListVersion) -> list[dict[str, Any]]:
    user = caller(request)
    rows = version.entries.order_by("code", "pk")
    if not actor_of(user).reads_all:
        visible = Item.objects.visible_to(user).filter(list=version.list_id)
        rows = rows.filter(code__in=visible.values("code"))
    return [_entry_out(code, data) for code, data in rows.values_list("code", "data")]


# --- endpoints ---------------------------------------------------------------------------------


@router.get("", response=Page[ListOut])
def list_lists(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    """Visible lists, filtered by kind as on the lists page, newest first."""
    form = ListFilterForm({"kind": filters.kind})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    rows = _lists(request)
    if form.cleaned_data["kind"]:
        rows = rows.filter(kind=form.cleaned_data["kind"])
    return paginate(rows, filters, _list_out)


@router.get("/{list_id}", response=ListOut)
def get_list(request: HttpRequest, list_id: int) -> dict[str, Any]:
    return _list_out(_list(request, list_id))


@router.get("/{list_id}/versions", response=Page[VersionOut])
def list_versions(request: HttpRequest, list_id: int, page: Query[PageIn]) -> dict[str, Any]:
    """The list's versions, oldest first (a new version never moves the earlier pages)."""
    return paginate(_versions(_list(request, list_id)), page, _version_out)


@router.get("/{list_id}/versions/{number}", response=VersionDetailOut)
def get_version(request: HttpRequest, list_id: int, number: int) -> dict[str, Any]:
    """One version with its frozen entries by code (a scoped user's visible ones only)."""
    version = get_object_or_404(_versions(_list(request, list_id)), number=number)
    return _version_out(version) | {"entries": _entries(request, version)}


routers = {"/lists": router}
