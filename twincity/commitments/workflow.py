"""The only code that changes an item's state or a progress report's status.

Every verb checks the actor's role and side, requires its fields, refuses a stale version,
writes a Transition row and an audit event, all in one transaction; as its last step it
stores the item's current lights (`_relight`: after a Transition, an edit, a milestone, or a
report's submission or status change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from twincity.accounts.models import Party, Role, Unit, User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record, record_many, snapshot
from twincity.commitments.models import (
    FINAL_STATES,
    Answer,
    Item,
    ItemList,
    ItemSide,
    ItemState,
    ListKind,
    Milestone,
    ProgressReport,
    ReportStatus,
    Result,
    Transition,
)
from twincity.lib import bulk, clock
from twincity.webhooks.events import emit

S = ItemState
WORKING_STATES = frozenset({S.IN_PROGRESS, S.RETURNED})
SUSPENDABLE = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.RETURNED, S.PROPOSED, S.AGREED, S.SUBMITTED})
ITEM_FIELDS = [
    "code",
    "title",
    "description",
    "area",
    "source_decision",
    "working_group",
    "cooperating_units",
    "target_unit",
    "deadline",
    "result_form",
    "report_frequency",
    "is_major",
    "is_public",
]


class WorkflowError(ValidationError):
    """A transition that the item's state or the given fields do not allow."""


class ConflictError(WorkflowError):
    """Someone else saved the record first; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            _("该记录已被他人修改，您的修改未保存。请刷新页面后重新操作。"), code="conflict"
        )


# --- helpers ---------------------------------------------------------------------------------


def _require_office(user: User) -> None:
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以执行此操作。"))


def _require_state(item: Item, allowed: Iterable[str]) -> None:
    if item.state not in allowed:
        raise WorkflowError(
            _("事项当前状态为“%(state)s”，不能执行此操作。") % {"state": item.get_state_display()},
            code="state",
        )


def _require_text(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(_("请填写%(field)s。") % {"field": label}, code="required")
    return value


def _locked(item: Item, expected_version: int | None) -> Item:
    """Re-read the item under a row lock and refuse a stale version."""
    fresh = Item.objects.select_for_update().select_related("list").get(pk=item.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ConflictError()
    return fresh


def _save(item: Item, fields: list[str]) -> None:
    """Write the fields and bump the version, refusing if the row moved meanwhile."""
    values = {name: getattr(item, name) for name in fields}
    values.update(version=item.version + 1, updated_at=clock.now())
    if not Item.objects.filter(pk=item.pk, version=item.version).update(**values):
        raise ConflictError()
    item.version += 1
    item.updated_at = values["updated_at"]


def _relight(item_id: int) -> None:
    """Store the item's lights as they now stand (supervision builds on this app)."""
    from twincity.supervision.current import refresh_item

    refresh_item(item_id)


