from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from twincity.accounts.models import Party, Unit, User, WorkingGroup
from twincity.lib import clock
from twincity.meetings.models import Decision, Meeting

if TYPE_CHECKING:
    from twincity.accounts.policy import AnyUser


class ListKind(models.TextChoices):
    POLICY_NEEDS = "policy_needs", _("政策需求清单")
    AGREED_ITEMS = "agreed_items", _("议定事项清单")
    KEY_TASKS = "key_tasks", _("年度重点任务")
    REFORM = "reform", _("改革事项清单")
    ACTION_PLAN = "action_plan", _("行动方案任务")


class ItemListQuerySet(models.QuerySet["ItemList"]):
    def visible_to(self, user: AnyUser) -> ItemListQuerySet:
        from twincity.accounts.policy import actor_of, is_business_user

        return self if is_business_user(actor_of(user)) else self.none()


class ItemList(models.Model):
    """A list (清单) of items of one kind, from a meeting or a document, with versions."""

    kind = models.CharField(_("清单类型"), max_length=16, choices=ListKind.choices)
    name = models.CharField(_("名称"), max_length=255)
    period = models.CharField(_("期间"), max_length=32, blank=True)
    source_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("来源会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lists",
    )
    source_document = models.CharField(_("来源文件"), max_length=255, blank=True)
    description = models.TextField(_("说明"), blank=True)
    is_public = models.BooleanField(_("公开"), default=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)

    objects = ItemListQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("清单")
        verbose_name_plural = _("清单")

    def __str__(self) -> str:
        return self.name


