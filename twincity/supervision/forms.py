"""Forms of the supervision pages: the overview filter, opening a round, the light rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, User, WorkingGroup
from twincity.audit.log import record, snapshot
from twincity.commitments.forms import DATE_WIDGET, style
from twincity.commitments.models import Item, ListKind
from twincity.commitments.workflow import ConflictError
from twincity.supervision import current
from twincity.supervision.models import Thresholds


class OverviewFilterForm(forms.Form):
    """Narrow the overview to one side, working group or area (all optional)."""

    party = forms.ModelChoiceField(
        label=_("参与方"), queryset=Party.objects.all(), required=False, empty_label=_("各方")
    )
    group = forms.ModelChoiceField(
        label=_("专项工作组"),
        queryset=WorkingGroup.objects.all(),
        required=False,
        empty_label=_("全部专项组"),
    )
    area = forms.ChoiceField(label=_("领域"), required=False)

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("全部领域")), *((a, a) for a in areas)]
        self.fields["area"].choices = choices  # type: ignore[attr-defined]
        style(self)

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None

    def item_filter(self) -> Q:
        """The chosen filters, on items."""
        q = Q()
        if party := self.value("party"):
            q &= Q(sides__party=party)
        if group := self.value("group"):
            q &= Q(working_group=group)
        if area := self.value("area"):
            q &= Q(area=area)
        return q

    def report_filter(self) -> Q:
        """The same filters, on a round's expected reports."""
        q = Q()
        if party := self.value("party"):
            q &= Q(party=party)
        if group := self.value("group"):
            q &= Q(item__working_group=group)
        if area := self.value("area"):
            q &= Q(item__area=area)
        return q


class RoundForm(forms.Form):
    """Open a reporting round: the period, the list kinds that report, the due date."""

    period = forms.CharField(
        label=_("报送期次"), max_length=32, help_text=_("如：2025年第3季度、2025年10月")
    )
    kinds = forms.MultipleChoiceField(
        label=_("清单类型"),
        # policy needs wait on the office and the ministries, not on lead units' reports
        choices=[c for c in ListKind.choices if c[0] != ListKind.POLICY_NEEDS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择至少一种清单类型。")},
    )
    due = forms.DateField(label=_("报送截止日期"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        style(self)
        self.fields["kinds"].error_messages["required"] = _("请选择至少一种清单类型。")

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip()
        if not period:
            raise forms.ValidationError(_("请填写“报送期次”。"))
        return period

    def clean_due(self) -> dt.date:
        due = self.cleaned_data["due"]
        if due < self.today:
            raise forms.ValidationError(_("报送截止日期不能早于今天。"))
        return due


RULE_FIELDS = ["yellow_days", "behind_points", "remind_days", "supervise_after_days", "answer_days"]
RULE_LIMITS = {
    "yellow_days": 365,
    "behind_points": 100,
    "remind_days": 365,
    "supervise_after_days": 365,
    "answer_days": 365,
}


class ThresholdsForm(forms.ModelForm):
    """The office's light and urging rules; saved only against the version it showed."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Thresholds
        fields = RULE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version
        for name, top in RULE_LIMITS.items():
            field = self.fields[name]
            field.validators.append(_at_most(str(field.label), top))
            field.widget.attrs.update(min=0, max=top)
        style(self)

    @transaction.atomic
    def save_by(self, user: User) -> Thresholds:
        """Write the rules if nobody saved since the form was shown; audit the change."""
        before = snapshot(Thresholds.objects.get(pk=self.instance.pk), RULE_FIELDS)
        values = {name: self.cleaned_data[name] for name in RULE_FIELDS}
        version = self.cleaned_data["expected_version"]
        rows = Thresholds.objects.filter(pk=self.instance.pk, version=version)
        if not rows.update(**values, version=F("version") + 1):
            raise ConflictError()
        self.instance.refresh_from_db()
        after = snapshot(self.instance, RULE_FIELDS)
        record("thresholds.update", actor=user, target=self.instance, before=before, after=after)
        current.refresh_lights(Item.objects.all())  # new rules relight every item at once
        return self.instance


def _at_most(label: str, top: int) -> Any:
    def check(value: int) -> None:
        if value is not None and value > top:
            raise forms.ValidationError(
                _("“%(label)s”须在 0 到 %(top)d 之间。") % {"label": label, "top": top}
            )

    return check
