from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party
from twincity.lib.chinese import numeral

if TYPE_CHECKING:
    from twincity.accounts.policy import AnyUser


class Numbering(models.TextChoices):
    OVERALL = "overall", _("连续编号")
    YEARLY = "yearly", _("按年编号")


class DatePrecision(models.TextChoices):
    DAY = "day", _("日")
    MONTH = "month", _("月")
    YEAR = "year", _("年")


class MeetingSeries(models.Model):
    """A series of meetings: the joint meetings, the office's dispatch meetings, …"""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=128, unique=True)
    short_name = models.CharField(_("简称"), max_length=64, blank=True)
    numbering = models.CharField(
        _("编号方式"), max_length=8, choices=Numbering.choices, default=Numbering.OVERALL
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("会议系列")
        verbose_name_plural = _("会议系列")

    def __str__(self) -> str:
        return self.short_name or self.name


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("已发布")
    IN_PROGRESS = "in_progress", _("进行中")
    CLOSED = "closed", _("已结束")


MEETING_FLOW = {
    MeetingStatus.DRAFT: MeetingStatus.OPEN,
    MeetingStatus.OPEN: MeetingStatus.IN_PROGRESS,
    MeetingStatus.IN_PROGRESS: MeetingStatus.CLOSED,
}


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: AnyUser) -> MeetingQuerySet:
        from twincity.accounts.policy import actor_of, is_business_user

        return self if is_business_user(actor_of(user)) else self.none()


class Meeting(models.Model):
    """One meeting of a series; locked once closed."""

    series = models.ForeignKey(
        MeetingSeries, verbose_name=_("会议系列"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("次序"))
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)
    date_precision = models.CharField(
        _("日期精度"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    place = models.CharField(_("地点"), max_length=128, blank=True)
    host_party = models.ForeignKey(
        Party, verbose_name=_("轮值主办方"), null=True, blank=True, on_delete=models.PROTECT
    )
    chair = models.CharField(_("主持人"), max_length=128, blank=True)
    theme = models.CharField(_("主题"), max_length=255, blank=True)
    summary = models.TextField(_("会议概要"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["series__order", "-year", "-number"]
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "number"], name="meeting_number"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.title_number}"

    def save(self, *args, **kwargs) -> None:
        if self.year is None and isinstance(self.date, dt.date):
            self.year = self.date.year
        super().save(*args, **kwargs)

    @property
    def title_number(self) -> str:
        """第十次 or 2023年第三次 in Chinese; No. 10 or 2023 No. 3 in other languages."""
        yearly = self.series.numbering == Numbering.YEARLY and self.year
        if not get_language().startswith("zh"):
            return f"{self.year} No. {self.number}" if yearly else f"No. {self.number}"
        if yearly:
            return f"{self.year}年第{numeral(self.number)}次"
        return f"第{numeral(self.number)}次"

    @property
    def is_locked(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    def date_display(self) -> str:
        if self.date is None:
            return str(self.year or "")
        if self.date_precision == DatePrecision.YEAR:
            return f"{self.date.year}年"
        if self.date_precision == DatePrecision.MONTH:
            return f"{self.date.year}年{self.date.month}月"
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


class Attendance(models.Model):
    """A person who attended a meeting, with the title they attended under."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("姓名"), max_length=64)
    title = models.CharField(_("职务"), max_length=255, blank=True)
    party = models.ForeignKey(
        Party, verbose_name=_("参与方"), null=True, blank=True, on_delete=models.PROTECT
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("出席人员")
        verbose_name_plural = _("出席人员")

    def __str__(self) -> str:
        return f"{self.name} {self.title}"


class MeetingDocument(models.Model):
    """A document a meeting reviewed (审议) or approved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("文件名称"), max_length=255)
    doc_number = models.CharField(_("文号"), max_length=64, blank=True)
    approved = models.BooleanField(_("审议通过"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("审议文件")
        verbose_name_plural = _("审议文件")

    def __str__(self) -> str:
        return f"《{self.title}》"


class Decision(models.Model):
    """A numbered decision (议定事项) of a meeting, e.g. 10-03."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("议定事项"), max_length=255)
    text = models.TextField(_("内容"), blank=True)

    class Meta:
        ordering = ["meeting_id", "number"]
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"{self.meeting.number}-{self.number:02d}"
