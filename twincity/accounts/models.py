from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from twincity.lib import clock


class Party(models.Model):
    """A side of the mechanism: 渝, 川, or any further party."""

    code = models.SlugField(_("代码"), max_length=16, unique=True)
    short_name = models.CharField(_("简称"), max_length=8)
    name = models.CharField(_("名称"), max_length=64)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("参与方")
        verbose_name_plural = _("参与方")

    def __str__(self) -> str:
        return self.short_name


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("部门")
    CITY = "city", _("市（州）")
    DISTRICT = "district", _("区县")
    JOINT_OFFICE = "joint_office", _("联合办公室")
    CENTRAL = "central", _("中央部委")
    PLATFORM = "platform", _("合作平台")
    OTHER = "other", _("其他")


class Unit(models.Model):
    """A department, city, district, office or ministry; belongs to a party or to none."""

    name = models.CharField(_("名称"), max_length=128, unique=True)
    short_name = models.CharField(_("简称"), max_length=64, blank=True)
    code = models.SlugField(_("代码"), max_length=32, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("参与方"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head_approval = models.BooleanField(_("报送需单位负责人审核"), default=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["party__order", "kind", "name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.short_name or self.name


class WorkingGroup(models.Model):
    """A joint special working group (联合专项工作组), co-led by one unit per party."""

    number = models.PositiveSmallIntegerField(_("序号"), unique=True)
    name = models.CharField(_("名称"), max_length=128, unique=True)
    description = models.TextField(_("职责"), blank=True)
    members = models.ManyToManyField(
        Unit, verbose_name=_("成员单位"), blank=True, related_name="member_groups"
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("联合专项工作组")
        verbose_name_plural = _("联合专项工作组")

    def __str__(self) -> str:
        return self.name


class WorkingGroupLead(models.Model):
    """The lead unit of a working group on one party's side."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="leads")
    party = models.ForeignKey(Party, on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="led_groups")

    class Meta:
        ordering = ["party__order"]
        constraints = [
            models.UniqueConstraint(fields=["group", "party"], name="one_group_lead_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.group} / {self.unit}"


class Role(models.TextChoices):
    OFFICE = "office", _("联合办公室")
    LIAISON = "liaison", _("单位联络员")
    HEAD = "head", _("单位负责人")
    WG_LEAD = "wg_lead", _("专项组负责人")
    LEADER = "leader", _("领导")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITOR = "auditor", _("审计管理员")


ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})


class User(AbstractUser):
    """A person with an account; roles come from memberships."""

    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    failed_logins = models.PositiveSmallIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def is_locked(self, at: dt.datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (at or clock.now())


class Membership(models.Model):
    """A role that a user holds in a unit (and, for a group lead, in a working group)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("专项组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    title = models.CharField(_("职务"), max_length=64, blank=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("授予时间"), default=clock.now)

    class Meta:
        ordering = ["user_id", "role"]
        verbose_name = _("角色授予")
        verbose_name_plural = _("角色授予")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit", "working_group"],
                name="unique_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit or ''}"


class TokenScope(models.TextChoices):
    READ = "read", _("只读")
    WRITE = "write", _("读写")


class ApiToken(models.Model):
    """A personal API token; only the SHA-256 digest of its secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=64)
    prefix = models.CharField(_("前缀"), max_length=8)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("权限范围"), max_length=8, choices=TokenScope.choices)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, at: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (at or clock.now())

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE
