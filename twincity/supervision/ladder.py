"""The urging ladder: reminder (提醒) → urging (催办) → supervision (督办) → bulletin (通报).

Automatic notices carry a key that names their rule and cause, so `run_ladder` is idempotent:
  {kind}:round:{round_id}:{unit_id}:{day}       a round's report from the unit is missing
  {kind}:deadline:{deadline}:{unit_id}:{day}    the unit's side has not asked to close in time
  supervise:{urge key}                          the urge's cause persisted for M days
  bulletin:round:{round_id}:{unit_id}           listed in the round's bulletin
An item climbs only while its cause persists; once the report is in, the closure requested or
the deadline extended, the climb stops and its notices show as recovered (已整改).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from twincity.accounts.models import Role, Unit, User
from twincity.accounts.policy import AnyUser, actor_of, is_business_user
from twincity.audit.log import record
from twincity.commitments.models import (
    OPEN_STATES,
    Item,
    ItemSide,
    ItemState,
    ProgressReport,
    ReportStatus,
)
from twincity.commitments.workflow import WorkflowError
from twincity.lib import clock
from twincity.supervision.models import (
    ExpectedReport,
    Notice,
    NoticeKind,
    ReportingRound,
    RoundStatus,
    Thresholds,
)
from twincity.webhooks.events import emit

K = NoticeKind
# Item states in which a lead unit still owes its closure request.
WORKING = frozenset({ItemState.ASSIGNED, ItemState.IN_PROGRESS, ItemState.RETURNED})
# A report counts once submitted; a returned one does not until it is submitted again.
DONE = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.ACCEPTED)
LIVE_REPORT = Q(status__in=DONE)
# A PostgreSQL advisory-lock key that keeps two ladder runs from issuing the same notice.
_LADDER_LOCK_KEY = 0x1ADD_E125
SYSTEM = "system"


# --- visibility ------------------------------------------------------------------------------


def visible_notices(user: AnyUser) -> QuerySet[Notice]:
    """The office and leaders see every notice; other business users their units' notices."""
    actor = actor_of(user)
    if actor.reads_all:
        return Notice.objects.all()
    if not is_business_user(actor):
        return Notice.objects.none()
    return Notice.objects.filter(unit_id__in=actor.unit_ids)


def may_answer(user: AnyUser, notice: Notice) -> bool:
    """A liaison of the notice's unit answers; a reminder needs no answer."""
    liaison = notice.unit_id in actor_of(user).units_for(Role.LIAISON)
    return liaison and notice.kind != K.REMINDER


# --- what a notice is about, and whether that still holds -------------------------------------


@dataclass(frozen=True)
class Cause:
    """What an automatic notice is about: a round's missing report, or a missed deadline."""

    round_id: int | None = None
    deadline: dt.date | None = None


def cause_of(key: str) -> Cause | None:
    """The cause named by an automatic notice's key; None for notices issued by hand."""
    parts = key.split(":")
    if parts[0] == K.SUPERVISE:
        parts = parts[1:]
    if len(parts) < 3:
        return None
    if parts[1] == "round" and parts[0] != K.BULLETIN:
        return Cause(round_id=int(parts[2]))
    if parts[1] == "deadline":
        return Cause(deadline=dt.date.fromisoformat(parts[2]))
    return None


@dataclass
class Facts:
    """What the persistence checks need, loaded in a fixed number of queries."""

    items: dict[int, Item]
    missing: set[tuple[int, int, int]]  # (round, item, unit) whose report is not in

    def side(self, item_id: int, unit_id: int) -> ItemSide | None:
        item = self.items.get(item_id)
        sides = item.sides.all() if item is not None else []
        return next((s for s in sides if s.lead_unit_id == unit_id), None)


def missing_reports(rounds: QuerySet[ReportingRound] | None = None) -> QuerySet[ExpectedReport]:
    """Expected reports not yet in: no live report since the round opened (linked or not, as
    a report after the round closed is not linked), the item open, its side not closing."""
    rows = _missing_reports().all()  # a copy: the built query is shared
    return rows if rounds is None else rows.filter(round__in=rounds)


