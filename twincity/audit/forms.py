"""The audit log's filter form (GET parameters, validated)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twincity.audit.models import AuditEvent

_SMALL = {"class": "form-control form-control-sm"}
_IP_MESSAGE = _("来源地址只能包含数字、字母 a-f、点和冒号。")


class EventFilterForm(forms.Form):
    action = forms.CharField(
        label=_("操作（前缀）"),
        max_length=64,
        required=False,
        widget=forms.TextInput(_SMALL | {"placeholder": "auth."}),
    )
    actor = forms.CharField(
        label=_("操作人账号"), max_length=150, required=False, widget=forms.TextInput(_SMALL)
    )
    target_type = forms.CharField(
        label=_("对象类型"),
        max_length=64,
        required=False,
        widget=forms.TextInput(_SMALL | {"placeholder": "commitments.item"}),
    )
    target_id = forms.CharField(
        label=_("对象编号"), max_length=64, required=False, widget=forms.TextInput(_SMALL)
    )
    ip = forms.CharField(
        label=_("来源地址（前缀）"),
        max_length=64,
        required=False,
        widget=forms.TextInput(_SMALL),
        validators=[RegexValidator(r"^[0-9A-Fa-f:.]+$", _IP_MESSAGE)],
    )
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(_SMALL | {"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(_SMALL | {"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def filter(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """Apply the valid filters; call only after is_valid()."""
        data = self.cleaned_data
        lookups = {
            "action__startswith": data["action"],
            "actor_name__iexact": data["actor"],
            "target_type": data["target_type"].lower(),
            "target_id": data["target_id"],
            "ip__startswith": data["ip"],
        }
        events = events.filter(**{key: value for key, value in lookups.items() if value})
        if data["date_from"]:
            events = events.filter(at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            events = events.filter(at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
        return events


def _day_start(day: dt.date) -> dt.datetime:
    # Bounds on the indexed column itself (not at__date) keep the index usable.
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
