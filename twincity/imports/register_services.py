"""川渝通办 registers: the service items (upserted by 编号) and their monthly case volumes.

Rows are validated by the services app's own `ItemForm` and `VolumeForm` and saved through
`services/workflow.py`, exactly as the 通办 pages do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twincity.accounts.models import Party, Unit, User
from twincity.imports import cells
from twincity.imports.registers import (
    ADDED,
    CHANGED,
    INDEX,
    UNCHANGED,
    Column,
    Context,
    Convert,
    Register,
    _code,
    _date,
    _lookup,
    _text,
    party_label,
    register,
    unit_names,
)
from twincity.lib.chinese import fold_digits, numeral
from twincity.services import workflow
from twincity.services.forms import ItemForm, VolumeForm
from twincity.services.models import (
    CaseVolume,
    ServiceBatch,
    ServiceCategory,
    ServiceDepartment,
    ServiceItem,
    ServiceMode,
)
from twincity.services.workflow import ITEM_FIELDS

_NUMBER = re.compile(r"^\s*第?\s*(\d+)\s*[批年月件]?\s*$")


def any_choice(choices: Sequence[tuple[str, Any]]) -> Convert:
    """A choice by its key, its label in the page's language or its Chinese label."""

    def convert(value: str, ctx: Context) -> str:
        text = value.strip()
        with translation.override("zh-hans"):
            chinese = {str(label): key for key, label in choices}
        for key, label in choices:
            if text in (key, str(label)):
                return key
        if text in chinese:
            return chinese[text]
        raise ValidationError(_("请填写以下之一：%(labels)s。") % {"labels": "、".join(chinese)})

    return convert


def chinese_label(obj: Any, field: str) -> str:
    """A choice's label in Chinese whatever the page's language: exports import anywhere."""
    with translation.override("zh-hans"):
        return str(getattr(obj, f"get_{field}_display")())


def batch_name(number: int) -> str:
    """第一批: the fixed Chinese name of a batch in files."""
    return f"第{numeral(number)}批"


def whole_number(value: str, ctx: Context) -> str:
    """２０２５, 2025年, 6月, 第3批 -> the digits; anything else is left to the form to refuse."""
    text = fold_digits(value).strip()
    match = _NUMBER.match(text)
    return match[1] if match else text


# --- service items ---------------------------------------------------------------------------


def _batch(value: str, ctx: Context) -> int:
    text = fold_digits(value).strip()
    match = _NUMBER.match(text)
    return ctx.lookups["batches"].find(match[1] if match else text)


class ServicesRegister(Register):
    """川渝通办 items, upserted by 编号 (unique across batches); one 办理部门 column per party."""

    name = "services"
    search_fields = ("code", "name")
    label = gettext_lazy("川渝通办事项")

    def parties(self) -> list[Party]:
        return list(Party.objects.all())

    def columns(self, target: Any = None) -> list[Column]:
        columns = [
            Column(INDEX, "_index"),
            Column("编号", "code", _code, required=True, aliases=("事项编号",)),
            Column("事项名称", "name", _text, required=True, aliases=("名称",)),
            Column("批次", "batch", _batch),
            Column("类别", "category", any_choice(ServiceCategory.choices)),
            Column("办理方式", "mode", any_choice(ServiceMode.choices)),
            Column("上线日期", "launch_date", _date),
        ]
        for party in self.parties():
            columns.append(
                Column(
                    f"{party_label(party)}办理部门",
                    ItemForm.unit_field(party),
                    _lookup(f"unit_{party.code}"),
                    aliases=(f"{party.short_name}办理部门", f"{party.name}办理部门"),
                )
            )
        return columns

    def context(self, target: Any, codes: Iterable[str]) -> Context:
        ctx = Context(target)
        ctx.parties = self.parties()
        for party in ctx.parties:
            ctx.lookups[f"unit_{party.code}"] = unit_names(Unit.objects.filter(party=party))
        ctx.lookups["batches"] = _batch_names()
        existing = ServiceItem.objects.filter(code__in=list(codes)).prefetch_related("departments")
        ctx.existing = {item.code: item for item in existing}
        return ctx

    def form(self, data: dict[str, Any], obj: ServiceItem | None, ctx: Context) -> ItemForm:
        base: dict[str, Any] = {}
        if obj is not None:
            base = {name: getattr(obj, name) for name in ("code", "name", "category", "mode")}
            base |= {"batch": obj.batch_id, "launch_date": obj.launch_date}
            base["version"] = obj.version
            units = {side.party_id: side.unit_id for side in obj.departments.all()}
            base |= {ItemForm.unit_field(p): units.get(p.pk) for p in ctx.parties}
        form = ItemForm(base | data)
        form.import_base = base  # type: ignore[attr-defined]
        return form

    def save(self, user: User, form: ItemForm, obj: ServiceItem | None, ctx: Context) -> str:
        data, units = form.cleaned_data, form.units()
        if obj is None:
            workflow.create_item(user, data, units)
            return ADDED
        if not _service_changed(form, obj):
            return UNCHANGED
        workflow.update_item(user, obj, data, units, expected_version=obj.version)
        return CHANGED

    def queryset(self, user: User, target: Any = None) -> QuerySet[ServiceItem]:
        return ServiceItem.objects.visible_to(user).order_by("batch__number", "code")

    def export_rows(self, queryset: QuerySet[Any], target: Any = None) -> list[list[Any]]:
        parties = self.parties()
        sides = ServiceDepartment.objects.select_related("unit")
        items = queryset.select_related("batch").prefetch_related(
            Prefetch("departments", queryset=sides)
        )
        rows = []
        for n, item in enumerate(items, start=1):
            units = {side.party_id: side.unit.name for side in item.departments.all()}
            row: list[Any] = [n, item.code, item.name, batch_name(item.batch.number)]
            row += [chinese_label(item, "category"), chinese_label(item, "mode")]
            row.append(item.launch_date)
            row += [units.get(p.pk, "") for p in parties]
            rows.append(row)
        return rows


