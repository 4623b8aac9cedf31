from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import User
from twincity.lib import clock

if TYPE_CHECKING:
    from twincity.accounts.policy import AnyUser


class RunStatus(models.TextChoices):
    CHECKING = "checking", _("校验中")
    PREVIEWED = "previewed", _("待确认")
    COMMITTED = "committed", _("已导入")
    REFUSED = "refused", _("已拒绝")
    FAILED = "failed", _("导入失败")


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def visible_to(self, user: AnyUser) -> ImportRunQuerySet:
        from twincity.accounts.policy import actor_of

        actor = actor_of(user)
        if actor.is_office:
            return self
        if actor.user_id is None:
            return self.none()
        return self.filter(user_id=actor.user_id)


class ImportRun(models.Model):
    """One upload of an Excel file into a register: its checks, preview and outcome."""

    user = models.ForeignKey(
        User, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="import_runs"
    )
    created_at = models.DateTimeField(_("上传时间"), default=clock.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    register = models.CharField(_("导入类型"), max_length=32)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(_("导入到"), max_length=255, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    status = models.CharField(
        _("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.CHECKING
    )
    message = models.TextField(_("说明"), blank=True)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_added = models.PositiveIntegerField(_("新增"), default=0)
    rows_changed = models.PositiveIntegerField(_("修改"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("未变"), default=0)
    rows_refused = models.PositiveIntegerField(_("拒绝"), default=0)
    progress_done = models.PositiveIntegerField(_("已校验行数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100
        return min(100, self.progress_done * 100 // self.rows_total)

    @property
    def can_confirm(self) -> bool:
        return self.status == RunStatus.PREVIEWED and not self.rows_refused
