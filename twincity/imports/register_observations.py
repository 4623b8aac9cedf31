"""Indicator observations: one row per (指标代码, 地区, 统计周期), any number of indicators.

A row is validated by the page's own `ObservationForm` (the 统计周期 and 季度或月份 cells become
its period picker: year, q3, m6, cumulative) and saved through `indicators/workflow.py`: a new
period with `record_observation`, a changed one with `revise_observation` (reason "Excel导入"),
which writes the revision row the history shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twincity.accounts.models import User
from twincity.imports import cells
from twincity.imports.register_services import any_choice, chinese_label, whole_number
from twincity.imports.registers import (
    ADDED,
    CHANGED,
    INDEX,
    UNCHANGED,
    Column,
    Context,
    Register,
    _date,
    _lookup,
    _text,
    register,
)
from twincity.indicators import workflow
from twincity.indicators.forms import CUMULATIVE, YEAR, ObservationForm, format_plain
from twincity.indicators.models import Indicator, Observation, PeriodKind, Region
from twincity.indicators.workflow import OBSERVATION_FIELDS, PLACES
from twincity.lib.chinese import fold_digits, normalize_text

KEEPABLE = ("source_document", "source_url", "note")  # a column left out keeps the stored text
_PART = re.compile(r"(\d{1,2})")
_CHINESE_PART = {c: n for n, c in enumerate("一二三四五六七八九十", start=1)} | {
    "十一": 11,
    "十二": 12,
}

Key = tuple[int, int, str, Any]


class ObservationContext(Context):
    """The look-ups, the indicators by pk, and the periods already saved from this file."""

    def __init__(self, target: Any) -> None:
        super().__init__(target)
        self.indicators: dict[int, Indicator] = {}
        self.seen: set[Key] = set()


def _part(value: str, ctx: Context) -> str:
    """3, ３, 第3季度, 三季度, Q3, 6月, 十二月 -> the number as text; else left for the check."""
    text = fold_digits(value).strip()
    if match := _PART.search(text):
        return match[1]
    core = text.removeprefix("第").removesuffix("月").removesuffix("季度")
    return str(_CHINESE_PART.get(core, text))


def _indicator_code(value: str, ctx: Context) -> int:
    """Codes are ASCII slugs: full-width letters typed by an IME are folded too."""
    return ctx.lookups["indicators"].find(normalize_text(value))


def _flag(form: ObservationForm, key: str, message: str) -> None:
    """An error on a column that is not a field of the page's form (add_error refuses it)."""
    form.errors.setdefault(key, form.error_class()).append(message)


def _picker(kind: str | None, part: str | None) -> tuple[str | None, str]:
    """The form's period choice from 统计周期 and 季度或月份, or the problem with them."""
    if kind is None:
        return None, ""
    if kind in (PeriodKind.YEAR, PeriodKind.CUMULATIVE):
        return (YEAR if kind == PeriodKind.YEAR else CUMULATIVE), ""
    top = 4 if kind == PeriodKind.QUARTER else 12
    if part and part.isdigit() and 1 <= int(part) <= top:
        return f"{'q' if kind == PeriodKind.QUARTER else 'm'}{int(part)}", ""
    if kind == PeriodKind.QUARTER:
        return YEAR, _("季度数请在“季度或月份”填写 1 到 4。")
    return YEAR, _("月度数请在“季度或月份”填写 1 到 12。")


