"""The dashboard's filters: validated GET parameters, so a filtered dashboard is a URL."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, WorkingGroup
from twincity.commitments.models import Item
from twincity.indicators.models import Indicator, RegionLevel
from twincity.lib import clock
from twincity.lib.forms import FastSelect
from twincity.projects.models import ProjectArea

FIRST_YEAR = 2020  # the circle's first joint meeting

MEASURES = [
    ("projects", _("重点项目数")),
    ("completion", _("投资完成率")),
    ("red", _("红灯事项")),
]
INDICATOR_PREFIX = "ind:"


def area_choices() -> list[tuple[str, str]]:
    """领域: the project areas and the areas items use, one list (two queries)."""
    names = list(ProjectArea.objects.values_list("name", flat=True))
    names += Item.objects.exclude(area="").order_by().values_list("area", flat=True).distinct()
    return [(n, n) for n in sorted(set(names))]


def measure_choices() -> list[tuple[str, Any]]:
    """The tile map's measures: the fixed ones, then indicators kept for cities and districts."""
    tiles = (RegionLevel.CITY, RegionLevel.DISTRICT)
    indicators = [
        i for i in Indicator.objects.order_by("order", "code") if set(i.levels) & set(tiles)
    ]
    return [*MEASURES, *((f"{INDICATOR_PREFIX}{i.code}", i.name) for i in indicators)]


class DashboardFilter(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, widget=FastSelect)
    side = forms.ModelChoiceField(
        label=_("参与方"),
        queryset=Party.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("全部"),
        widget=FastSelect,
    )
    area = forms.ChoiceField(label=_("领域"), required=False, widget=FastSelect)
    group = forms.ModelChoiceField(
        label=_("专项组"),
        queryset=WorkingGroup.objects.all(),
        to_field_name="number",
        required=False,
        empty_label=_("全部"),
        widget=FastSelect,
    )
    measure = forms.ChoiceField(label=_("地图指标"), required=False, widget=FastSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = clock.today().year
        years = range(this_year + 1, FIRST_YEAR - 1, -1)
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices, year.initial = [(y, str(y)) for y in years], this_year
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", _("全部")), *area_choices()]
        cast(forms.ChoiceField, self.fields["measure"]).choices = measure_choices()
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def clean_year(self) -> int:
        return self.cleaned_data.get("year") or clock.today().year

    def clean_measure(self) -> str:
        return self.cleaned_data.get("measure") or "projects"
