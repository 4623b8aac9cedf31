"""The subscription form and the delivery log's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Unit
from twincity.lib.forms import bootstrap
from twincity.webhooks.models import HTTP_ONLY, PING, Delivery, DeliveryState, EventKind


class SubscriptionForm(forms.Form):
    """Create (with the owner unit) or edit (with the state) a subscription; the secret is
    generated, never typed in."""

    owner = forms.ModelChoiceField(label=_("所属单位"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("名称"), max_length=64, help_text=_("如：单位办公系统"))
    url = forms.URLField(
        label=_("回调地址"),
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": HTTP_ONLY},
    )
    events = forms.MultipleChoiceField(
        label=_("订阅事件"),
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择至少一种事件。")},
    )
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args: Any, owners: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        if owners is None:  # editing: the owner stays
            del self.fields["owner"]
        else:  # creating: a new subscription is active
            del self.fields["active"]
            owner.queryset = owners
            owner.initial = owners.first() if owners.count() == 1 else None
        bootstrap(self)

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(HTTP_ONLY, code="scheme")
        return url


STATE_CHOICES = [
    ("", _("全部状态")),
    ("pending", _("待推送")),
    ("retrying", _("重试中")),
    ("sent", _("已送达")),
    ("failed", _("已放弃")),
]


class DeliveryFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False, choices=STATE_CHOICES)
    event = forms.ChoiceField(
        label=_("事件"),
        required=False,
        choices=[("", _("全部事件")), *EventKind.choices, (PING, _("测试事件"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def filter(self, rows: QuerySet[Delivery]) -> QuerySet[Delivery]:
        data = self.cleaned_data
        state = data.get("state")
        if state == "retrying":
            rows = rows.filter(state=DeliveryState.PENDING, attempts__gt=0)
        elif state == "pending":
            rows = rows.filter(state=DeliveryState.PENDING, attempts=0)
        elif state:
            rows = rows.filter(state=state)
        if data.get("event"):
            rows = rows.filter(event=data["event"])
        return rows
