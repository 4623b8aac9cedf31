"""Forms for the 川渝通办 pages: the index filter, batches, items and monthly case volumes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Unit
from twincity.lib import clock
from twincity.services.models import (
    ServiceBatch,
    ServiceCategory,
    ServiceDepartment,
    ServiceItem,
    ServiceMode,
)

MONTH_ERROR = _("月份须为 1 到 12 之间的整数。")


class ServiceFilterForm(forms.Form):
    """The GET search and filter of the services index."""

    q = forms.CharField(label=_("关键词"), max_length=64, required=False)
    batch = forms.ModelChoiceField(
        ServiceBatch.objects.all(), label=_("批次"), required=False, empty_label=_("全部批次")
    )
    mode = forms.ChoiceField(
        label=_("办理方式"), required=False, choices=[("", _("全部方式")), *ServiceMode.choices]
    )
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *ServiceCategory.choices]
    )
    party = forms.ModelChoiceField(
        Party.objects.all(), label=_("参与方"), required=False, empty_label=_("全部参与方")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("事项名称或编号")

    def apply(self, items: QuerySet[ServiceItem]) -> QuerySet[ServiceItem]:
        """Filter by the fields that validated (an invalid one is reported, not applied)."""
        data = getattr(self, "cleaned_data", {})
        if text := (data.get("q") or "").strip():
            items = items.filter(Q(name__icontains=text) | Q(code__icontains=text))
        if data.get("batch"):
            items = items.filter(batch=data["batch"])
        if data.get("mode"):
            items = items.filter(mode=data["mode"])
        if data.get("category"):
            items = items.filter(category=data["category"])
        if data.get("party"):
            sides = ServiceDepartment.objects.filter(party=data["party"]).values("item_id")
            items = items.filter(pk__in=sides)
        return items


class BatchForm(forms.Form):
    """Create or edit a published batch."""

    number = forms.IntegerField(label=_("批次"), min_value=1, max_value=999)
    doc_number = forms.CharField(
        label=_("文号"), max_length=64, required=False, help_text=_("如 川办发〔2020〕88号")
    )
    date = forms.DateField(label=_("发布日期"), help_text=_("如 2020-12-30"))
    title = forms.CharField(label=_("标题"), max_length=255)
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    @staticmethod
    def initial_for(batch: ServiceBatch) -> dict[str, Any]:
        names = ["number", "doc_number", "date", "title", "version"]
        return {name: getattr(batch, name) for name in names}


class ItemForm(forms.Form):
    """Create or edit a service item; one department field per party."""

    batch = forms.ModelChoiceField(
        ServiceBatch.objects.all(), label=_("批次"), empty_label=_("请选择")
    )
    code = forms.CharField(label=_("编号"), max_length=32)
    name = forms.CharField(label=_("事项名称"), max_length=255)
    category = forms.ChoiceField(label=_("类别"), choices=ServiceCategory.choices)
    mode = forms.ChoiceField(label=_("办理方式"), choices=ServiceMode.choices)
    launch_date = forms.DateField(label=_("上线日期"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = list(Party.objects.all())
        for party in self.parties:
            self.fields[self.unit_field(party)] = forms.ModelChoiceField(
                Unit.objects.filter(party=party),
                label=_("%(party)s方承办部门") % {"party": party.short_name},
                required=False,
                empty_label=_("（无）"),
            )

    @staticmethod
    def unit_field(party: Party) -> str:
        return f"unit_{party.code}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.parties and not any(data.get(self.unit_field(p)) for p in self.parties):
            self.add_error(None, _("至少填写一方的承办部门。"))
        return data

    def units(self) -> dict[Party, Unit | None]:
        return {party: self.cleaned_data.get(self.unit_field(party)) for party in self.parties}

    @classmethod
    def initial_for(cls, item: ServiceItem) -> dict[str, Any]:
        names = ["batch", "code", "name", "category", "mode", "launch_date", "version"]
        initial = {name: getattr(item, name) for name in names}
        for side in item.departments.select_related("party"):
            initial[cls.unit_field(side.party)] = side.unit_id
        return initial


class VolumeForm(forms.Form):
    """One side's cases of one item in one month."""

    item = forms.ModelChoiceField(
        ServiceItem.objects.all(), label=_("通办事项"), empty_label=_("请选择")
    )
    party = forms.ModelChoiceField(Party.objects.all(), label=_("参与方"), empty_label=_("请选择"))
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2020,
        max_value=2100,
        error_messages={
            "min_value": _("年度须在 2020 年之后。"),
            "max_value": _("年度不正确。"),
            "invalid": _("年度须为整数。"),
        },
    )
    month = forms.IntegerField(
        label=_("月份"),
        min_value=1,
        max_value=12,
        error_messages={"min_value": MONTH_ERROR, "max_value": MONTH_ERROR, "invalid": MONTH_ERROR},
    )
    cases = forms.IntegerField(
        label=_("办件量"),
        min_value=0,
        max_value=2_000_000_000,
        error_messages={"min_value": _("办件量不能为负数。"), "invalid": _("办件量须为整数。")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, month = data.get("year"), data.get("month")
        today = clock.today()
        if year and month and (year, month) > (today.year, today.month):
            self.add_error("month", _("不能填报未来月份的办件量。"))
        item, party = data.get("item"), data.get("party")
        if item and party and not item.departments.filter(party=party).exists():
            self.add_error("party", _("该事项在所选参与方没有承办部门。"))
        return data
