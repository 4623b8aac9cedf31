"""The organisation over the API: parties, units and working groups, read-only (docs/api.md).

Who may read them is who sees them on the pages: every business user (the items page offers
every party, unit and working group as a filter), and the system and security administrators
(the organisation page and the role grants); the audit administrator and accounts without a
role see nothing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from twincity.accounts.forms import UnitFilterForm
from twincity.accounts.models import Party, Role, Unit, User, WorkingGroup, WorkingGroupLead
from twincity.accounts.policy import actor_of, is_business_user
from twincity.api import Page, PageIn, caller, paginate

M = TypeVar("M", bound=Model)

parties: Router = Router(tags=["organisation"])
units: Router = Router(tags=["organisation"])
groups: Router = Router(tags=["organisation"])


def reads_organisation(user: User) -> bool:
    actor = actor_of(user)
    return is_business_user(actor) or actor.has(Role.SYSADMIN, Role.SECADMIN)


def _readable(request: HttpRequest, rows: QuerySet[M]) -> QuerySet[M]:
    return rows if reads_organisation(caller(request)) else rows.none()


# --- parties -----------------------------------------------------------------------------------


class PartyOut(Schema):
    id: int
    code: str
    short_name: str
    name: str
    order: int


def _parties(request: HttpRequest) -> QuerySet[Party]:
    return _readable(request, Party.objects.order_by("order", "pk"))


@parties.get("", response=Page[PartyOut])
def list_parties(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    return paginate(_parties(request), page)


@parties.get("/{party_id}", response=PartyOut)
def get_party(request: HttpRequest, party_id: int) -> Party:
    return get_object_or_404(_parties(request), pk=party_id)


# --- units -------------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: str
    kind_label: str
    party_id: int | None
    party: str | None
    parent_id: int | None
    head_approval: bool


class UnitFilters(PageIn):
    q: str = ""
    party: int | None = None
    kind: str = ""


def _unit_out(unit: Unit) -> dict[str, Any]:
    return {
        **{name: getattr(unit, name) for name in UnitOut.model_fields if hasattr(unit, name)},
        "kind_label": unit.get_kind_display(),
        "party": unit.party.code if unit.party else None,
    }


def _units(request: HttpRequest) -> QuerySet[Unit]:
    rows = Unit.objects.select_related("party").order_by("party__order", "kind", "name", "pk")
    return _readable(request, rows)


@units.get("", response=Page[UnitOut])
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> dict[str, Any]:
    """Units filtered as on the organisation page (keyword, party id, kind)."""
    names = ("q", "party", "kind")
    data = {k: v for k, v in filters.dict().items() if k in names and v not in (None, "")}
    form = UnitFilterForm(data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return paginate(form.filter(_units(request)), filters, _unit_out)


@units.get("/{unit_id}", response=UnitOut)
def get_unit(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    return _unit_out(get_object_or_404(_units(request), pk=unit_id))


# --- working groups ----------------------------------------------------------------------------


class LeadOut(Schema):
    party_id: int
    party: str
    unit_id: int
    unit: str


class UnitRef(Schema):
    id: int
    name: str


class GroupOut(Schema):
    id: int
    number: int
    name: str
    description: str
    leads: list[LeadOut]


class GroupDetailOut(GroupOut):
    members: list[UnitRef]


def _group_out(group: WorkingGroup) -> dict[str, Any]:
    leads = [
        {"party_id": x.party_id, "party": x.party.code, "unit_id": x.unit_id, "unit": x.unit.name}
        for x in group.leads.all()
    ]
    fields = ("id", "number", "name", "description")
    return {name: getattr(group, name) for name in fields} | {"leads": leads}


def _groups(request: HttpRequest) -> QuerySet[WorkingGroup]:
    leads = WorkingGroupLead.objects.select_related("party", "unit").order_by("party__order", "pk")
    rows = WorkingGroup.objects.prefetch_related(Prefetch("leads", queryset=leads))
    return _readable(request, rows.order_by("number", "pk"))


@groups.get("", response=Page[GroupOut])
def list_groups(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    return paginate(_groups(request), page, _group_out)


@groups.get("/{group_id}", response=GroupDetailOut)
def get_group(request: HttpRequest, group_id: int) -> dict[str, Any]:
    group = get_object_or_404(_groups(request), pk=group_id)
    members = [{"id": u.pk, "name": u.name} for u in group.members.order_by("name", "pk")]
    return _group_out(group) | {"members": members}


routers = {"/parties": parties, "/units": units, "/working-groups": groups}