@functools.cache
def _missing_reports() -> QuerySet[ExpectedReport]:
    """missing_reports' query, built once per process: it holds no value that changes, and
    building its two correlated subqueries costs twice what running it for one item does
    (the item page's ladder panel)."""
    live = ProgressReport.objects.filter(
        LIVE_REPORT,
        item=OuterRef("item"),
        unit=OuterRef("unit"),
        submitted_at__gte=OuterRef("round__opened_at"),
    )
    closing = ItemSide.objects.filter(
        item=OuterRef("item"), party=OuterRef("party"), closure_requested_at__isnull=False
    )
    rows = ExpectedReport.objects.filter(item__state__in=OPEN_STATES).exclude(
        report__status__in=DONE
    )
    return rows.filter(~Exists(live), ~Exists(closing))


def load_facts(items: Iterable[Item], round_ids: Iterable[int]) -> Facts:
    """Facts for items whose sides are prefetched (or few), and the rounds named."""
    by_pk = {item.pk: item for item in items}
    round_ids = set(round_ids)
    open_ids = [pk for pk, item in by_pk.items() if item.state in OPEN_STATES]
    missing: set[tuple[int, int, int]] = set()
    if round_ids and open_ids:  # a closed item's notices are all settled (see persists)
        rounds = ReportingRound.objects.filter(pk__in=round_ids)
        rows = missing_reports(rounds).filter(item_id__in=open_ids)
        missing = set(rows.values_list("round_id", "item_id", "unit_id"))
    return Facts(by_pk, missing)


def cause_rounds(notices: Iterable[Notice]) -> set[int]:
    """The rounds whose missing reports these notices are about (what load_facts needs)."""
    causes = (cause_of(n.key) for n in notices)
    return {c.round_id for c in causes if c is not None and c.round_id is not None}


def persists(notice: Notice, item_id: int, facts: Facts, sources: Sequence[Notice] = ()) -> bool:
    """Whether the cause of this notice still holds for this item (else: 已整改). A bulletin's
    `sources` are notices that name the item, among them the supervision it lists it for."""
    item = facts.items.get(item_id)
    if item is None or item.state not in OPEN_STATES:
        return False
    if notice.kind == K.BULLETIN and notice.key:
        return any(persists(s, item_id, facts) for s in bulletin_sources(notice, sources))
    cause = cause_of(notice.key)
    if cause is None:  # issued by hand: open until the unit answers
        return notice.answered_at is None
    if cause.round_id is not None:
        return (cause.round_id, item_id, notice.unit_id) in facts.missing
    side = facts.side(item_id, notice.unit_id)
    return (
        item.state in WORKING
        and item.deadline == cause.deadline
        and side is not None
        and side.closure_requested_at is None
    )


def bulletin_sources(bulletin: Notice, notices: Sequence[Notice]) -> list[Notice]:
    """The supervision notices a bulletin lists an item for, from notices that name the item."""
    return [
        n
        for n in notices
        if n.kind == K.SUPERVISE
        and n.unit_id == bulletin.unit_id
        and n.round_id in (None, bulletin.round_id)
        and n.issued_at <= bulletin.issued_at
    ]


# --- numbering and issuing ---------------------------------------------------------------------


def _next_seq(kind: str, year: int) -> int:
    last = Notice.objects.filter(kind=kind, year=year).aggregate(m=Max("seq"))["m"]
    return (last or 0) + 1


def _create(notice: Notice) -> Notice:
    """Save with the next number of its kind and year; a concurrent taker makes us retry."""
    for attempt in range(10):
        notice.pk, notice.seq = None, _next_seq(notice.kind, notice.year)
        try:
            with transaction.atomic():
                notice.save(force_insert=True)
            return notice
        except IntegrityError:
            if attempt == 9:
                raise
    raise AssertionError("unreachable")


def _issue(
    kind: str,
    unit_id: int,
    item_ids: Iterable[int],
    reason: str,
    now: dt.datetime,
    *,
    key: str = "",
    round_id: int | None = None,
    answer_by: dt.date | None = None,
    user: User | None = None,
) -> Notice:
    notice = Notice(
        kind=kind,
        year=timezone.localdate(now).year,
        unit_id=unit_id,
        round_id=round_id,
        reason=reason,
        issued_at=now,
        issued_by=user,
        answer_by=answer_by,
        key=key,
    )
    _create(notice)
    ids = sorted(set(item_ids))
    notice.items.set(ids)
    after = {
        "number": notice.number,
        "unit": unit_id,
        "items": ids,
        "round": round_id,
        "reason": reason,
        "answer_by": answer_by,
        "key": key,
    }
    record(
        f"notice.{kind}",
        actor=user,
        actor_name="" if user else SYSTEM,
        target=notice,
        after=after,
    )
    emit("notice.issued", notice)
    return notice


