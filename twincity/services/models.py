"""川渝通办: batches of cross-province service items, their departments and case volumes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Unit
from twincity.lib.chinese import numeral

if TYPE_CHECKING:
    from twincity.accounts.policy import AnyUser


class ServiceMode(models.TextChoices):
    ONLINE = "online", _("全程网办")
    PROXY = "proxy", _("异地代收代办")
    JOINT = "joint", _("多地联办")


class ServiceCategory(models.TextChoices):
    HOUSEHOLD = "household", _("户籍证照")
    SOCIAL = "social", _("社会保障")
    MEDICAL = "medical", _("医疗保障")
    HOUSING = "housing", _("住房公积金")
    MARKET = "market", _("市场主体")
    PROPERTY = "property", _("不动产")
    TRANSPORT = "transport", _("交通出行")
    HEALTH = "health", _("卫生健康")
    EDUCATION = "education", _("教育")
    TAX = "tax", _("税务")
    CIVIL = "civil", _("民政")
    JUSTICE = "justice", _("司法")
    OTHER = "other", _("其他")


def _reads_services(user: AnyUser) -> bool:
    """The service list is public information: every business user reads it, no admin does."""
    from twincity.accounts.policy import actor_of, is_business_user

    return is_business_user(actor_of(user))


def batch_label(number: int) -> str:
    """第一批, 第二批 … in Chinese."""
    return gettext("第%(number)s批") % {"number": numeral(number)}


class ServiceBatchQuerySet(models.QuerySet["ServiceBatch"]):
    def visible_to(self, user: AnyUser) -> ServiceBatchQuerySet:
        return self if _reads_services(user) else self.none()


class ServiceBatch(models.Model):
    """A published batch of 川渝通办 items (第一批 …), with its document number."""

    number = models.PositiveSmallIntegerField(_("批次"), unique=True)
    doc_number = models.CharField(_("文号"), max_length=64, blank=True)
    date = models.DateField(_("发布日期"))
    title = models.CharField(_("标题"), max_length=255)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = ServiceBatchQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("通办批次")
        verbose_name_plural = _("通办批次")

    def __str__(self) -> str:
        return batch_label(self.number)


class ServiceItemQuerySet(models.QuerySet["ServiceItem"]):
    def visible_to(self, user: AnyUser) -> ServiceItemQuerySet:
        return self if _reads_services(user) else self.none()


class ServiceItem(models.Model):
    """One 川渝通办 service item, handled by one department on each side."""

    batch = models.ForeignKey(
        ServiceBatch, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField(_("编号"), max_length=32, unique=True)
    name = models.CharField(_("事项名称"), max_length=255)
    category = models.CharField(_("类别"), max_length=16, choices=ServiceCategory.choices)
    mode = models.CharField(_("办理方式"), max_length=16, choices=ServiceMode.choices)
    launch_date = models.DateField(_("上线日期"), null=True, blank=True)
    units = models.ManyToManyField(
        Unit, through="ServiceDepartment", verbose_name=_("承办部门"), related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = ServiceItemQuerySet.as_manager()

    class Meta:
        ordering = ["batch__number", "code"]
        verbose_name = _("通办事项")
        verbose_name_plural = _("通办事项")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ServiceDepartment(models.Model):
    """The department that handles an item on one party's side."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="departments")
    party = models.ForeignKey(Party, verbose_name=_("参与方"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        Unit, verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="service_items"
    )

    class Meta:
        ordering = ["party__order", "party_id"]
        verbose_name = _("承办部门")
        verbose_name_plural = _("承办部门")
        constraints = [
            models.UniqueConstraint(fields=["item", "party"], name="one_service_unit_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party} · {self.unit}"


class CaseVolume(models.Model):
    """The number of cases an item handled on one side in one month."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="volumes")
    party = models.ForeignKey(Party, verbose_name=_("参与方"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    cases = models.PositiveIntegerField(_("办件量"))

    class Meta:
        ordering = ["year", "month", "party__order"]
        verbose_name = _("月度办件量")
        verbose_name_plural = _("月度办件量")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "party", "year", "month"], name="one_volume_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="volume_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.party} {self.year}-{self.month:02d}: {self.cases}"
