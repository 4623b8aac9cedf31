"""Forms for the indicator pages: filters, the indicator form, entering and revising values."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from twincity.indicators.models import (
    Direction,
    Indicator,
    IndicatorArea,
    Observation,
    PeriodKind,
    Region,
    RegionLevel,
    period_end,
    period_start,
)
from twincity.lib import clock
from twincity.lib.chinese import normalize_text

MAX_INTEGER_DIGITS = 16  # Observation.value: 20 digits, 4 of them after the point
PLACES = 4
_SEPARATORS = re.compile(r"[,\s_']")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def parse_number(text: str) -> Decimal:
    """Read a figure as typed: full-width digits, thousands separators and a minus sign."""
    folded = _SEPARATORS.sub("", normalize_text(text).replace("−", "-"))
    if not _PLAIN_NUMBER.fullmatch(folded):
        raise ValidationError(_("请填写数字，如 86000 或 1,234.5。"), code="invalid")
    number = Decimal(folded)
    _sign, digits, exponent = number.as_tuple()
    places = -int(exponent)
    if places > PLACES:
        raise ValidationError(_("数值最多保留4位小数。"), code="places")
    if len(digits) - places > MAX_INTEGER_DIGITS:
        raise ValidationError(_("数值过大。"), code="max_digits")
    return number


class RegionField(forms.ModelChoiceField):
    """A region, shown with its coverage note and level: 开州区（部分地区）（区县）."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label}（{obj.get_level_display()}）"


class NumberField(forms.Field):
    """A Decimal typed in any of the ways people write figures."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 40})

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip()
        return parse_number(text[:40]) if text else None


# --- filters ---------------------------------------------------------------------------------


class IndicatorFilterForm(forms.Form):
    """The GET search and filter of the catalogue."""

    q = forms.CharField(label=_("关键词"), max_length=64, required=False)
    area = forms.ChoiceField(
        label=_("领域"), required=False, choices=[("", _("全部领域")), *IndicatorArea.choices]
    )
    key = forms.ChoiceField(
        label=_("范围"),
        required=False,
        choices=[("", _("全部指标")), ("1", _("只看重点指标"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("指标名称、代码或定义")

    def apply(self, indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
        """Filter by the fields that validated (an invalid one is reported, not applied)."""
        data = getattr(self, "cleaned_data", {})
        if text := (data.get("q") or "").strip():
            indicators = indicators.filter(
                Q(name__icontains=text) | Q(code__icontains=text) | Q(definition__icontains=text)
            )
        if data.get("area"):
            indicators = indicators.filter(area=data["area"])
        if data.get("key"):
            indicators = indicators.filter(is_key=True)
        return indicators


class ObservationFilterForm(forms.Form):
    """The GET filter of an indicator's observations."""

    region = RegionField(
        Region.objects.all(), label=_("地区"), required=False, empty_label=_("全部地区")
    )
    period_kind = forms.ChoiceField(
        label=_("统计周期"), required=False, choices=[("", _("全部周期")), *PeriodKind.choices]
    )

    def apply(self, observations: QuerySet[Observation]) -> QuerySet[Observation]:
        data = getattr(self, "cleaned_data", {})
        if data.get("region"):
            observations = observations.filter(region=data["region"])
        if data.get("period_kind"):
            observations = observations.filter(period_kind=data["period_kind"])
        return observations


# --- the indicator ---------------------------------------------------------------------------