@transaction.atomic
def issue_notice(
    user: User,
    kind: str,
    unit: Unit,
    items: Sequence[Item],
    reason: str,
    answer_by: dt.date | None,
    round: ReportingRound | None = None,
) -> Notice:
    """The joint office issues a notice by hand, to a unit, naming its items."""
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以执行此操作。"))
    reason = (reason or "").strip()
    if kind not in K.values:
        raise WorkflowError(_("请选择文书类型。"), code="kind")
    if not reason:
        raise WorkflowError(_("请填写事由。"), code="reason")
    if not items:
        raise WorkflowError(_("请选择涉及事项。"), code="items")
    if answer_by is None and kind != K.REMINDER:
        raise WorkflowError(_("请填写答复期限。"), code="answer_by")
    if answer_by is not None and answer_by < clock.today():
        raise WorkflowError(_("答复期限不能早于今天。"), code="answer_by")
    _require_involved(unit, items)
    pks = [item.pk for item in items]
    round_id = round.pk if round is not None else None
    return _issue(
        kind, unit.pk, pks, reason, clock.now(), round_id=round_id, answer_by=answer_by, user=user
    )


def _require_involved(unit: Unit, items: Sequence[Item]) -> None:
    """Each item must be led or supported by the unit."""
    pks = [item.pk for item in items]
    led = ItemSide.objects.filter(item_id__in=pks, lead_unit=unit)
    cooperating = Item.cooperating_units.through.objects.filter(item_id__in=pks, unit=unit)
    involved = set(led.values_list("item_id", flat=True))
    involved |= set(cooperating.values_list("item_id", flat=True))
    strangers = [item.code for item in items if item.pk not in involved]
    if strangers:
        raise WorkflowError(
            _("涉及事项：%(codes)s 不由该单位牵头或配合。") % {"codes": "、".join(strangers)},
            code="items",
        )


@transaction.atomic
def answer_notice(user: User, notice: Notice, text: str) -> Notice:
    """A liaison of the notice's unit records the unit's answer."""
    if notice.kind == K.REMINDER:
        raise WorkflowError(_("提醒无需答复。"), code="reminder")
    if not may_answer(user, notice):
        raise PermissionDenied(_("只有对象单位的联络员可以答复。"))
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.answered_at is not None:
        raise WorkflowError(_("该文书已答复。"), code="answered")
    text = (text or "").strip()
    if not text:
        raise WorkflowError(_("请填写答复内容。"), code="answer")
    notice.answer, notice.answered_at, notice.answered_by = text, clock.now(), user
    notice.save(update_fields=["answer", "answered_at", "answered_by"])
    record(
        "notice.answer",
        actor=user,
        target=notice,
        before={"answered_at": None},
        after={"answer": text, "answered_at": notice.answered_at},
    )
    return notice


# --- the rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One automatic notice to write: to a unit, about items, for one cause."""

    kind: str
    scope: str  # "round:{id}" or "deadline:{date}"
    unit_id: int
    item_ids: tuple[int, ...]
    reason: str
    round_id: int | None = None


def _already(kind: str, item_ids: Iterable[int]) -> set[tuple[str, int]]:
    """(key prefix, item) pairs already covered by an automatic notice of this kind."""
    through = Notice.items.through.objects.filter(notice__kind=kind, item_id__in=set(item_ids))
    rows = through.exclude(notice__key="").values_list("notice__key", "item_id")
    return {(key.rsplit(":", 1)[0], item_id) for key, item_id in rows}


def _round_rules(today: dt.date, remind_days: int) -> list[Rule]:
    """Reminders before an open round's due date; urges after it, per unit."""
    rounds = ReportingRound.objects.filter(
        status=RoundStatus.OPEN, due__lte=today + dt.timedelta(remind_days)
    )
    grouped: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_id = {r.pk: r for r in rounds}
    if not by_id:
        return []
    for round_id, unit_id, item_id in missing_reports(rounds).values_list(
        "round_id", "unit_id", "item_id"
    ):
        grouped[(round_id, unit_id)].append(item_id)
    rules = []
    for (round_id, unit_id), item_ids in sorted(grouped.items()):
        rnd = by_id[round_id]
        kind = K.URGE if today > rnd.due else K.REMINDER
        text = _round_reason(kind, rnd)
        rules.append(
            Rule(kind, f"round:{round_id}", unit_id, tuple(item_ids), text, round_id=round_id)
        )
    return rules