def _batch_names() -> cells.Names:
    """A batch by its number (3), its name (第三批, 第3批) or its title."""
    rows: list[tuple[int, str, str]] = []
    for pk, number, title in ServiceBatch.objects.values_list("pk", "number", "title"):
        rows += [(pk, str(number), title), (pk, batch_name(number), ""), (pk, f"第{number}批", "")]
    return cells.Names(rows, str(_("批次")))


def _service_changed(form: ItemForm, obj: ServiceItem) -> bool:
    base = form.import_base  # type: ignore[attr-defined]
    data = form.cleaned_data
    fields = [name for name in ITEM_FIELDS if name != "batch"]
    if data["batch"].pk != obj.batch_id or any(data[n] != base.get(n) for n in fields):
        return True
    units = form.units()
    return any(
        (unit.pk if unit else None) != base.get(ItemForm.unit_field(party))
        for party, unit in units.items()
    )


register(ServicesRegister())


# --- monthly case volumes --------------------------------------------------------------------


def _service(value: str, ctx: Context) -> int:
    return ctx.lookups["services"].find(cells.code(value))


def _party(value: str, ctx: Context) -> int:
    return ctx.lookups["parties"].find(value)


def party_names() -> cells.Names:
    """A party by its name (重庆市), its label (重庆), its short name (渝) or its code (cq)."""
    rows: list[tuple[int, str, str]] = []
    for party in Party.objects.all():
        rows += [(party.pk, party.name, party.short_name), (party.pk, party_label(party), "")]
        rows.append((party.pk, party.code, ""))
    return cells.Names(rows, str(_("参与方")))


class VolumeContext(Context):
    """The volumes' look-ups, and the (item, party, year, month) rows already saved."""

    def __init__(self, target: Any) -> None:
        super().__init__(target)
        self.seen: set[tuple[int, int, int, int]] = set()


class VolumesRegister(Register):
    """Monthly case volumes, upserted by (编号 of the service, 参与方, 年度, 月份).

    A service has many rows, so 编号 is not the row's key: `code_header` is left empty and
    the workflow's own upsert (`record_volume`) finds the existing month.
    """

    name = "service-volumes"
    search_fields = ("item__code", "item__name")
    label = gettext_lazy("通办月度办件量")
    code_header = ""

    def columns(self, target: Any = None) -> list[Column]:
        return [
            Column(INDEX, "_index"),
            Column("编号", "item", _service, required=True, aliases=("事项编号",)),
            Column("参与方", "party", _party, required=True),
            Column("年度", "year", whole_number, required=True),
            Column("月份", "month", whole_number, required=True),
            Column("办件量", "cases", _cases, required=True),
        ]

    def context(self, target: Any, codes: Iterable[str]) -> VolumeContext:
        ctx = VolumeContext(target)
        services = ((pk, code, "") for pk, code in ServiceItem.objects.values_list("pk", "code"))
        ctx.lookups["services"] = cells.Names(services, str(_("通办事项")))
        ctx.lookups["parties"] = party_names()
        return ctx

    def form(self, data: dict[str, Any], obj: Any, ctx: Context) -> VolumeForm:
        form = VolumeForm(data)
        if form.is_valid() and _key(form) in cast(VolumeContext, ctx).seen:
            form.add_error("month", _("该事项该参与方该月份在本文件中已出现过。"))
        return form

    def save(self, user: User, form: VolumeForm, obj: Any, ctx: Context) -> str:
        data = form.cleaned_data
        cast(VolumeContext, ctx).seen.add(_key(form))
        before = CaseVolume.objects.filter(
            item=data["item"], party=data["party"], year=data["year"], month=data["month"]
        ).values_list("cases", flat=True)
        previous = before.first()
        workflow.record_volume(user, *_args(data))
        if previous is None:
            return ADDED
        return UNCHANGED if previous == data["cases"] else CHANGED

    def queryset(self, user: User, target: Any = None) -> QuerySet[CaseVolume]:
        items = ServiceItem.objects.visible_to(user).values("pk")
        return CaseVolume.objects.filter(item__in=items).order_by(
            "item__batch__number", "item__code", "year", "month", "party__order"
        )

    def export_rows(self, queryset: QuerySet[Any], target: Any = None) -> list[list[Any]]:
        volumes = queryset.select_related("item", "party")
        return [
            [n, v.item.code, party_label(v.party), v.year, v.month, v.cases]
            for n, v in enumerate(volumes, start=1)
        ]


def _cases(value: str, ctx: Context) -> str:
    return cells.number_text(value).removesuffix("件").strip()


def _key(form: VolumeForm) -> tuple[int, int, int, int]:
    data = form.cleaned_data
    return data["item"].pk, data["party"].pk, data["year"], data["month"]


def _args(data: dict[str, Any]) -> tuple[Any, ...]:
    return data["item"], data["party"], data["year"], data["month"], data["cases"]


register(VolumesRegister())