class IndicatorForm(forms.Form):
    """Create or edit an indicator of the catalogue."""

    code = forms.SlugField(
        label=_("代码"),
        max_length=48,
        help_text=_("英文字母、数字和连字符，用于链接，如 gdp"),
    )
    name = forms.CharField(label=_("名称"), max_length=128)
    unit = forms.CharField(
        label=_("计量单位"), max_length=16, required=False, help_text=_("如 亿元、万列、个、%")
    )
    area = forms.ChoiceField(
        label=_("领域"), required=False, choices=[("", _("（未分类）")), *IndicatorArea.choices]
    )
    definition = forms.CharField(
        label=_("定义"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(
        label=_("数据来源"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("统计部门或发布机构"),
    )
    direction = forms.ChoiceField(label=_("方向"), choices=Direction.choices)
    levels = forms.MultipleChoiceField(
        label=_("适用层级"),
        choices=RegionLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个适用层级。")},
    )
    is_key = forms.BooleanField(label=_("重点指标（显示在领导驾驶舱）"), required=False)
    is_public = forms.BooleanField(label=_("可公开"), required=False)
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=32767, initial=0)
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def clean_levels(self) -> list[str]:
        chosen = set(self.cleaned_data["levels"])
        return [level for level in RegionLevel.values if level in chosen]

    @staticmethod
    def initial_for(indicator: Indicator) -> dict[str, Any]:
        names = [*IndicatorForm.base_fields]
        return {name: getattr(indicator, name) for name in names}


# --- observations ----------------------------------------------------------------------------

YEAR = "year"
CUMULATIVE = "cumulative"
PERIOD_CHOICES = [
    ("", _("请选择")),
    (YEAR, _("年度")),
    (_("季度"), [(f"q{n}", _("第%(n)s季度") % {"n": n}) for n in range(1, 5)]),
    (_("月度"), [(f"m{n}", _("%(n)s月") % {"n": n}) for n in range(1, 13)]),
    (CUMULATIVE, _("累计（截至日期）")),
]


def period_of(choice: str, year: int | None, as_of: dt.date | None) -> tuple[str, dt.date]:
    """(period_kind, period_end) from the form's picker: "year", "q3", "m6" or "cumulative"."""
    if choice == CUMULATIVE:
        if as_of is None:
            raise ValueError("a cumulative value needs its date")
        return PeriodKind.CUMULATIVE, as_of
    if year is None:
        raise ValueError("a period needs its year")
    if choice == YEAR:
        return PeriodKind.YEAR, period_end(PeriodKind.YEAR, year)
    kind = PeriodKind.QUARTER if choice.startswith("q") else PeriodKind.MONTH
    return kind, period_end(kind, year, int(choice[1:]))


class ObservationValueFields(forms.Form):
    """The fields both entering and revising a value share."""

    value = NumberField(
        label=_("数值"),
        help_text=_("按指标的计量单位填写，可含千位分隔符，如 86,000"),
        error_messages={"required": _("请填写数值。")},
    )
    source_document = forms.CharField(
        label=_("来源文件"),
        max_length=255,
        required=False,
        help_text=_("如 统计公报、新闻发布会材料名称及文号"),
    )
    source_url = forms.URLField(
        label=_("来源链接"), max_length=500, required=False, assume_scheme="https"
    )
    note = forms.CharField(label=_("备注"), max_length=255, required=False)


class ObservationForm(ObservationValueFields):
    """Enter one value: pick a region, then "2024" + 年度 / 第3季度 / 6月, or a date for 累计."""

    region = RegionField(Region.objects.all(), label=_("地区"), empty_label=_("请选择"))
    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        help_text=_("如 2024；累计数可不填"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("年度须在 2000 年之后。"),
            "max_value": _("年度不正确。"),
            "invalid": _("年度须为整数，如 2024。"),
        },
    )
    period = forms.ChoiceField(label=_("统计周期"), choices=PERIOD_CHOICES)
    as_of = forms.DateField(
        label=_("截至日期"), required=False, help_text=_("仅累计数填写，如 2024-12-31")
    )

    field_order = ["region", "year", "period", "as_of", "value"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice, year, as_of = data.get("period"), data.get("year"), data.get("as_of")
        if not choice or "year" in self.errors or "as_of" in self.errors:
            return data
        if choice == CUMULATIVE and as_of is None:
            self.add_error("as_of", _("累计数请填写截至日期。"))
        elif choice != CUMULATIVE and year is None:
            self.add_error("year", _("请填写年度，如 2024。"))
        else:
            kind, end = period_of(choice, year, as_of)
            if period_start(kind, end) > clock.today():
                self.add_error("period", _("不能录入未来时期的数据。"))
            data["period_kind"], data["period_end"] = kind, end
        return data


class RevisionForm(ObservationValueFields):
    """Correct a recorded value; the reason is kept in the history."""

    reason = forms.CharField(
        label=_("修改原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写修改原因。")},
        help_text=_("如 统计部门修订数据、录入错误更正"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    @staticmethod
    def initial_for(observation: Observation) -> dict[str, Any]:
        names = ["source_document", "source_url", "note", "version"]
        initial = {name: getattr(observation, name) for name in names}
        initial["value"] = format_plain(observation.value)
        return initial


def format_plain(value: Decimal) -> str:
    """A stored value as a clerk would type it: 86000.0000 → 86000, 3.6000 → 3.6."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
