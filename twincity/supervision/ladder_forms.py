"""Forms of the notices and extensions pages: filters (GET) and actions (POST)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Unit
from twincity.commitments.forms import DATE_WIDGET, style
from twincity.commitments.models import Item, ItemSide
from twincity.supervision.models import (
    ExtensionStatus,
    Notice,
    NoticeKind,
    ReportingRound,
)

ANSWERED_CHOICES = [("", _("全部")), ("no", _("待答复")), ("yes", _("已答复"))]


class NoticeFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部类型")), *NoticeKind.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("对象单位"), queryset=Unit.objects.none(), required=False, empty_label=_("全部单位")
    )
    answered = forms.ChoiceField(label=_("答复"), choices=ANSWERED_CHOICES, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        style(self)

    def filter(self, rows: QuerySet[Notice]) -> QuerySet[Notice]:
        data = self.cleaned_data
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["unit"]:
            rows = rows.filter(unit=data["unit"])
        if data["answered"]:
            rows = rows.filter(answered_at__isnull=data["answered"] == "no")
        return rows


class NoticeForm(forms.Form):
    """A notice issued by hand by the joint office."""

    kind = forms.ChoiceField(label=_("类型"), choices=NoticeKind.choices)
    unit = forms.ModelChoiceField(label=_("对象单位"), queryset=Unit.objects.all())
    items = forms.ModelMultipleChoiceField(
        label=_("涉及事项"),
        queryset=Item.objects.open().select_related("list"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("须为该单位牵头或配合的事项；可按住 Ctrl 多选。"),
    )
    round = forms.ModelChoiceField(
        label=_("调度轮次"),
        queryset=ReportingRound.objects.all(),
        required=False,
        empty_label=_("不关联轮次"),
    )
    reason = forms.CharField(label=_("事由"), widget=forms.Textarea(attrs={"rows": 4}))
    answer_by = forms.DateField(
        label=_("答复期限"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("提醒可不填；催办、督办、通报须填写。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") not in (None, NoticeKind.REMINDER) and not data.get("answer_by"):
            self.add_error("answer_by", _("请填写“答复期限”。"))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class BulletinForm(forms.Form):
    round = forms.ModelChoiceField(label=_("调度轮次"), queryset=ReportingRound.objects.all())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ExtensionRequestForm(forms.Form):
    party = forms.TypedChoiceField(label=_("参与方"), coerce=int, required=False, empty_value=None)
    new_deadline = forms.DateField(label=_("申请完成时限"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, sides: list[ItemSide], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sides = {side.party_id: side for side in sides}
        self.fields["party"].choices = [(s.party_id, str(s.party)) for s in sides]  # type: ignore[attr-defined]
        if len(sides) == 1:
            self.fields["party"].initial = sides[0].party_id
            self.fields["party"].widget = forms.HiddenInput()
        style(self)

    def chosen_party(self) -> Party:
        """The chosen side's party; the first side's when the user leads only one."""
        chosen = self.cleaned_data.get("party")
        side = self.sides[chosen] if chosen is not None else next(iter(self.sides.values()))
        return side.party


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("审批意见"), required=False, widget=forms.Textarea)
    back = forms.ChoiceField(
        choices=[("item", "item"), ("list", "list")], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ExtensionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *ExtensionStatus.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
