"""Extensions (延期申请): a lead unit asks for a later deadline; the joint office decides.

Approval moves the deadline through `commitments.workflow.extend_deadline`, whose Transition
keeps the old one; the Extension row keeps both dates and the decision either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from twincity.accounts.models import Party, Role, User
from twincity.accounts.policy import AnyUser, actor_of
from twincity.audit.log import record, snapshot
from twincity.commitments import workflow
from twincity.commitments.models import Item, ItemSide
from twincity.commitments.workflow import WorkflowError
from twincity.lib import clock
from twincity.supervision.ladder import WORKING
from twincity.supervision.models import Extension, ExtensionStatus, ReportingRound

S = ExtensionStatus


def visible_extensions(user: AnyUser) -> QuerySet[Extension]:
    """Extensions of the items the user may see."""
    return Extension.objects.filter(item__in=Item.objects.visible_to(user))


def pending_first(rows: QuerySet[Extension]) -> QuerySet[Extension]:
    waiting = Case(
        When(status=S.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return rows.annotate(waiting=waiting).order_by("waiting", "-requested_at", "-id")


def requestable_sides(user: AnyUser, item: Item) -> list[ItemSide]:
    """The item's sides whose lead unit this user is a liaison of."""
    units = actor_of(user).units_for(Role.LIAISON)
    return [side for side in item.sides.all() if side.lead_unit_id in units]


def may_request(user: AnyUser, item: Item) -> bool:
    return item.state in WORKING and bool(requestable_sides(user, item))


@transaction.atomic
def request_extension(
    user: User, item: Item, party: Party | None, new_date: dt.date, reason: str
) -> Extension:
    """A lead unit's liaison asks to move the item's deadline; one request waits at a time."""
    sides = requestable_sides(user, item)
    if party is not None:
        sides = [s for s in sides if s.party_id == party.pk]
    if not sides:
        raise PermissionDenied(_("只有本方牵头单位的联络员可以申请延期。"))
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.state not in WORKING:
        raise WorkflowError(
            _("事项当前状态为“%(state)s”，不能申请延期。") % {"state": item.get_state_display()},
            code="state",
        )
    _check_request(item, new_date, reason)
    ext = Extension.objects.create(
        item=item,
        party=sides[0].party,
        requested_by=user,
        reason=reason.strip(),
        old_deadline=item.deadline,
        new_deadline=new_date,
    )
    record("extension.request", actor=user, target=ext, after=snapshot(ext))
    return ext


def _check_request(item: Item, new_date: dt.date | None, reason: str) -> None:
    if not (reason or "").strip():
        raise WorkflowError(_("请填写延期理由。"), code="reason")
    if new_date is None:
        raise WorkflowError(_("请填写申请完成时限。"), code="new_deadline")
    if item.deadline is not None and new_date <= item.deadline:
        raise WorkflowError(
            _("申请完成时限须晚于原完成时限（%(date)s）。") % {"date": f"{item.deadline:%Y-%m-%d}"},
            code="new_deadline",
        )
    if new_date <= clock.today():
        raise WorkflowError(_("申请完成时限须晚于今天。"), code="new_deadline")
    if item.extensions.filter(status=S.PENDING).exists():
        raise WorkflowError(_("该事项已有待审批的延期申请。"), code="pending")


@transaction.atomic
def decide_extension(user: User, ext: Extension, approve: bool, reason: str) -> Extension:
    """The joint office approves (the deadline moves) or refuses (a reason is required)."""
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以审批延期申请。"))
    ext = Extension.objects.select_for_update().select_related("item").get(pk=ext.pk)
    if ext.status != S.PENDING:
        raise WorkflowError(_("该延期申请已审批。"), code="decided")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise WorkflowError(_("请填写不同意延期的理由。"), code="reason")
    if approve:
        _approve(user, ext, reason)
    ext.status = S.APPROVED if approve else S.REFUSED
    ext.decided_by, ext.decided_at, ext.decision_reason = user, clock.now(), reason
    ext.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    record(
        "extension.approve" if approve else "extension.refuse",
        actor=user,
        target=ext,
        before={"status": S.PENDING},
        after={"status": ext.status, "reason": reason, "new_deadline": ext.new_deadline},
    )
    return ext


def _approve(user: User, ext: Extension, reason: str) -> None:
    item = ext.item
    if item.deadline is not None and ext.new_deadline <= item.deadline:
        raise WorkflowError(
            _("申请完成时限已不晚于现完成时限（%(date)s），请不同意后重新申请。")
            % {"date": f"{item.deadline:%Y-%m-%d}"},
            code="new_deadline",
        )
    values = {
        "old": f"{item.deadline:%Y-%m-%d}" if item.deadline else "—",
        "new": f"{ext.new_deadline:%Y-%m-%d}",
    }
    text = _("同意延期申请：完成时限由%(old)s调整为%(new)s。") % values
    workflow.extend_deadline(user, item, ext.new_deadline, f"{text}{reason}")


def extended_item_ids(item_ids: Iterable[int]) -> set[int]:
    """The items (of those given) whose deadline was extended by an approved request."""
    rows = Extension.objects.filter(item_id__in=set(item_ids), status=S.APPROVED)
    return set(rows.values_list("item_id", flat=True))


def round_extension_figures(rnd: ReportingRound) -> dict[str, int]:
    """Extensions asked for the round's items while it ran, by status (for its figures)."""
    rows = Extension.objects.filter(
        item__expected_reports__round=rnd, requested_at__gte=rnd.opened_at
    )
    if rnd.closed_at is not None:
        rows = rows.filter(requested_at__lte=rnd.closed_at)
    counts = dict.fromkeys(S.values, 0)
    for _pk, status in rows.order_by().values_list("pk", "status").distinct():
        counts[status] += 1
    return counts
