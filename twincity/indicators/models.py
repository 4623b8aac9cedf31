"""Indicators: a catalogue of figures, the circle's regions, and observations with revisions."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Unit, User
from twincity.lib import clock

if TYPE_CHECKING:
    from twincity.accounts.policy import AnyUser


def reads_indicators(user: AnyUser) -> bool:
    """Every business user reads the catalogue and its figures; the administrators do not."""
    from twincity.accounts.policy import actor_of, is_business_user

    return is_business_user(actor_of(user))


# --- regions ---------------------------------------------------------------------------------


class RegionLevel(models.TextChoices):
    CIRCLE = "circle", _("全域")
    SIDE = "side", _("省市")
    CITY = "city", _("市（州）")
    DISTRICT = "district", _("区县")


TILE_LEVELS = (RegionLevel.CITY, RegionLevel.DISTRICT)


class RegionQuerySet(models.QuerySet["Region"]):
    def tiles(self) -> RegionQuerySet:
        """Cities and districts that have a cell on the tile map, row by row."""
        return self.filter(level__in=TILE_LEVELS, tile_x__isnull=False).order_by("tile_y", "tile_x")

    def overview(self) -> RegionQuerySet:
        """The circle and the two sides: the regions of the headline series."""
        return self.filter(level__in=[RegionLevel.CIRCLE, RegionLevel.SIDE])


class Region(models.Model):
    """The whole circle, a side, or one of its cities and districts (reference data)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    short_name = models.CharField(_("简称"), max_length=16, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices)
    party = models.ForeignKey(
        Party, verbose_name=_("参与方"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("对应单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regions",
    )
    tile_x = models.PositiveSmallIntegerField(_("方块图列"), null=True, blank=True)
    tile_y = models.PositiveSmallIntegerField(_("方块图行"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    note = models.CharField(_("说明"), max_length=64, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("地区")
        verbose_name_plural = _("地区")
        constraints = [
            models.UniqueConstraint(fields=["tile_x", "tile_y"], name="one_region_per_tile")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with its coverage note: 绵阳市（除北川县、平武县）."""
        return f"{self.name}（{self.note}）" if self.note else self.name


# --- indicators ------------------------------------------------------------------------------


class Direction(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class IndicatorArea(models.TextChoices):
    ECONOMY = "economy", _("经济发展")
    TRANSPORT = "transport", _("交通")
    OPENING = "opening", _("对外开放")
    INNOVATION = "innovation", _("科技创新")
    PUBLIC_SERVICE = "public_service", _("公共服务")
    ECOLOGY = "ecology", _("生态环境")
    OTHER = "other", _("其他")


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def visible_to(self, user: AnyUser) -> IndicatorQuerySet:
        return self if reads_indicators(user) else self.none()

    def key(self) -> IndicatorQuerySet:
        """The indicators on the leaders' dashboard."""
        return self.filter(is_key=True)

    def public(self) -> IndicatorQuerySet:
        return self.filter(is_public=True)


class Indicator(models.Model):
    """A figure the mechanism follows: what it measures, in which unit, for which regions."""

    code = models.SlugField(_("代码"), max_length=48, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    unit = models.CharField(_("计量单位"), max_length=16, blank=True)
    area = models.CharField(_("领域"), max_length=16, choices=IndicatorArea.choices, blank=True)
    definition = models.TextField(_("定义"), blank=True)
    source = models.TextField(_("数据来源"), blank=True)
    direction = models.CharField(
        _("方向"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    levels = models.JSONField(_("适用层级"), default=list, blank=True)
    is_key = models.BooleanField(_("重点指标"), default=False)
    is_public = models.BooleanField(_("公开"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    version = models.PositiveIntegerField(default=1)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")

    def __str__(self) -> str:
        return self.name

    @property
    def level_labels(self) -> list[str]:
        return [str(RegionLevel(level).label) for level in self.levels if level in RegionLevel]

    def applies_to(self, region: Region) -> bool:
        return region.level in self.levels


# --- observations ----------------------------------------------------------------------------


class PeriodKind(models.TextChoices):
    YEAR = "year", _("年度")
    QUARTER = "quarter", _("季度")
    MONTH = "month", _("月度")
    CUMULATIVE = "cumulative", _("累计")


def period_end(kind: str, year: int, part: int | None = None) -> dt.date:
    """The last day of a year, of quarter `part` or of month `part` of the year."""
    if kind == PeriodKind.YEAR:
        return dt.date(year, 12, 31)
    month = 3 * part if kind == PeriodKind.QUARTER and part else part
    if kind not in (PeriodKind.QUARTER, PeriodKind.MONTH) or not month or not 1 <= month <= 12:
        raise ValueError(f"no period end for {kind} {year} {part}")
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_start(kind: str, end: dt.date) -> dt.date:
    """The first day of the period that ends on `end` (the day itself for a cumulative one)."""
    if kind == PeriodKind.YEAR:
        return dt.date(end.year, 1, 1)
    if kind == PeriodKind.QUARTER:
        return dt.date(end.year, end.month - 2, 1)
    if kind == PeriodKind.MONTH:
        return end.replace(day=1)
    return end


def period_label(kind: str, end: dt.date) -> str:
    """2024年, 2024年第3季度, 2024年6月, 截至2024年12月31日."""
    if kind == PeriodKind.YEAR:
        return gettext("%(year)s年") % {"year": end.year}
    if kind == PeriodKind.QUARTER:
        return gettext("%(year)s年第%(quarter)s季度") % {
            "year": end.year,
            "quarter": (end.month + 2) // 3,
        }
    if kind == PeriodKind.MONTH:
        return gettext("%(year)s年%(month)s月") % {"year": end.year, "month": end.month}
    return gettext("截至%(year)s年%(month)s月%(day)s日") % {
        "year": end.year,
        "month": end.month,
        "day": end.day,
    }


class ObservationQuerySet(models.QuerySet["Observation"]):
    def visible_to(self, user: AnyUser) -> ObservationQuerySet:
        return self if reads_indicators(user) else self.none()

    def up_to(self, year: int | None) -> ObservationQuerySet:
        """Observations whose period ends in `year` or before (all when year is None)."""
        return self if year is None else self.filter(period_end__lte=dt.date(year, 12, 31))


class Observation(models.Model):
    """One value of an indicator for one region and one period."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="observations"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="observations"
    )
    period_kind = models.CharField(_("统计周期"), max_length=16, choices=PeriodKind.choices)
    period_end = models.DateField(_("截止日期"))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    source_document = models.CharField(_("来源文件"), max_length=255, blank=True)
    source_url = models.URLField(_("来源链接"), max_length=500, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), default=clock.now)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), default=clock.now)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "id"]
        verbose_name = _("指标数据")
        verbose_name_plural = _("指标数据")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period_kind", "period_end"],
                name="one_observation_per_period",
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "region", "period_end"], name="obs_series_idx")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.period_end)


class ObservationRevision(models.Model):
    """What an observation held after one save; number 1 is the value first entered."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("序号"))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    source_document = models.CharField(_("来源文件"), max_length=255, blank=True)
    source_url = models.URLField(_("来源链接"), max_length=500, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)
    reason = models.TextField(_("修改原因"), blank=True)
    changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("修改时间"), default=clock.now)

    class Meta:
        ordering = ["observation_id", "-number"]
        verbose_name = _("指标数据修订")
        verbose_name_plural = _("指标数据修订")
        constraints = [
            models.UniqueConstraint(fields=["observation", "number"], name="one_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.observation_id} #{self.number}: {self.value}"
