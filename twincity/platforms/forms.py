"""Forms of the platforms and agreements pages: filters (GET) and edits (POST)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Unit, UnitKind, User
from twincity.commitments.forms import DATE_WIDGET, style
from twincity.commitments.models import Item
from twincity.lib import clock
from twincity.platforms.models import Agreement, Platform, PlatformFigure


def _units() -> QuerySet[Unit]:
    return Unit.objects.select_related("party")


class PlatformForm(forms.ModelForm):
    class Meta:
        model = Platform
        fields = ["name", "short_name", "kind", "plan_approved", "unit", "members", "description"]
        widgets = {
            "plan_approved": DATE_WIDGET,
            "members": forms.SelectMultiple(attrs={"size": 10}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = _units()  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(kind=UnitKind.PLATFORM)  # type: ignore[attr-defined]
        style(self)
        self.fields["name"].error_messages["unique"] = _("已有同名的合作平台。")


class PlatformFigureForm(forms.ModelForm):
    class Meta:
        model = PlatformFigure
        fields = ["label", "value", "unit", "year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].min_value = 2000  # type: ignore[attr-defined]
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
        style(self)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label

    def clean_year(self) -> int | None:
        year = self.cleaned_data["year"]
        if year is not None and not 2000 <= year <= 2100:
            raise forms.ValidationError(_("“年度”须在 2000 至 2100 之间。"), code="year")
        return year


PlatformFigureFormSet = forms.inlineformset_factory(
    Platform, PlatformFigure, form=PlatformFigureForm, extra=3, can_delete=True
)


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "date",
            "area",
            "doc_number",
            "parties",
            "signatory_units",
            "items",
            "summary",
            "is_public",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "parties": forms.CheckboxSelectMultiple,
            "signatory_units": forms.SelectMultiple(attrs={"size": 10}),
            "items": forms.SelectMultiple(attrs={"size": 10}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signatory_units"].queryset = _units()  # type: ignore[attr-defined]
        self.fields["items"].queryset = Item.objects.visible_to(user)  # type: ignore[attr-defined]
        style(self)

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if date > clock.today():
            raise forms.ValidationError(_("“签署日期”不能晚于今天。"), code="future")
        return date

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("请填写“协议名称”。"), code="required")
        return title


class AgreementFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    area = forms.ChoiceField(label=_("领域"), required=False)
    party = forms.ModelChoiceField(
        label=_("参与方"),
        queryset=Party.objects.all(),
        required=False,
        empty_label=_("全部参与方"),
    )
    q = forms.CharField(label=_("关键词"), max_length=100, required=False)

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("全部领域")), *((area, area) for area in areas)]
        self.fields["area"].choices = choices  # type: ignore[attr-defined]
        style(self)

    def filter(self, rows: QuerySet[Agreement]) -> QuerySet[Agreement]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("year"):
            rows = rows.filter(date__year=data["year"])
        if data.get("area"):
            rows = rows.filter(area=data["area"])
        if data.get("party"):
            through = Agreement.parties.through.objects.filter(party=data["party"])
            rows = rows.filter(pk__in=through.values("agreement"))
        if q := (data.get("q") or "").strip():
            rows = rows.filter(
                Q(title__icontains=q) | Q(summary__icontains=q) | Q(doc_number__icontains=q)
            )
        return rows