def _round_reason(kind: str, rnd: ReportingRound) -> str:
    values = {"period": rnd.period, "due": f"{rnd.due:%Y-%m-%d}"}
    if kind == K.REMINDER:
        return _("“%(period)s”进展报送将于%(due)s截止，以下事项尚未报送，请按时报送。") % values
    return _("“%(period)s”进展报送已于%(due)s截止，以下事项仍未报送，请立即报送。") % values


def _deadline_rules(today: dt.date, remind_days: int) -> list[Rule]:
    """Reminders before an item's deadline; urges after it, per lead unit and deadline."""
    sides = ItemSide.objects.filter(
        item__state__in=WORKING,
        closure_requested_at__isnull=True,
        item__deadline__lte=today + dt.timedelta(remind_days),
    )
    grouped: dict[tuple[dt.date, int], list[int]] = defaultdict(list)
    for item_id, unit_id, deadline in sides.values_list(
        "item_id", "lead_unit_id", "item__deadline"
    ):
        if deadline is not None:  # the filter leaves none out; this tells the type checker
            grouped[(deadline, unit_id)].append(item_id)
    rules = []
    for (deadline, unit_id), item_ids in sorted(grouped.items()):
        kind = K.URGE if deadline < today else K.REMINDER
        values = {"deadline": f"{deadline:%Y-%m-%d}"}
        if kind == K.REMINDER:
            text = _("以下事项完成时限为%(deadline)s，尚未申请销号，请抓紧推进。") % values
        else:
            text = (
                _("以下事项已超过完成时限%(deadline)s，尚未申请销号，请说明情况并加快推进。")
                % values
            )
        rules.append(Rule(kind, f"deadline:{deadline}", unit_id, tuple(item_ids), text))
    return rules


def _write(rules: list[Rule], now: dt.datetime, answer_days: int) -> list[Notice]:
    today = timezone.localdate(now)
    out = []
    for kind in (K.REMINDER, K.URGE):
        mine = [r for r in rules if r.kind == kind]
        done = _already(kind, (i for r in mine for i in r.item_ids))
        for rule in mine:
            prefix = f"{kind}:{rule.scope}:{rule.unit_id}"
            key = f"{prefix}:{today}"
            fresh = [i for i in rule.item_ids if (prefix, i) not in done]
            if not fresh or Notice.objects.filter(key=key).exists():
                continue
            answer_by = today + dt.timedelta(answer_days) if kind == K.URGE else None
            out.append(
                _issue(
                    kind,
                    rule.unit_id,
                    fresh,
                    rule.reason,
                    now,
                    key=key,
                    round_id=rule.round_id,
                    answer_by=answer_by,
                )
            )
    return out


def _supervise(now: dt.datetime, thresholds: Thresholds) -> list[Notice]:
    """Urges older than M days whose cause persists become supervision notices."""
    today = timezone.localdate(now)
    cutoff = today - dt.timedelta(thresholds.supervise_after_days)
    urges = list(
        Notice.objects.filter(kind=K.URGE, issued_at__date__lte=cutoff)
        .exclude(key="")
        .order_by("issued_at", "id")
        .prefetch_related("items")
    )
    wanted = [f"supervise:{u.key}" for u in urges]
    taken = set(Notice.objects.filter(key__in=wanted).values_list("key", flat=True))
    urges = [u for u in urges if f"supervise:{u.key}" not in taken]
    facts = _facts_for(urges)
    out = []
    for urge in urges:
        item_ids = [i.pk for i in urge.items.all() if persists(urge, i.pk, facts)]
        if not item_ids:
            continue
        answer_by = today + dt.timedelta(thresholds.answer_days)
        values = {
            "number": urge.number,
            "days": thresholds.supervise_after_days,
            "date": f"{answer_by:%Y-%m-%d}",
        }
        reason = (
            _("经%(number)s催办后超过%(days)s天仍未整改，现予督办，请于%(date)s前书面答复。")
            % values
        )
        out.append(
            _issue(
                K.SUPERVISE,
                urge.unit_id,
                item_ids,
                reason,
                now,
                key=f"supervise:{urge.key}",
                round_id=urge.round_id,
                answer_by=answer_by,
            )
        )
    return out