class ObservationsRegister(Register):
    """Observations of any indicator, upserted by (指标代码, 地区, 统计周期 and its period).

    The key spans several columns, so `code_header` is empty: the engine's per-code look-up
    and duplicate check do not apply; `save` finds the stored period and the context refuses
    a period that appears twice in one file.
    """

    name = "observations"
    search_fields = ("indicator__code", "region__name")
    label = gettext_lazy("指标数据")
    code_header = ""

    def columns(self, target: Any = None) -> list[Column]:
        return [
            Column(INDEX, "_index"),
            Column("指标代码", "indicator", _indicator_code, required=True, aliases=("指标",)),
            Column("地区", "region", _lookup("regions"), required=True),
            Column("统计周期", "period", any_choice(PeriodKind.choices), required=True),
            Column("年度", "year", whole_number),
            Column("季度或月份", "part", _part, aliases=("季度", "月份")),
            Column("截止日期", "as_of", _date, aliases=("截至日期",)),
            Column("数值", "value", _text, required=True),
            Column("来源文件", "source_document", _text),
            Column("来源链接", "source_url", _text),
            Column("备注", "note", _text),
        ]

    def context(self, target: Any, codes: Iterable[str]) -> ObservationContext:
        ctx = ObservationContext(target)
        ctx.indicators = {i.pk: i for i in Indicator.objects.all()}
        rows = [(i.pk, i.code, "") for i in ctx.indicators.values()]
        ctx.lookups["indicators"] = cells.Names(rows, str(_("指标")))
        ctx.lookups["regions"] = _region_names()
        return ctx

    def form(self, data: dict[str, Any], obj: Any, ctx: Context) -> ObservationForm:
        data = dict(data)
        indicator = data.pop("indicator", "missing")
        choice, problem = _picker(data.pop("period", None), data.pop("part", None))
        data["period"] = choice
        form = ObservationForm(data)
        form.import_absent = [k for k in KEEPABLE if k not in data]  # type: ignore[attr-defined]
        form.import_indicator = indicator  # type: ignore[attr-defined]
        valid = form.is_valid()
        if indicator is None:
            _flag(form, "indicator", _("请填写指标代码。"))
        if problem:
            _flag(form, "part", problem)
        seen = cast(ObservationContext, ctx).seen
        if valid and isinstance(indicator, int) and _key(form, indicator) in seen:
            _flag(form, "period", _("该指标该地区该时期在本文件中已出现过。"))
        return form

    def save(self, user: User, form: ObservationForm, obj: Any, ctx: Context) -> str:
        data, known = form.cleaned_data, cast(ObservationContext, ctx)
        indicator = known.indicators[form.import_indicator]  # type: ignore[attr-defined]
        known.seen.add(_key(form, indicator.pk))
        region, kind, end = data["region"], data["period_kind"], data["period_end"]
        stored = Observation.objects.filter(
            indicator=indicator, region=region, period_kind=kind, period_end=end
        ).first()
        if stored is None:
            workflow.record_observation(user, indicator, region, kind, end, data)
            return ADDED
        absent = form.import_absent  # type: ignore[attr-defined]
        values = data | {k: getattr(stored, k) for k in absent}
        if _same(stored, values):
            return UNCHANGED
        reason = _("Excel导入")
        workflow.revise_observation(user, stored, values, reason, expected_version=stored.version)
        return CHANGED

    def queryset(self, user: User, target: Any = None) -> QuerySet[Observation]:
        rows = Observation.objects.visible_to(user)
        if isinstance(target, Indicator):
            rows = rows.filter(indicator=target)
        return rows.order_by("indicator__order", "indicator_id", "-period_end", "region__order")

    def export_rows(self, queryset: QuerySet[Any], target: Any = None) -> list[list[Any]]:
        rows = []
        for n, o in enumerate(queryset.select_related("indicator", "region"), start=1):
            kind, end = o.period_kind, o.period_end
            row: list[Any] = [n, o.indicator.code, o.region.name, chinese_label(o, "period_kind")]
            row += [end.year, _part_of(kind, end.month)]
            row += [end if kind == PeriodKind.CUMULATIVE else None]
            row += [Decimal(format_plain(o.value)), o.source_document, o.source_url, o.note]
            rows.append(row)
        return rows


def _region_names() -> cells.Names:
    """A region by its name (成都市), its short name (成都), its code or its name with its note."""
    rows: list[tuple[int, str, str]] = []
    for region in Region.objects.all():
        rows += [(region.pk, region.name, region.short_name), (region.pk, region.code, "")]
        if region.note:
            rows.append((region.pk, region.label, ""))
    return cells.Names(rows, str(_("地区")))


def _part_of(kind: str, month: int) -> int | None:
    if kind == PeriodKind.QUARTER:
        return (month + 2) // 3
    return month if kind == PeriodKind.MONTH else None


def _key(form: ObservationForm, indicator: int) -> Key:
    data = form.cleaned_data
    return indicator, data["region"].pk, data["period_kind"], data["period_end"]


def _same(stored: Observation, values: dict[str, Any]) -> bool:
    if Decimal(values["value"]).quantize(PLACES) != stored.value:
        return False
    return all((values.get(k) or "") == getattr(stored, k) for k in OBSERVATION_FIELDS[1:])


register(ObservationsRegister())
