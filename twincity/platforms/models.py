"""Cooperation platforms in border areas (毗邻地区合作平台) and agreements (合作协议)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Unit, User
from twincity.commitments.models import Item
from twincity.lib import clock

if TYPE_CHECKING:
    from twincity.accounts.policy import AnyUser


QS = TypeVar("QS", bound=models.QuerySet)


def _business_only(queryset: QS, user: AnyUser) -> QS:
    """Every business user reads platforms and agreements; the three administrators do not."""
    from twincity.accounts.policy import actor_of, is_business_user

    return queryset if is_business_user(actor_of(user)) else queryset.none()


class PlatformKind(models.TextChoices):
    NEW_AREA = "new_area", _("新区")
    DEMONSTRATION = "demonstration", _("示范区")
    EXPERIMENT = "experiment", _("试验区")
    PILOT = "pilot", _("先行区")
    OTHER = "other", _("其他")


class PlatformQuerySet(models.QuerySet["Platform"]):
    def visible_to(self, user: AnyUser) -> PlatformQuerySet:
        return _business_only(self, user)


class Platform(models.Model):
    """A cooperation platform in the border areas, with member units from both sides."""

    name = models.CharField(_("名称"), max_length=128, unique=True)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    kind = models.CharField(
        _("类型"), max_length=16, choices=PlatformKind.choices, default=PlatformKind.OTHER
    )
    members = models.ManyToManyField(
        Unit, verbose_name=_("成员单位"), blank=True, related_name="platforms"
    )
    plan_approved = models.DateField(_("总体方案批复时间"), null=True, blank=True)
    description = models.TextField(_("简介"), blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("平台机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_platforms",
        help_text=_("平台自身作为单位登记时（类型为“合作平台”）"),
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("合作平台")
        verbose_name_plural = _("合作平台")

    def __str__(self) -> str:
        return self.name

    def unit_ids(self) -> set[int]:
        """The member units and the platform's own unit (members must be prefetched)."""
        ids = {unit.pk for unit in self.members.all()}
        return (ids | {self.unit_id}) if self.unit_id else ids


class PlatformFigure(models.Model):
    """A figure a platform reports (e.g. 地区生产总值 1200 亿元 in 2024)."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("指标"), max_length=128)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=32, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)

    class Meta:
        ordering = ["platform_id", "-year", "id"]
        verbose_name = _("平台数据")
        verbose_name_plural = _("平台数据")

    def __str__(self) -> str:
        return f"{self.label} {self.value.normalize()}{self.unit}"


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def visible_to(self, user: AnyUser) -> AgreementQuerySet:
        return _business_only(self, user)


class Agreement(models.Model):
    """A cooperation agreement (合作协议) signed by units of the parties."""

    title = models.CharField(_("协议名称"), max_length=255)
    date = models.DateField(_("签署日期"), db_index=True)
    area = models.CharField(_("领域"), max_length=64, blank=True, db_index=True)
    doc_number = models.CharField(_("文号"), max_length=64, blank=True)
    summary = models.TextField(_("主要内容"), blank=True)
    parties = models.ManyToManyField(
        Party, verbose_name=_("参与方"), blank=True, related_name="agreements"
    )
    signatory_units = models.ManyToManyField(
        Unit, verbose_name=_("签署单位"), blank=True, related_name="agreements"
    )
    items = models.ManyToManyField(
        Item, verbose_name=_("关联事项"), blank=True, related_name="agreements"
    )
    is_public = models.BooleanField(_("公开"), default=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("合作协议")
        verbose_name_plural = _("合作协议")

    def __str__(self) -> str:
        return self.title
