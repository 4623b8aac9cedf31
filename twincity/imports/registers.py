"""The importable registers: their columns, how a row becomes the UI form's data, how it is saved.

A row is validated by the SAME Django form the pages use and saved through the SAME workflow
function the views call; a register only translates between spreadsheet cells and form data,
and back (`export_rows`) with the same columns, so that an exported file can be re-imported.

Headers are fixed Chinese text (the file format), not translated: a file written under the
English UI must still import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twincity.accounts.models import Party, Unit, User, WorkingGroup
from twincity.commitments import workflow as item_workflow
from twincity.commitments.forms import ItemForm
from twincity.commitments.models import Item, ItemList, ReportFrequency
from twincity.imports import cells
from twincity.lib.forms import preload, rebind

ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"
INDEX = "序号"

Convert = Callable[[str, "Context"], Any]


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: its header, the form field it feeds and how its text converts."""

    header: str
    key: str
    convert: Convert | None = None
    required: bool = False
    aliases: tuple[str, ...] = ()


class Context:
    """What a chunk of rows needs, read once: name look-ups and the existing records by code."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.existing: dict[str, Any] = {}
        self.lookups: dict[str, cells.Names] = {}
        self.parties: list[Party] = []
        self.new_form: Any = None  # built once, rebound to each new row (lib.forms.rebind)
        self.pending: list[Any] = []  # new records validated, written together by flush()


def _text(value: str, ctx: Context) -> str:
    return value.strip()


def _code(value: str, ctx: Context) -> str:
    return cells.code(value)


def _date(value: str, ctx: Context) -> dt.date:
    return dt.date.fromisoformat(cells.date_text(value))  # a date: the form need not parse it


def _number(value: str, ctx: Context) -> str:
    return cells.number_text(value)


def _bool(value: str, ctx: Context) -> bool:
    return cells.yes_no(value)


def _lookup(name: str) -> Convert:
    def convert(value: str, ctx: Context) -> int:
        return ctx.lookups[name].find(value)

    return convert


def _lookup_many(name: str) -> Convert:
    def convert(value: str, ctx: Context) -> list[int]:
        return [ctx.lookups[name].find(part) for part in cells.split_names(value)]

    return convert


def _choice(choices: Sequence[tuple[str, Any]]) -> Convert:
    def convert(value: str, ctx: Context) -> str:
        text = value.strip()
        for key, label in choices:
            if text in (key, str(label)):
                return key
        labels = "、".join(str(label) for _key, label in choices)
        raise ValidationError(_("请填写以下之一：%(labels)s。") % {"labels": labels})

    return convert


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def party_label(party: Party) -> str:
    """重庆市 -> 重庆, 四川省 -> 四川: the way office spreadsheets name the sides."""
    name = party.name
    return name[:-1] if len(name) > 2 and name.endswith(("市", "省")) else name


def unit_names(queryset: QuerySet[Unit] | None = None) -> cells.Names:
    rows = (queryset if queryset is not None else Unit.objects.all()).values_list(
        "pk", "name", "short_name"
    )
    return cells.Names(rows, str(_("单位")))


class Register:
    """One importable register; subclasses fill in the columns, the form and the save."""

    name = ""
    label: Promise | str = ""
    target_label: Promise | str = ""
    code_header = "编号"
    search_fields: tuple[str, ...] = ("code", "title")  # what `twincity export --q` looks in
    informational: tuple[str, ...] = (INDEX,)

    def targets(self, user: User) -> QuerySet[Any] | None:
        """The records a file is imported into (a list), or None when there is no target."""
        return None

    def columns(self, target: Any) -> list[Column]:
        raise NotImplementedError

    def context(self, target: Any, codes: Iterable[str]) -> Context:
        raise NotImplementedError

    def form(self, data: dict[str, Any], obj: Any, ctx: Context) -> forms.BaseForm:
        raise NotImplementedError

    def save(self, user: User, form: Any, obj: Any, ctx: Context) -> str:
        raise NotImplementedError

    def defers(self, obj: Any) -> bool:
        """Whether save() only collects the row, for flush() to write with the others."""
        return False

    def flush(self, user: User, ctx: Context) -> None:
        """Write the rows save() collected (registers that defer)."""

    def queryset(self, user: User, target: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def export_rows(self, queryset: QuerySet[Any], target: Any = None) -> list[list[Any]]:
        raise NotImplementedError

    def export_headers(self, target: Any = None) -> list[str]:
        return [column.header for column in self.columns(target)]

    def file_label(self, target: Any) -> str:
        return f"{self.label}{f'-{target}' if target else ''}"


# --- items of every list kind ----------------------------------------------------------------


class ItemsRegister(Register):
    """Items of one list (议定事项, 重点任务, 改革事项, 政策需求, 行动方案), upserted by 编号."""

    name = "items"
    label = gettext_lazy("清单事项")
    target_label = gettext_lazy("清单")
    informational = (INDEX, "状态", "所属清单")

    def targets(self, user: User) -> QuerySet[ItemList]:
        return ItemList.objects.visible_to(user).order_by("kind", "-created_at")

    def parties(self) -> list[Party]:
        return list(Party.objects.all())

    def columns(self, target: ItemList | None) -> list[Column]:
        columns = [
            Column(INDEX, "_index"),
            Column("编号", "code", _code, required=True, aliases=("事项编号",)),
            Column("事项名称", "title", _text, required=True, aliases=("任务名称", "名称")),
            Column("具体内容", "description", _text, aliases=("主要内容", "工作内容")),
            Column("领域", "area", _text),
            Column("专项工作组", "working_group", _lookup("groups")),
        ]
        for party in self.parties():
            columns.append(
                Column(
                    f"牵头单位（{party_label(party)}）",
                    ItemForm.lead_name(party),
                    _lookup(f"lead_{party.code}"),
                    aliases=(f"牵头单位（{party.short_name}）", f"牵头单位（{party.name}）"),
                )
            )
        columns.append(Column("配合单位", "cooperating_units", _lookup_many("units")))
        columns.append(Column("争取对象", "target_unit", _lookup("units")))
        columns += [
            Column("完成时限", "deadline", _date, aliases=("完成时间",)),
            Column("成果形式", "result_form", _text),
            Column("报送频次", "report_frequency", _choice(ReportFrequency.choices)),
            Column("重大事项", "is_major", _bool),
            Column("公开", "is_public", _bool, aliases=("是否公开",)),
        ]
        return columns

    def context(self, target: ItemList, codes: Iterable[str]) -> Context:
        ctx = Context(target)
        ctx.parties = self.parties()
        ctx.lookups["units"] = unit_names()
        for party in ctx.parties:
            ctx.lookups[f"lead_{party.code}"] = unit_names(Unit.objects.filter(party=party))
        groups = WorkingGroup.objects.values_list("pk", "name", "name")
        ctx.lookups["groups"] = cells.Names(groups, str(_("专项工作组")))
        existing = (
            Item.objects.filter(list=target, code__in=list(codes))
            .select_related("list")
            .prefetch_related("sides", "cooperating_units")
        )
        ctx.existing = {item.code: item for item in existing}
        return ctx

    def form(self, data: dict[str, Any], obj: Item | None, ctx: Context) -> ItemForm:
        parties = ctx.parties
        base: dict[str, Any]
        if obj is None:
            base = {"list": ctx.target.pk, "report_frequency": ReportFrequency.QUARTERLY}
            form = rebind(self._new_form(ctx), base | data)  # its blank instance stays blank
        else:
            base = {
                "version": obj.version,
                "source_decision": obj.source_decision_id,
                **{n: getattr(obj, n) for n in ("code", "title", "description", "area")},
                **{n: getattr(obj, n) for n in ("result_form", "report_frequency")},
                **{n: getattr(obj, n) for n in ("is_major", "is_public", "deadline")},
                "working_group": obj.working_group_id,
                "target_unit": obj.target_unit_id,
                "cooperating_units": [u.pk for u in obj.cooperating_units.all()],
            }
            sides = {side.party_id: side.lead_unit_id for side in obj.sides.all()}
            base |= {ItemForm.lead_name(p): sides.get(p.pk) for p in parties}
            form = ItemForm(base | data, instance=obj, parties=parties)
        form.import_base = base  # type: ignore[attr-defined]
        return form

    def _new_form(self, ctx: Context) -> ItemForm:
        """One form for the chunk's new rows, its choices read once (lib.forms.preload)."""
        if ctx.new_form is None:
            form = ItemForm(None, parties=ctx.parties)
            names = ["list", "working_group", "target_unit", "cooperating_units"]
            ctx.new_form = preload(form, [*names, *map(ItemForm.lead_name, ctx.parties)])
            ctx.new_form.codes_in_list = set(ctx.existing)
        return ctx.new_form  # type: ignore[no-any-return]

    def defers(self, obj: Any) -> bool:
        return obj is None

    def flush(self, user: User, ctx: Context) -> None:
        if ctx.pending:
            item_workflow.create_items(user, ctx.target, ctx.pending)
            ctx.pending = []

    def save(self, user: User, form: ItemForm, obj: Item | None, ctx: Context) -> str:
        if obj is None:
            ctx.pending.append((form.item_data(), form.leads()))
            return ADDED
        if not _item_changed(form, ctx.parties):
            return UNCHANGED
        item_workflow.update_item(
            user,
            obj,
            form.item_data(),
            form.leads(),  # type: ignore[arg-type]
            expected_version=obj.version,
        )
        return CHANGED

    def queryset(self, user: User, target: ItemList | None) -> QuerySet[Item]:
        rows = Item.objects.visible_to(user)
        if target is not None:
            rows = rows.filter(list=target)
        return rows.order_by("list_id", "code")

    def export_rows(self, queryset: QuerySet[Any], target: Any = None) -> list[list[Any]]:
        parties = self.parties()
        rows = []
        items = queryset.select_related("list", "working_group", "target_unit").prefetch_related(
            "sides__lead_unit", "cooperating_units"
        )
        for n, item in enumerate(items, start=1):
            leads = {side.party_id: side.lead_unit.name for side in item.sides.all()}
            row: list[Any] = [n, item.code, item.title, item.description, item.area]
            row.append(item.working_group.name if item.working_group else "")
            row += [leads.get(p.pk, "") for p in parties]
            row.append("、".join(u.name for u in item.cooperating_units.all()))
            row.append(item.target_unit.name if item.target_unit else "")
            row += [item.deadline, item.result_form, item.get_report_frequency_display()]
            row += [yes_no(item.is_major), yes_no(item.is_public)]
            row += [item.get_state_display(), item.list.name]
            rows.append(row)
        return rows

    def export_headers(self, target: Any = None) -> list[str]:
        return [*super().export_headers(target), "状态", "所属清单"]


def _pk(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list):
        return sorted(_pk(v) for v in value)
    return value


def _item_changed(form: ItemForm, parties: list[Party]) -> bool:
    """Compare with the item as it was before the form was bound (ModelForm edits instance)."""
    base = form.import_base  # type: ignore[attr-defined]
    data = form.item_data()
    if any(_pk(value) != _pk(base.get(name)) for name, value in data.items()):
        return True
    leads = form.leads()
    return any(_pk(leads.get(p)) != base.get(ItemForm.lead_name(p)) for p in parties)


REGISTERS: dict[str, Register] = {}


def register(reg: Register) -> Register:
    REGISTERS[reg.name] = reg
    return reg


register(ItemsRegister())


def get(name: str) -> Register | None:
    return REGISTERS.get(name)


def target_of(reg: Register, user: User, target_id: Any) -> Model | None:
    targets = reg.targets(user)
    if targets is None:
        return None
    try:
        return targets.get(pk=int(target_id))
    except (TypeError, ValueError, targets.model.DoesNotExist):
        return None
