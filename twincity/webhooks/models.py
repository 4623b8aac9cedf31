from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Role, Unit, User
from twincity.accounts.policy import AnyUser, actor_of
from twincity.lib import clock

# The roles that manage their own unit's subscriptions (the office manages every unit's).
MANAGER_ROLES = (Role.LIAISON, Role.HEAD, Role.OFFICE)


class EventKind(models.TextChoices):
    ITEM_STATE_CHANGED = "item.state_changed", _("事项状态变更")
    REPORT_SUBMITTED = "report.submitted", _("进展反馈报送")
    NOTICE_ISSUED = "notice.issued", _("督办文书发出")
    MEETING_CLOSED = "meeting.closed", _("会议结束")


HTTP_ONLY = _("回调地址须以 http:// 或 https:// 开头。")

# Sent only by the "send test event" button; nobody subscribes to it.
PING = "ping"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def managed_by(self, user: AnyUser) -> SubscriptionQuerySet:
        """The office manages every subscription; a liaison or head their own unit's."""
        actor = actor_of(user)
        if actor.is_office:
            return self
        return self.filter(owner_id__in=actor.units_for(Role.LIAISON, Role.HEAD))


class Subscription(models.Model):
    """A URL that receives signed JSON events of the kinds it chose, as its creator sees them."""

    owner = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="subscriptions"
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("推送内容以创建人能查看的范围为限"),
    )
    name = models.CharField(_("名称"), max_length=64)
    url = models.URLField(
        _("回调地址"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"], message=HTTP_ONLY)],
    )
    secret = models.CharField(_("签名密钥"), max_length=128, default=new_secret)
    events = models.JSONField(_("订阅事件"), default=list)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    updated_at = models.DateTimeField(_("修改时间"), default=clock.now)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["owner__name", "name", "id"]
        verbose_name = _("事件订阅")
        verbose_name_plural = _("事件订阅")

    def __str__(self) -> str:
        return f"{self.owner} · {self.name}"

    def clean(self) -> None:
        events = self.events if isinstance(self.events, list) else None
        if not events or not set(events) <= set(EventKind.values):
            raise ValidationError({"events": _("请选择至少一种事件。")}, code="events")

    def wants(self, kind: str) -> bool:
        return self.active and kind in self.events

    def event_labels(self) -> list[str]:
        labels = dict(EventKind.choices)
        return [str(labels[k]) for k in EventKind.values if k in self.events]

    @property
    def masked_secret(self) -> str:
        return f"••••••{self.secret[-4:]}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待推送")
    SENT = "sent", _("已送达")
    FAILED = "failed", _("已放弃")


class Delivery(models.Model):
    """One event for one subscription: its payload, its attempts, and how the last one went."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("事件"), max_length=32)
    key = models.CharField(_("事件标识"), max_length=160)
    payload = models.JSONField()
    state = models.CharField(
        _("状态"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    created_at = models.DateTimeField(_("产生时间"), default=clock.now)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=clock.now)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("响应状态码"), null=True, blank=True)
    last_error = models.CharField(_("错误"), max_length=255, blank=True)
    response_ms = models.PositiveIntegerField(_("响应耗时（毫秒）"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("推送记录")
        verbose_name_plural = _("推送记录")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "key"], name="one_delivery_per_event")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.subscription} {self.key}"

    @property
    def retrying(self) -> bool:
        return self.state == DeliveryState.PENDING and self.attempts > 0