def _transition(
    item: Item,
    user: User,
    action: str,
    from_state: str,
    *,
    party: Party | None = None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> Transition:
    row = Transition.objects.create(
        item=item,
        actor=user,
        action=action,
        party=party,
        from_state=from_state,
        to_state=item.state,
        reason=reason,
    )
    after = {"state": item.state, "reason": reason, "party": party.code if party else None}
    record(
        f"item.{action}",
        actor=user,
        target=item,
        before={"state": from_state},
        after=after | (extra or {}),
    )
    emit("item.state_changed", row)
    _relight(item.pk)
    return row


def _liaison_side(
    user: User, item: Item, party: Party | None, pending: str | None = None
) -> ItemSide:
    """The side this liaison's unit leads (the named party's, if given); with `pending`, the
    first such side on which that step (signed_at / closure_requested_at) is still open."""
    units = actor_of(user).units_for(Role.LIAISON)
    sides = [s for s in item.sides.select_related("party", "lead_unit") if s.lead_unit_id in units]
    if party is not None:
        sides = [s for s in sides if s.party_id == party.pk]
    if not sides:
        raise PermissionDenied(_("只有本方牵头单位的联络员可以执行此操作。"))
    if pending is not None:
        open_sides = [s for s in sides if getattr(s, pending) is None]
        return open_sides[0] if open_sides else sides[0]
    return sides[0]


def _change(item: Item, user: User, to: str, action: str, fields: list[str], **kw: Any) -> Item:
    from_state, item.state = item.state, to
    _save(item, ["state", *fields])
    _transition(item, user, action, from_state, **kw)
    return item


# --- creating and editing ----------------------------------------------------------------------


def initial_state(item_list: ItemList) -> str:
    return S.PROPOSED if item_list.kind == ListKind.POLICY_NEEDS else S.DRAFT


@transaction.atomic
def create_item(
    user: User, item_list: ItemList, data: dict[str, Any], leads: dict[Party, Unit]
) -> Item:
    """Create an item in its list's first state, with one lead unit per party."""
    _require_office(user)
    cooperating = data.pop("cooperating_units", None) or []
    item = Item(list=item_list, created_by=user, state=initial_state(item_list), **data)
    item.full_clean(exclude=["cooperating_units"])
    item.save()
    item.cooperating_units.set(cooperating)
    _set_leads(item, leads)
    record("item.create", actor=user, target=item, after=item_snapshot(item))
    Transition.objects.create(
        item=item, actor=user, action="create", from_state=item.state, to_state=item.state
    )
    return item


@transaction.atomic
def create_items(
    user: User, item_list: ItemList, entries: list[tuple[dict[str, Any], dict[Party, Unit]]]
) -> list[int]:
    """create_item for many items at once (an import), in a few inserts; returns their ids.
    Each entry's data must have passed ItemForm, whose fields carry the model's validators."""
    _require_office(user)
    if not entries:
        return []
    state = initial_state(item_list)
    keys = [key for key in entries[0][0] if key != "cooperating_units"]
    columns = [_ITEM_COLUMNS[key] for key in keys]
    rows, extras = [], []
    for data, leads in entries:
        values = [
            getattr(data[k], "pk", data[k]) if rel else data[k]
            for k, (rel, _) in zip(keys, columns, strict=True)
        ]
        rows.append(values)
        cooperating = list(data.get("cooperating_units") or [])
        extras.append((cooperating, [(p, u) for p, u in leads.items() if u is not None]))
    fields = [attname for _, attname in columns]
    ids = bulk.insert_returning_ids(
        Item,
        [*fields, "list_id", "state", "created_by_id"],
        [(*row, item_list.pk, state, user.pk) for row in rows],
    )
    pairs = list(zip(ids, extras, strict=True))
    through = Item.cooperating_units.through
    bulk.insert(through, ["item_id", "unit_id"], [(i, u.pk) for i, (us, _) in pairs for u in us])
    sides = [(i, p.pk, u.pk) for i, (_, leads) in pairs for p, u in leads]
    bulk.insert(ItemSide, ["item_id", "party_id", "lead_unit_id"], sides)
    bulk.insert(
        Transition,
        ["item_id", "actor_id", "action", "from_state", "to_state"],
        [(i, user.pk, "create", state, state) for i in ids],
    )
    targets = [
        (i, f"{data['code']} {data['title']}", new_item_snapshot(data, state, *extra))
        for i, (data, _), extra in zip(ids, entries, extras, strict=True)
    ]  # the text as Item.__str__ gives it
    record_many("item.create", actor=user, target_type=Item._meta.label_lower, targets=targets)
    return ids


_ITEM_COLUMNS = {f.name: (f.is_relation, f.attname) for f in Item._meta.concrete_fields}


def new_item_snapshot(
    data: dict[str, Any], state: str, cooperating: list[Unit], leads: list[tuple[Party, Unit]]
) -> dict[str, Any]:
    """item_snapshot of an item just created from ItemForm's data (no query), JSON-safe."""
    out = {name: getattr(data[name], "pk", data[name]) for name in ITEM_FIELDS}
    if out["deadline"] is not None:
        out["deadline"] = out["deadline"].isoformat()
    out["cooperating_units"] = [str(unit) for unit in cooperating]
    out["state"] = state
    out["leads"] = {party.code: unit.name for party, unit in leads}
    return out


def _leads_change(item: Item, leads: Mapping[Party, Unit | None]) -> bool:
    current = {side.party_id: side.lead_unit_id for side in item.sides.all()}
    wanted = {party.pk: unit.pk for party, unit in leads.items() if unit is not None}
    return current != wanted


def _set_leads(item: Item, leads: dict[Party, Unit]) -> None:
    for party, unit in leads.items():
        if unit is None:
            item.sides.filter(party=party).delete()
            continue
        side, created = ItemSide.objects.get_or_create(
            item=item, party=party, defaults={"lead_unit": unit}
        )
        if not created and side.lead_unit_id != unit.pk:
            side.lead_unit = unit
            side.signed_at, side.signed_by = None, None
            side.save()


def item_snapshot(item: Item) -> dict[str, Any]:
    data = snapshot(item, [*ITEM_FIELDS, "state"])
    data["leads"] = {
        s.party.code: s.lead_unit.name for s in item.sides.select_related("party", "lead_unit")
    }
    return data


@transaction.atomic
def update_item(
    user: User,
    item: Item,
    data: dict[str, Any],
    leads: dict[Party, Unit] | None,
    expected_version: int | None,
) -> Item:
    """Edit an item's fields; closed or cancelled items are locked."""
    _require_office(user)
    item = _locked(item, expected_version)
    if item.state in FINAL_STATES:
        raise WorkflowError(_("已销号或已撤销的事项不能修改。"), code="locked")
    before = item_snapshot(item)
    cooperating = data.pop("cooperating_units", None)
    for name, value in data.items():
        setattr(item, name, value)
    item.full_clean(exclude=["cooperating_units"])
    _save(item, list(data))
    if cooperating is not None:
        item.cooperating_units.set(cooperating)
    if leads is not None and _leads_change(item, leads):
        if item.state not in (S.DRAFT, S.PROPOSED):
            raise WorkflowError(
                _("事项已交办，牵头单位不能再修改；如需改派，请撤销后重新交办。"), code="leads"
            )
        _set_leads(item, leads)
    after = item_snapshot(item)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    if changed:
        record(
            "item.update",
            actor=user,
            target=item,
            before={k: before.get(k) for k in changed},
            after=changed,
        )
    _relight(item.pk)
    return item


# --- the agreed-item loop --------------------------------------------------------------------


@transaction.atomic
def assign(user: User, item: Item, expected_version: int | None = None) -> Item:
    """交办: the office hands a draft item to its lead units."""
    _require_office(user)
    item = _locked(item, expected_version)
    _require_state(item, [S.DRAFT])
    if not item.sides.exists():
        raise WorkflowError(_("请先为每一方指定牵头单位。"), code="leads")
    if item.deadline is None:
        raise WorkflowError(_("请先填写完成时限。"), code="deadline")
    return _change(item, user, S.ASSIGNED, "assign", [])


@transaction.atomic
def sign(
    user: User, item: Item, party: Party | None = None, expected_version: int | None = None
) -> Item:
    """签收: a lead unit's liaison signs for its side; when all sides have, work starts."""
    item = _locked(item, expected_version)
    _require_state(item, [S.ASSIGNED])
    side = _liaison_side(user, item, party, pending="signed_at")
    if side.signed_at:
        raise WorkflowError(_("本方已签收。"), code="signed")
    side.signed_at, side.signed_by = clock.now(), user
    side.save(update_fields=["signed_at", "signed_by"])
    all_signed = not item.sides.filter(signed_at__isnull=True).exists()
    to = S.IN_PROGRESS if all_signed else item.state
    return _change(item, user, to, "sign", [], party=side.party)


@transaction.atomic
def request_closure(
    user: User,
    item: Item,
    note: str,
    party: Party | None = None,
    result: Result | None = None,
    expected_version: int | None = None,
) -> Item:
    """A lead unit asks to close its side, naming the result and evidence."""
    item = _locked(item, expected_version)
    _require_state(item, WORKING_STATES)
    side = _liaison_side(user, item, party, pending="closure_requested_at")
    note = _require_text(note, _("销号说明（成果及佐证）"))
    if result is not None:
        result.items.add(item)
    if not item.results.exists() and not item.attachments.exists():
        raise WorkflowError(_("申请销号须关联工作成果或上传佐证材料。"), code="evidence")
    side.closure_requested_at, side.closure_requested_by = clock.now(), user
    side.closure_note = note
    side.save(update_fields=["closure_requested_at", "closure_requested_by", "closure_note"])
    all_asked = not item.sides.filter(closure_requested_at__isnull=True).exists()
    to = S.CLOSURE_REQUESTED if all_asked else item.state
    return _change(item, user, to, "request_closure", [], party=side.party, reason=note)


@transaction.atomic
def close(user: User, item: Item, reason: str = "", expected_version: int | None = None) -> Item:
    """销号: the office verifies both sides' requests (or a policy need's answer) and closes."""
    _require_office(user)
    item = _locked(item, expected_version)
    _require_state(item, [S.CLOSURE_REQUESTED, S.ANSWERED])
    item.progress = 100
    item.sides.update(progress=100)
    return _change(item, user, S.CLOSED, "close", ["progress"], reason=reason)


@transaction.atomic
def return_item(user: User, item: Item, reason: str, expected_version: int | None = None) -> Item:
    """退回: the office sends a closure request back, with its reason."""
    _require_office(user)
    item = _locked(item, expected_version)
    _require_state(item, [S.CLOSURE_REQUESTED])
    reason = _require_text(reason, _("退回原因"))
    item.sides.update(closure_requested_at=None, closure_requested_by=None)
    return _change(item, user, S.RETURNED, "return", [], reason=reason)


@transaction.atomic
def suspend(user: User, item: Item, reason: str, expected_version: int | None = None) -> Item:
    _require_office(user)
    item = _locked(item, expected_version)
    _require_state(item, SUSPENDABLE)
    reason = _require_text(reason, _("暂停原因"))
    item.resume_state = item.state
    return _change(item, user, S.SUSPENDED, "suspend", ["resume_state"], reason=reason)


@transaction.atomic
def resume(user: User, item: Item, reason: str = "", expected_version: int | None = None) -> Item:
    _require_office(user)
    item = _locked(item, expected_version)
    _require_state(item, [S.SUSPENDED])
    to, item.resume_state = item.resume_state or S.IN_PROGRESS, ""
    return _change(item, user, to, "resume", ["resume_state"], reason=reason)


@transaction.atomic
def cancel(user: User, item: Item, reason: str, expected_version: int | None = None) -> Item:
    _require_office(user)
    item = _locked(item, expected_version)
    if item.state in FINAL_STATES:
        _require_state(item, [])
    reason = _require_text(reason, _("撤销原因"))
    return _change(item, user, S.CANCELLED, "cancel", [], reason=reason)


@transaction.atomic
def extend_deadline(user: User, item: Item, new_deadline: Any, reason: str) -> Item:
    """Move an item's deadline after an approved extension; the Transition keeps the old one."""
    _require_office(user)
    item = _locked(item, None)
    if item.state in FINAL_STATES:
        raise WorkflowError(_("已销号或已撤销的事项不能延期。"), code="locked")
    old, item.deadline = item.deadline, new_deadline
    _save(item, ["deadline"])
    _transition(
        item,
        user,
        "extend",
        item.state,
        reason=reason,
        extra={"old_deadline": str(old), "new_deadline": str(new_deadline)},
    )
    return item


# --- milestones ------------------------------------------------------------------------------


def _require_open_for_milestones(item: Item) -> None:
    if item.state in FINAL_STATES:
        raise WorkflowError(_("已销号或已撤销的事项不能修改节点。"), code="locked")


@transaction.atomic
def add_milestone(user: User, item: Item, data: dict[str, Any]) -> Milestone:
    """The office adds a dated step (title, due) to an item that is not closed or cancelled."""
    _require_office(user)
    item = _locked(item, None)
    _require_open_for_milestones(item)
    row = Milestone.objects.create(item=item, **data)
    record("milestone.create", actor=user, target=row, after=snapshot(row))
    _relight(item.pk)
    return row


@transaction.atomic
def finish_milestone(user: User, row: Milestone) -> Milestone:
    """The office marks a milestone done today."""
    _require_office(user)
    row = Milestone.objects.select_for_update().select_related("item").get(pk=row.pk)
    _require_open_for_milestones(row.item)
    if row.done_at is not None:
        raise WorkflowError(_("该节点已完成。"), code="done")
    row.done_at = clock.today()
    row.save(update_fields=["done_at"])
    after = {"done_at": row.done_at}
    record("milestone.done", actor=user, target=row, before={"done_at": None}, after=after)
    _relight(row.item_id)
    return row


# --- policy needs ------------------------------------------------------------------------------


@transaction.atomic
def agree(user: User, item: Item, reason: str = "", expected_version: int | None = None) -> Item:
    """Both sides agree to ask jointly (共同向上争取); recorded by the office."""
    _require_office(user)
    item = _locked(item, expected_version)
    _require_state(item, [S.PROPOSED])
    return _change(item, user, S.AGREED, "agree", [], reason=reason)


@transaction.atomic
def submit_need(
    user: User, item: Item, reason: str = "", expected_version: int | None = None
) -> Item:
    """The agreed need goes to the central ministry named as its target."""
    _require_office(user)
    item = _locked(item, expected_version)
    _require_state(item, [S.AGREED])
    if item.target_unit_id is None:
        raise WorkflowError(_("请先填写争取对象（中央部委）。"), code="target")
    return _change(item, user, S.SUBMITTED, "submit", [], reason=reason)


@transaction.atomic
def record_answer(
    user: User, item: Item, answer: str, text: str, expected_version: int | None = None
) -> Item:
    """The ministry's answer: supported, partly supported, or not."""
    _require_office(user)
    item = _locked(item, expected_version)
    _require_state(item, [S.SUBMITTED])
    if answer not in Answer.values:
        raise WorkflowError(_("请选择答复结果。"), code="answer")
    item.answer, item.answer_text = answer, _require_text(text, _("答复内容"))
    return _change(
        item,
        user,
        S.ANSWERED,
        "answer",
        ["answer", "answer_text"],
        reason=item.answer_text,
        extra={"answer": answer},
    )


# --- progress reports --------------------------------------------------------------------------


@transaction.atomic
def submit_report(
    user: User, item: Item, data: dict[str, Any], party: Party | None = None
) -> ProgressReport:
    """A lead unit's liaison reports on its side; it goes to the unit head if the unit wants."""
    item = _locked(item, None)
    _require_state(item, WORKING_STATES | {S.ASSIGNED, S.CLOSURE_REQUESTED})
    side = _liaison_side(user, item, party)
    _require_text(data.get("progress_text", ""), _("进展情况"))
    percent = int(data.get("percent") or 0)
    if not 0 <= percent <= 100:
        raise WorkflowError(_("完成进度须在 0 到 100 之间。"), code="percent")
    status = ReportStatus.SUBMITTED if side.lead_unit.head_approval else ReportStatus.APPROVED
    report = ProgressReport.objects.create(
        item=item,
        party=side.party,
        unit=side.lead_unit,
        submitted_by=user,
        status=status,
        percent=percent,
        **{k: v for k, v in data.items() if k != "percent"},
    )
    record("report.submit", actor=user, target=report, after=snapshot(report))
    emit("report.submitted", report)
    from twincity.supervision.rounds import attach_report  # supervision builds on this app

    attach_report(report)
    Transition.objects.create(
        item=item,
        actor=user,
        action="report",
        party=side.party,
        from_state=item.state,
        to_state=item.state,
        reason=f"{percent}% {report.progress_text[:200]}",
    )
    _relight(item.pk)
    return report


def _locked_report(report: ProgressReport, expected_version: int | None) -> ProgressReport:
    fresh = ProgressReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ConflictError()
    return fresh


def _set_report_status(
    report: ProgressReport, user: User, status: str, action: str, fields: dict[str, Any]
) -> ProgressReport:
    before = report.status
    fields |= {"status": status, "version": report.version + 1}
    if not ProgressReport.objects.filter(pk=report.pk, version=report.version).update(**fields):
        raise ConflictError()
    report.refresh_from_db()
    record(
        f"report.{action}",
        actor=user,
        target=report,
        before={"status": before},
        after={"status": status, "reason": report.return_reason},
    )
    _relight(report.item_id)
    return report


@transaction.atomic
def approve_report(
    user: User, report: ProgressReport, expected_version: int | None = None
) -> ProgressReport:
    """The unit head approves the unit's report before it goes to the joint office."""
    if report.unit_id not in actor_of(user).units_for(Role.HEAD):
        raise PermissionDenied(_("只有报送单位的负责人可以审核。"))
    report = _locked_report(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(_("该反馈不在待审核状态。"), code="state")
    return _set_report_status(
        report,
        user,
        ReportStatus.APPROVED,
        "approve",
        {"approved_at": clock.now(), "approved_by": user},
    )


@transaction.atomic
def accept_report(
    user: User, report: ProgressReport, expected_version: int | None = None
) -> ProgressReport:
    """The office accepts a report; it is locked and its percent becomes the side's progress."""
    _require_office(user)
    report = _locked_report(report, expected_version)
    if report.status != ReportStatus.APPROVED:
        raise WorkflowError(_("该反馈尚未经单位审核，不能采纳。"), code="state")
    # The side's progress moves first, so that the lights stored with the status see it.
    ItemSide.objects.filter(item_id=report.item_id, party_id=report.party_id).update(
        progress=report.percent
    )
    report = _set_report_status(
        report,
        user,
        ReportStatus.ACCEPTED,
        "accept",
        {"accepted_at": clock.now(), "accepted_by": user},
    )
    _refresh_progress(user, report.item_id)
    return report


def _refresh_progress(user: User, item_id: int) -> None:
    """An item's progress is its slowest side's; a change bumps its version and is audited."""
    item = Item.objects.select_for_update().get(pk=item_id)
    percents = list(item.sides.values_list("progress", flat=True))
    before, item.progress = item.progress, min(percents) if percents else 0
    if item.progress != before:
        _save(item, ["progress"])
        record(
            "item.progress",
            actor=user,
            target=item,
            before={"progress": before},
            after={"progress": item.progress},
        )


@transaction.atomic
def return_report(
    user: User, report: ProgressReport, reason: str, expected_version: int | None = None
) -> ProgressReport:
    """The unit head (before approval) or the office (after) returns a report with a reason."""
    actor = actor_of(user)
    is_head = report.unit_id in actor.units_for(Role.HEAD)
    if not (is_head or actor.is_office):
        raise PermissionDenied(_("您无权退回该反馈。"))
    report = _locked_report(report, expected_version)
    if report.status not in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        raise WorkflowError(_("该反馈已采纳或已退回，不能再退回。"), code="state")
    holder = is_head if report.status == ReportStatus.SUBMITTED else actor.is_office
    if not holder:
        raise PermissionDenied(_("该反馈当前不在您的审核环节。"))
    reason = _require_text(reason, _("退回原因"))
    return _set_report_status(
        report, user, ReportStatus.RETURNED, "return", {"return_reason": reason}
    )


# --- what a user may do (for pages: which buttons to show) ----------------------------------


def allowed_actions(user: User, item: Item) -> set[str]:
    """The verbs this user may try on this item now; the verbs themselves still check."""
    actor = actor_of(user)
    state = item.state
    out: set[str] = set()
    if actor.is_office:
        out |= _office_actions(state)
    liaison_units = actor.units_for(Role.LIAISON)
    for side in item.sides.all():
        if side.lead_unit_id not in liaison_units:
            continue
        if state == S.ASSIGNED and not side.signed_at:
            out.add("sign")
        if state in WORKING_STATES | {S.ASSIGNED, S.CLOSURE_REQUESTED}:
            out.add("report")
        if state in WORKING_STATES and not side.closure_requested_at:
            out.add("request_closure")
    return out


def _office_actions(state: str) -> set[str]:
    table: dict[str, set[str]] = {
        S.DRAFT: {"edit", "assign", "cancel"},
        S.ASSIGNED: {"edit", "suspend", "cancel"},
        S.IN_PROGRESS: {"edit", "suspend", "cancel"},
        S.RETURNED: {"edit", "suspend", "cancel"},
        S.CLOSURE_REQUESTED: {"edit", "close", "return", "cancel"},
        S.SUSPENDED: {"edit", "resume", "cancel"},
        S.PROPOSED: {"edit", "agree", "suspend", "cancel"},
        S.AGREED: {"edit", "submit", "suspend", "cancel"},
        S.SUBMITTED: {"edit", "answer", "suspend", "cancel"},
        S.ANSWERED: {"edit", "close", "cancel"},
    }
    return table.get(state, set())


def audit_model_change(user: User, action: str, obj: Model, before: dict[str, Any] | None) -> None:
    """Audit a plain create or edit of a non-item record (lists, results, milestones)."""
    record(action, actor=user, target=obj, before=before, after=snapshot(obj))