def _facts_for(notices: Sequence[Notice]) -> Facts:
    """Facts for every item the notices name (each notice's items prefetched)."""
    ids = {i.pk for n in notices for i in n.items.all()}
    items = Item.objects.filter(pk__in=ids).prefetch_related("sides")
    return load_facts(items, {n.round_id for n in notices if n.round_id})


@transaction.atomic
def list_in_bulletin(
    rnd: ReportingRound, user: User | None = None, now: dt.datetime | None = None
) -> list[Notice]:
    """List each unit still under supervision in the round's bulletin (通报), once per unit.

    Counts the supervision notices of this round (and those not tied to a round) issued by
    the round's close, whose cause still holds. By hand (with a user) only the office may.
    """
    if user is not None and not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以执行此操作。"))
    now = now or clock.now()
    cutoff = rnd.closed_at or now
    supervising = list(
        Notice.objects.filter(kind=K.SUPERVISE, issued_at__lte=cutoff)
        .filter(Q(round=rnd) | Q(round__isnull=True))
        .prefetch_related("items")
    )
    facts = _facts_for(supervising)
    by_unit: dict[int, set[int]] = defaultdict(set)
    for notice in supervising:
        by_unit[notice.unit_id] |= {
            i.pk for i in notice.items.all() if persists(notice, i.pk, facts)
        }
    keys = {uid: f"bulletin:round:{rnd.pk}:{uid}" for uid in by_unit}
    taken = set(Notice.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    answer_by = timezone.localdate(now) + dt.timedelta(Thresholds.current().answer_days)
    reason = _("“%(period)s”调度中，以下事项经督办仍未整改，予以通报。") % {"period": rnd.period}
    return [
        _issue(
            K.BULLETIN,
            unit_id,
            item_ids,
            reason,
            now,
            key=keys[unit_id],
            round_id=rnd.pk,
            answer_by=answer_by,
            user=user,
        )
        for unit_id, item_ids in sorted(by_unit.items())
        if item_ids and keys[unit_id] not in taken
    ]


def _recently_closed(now: dt.datetime) -> QuerySet[ReportingRound]:
    """Closed rounds whose bulletin the ladder still issues (a fortnight's grace)."""
    return ReportingRound.objects.filter(
        status=RoundStatus.CLOSED,
        closed_at__lte=now,
        closed_at__gte=now - dt.timedelta(days=14),
    )


@transaction.atomic
def run_ladder(now: dt.datetime | None = None) -> list[Notice]:
    """Issue every automatic notice due at `now`; a second run at the same time issues none."""
    now = now or clock.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LADDER_LOCK_KEY])
    thresholds = Thresholds.current()
    today = timezone.localdate(now)
    rules = _round_rules(today, thresholds.remind_days)
    rules += _deadline_rules(today, thresholds.remind_days)
    out = _write(rules, now, thresholds.answer_days)
    out += _supervise(now, thresholds)
    for rnd in _recently_closed(now):
        out += list_in_bulletin(rnd, now=now)
    return out


# --- figures -----------------------------------------------------------------------------------


def round_notice_figures(rnd: ReportingRound) -> dict[str, int]:
    """How many notices of each kind the round produced (for the round's figures)."""
    counts = dict.fromkeys(K.values, 0)
    for kind in Notice.objects.filter(round=rnd).values_list("kind", flat=True):
        counts[kind] += 1
    return counts


# The public names other ladders (projects) use for numbering and serialising.
create_numbered = _create
LADDER_LOCK_KEY = _LADDER_LOCK_KEY


def notice_rows(notice: Notice) -> list[tuple[Item, bool]]:
    """The notice's items, each with whether its cause still holds (else 已整改)."""
    items = list(notice.items.all())
    sources: list[Notice] = []
    naming: defaultdict[int, list[Notice]] = defaultdict(list)  # item -> sources naming it
    if notice.kind == NoticeKind.BULLETIN:
        supervising = Notice.objects.filter(
            kind=NoticeKind.SUPERVISE, unit_id=notice.unit_id, items__in=items
        )
        sources = list(supervising.distinct().prefetch_related("items"))
        for source in sources:
            for named in source.items.all():
                naming[named.pk].append(source)
    facts = load_facts(items, cause_rounds([notice, *sources]))
    return [(item, persists(notice, item.pk, facts, naming[item.pk])) for item in items]
