"""The organisation's units as an import register (no target), upserted by 代码.

Rows go through `UnitForm` and `accounts.workflow.save_unit`, as on the organisation page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twincity.accounts import workflow
from twincity.accounts.forms import UnitForm
from twincity.accounts.models import Party, Unit, UnitKind, User
from twincity.audit.log import snapshot
from twincity.imports.registers import (
    ADDED,
    CHANGED,
    INDEX,
    UNCHANGED,
    Column,
    Context,
    Register,
    _bool,
    _choice,
    _code,
    _text,
    party_label,
    register,
    unit_names,
    yes_no,
)

UNIT_VALUES = ("name", "short_name", "code", "kind", "head_approval")


def _party(value: str, ctx: Context) -> int:
    text = value.strip()
    for party in ctx.parties:
        if text in (party.short_name, party.name, party.code, party_label(party)):
            return party.pk
    labels = "、".join(p.short_name for p in ctx.parties)
    raise ValidationError(
        _("请填写以下之一：%(labels)s；不属于任何一方的单位留空。") % {"labels": labels},
        code="party",
    )


def _parent(value: str, ctx: Context) -> int:
    """A unit named in the file above is saved by then (in the run's transaction)."""
    try:
        return ctx.lookups["units"].find(value)
    except ValidationError:
        found = Unit.objects.filter(name=value.strip()).values_list("pk", flat=True).first()
        if found is None:
            raise
        return found


def _base(unit: Unit) -> dict[str, Any]:
    return {name: getattr(unit, name) for name in UNIT_VALUES} | {
        "party": unit.party_id,
        "parent": unit.parent_id,
    }


def _cleaned(form: UnitForm) -> dict[str, Any]:
    data = form.cleaned_data
    parent, party = data["parent"], data["party"]
    return {name: data[name] for name in UNIT_VALUES} | {
        "party": party.pk if party else None,
        "parent": parent.pk if parent else None,
    }


def _parents_first(units: list[Unit]) -> list[Unit]:
    """Order a child after its parent (when both are exported) so the file re-imports."""
    by_pk = {u.pk: u for u in units}

    def depth(unit: Unit) -> int:
        n, seen = 0, {unit.pk}
        while unit.parent_id in by_pk and unit.parent_id not in seen:
            unit = by_pk[unit.parent_id]
            seen.add(unit.pk)
            n += 1
        return n

    return sorted(units, key=depth)  # stable: the page's order within one depth


class UnitsRegister(Register):
    """Units of the organisation (部门、市州、区县…), upserted by 代码."""

    name = "units"
    search_fields = ("code", "name", "short_name")
    label = gettext_lazy("单位")
    code_header = "代码"

    def columns(self, target: Any) -> list[Column]:
        return [
            Column(INDEX, "_index"),
            Column("名称", "name", _text, required=True, aliases=("单位名称",)),
            Column("简称", "short_name", _text),
            Column("代码", "code", _code, required=True),
            Column("类型", "kind", _choice(UnitKind.choices)),
            Column("参与方", "party", _party),
            Column("上级单位", "parent", _parent),
            Column("报送需单位负责人审核", "head_approval", _bool),
        ]

    def context(self, target: Any, codes: Iterable[str]) -> Context:
        ctx = Context(target)
        ctx.parties = list(Party.objects.all())
        ctx.lookups["units"] = unit_names()
        existing = Unit.objects.filter(code__in=list(codes))
        ctx.existing = {unit.code: unit for unit in existing}
        return ctx

    def form(self, data: dict[str, Any], obj: Unit | None, ctx: Context) -> UnitForm:
        base = _base(obj) if obj is not None else {"head_approval": True}
        before = snapshot(obj) if obj is not None else None
        form = UnitForm(base | data, instance=obj)
        # The ModelForm writes the instance while validating: keep what was stored.
        form.import_base, form.import_before = base, before  # type: ignore[attr-defined]
        return form

    def save(self, user: User, form: UnitForm, obj: Unit | None, ctx: Context) -> str:
        before = form.import_before  # type: ignore[attr-defined]
        if obj is not None and _cleaned(form) == form.import_base:  # type: ignore[attr-defined]
            return UNCHANGED
        workflow.save_unit(user, form.save(commit=False), before)
        return ADDED if obj is None else CHANGED

    def queryset(self, user: User, target: Any) -> QuerySet[Unit]:
        """Who may open the organisation page exports it (the office, system administrators)."""
        units = Unit.objects.all()
        return units if workflow.can_edit_organisation(user) else units.none()

    def export_rows(self, queryset: QuerySet[Any], target: Any = None) -> list[list[Any]]:
        units = _parents_first(list(queryset.select_related("party", "parent")))
        rows = []
        for n, u in enumerate(units, start=1):
            row: list[Any] = [n, u.name, u.short_name, u.code, u.get_kind_display()]
            row += [u.party.short_name if u.party else "", u.parent.name if u.parent else ""]
            row.append(yes_no(u.head_approval))
            rows.append(row)
        return rows


register(UnitsRegister())
