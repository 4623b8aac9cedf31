"""Joint key projects: yearly lists with versions, projects, milestones, monthly reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Unit, User
from twincity.lib import clock
from twincity.meetings.models import Meeting

if TYPE_CHECKING:
    from twincity.accounts.policy import AnyUser

# Money in 亿元: four decimals keep 万元 exact.
MONEY_DIGITS, MONEY_PLACES = 14, 4


class ProjectArea(models.Model):
    """An area of the project list (现代基础设施, 现代产业, …); the office edits them."""

    name = models.CharField(_("名称"), max_length=32, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("项目领域")
        verbose_name_plural = _("项目领域")

    def __str__(self) -> str:
        return self.name


class ProjectRules(models.Model):
    """The office's settings for project lights (one row)."""

    # A project within this many points below 时序进度 is yellow; further below is red.
    yellow_margin = models.DecimalField(
        _("黄灯容差（百分点）"), max_digits=5, decimal_places=2, default=Decimal("5.00")
    )
    # Reports for month N are due on this day of month N+1.
    report_due_day = models.PositiveSmallIntegerField(
        _("月报截止日"), default=5, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("项目亮灯规则")
        verbose_name_plural = _("项目亮灯规则")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> ProjectRules:
        return cls.objects.order_by("pk").first() or cls.objects.create()


class ProjectListQuerySet(models.QuerySet["ProjectList"]):
    def visible_to(self, user: AnyUser) -> ProjectListQuerySet:
        from twincity.accounts.policy import actor_of, is_business_user

        return self if is_business_user(actor_of(user)) else self.none()


class ProjectList(models.Model):
    """A year's list of joint key projects, approved at a meeting; adjusted by versions."""

    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=255)
    source_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("审定会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_lists",
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)

    objects = ProjectListQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("重点项目名单")
        verbose_name_plural = _("重点项目名单")

    def __str__(self) -> str:
        return self.name


class ProjectListVersion(models.Model):
    """A frozen copy of a project list at one adjustment (优化调整); any two compare."""

    list = models.ForeignKey(ProjectList, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    note = models.CharField(_("调整说明"), max_length=255, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, verbose_name=_("审定会议"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["list_id", "number"]
        verbose_name = _("名单版本")
        verbose_name_plural = _("名单版本")
        constraints = [
            models.UniqueConstraint(fields=["list", "number"], name="project_list_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.list} v{self.number}"


class ProjectListEntry(models.Model):
    """One project as it stood in a version (its code and compared fields)."""

    version = models.ForeignKey(
        ProjectListVersion, on_delete=models.CASCADE, related_name="entries"
    )
    code = models.CharField(max_length=32)
    data = models.JSONField()

    class Meta:
        ordering = ["version_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="project_entry_code")
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.code}"


class Stage(models.TextChoices):
    PREPARATION = "preparation", _("前期")
    NEW = "new", _("新开工")
    CONTINUING = "continuing", _("续建")
    COMPLETED = "completed", _("建成")


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user: AnyUser) -> ProjectQuerySet:
        """Office and leaders: all; others: projects their units are responsible for."""
        from twincity.accounts.policy import actor_of, is_business_user

        actor = actor_of(user)
        if actor.reads_all:
            return self
        if not is_business_user(actor):
            return self.none()
        through = Project.responsible_units.through.objects.filter(unit__in=actor.unit_ids)
        return self.filter(pk__in=through.values("project"))

    def in_list(self) -> ProjectQuerySet:
        """Projects still on their list (a mid-year adjustment may withdraw some)."""
        return self.filter(withdrawn=False)


class Project(models.Model):
    """A joint key project (共建重点项目) of a year's list."""

    list = models.ForeignKey(
        ProjectList, verbose_name=_("名单"), on_delete=models.PROTECT, related_name="projects"
    )
    code = models.CharField(_("项目编号"), max_length=32)
    name = models.CharField(_("项目名称"), max_length=255)
    area = models.ForeignKey(
        ProjectArea, verbose_name=_("领域"), on_delete=models.PROTECT, related_name="projects"
    )
    # One side, or null for a project both (all) sides build together: parts then sum to totals.
    party = models.ForeignKey(
        Party,
        verbose_name=_("所属方"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        help_text=_("留空表示川渝共建"),
    )
    locations = models.ManyToManyField(
        Unit, verbose_name=_("建设地点"), blank=True, related_name="located_projects"
    )
    owner = models.CharField(_("项目业主"), max_length=255, blank=True)
    responsible_units = models.ManyToManyField(
        Unit, verbose_name=_("责任单位"), blank=True, related_name="responsible_projects"
    )
    total_investment = models.DecimalField(
        _("总投资（亿元）"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    start_year = models.PositiveSmallIntegerField(_("开工年份"))
    end_year = models.PositiveSmallIntegerField(_("完工年份"))
    stage = models.CharField(_("建设阶段"), max_length=16, choices=Stage.choices)
    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工日期"), null=True, blank=True)
    year_planned = models.DecimalField(
        _("年度计划投资（亿元）"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    withdrawn = models.BooleanField(_("已调出名单"), default=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["list_id", "code"]
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        constraints = [
            models.UniqueConstraint(fields=["list", "code"], name="project_code_in_list")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def missed_start(self, as_of: dt.date) -> bool:
        """A planned new start whose date has passed without a start by as_of."""
        if self.planned_start is None or self.planned_start > as_of:
            return False
        return self.actual_start is None or self.actual_start > as_of


class ProjectNode(models.Model):
    """A milestone (节点) of a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="nodes")
    title = models.CharField(_("节点"), max_length=255)
    due = models.DateField(_("计划时间"))
    done_on = models.DateField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["project_id", "due", "id"]
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")

    def __str__(self) -> str:
        return self.title


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已报送")
    ACCEPTED = "accepted", _("已受理")
    RETURNED = "returned", _("已退回")


class MonthlyReport(models.Model):
    """A project's monthly report: investment completed 1—N月 (cumulative); locked once accepted."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    cumulative_completed = models.DecimalField(
        _("累计完成投资（亿元）"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    progress = models.TextField(_("进展情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    return_reason = models.TextField(_("退回原因"), blank=True)
    submitted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), default=clock.now)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["project_id", "year", "month"]
        verbose_name = _("项目月报")
        verbose_name_plural = _("项目月报")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "month"], name="one_report_per_project_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}-{self.month:02d}"

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.ACCEPTED


class SupportKind(models.TextChoices):
    LAND = "land", _("用地")
    ENERGY = "energy", _("用能")
    FUNDS = "funds", _("资金")
    APPROVAL = "approval", _("审批")
    OTHER = "other", _("其他")


class SupportRequest(models.Model):
    """A request for support (要素保障) raised in a monthly report, routed to a unit."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(_("要素类型"), max_length=16, choices=SupportKind.choices)
    text = models.TextField(_("诉求内容"))
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("协调单位"), on_delete=models.PROTECT, related_name="support_requests"
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["report_id", "id"]
        verbose_name = _("要素保障诉求")
        verbose_name_plural = _("要素保障诉求")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text[:20]}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