class ListVersion(models.Model):
    """A frozen copy of a list's items at one adjustment; any two can be compared."""

    list = models.ForeignKey(ItemList, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    note = models.CharField(_("调整说明"), max_length=255, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, verbose_name=_("审定会议"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["list_id", "number"]
        verbose_name = _("清单版本")
        verbose_name_plural = _("清单版本")
        constraints = [
            models.UniqueConstraint(fields=["list", "number"], name="list_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.list} v{self.number}"


class ListVersionEntry(models.Model):
    """One item as it stood in a version (its code and compared fields)."""

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="entries")
    code = models.CharField(max_length=32)
    data = models.JSONField()

    class Meta:
        ordering = ["version_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="version_entry_code")
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.code}"


class ItemState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ASSIGNED = "assigned", _("已交办")
    IN_PROGRESS = "in_progress", _("推进中")
    CLOSURE_REQUESTED = "closure_requested", _("申请销号")
    RETURNED = "returned", _("已退回")
    CLOSED = "closed", _("已销号")
    SUSPENDED = "suspended", _("已暂停")
    CANCELLED = "cancelled", _("已撤销")
    PROPOSED = "proposed", _("已提出")
    AGREED = "agreed", _("已共同商定")
    SUBMITTED = "submitted", _("已报送")
    ANSWERED = "answered", _("已回复")


OPEN_STATES = frozenset(
    {
        ItemState.ASSIGNED,
        ItemState.IN_PROGRESS,
        ItemState.CLOSURE_REQUESTED,
        ItemState.RETURNED,
        ItemState.PROPOSED,
        ItemState.AGREED,
        ItemState.SUBMITTED,
        ItemState.ANSWERED,
    }
)
FINAL_STATES = frozenset({ItemState.CLOSED, ItemState.CANCELLED})


class Answer(models.TextChoices):
    SUPPORTED = "supported", _("予以支持")
    PARTLY = "partly", _("部分支持")
    NOT_SUPPORTED = "not_supported", _("暂不支持")


class ReportFrequency(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    NONE = "none", _("不定期")


class Light(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")
    RECOVERED = "recovered", pgettext_lazy("light", "恢复")
    NONE = "none", _("不亮灯")


# Worse lights sort higher; "recovered" sits between yellow and green.
LIGHT_RANK = {Light.NONE: 0, Light.GREEN: 1, Light.RECOVERED: 2, Light.YELLOW: 3, Light.RED: 4}


# Whose units lead this many items sees so many that testing the rows a state or a due date
# selects (~2 ms at 100,000 items) costs less than reading every visible item (~0.75 µs each).
MANY_LED = 2000


class ItemQuerySet(models.QuerySet["Item"]):
    def visible_to(self, user: AnyUser, *, narrowed: bool = False) -> ItemQuerySet:
        """The items the user may see. `narrowed`: the caller's other filters select the rows
        through an index (a state, a due date); if the user's units lead many items, each of
        those rows is then tested against the visible ids, rather than the row of every
        visible id read. The database cannot tell a busy unit from an average one itself."""
        from twincity.accounts.policy import actor_of, is_business_user

        actor = actor_of(user)
        if actor.reads_all:
            return self
        if not is_business_user(actor):
            return self.none()
        units, groups = actor.unit_ids, actor.group_ids
        led_groups = WorkingGroup.objects.filter(leads__unit__in=units).values("pk")
        in_groups = Q(working_group__in=groups) | Q(working_group__in=led_groups)
        led = ItemSide.objects.filter(lead_unit__in=units)
        helping = Item.cooperating_units.through.objects.filter(unit__in=units).values("item")
        grouped = Item.objects.filter(in_groups).values("pk")
        # One IN over a UNION of the three id sets, not an OR of three INs: with the OR the
        # database reads every candidate item row to test it (a compound takes no ORDER BY).
        # UNION ALL: the IN drops duplicates anyway, a UNION would sort them out once more.
        ids = led.values("item").order_by().union(helping.order_by(), grouped.order_by(), all=True)
        if narrowed and led[MANY_LED:].exists():
            # `pk + 0` is no column an index or the table is searched by, so the database
            # builds the id set once and tests the rows it reads through the other filters.
            return self.alias(visible_pk=F("pk") + 0).filter(visible_pk__in=ids)
        return self.filter(pk__in=ids)

    def open(self) -> ItemQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, today: dt.date | None = None) -> ItemQuerySet:
        return self.open().filter(deadline__lt=today or clock.today())

    def due_within(self, days: int, today: dt.date | None = None) -> ItemQuerySet:
        start = today or clock.today()
        return self.open().filter(deadline__gte=start, deadline__lte=start + dt.timedelta(days))

    def for_table(self) -> ItemQuerySet:
        """What the items table shows, in a fixed number of queries."""
        return self.select_related("list", "working_group").prefetch_related(
            models.Prefetch("sides", queryset=ItemSide.objects.select_related("party", "lead_unit"))
        )


class Item(models.Model):
    """An item (事项) of any list kind: agreed item, policy need, task or reform measure."""

    list = models.ForeignKey(
        ItemList, verbose_name=_("清单"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField(_("编号"), max_length=32)
    title = models.CharField(_("事项名称"), max_length=255)
    description = models.TextField(_("具体内容"), blank=True)
    area = models.CharField(_("领域"), max_length=64, blank=True, db_index=True)
    source_decision = models.ForeignKey(
        Decision,
        verbose_name=_("来源议定事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("专项工作组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    cooperating_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="cooperating_items"
    )
    target_unit = models.ForeignKey(
        Unit,
        verbose_name=_("争取对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targeted_items",
        help_text=_("政策需求向其争取支持的中央部委或单位"),
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True, db_index=True)
    result_form = models.CharField(_("成果形式"), max_length=128, blank=True)
    report_frequency = models.CharField(
        _("报送频次"),
        max_length=16,
        choices=ReportFrequency.choices,
        default=ReportFrequency.QUARTERLY,
    )
    is_major = models.BooleanField(_("重大事项"), default=False)
    state = models.CharField(
        _("状态"),
        max_length=20,
        choices=ItemState.choices,
        default=ItemState.DRAFT,
        db_index=True,
    )
    resume_state = models.CharField(max_length=20, blank=True)
    answer = models.CharField(_("答复结果"), max_length=16, choices=Answer.choices, blank=True)
    answer_text = models.TextField(_("答复内容"), blank=True)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    # The stored current light (see supervision/current.py) and the day it was computed for.
    light = models.CharField(
        _("亮灯"),
        max_length=10,
        choices=Light.choices,
        default=Light.NONE,
        db_index=True,
        editable=False,
    )
    light_on = models.DateField(null=True, blank=True, editable=False)
    is_public = models.BooleanField(_("公开"), default=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    updated_at = models.DateTimeField(_("更新时间"), default=clock.now)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["list_id", "code"]
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        constraints = [models.UniqueConstraint(fields=["list", "code"], name="item_code")]
        indexes = [
            # the items page and API filtered by state, sorted by deadline or code
            models.Index(fields=["state", "deadline", "id"], name="item_state_deadline"),
            models.Index(fields=["state", "code", "id"], name="item_state_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_policy_need(self) -> bool:
        return self.list.kind == ListKind.POLICY_NEEDS

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return (
            self.deadline is not None
            and self.state in OPEN_STATES
            and self.deadline < (today or clock.today())
        )


class ItemSide(models.Model):
    """One party's side of an item: its lead unit, signature, closure request, progress."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="sides")
    party = models.ForeignKey(Party, verbose_name=_("参与方"), on_delete=models.PROTECT)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_sides"
    )
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closure_requested_at = models.DateTimeField(_("申请销号时间"), null=True, blank=True)
    closure_requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closure_note = models.TextField(_("销号说明"), blank=True)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    light = models.CharField(
        _("亮灯"),
        max_length=10,
        choices=Light.choices,
        default=Light.NONE,
        db_index=True,
        editable=False,
    )

    class Meta:
        ordering = ["party__order"]
        verbose_name = _("牵头方")
        verbose_name_plural = _("牵头方")
        constraints = [models.UniqueConstraint(fields=["item", "party"], name="one_side_per_party")]
        # a liaison's visibility: the items their unit leads
        indexes = [models.Index(fields=["lead_unit", "item"], name="side_lead_item")]

    def __str__(self) -> str:
        return f"{self.item.code} · {self.party} · {self.lead_unit}"


class Milestone(models.Model):
    """A dated step towards an item's result."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=255)
    due = models.DateField(_("计划时间"))
    done_at = models.DateField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["item_id", "due", "id"]
        verbose_name = _("节点")
        verbose_name_plural = _("节点")

    def __str__(self) -> str:
        return self.title


class Transition(models.Model):
    """A state change or side action on an item: who, when, from, to, why."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="transitions")
    at = models.DateTimeField(_("时间"), default=clock.now, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(_("操作"), max_length=32)
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT)
    from_state = models.CharField(max_length=20, choices=ItemState.choices)
    to_state = models.CharField(max_length=20, choices=ItemState.choices)
    reason = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")

    def __str__(self) -> str:
        return f"{self.item.code} {self.action} {self.from_state}→{self.to_state}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待单位审核")
    APPROVED = "approved", _("待联合办公室审核")
    ACCEPTED = "accepted", _("已采纳")
    RETURNED = "returned", _("已退回")


class ProgressReport(models.Model):
    """A lead unit's progress report (进展反馈) on its side of an item."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reports")
    party = models.ForeignKey(Party, verbose_name=_("参与方"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("报送单位"), on_delete=models.PROTECT)
    period = models.CharField(_("报送期次"), max_length=32, blank=True)
    progress_text = models.TextField(_("进展情况"))
    difficulties = models.TextField(_("存在困难"), blank=True)
    next_steps = models.TextField(_("下一步措施"), blank=True)
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("报送时间"), default=clock.now)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("采纳时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("退回原因"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("进展反馈")
        verbose_name_plural = _("进展反馈")
        indexes = [
            # the office's and units' work queues on the home page: newest first by status
            models.Index(fields=["status", "-submitted_at", "-id"], name="report_queue"),
            models.Index(
                fields=["unit", "status", "-submitted_at", "-id"], name="report_unit_queue"
            ),
        ]

    def __str__(self) -> str:
        when = self.period or f"{self.submitted_at:%Y-%m-%d}"
        return f"{self.item.code} · {self.party} · {when}"

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.ACCEPTED


class ResultType(models.TextChoices):
    DOCUMENT = "document", _("出台文件")
    PROJECT_STARTED = "project_started", _("项目开工")
    PROJECT_DONE = "project_done", _("项目建成")
    SERVICE = "service", _("服务上线")
    MECHANISM = "mechanism", _("机制建立")
    AGREEMENT = "agreement", _("签署协议")
    PLATFORM = "platform", _("平台建设")
    OTHER = "other", _("其他")


class ResultQuerySet(models.QuerySet["Result"]):
    def visible_to(self, user: AnyUser) -> ResultQuerySet:
        from twincity.accounts.policy import actor_of, is_business_user

        actor = actor_of(user)
        if actor.reads_all:
            return self
        if not is_business_user(actor):
            return self.none()
        return self.filter(
            Q(items__in=Item.objects.visible_to(user)) | Q(created_by_id=actor.user_id)
        ).distinct()


class Result(models.Model):
    """A work result (工作成果) with evidence and figures; it closes the items it fulfils."""

    title = models.CharField(_("成果名称"), max_length=255)
    type = models.CharField(_("成果类型"), max_length=16, choices=ResultType.choices)
    date = models.DateField(_("取得时间"))
    parties = models.ManyToManyField(Party, verbose_name=_("参与方"), blank=True)
    description = models.TextField(_("成果说明"), blank=True)
    evidence_links = models.TextField(_("佐证链接"), blank=True, help_text=_("每行一个"))
    items = models.ManyToManyField(
        Item, verbose_name=_("对应事项"), blank=True, related_name="results"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("发布会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
    )
    is_public = models.BooleanField(_("公开"), default=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("工作成果")
        verbose_name_plural = _("工作成果")

    def __str__(self) -> str:
        return self.title


class ResultFigure(models.Model):
    """A figure a result reports (e.g. 中欧班列累计开行 36000 列)."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("指标"), max_length=128)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=32, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("成果数据")
        verbose_name_plural = _("成果数据")

    def __str__(self) -> str:
        return f"{self.label} {self.value.normalize()}{self.unit}"


def attachment_path(instance: Attachment, filename: str) -> str:
    now = clock.now()
    return f"attachments/{now:%Y/%m}/{instance.sha256[:16]}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    """A file attached to an item, a progress report or a result."""

    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    report = models.ForeignKey(
        ProgressReport,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    result = models.ForeignKey(
        Result, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), default=clock.now)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A remark on an item's timeline; leaders' instructions (批示) are marked."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("内容"))
    is_instruction = models.BooleanField(_("领导批示"), default=False)
    at = models.DateTimeField(_("时间"), default=clock.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("评论")
        verbose_name_plural = _("评论")

    def __str__(self) -> str:
        return self.text[:40]
