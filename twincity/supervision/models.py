from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Unit, User

# Items own their light; these names stay importable from here.
from twincity.commitments.models import LIGHT_RANK as LIGHT_RANK
from twincity.commitments.models import Item, Light, ListKind, ProgressReport
from twincity.lib import clock

if TYPE_CHECKING:
    from twincity.accounts.policy import AnyUser


class Thresholds(models.Model):
    """The joint office's settings for lights and the urging ladder (one row)."""

    yellow_days = models.PositiveSmallIntegerField(
        _("临近时限天数（黄灯）"),
        default=15,
        help_text=_("距完成时限或节点不足该天数时亮黄灯"),
    )
    behind_points = models.PositiveSmallIntegerField(
        _("进度滞后百分点（黄灯）"),
        default=20,
        help_text=_("进度落后于时间进度超过该百分点时亮黄灯"),
    )
    remind_days = models.PositiveSmallIntegerField(
        _("提前提醒天数"), default=5, help_text=_("报送截止或完成时限前该天数发出提醒")
    )
    supervise_after_days = models.PositiveSmallIntegerField(
        _("催办后转督办天数"), default=7, help_text=_("催办后仍未整改超过该天数转为督办")
    )
    answer_days = models.PositiveSmallIntegerField(_("督办答复期限（天）"), default=10)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("亮灯与督办规则")
        verbose_name_plural = _("亮灯与督办规则")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> Thresholds:
        return cls.objects.order_by("pk").first() or cls.objects.create()


class RoundStatus(models.TextChoices):
    OPEN = "open", _("报送中")
    CLOSED = "closed", _("已结束")


class RoundQuerySet(models.QuerySet["ReportingRound"]):
    def visible_to(self, user: AnyUser) -> RoundQuerySet:
        from twincity.accounts.policy import actor_of, is_business_user

        return self if is_business_user(actor_of(user)) else self.none()


class ReportingRound(models.Model):
    """A reporting round (调度): which item kinds must report, for which period, by when."""

    period = models.CharField(_("报送期次"), max_length=32, help_text=_("如：2025年第3季度"))
    kinds = models.JSONField(_("清单类型"), default=list, help_text=str(ListKind.choices))
    due = models.DateField(_("报送截止日期"))
    status = models.CharField(
        _("状态"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_at = models.DateTimeField(_("发起时间"), default=clock.now)
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("调度轮次")
        verbose_name_plural = _("调度轮次")

    def __str__(self) -> str:
        return self.period

    @property
    def kind_labels(self) -> list[str]:
        return [str(ListKind(k).label) for k in self.kinds if k in ListKind.values]


class ExpectedReport(models.Model):
    """One report a round expects: an open item's side, from its lead unit."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="expected")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="expected_reports")
    party = models.ForeignKey(Party, on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="expected_reports")
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        ordering = ["round_id", "unit_id", "item_id"]
        verbose_name = _("应报事项")
        verbose_name_plural = _("应报事项")
        indexes = [
            models.Index(fields=["item", "party"], name="expected_item_party"),
            # a liaison's "to report" queue: the unit's open-round reports not yet submitted
            models.Index(fields=["unit", "round", "submitted_at"], name="expected_unit_round"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["round", "item", "party"], name="one_expected_report")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.item.code} · {self.party}"


class LightSnapshot(models.Model):
    """An item's light (per side, and overall with party empty) as it stood at a round."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="lights")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="light_snapshots")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT)
    light = models.CharField(_("亮灯"), max_length=10, choices=Light.choices)
    light_at_open = models.CharField(
        _("发起时亮灯"),
        max_length=10,
        choices=Light.choices,
        blank=True,
        help_text="the light when the round opened; `light` is rewritten when it closes",
    )
    taken_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["round_id", "item_id"]
        indexes = [models.Index(fields=["item", "round"], name="snapshot_item_round")]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "item", "party"], name="one_light_per_round_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.item.code} · {self.light}"


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", _("提醒")
    URGE = "urge", _("催办")
    SUPERVISE = "supervise", _("督办")
    BULLETIN = "bulletin", _("通报")


NOTICE_PREFIX = {
    NoticeKind.REMINDER: "提醒",
    NoticeKind.URGE: "催办",
    NoticeKind.SUPERVISE: "督办",
    NoticeKind.BULLETIN: "通报",
}


class Notice(models.Model):
    """A numbered urging document (e.g. 督办〔2025〕3号) to a unit, naming its items."""

    kind = models.CharField(_("类型"), max_length=10, choices=NoticeKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("对象单位"), on_delete=models.PROTECT, related_name="notices"
    )
    items = models.ManyToManyField(Item, verbose_name=_("涉及事项"), related_name="notices")
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("涉及项目"), blank=True, related_name="notices"
    )
    round = models.ForeignKey(
        ReportingRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    reason = models.TextField(_("事由"))
    issued_at = models.DateTimeField(_("发出时间"), default=clock.now)
    issued_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("为空表示按规则自动发出"),
    )
    answer_by = models.DateField(_("答复期限"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("答复内容"), blank=True)
    key = models.CharField(
        max_length=128,
        blank=True,
        db_index=True,
        help_text="rule key that makes automatic notices idempotent",
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("督办文书")
        verbose_name_plural = _("督办文书")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "seq"], name="notice_number"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{NOTICE_PREFIX[NoticeKind(self.kind)]}〔{self.year}〕{self.seq}号"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")


class Extension(models.Model):
    """A lead unit's request to move an item's deadline (延期申请), and the decision."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="extensions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), default=clock.now)
    reason = models.TextField(_("延期理由"))
    old_deadline = models.DateField(_("原完成时限"), null=True, blank=True)
    new_deadline = models.DateField(_("申请完成时限"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_reason = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")

    def __str__(self) -> str:
        return f"{self.item.code} → {self.new_deadline}"


class Notification(models.Model):
    """One message in a person's inbox; also the work list for e-mail digests."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类型"), max_length=32)
    title = models.CharField(_("标题"), max_length=255)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=255, blank=True)
    key = models.CharField(max_length=160, help_text="dedupe key: one notification per key")
    created_at = models.DateTimeField(_("时间"), default=clock.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_key")
        ]

    def __str__(self) -> str:
        return self.title


class UnitWebhook(models.Model):
    """A unit's group-chat robot URL; notifications to the unit are POSTed there, signed."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="webhook")
    url = models.URLField(_("回调地址"))
    secret = models.CharField(_("签名密钥"), max_length=128)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位机器人")
        verbose_name_plural = _("单位机器人")

    def __str__(self) -> str:
        return f"{self.unit} webhook"


class WebhookDelivery(models.Model):
    """One POST to a unit's webhook: what was sent, when, and how it went."""

    webhook = models.ForeignKey(UnitWebhook, on_delete=models.CASCADE, related_name="deliveries")
    key = models.CharField(max_length=160)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=clock.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "key"], name="one_delivery_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.webhook} {self.key}"
