"""Forms of the project pages: filters (GET) and the monthly report, review and answer forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Unit
from twincity.meetings.models import Meeting
from twincity.projects.models import (
    MONEY_DIGITS,
    MONEY_PLACES,
    Project,
    ProjectArea,
    Stage,
    SupportKind,
)
from twincity.supervision.models import Light

JOINT = "joint"
SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


def _side_choices() -> list[tuple[str, Any]]:
    parties = [(p.code, p.short_name) for p in Party.objects.all()]
    return [("", _("全部")), *parties, (JOINT, _("川渝共建"))]


class PeriodForm(forms.Form):
    """Year and month of the figures (both optional: defaults follow today)."""

    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    month = forms.IntegerField(
        label=_("截至月份"),
        required=False,
        min_value=1,
        max_value=12,
        widget=forms.NumberInput(attrs=TEXT),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update(TEXT)


class ProjectFilterForm(PeriodForm):
    area = forms.ModelChoiceField(
        label=_("领域"), queryset=ProjectArea.objects.all(), required=False, empty_label=_("全部")
    )
    side = forms.ChoiceField(label=_("所属方"), required=False)
    stage = forms.ChoiceField(
        label=_("建设阶段"), required=False, choices=[("", _("全部")), *Stage.choices]
    )
    light = forms.ChoiceField(
        label=_("亮灯"),
        required=False,
        choices=[
            ("", _("全部")),
            (Light.GREEN, _("绿灯")),
            (Light.YELLOW, _("黄灯")),
            (Light.RED, _("红灯")),
        ],
    )
    q = forms.CharField(label=_("项目名称或编号"), required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["side"]).choices = _side_choices()
        for name in ("area", "side", "stage", "light"):
            self.fields[name].widget.attrs.update(SELECT)
        self.fields["q"].widget.attrs.update(TEXT)

    def filter(self, rows: QuerySet[Project]) -> QuerySet[Project]:
        """Narrow by area, side (川, 渝 or joint), stage and name or code; the page and the
        API both call this. Unchanged when the form is invalid (the API refuses those)."""
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        if data["area"]:
            rows = rows.filter(area=data["area"])
        if data["side"] == JOINT:
            rows = rows.filter(party__isnull=True)
        elif data["side"]:
            rows = rows.filter(party__code=data["side"])
        if data["stage"]:
            rows = rows.filter(stage=data["stage"])
        if data["q"]:
            rows = rows.filter(Q(name__icontains=data["q"]) | Q(code__icontains=data["q"]))
        return rows


class ReportForm(forms.Form):
    """A monthly report, with at most one support request raised alongside it."""

    month = forms.IntegerField(label=_("报送月份"), min_value=1, max_value=12)
    cumulative_completed = forms.DecimalField(
        label=_("1—N月累计完成投资（亿元）"),
        min_value=Decimal(0),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
    )
    progress = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(
        label=_("存在问题"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    support_kind = forms.ChoiceField(
        label=_("要素保障诉求类型"), required=False, choices=[("", "—"), *SupportKind.choices]
    )
    support_text = forms.CharField(
        label=_("诉求内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    support_to_unit = forms.ModelChoiceField(
        label=_("协调单位"), queryset=Unit.objects.all(), required=False
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("support_text") or "").strip()
        if text or data.get("support_kind") or data.get("support_to_unit"):
            if not data.get("support_kind"):
                self.add_error("support_kind", _("提出诉求时请选择要素类型。"))
            if not text:
                self.add_error("support_text", _("提出诉求时请填写诉求内容。"))
            if not data.get("support_to_unit"):
                self.add_error("support_to_unit", _("提出诉求时请选择协调单位。"))
        return data


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(VersionedForm):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2, **TEXT}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 2, **TEXT}))


class VersionForm(forms.Form):
    note = forms.CharField(label=_("调整说明"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    meeting = forms.ModelChoiceField(
        label=_("审定会议"),
        queryset=Meeting.objects.select_related("series"),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("版本甲"), min_value=1)
    b = forms.IntegerField(label=_("版本乙"), min_value=1)


class SupportFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("待答复")), ("answered", _("已答复")), ("all", _("全部"))],
        widget=forms.Select(attrs=SELECT),
    )


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class ProjectForm(forms.ModelForm):
    """A project's register fields; the workflow checks codes, sums and years."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "area",
            "party",
            "owner",
            "locations",
            "responsible_units",
            "total_investment",
            "year_planned",
            "start_year",
            "end_year",
            "stage",
            "planned_start",
            "actual_start",
            "withdrawn",
        ]
        widgets = {
            "planned_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "actual_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "locations": forms.SelectMultiple(attrs={"size": 6}),
            "responsible_units": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["party"]).empty_label = _("川渝共建")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["withdrawn"]
        _style(self)

    def _post_clean(self) -> None:
        """Leave the instance untouched: the workflow writes it."""


class AreaForm(forms.Form):
    """One area: a new one (no pk) or a rename / reorder."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("领域名称"), max_length=32, widget=forms.TextInput(attrs=TEXT))
    order = forms.IntegerField(
        label=_("排序"),
        min_value=0,
        max_value=32767,
        initial=0,
        widget=forms.NumberInput(attrs=TEXT),
    )


class RulesForm(forms.Form):
    """The office's settings for project lights and report deadlines."""

    yellow_margin = forms.DecimalField(
        label=_("黄灯容差（百分点）"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEXT),
    )
    report_due_day = forms.IntegerField(
        label=_("月报截止日"), min_value=1, max_value=28, widget=forms.NumberInput(attrs=TEXT)
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
