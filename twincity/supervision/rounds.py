"""Reporting rounds (调度): open, expected reports, linking submitted reports, close, figures.

Who must report: opening a round expects one report from the lead unit of every side of every
item of the round's list kinds that is assigned, in progress or returned (closure_requested
items too, but a side that has asked to close is waiting for the office and is not expected to
report; policy needs in their own states are not reported on). Reports submitted before the
round opened do not count for it.

A report counts as submitted once the liaison has submitted it (head approval and office
acceptance follow); a returned report does not count until it is submitted again. On time
means submitted on or before the due date, as a date in Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record, snapshot
from twincity.commitments.models import (
    Item,
    ItemSide,
    ItemState,
    ListKind,
    ProgressReport,
)
from twincity.commitments.workflow import WorkflowError
from twincity.lib import clock
from twincity.supervision.current import store_lights
from twincity.supervision.lights import LIT_STATES
from twincity.supervision.models import (
    ExpectedReport,
    Light,
    LightSnapshot,
    ReportingRound,
    RoundStatus,
)
from twincity.supervision.stats import DONE_STATUSES, lights_for

EXPECTED_STATES = (
    ItemState.ASSIGNED,
    ItemState.IN_PROGRESS,
    ItemState.RETURNED,
    ItemState.CLOSURE_REQUESTED,
)
HISTORY_ROUNDS = 6


def _require_office(user: User) -> None:
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以执行此操作。"))


# --- opening, linking, closing ---------------------------------------------------------------


def _check_round(period: str, kinds: list[str], due: dt.date) -> None:
    if not period:
        raise WorkflowError(_("请填写报送期次。"), code="period")
    if not kinds or not set(kinds) <= set(ListKind.values):
        raise WorkflowError(_("请选择至少一种清单类型。"), code="kinds")
    if due < clock.today():
        raise WorkflowError(_("报送截止日期不能早于今天。"), code="due")
    clash = ReportingRound.objects.filter(status=RoundStatus.OPEN, period=period)
    if any(set(kinds) & set(r.kinds) for r in clash):
        raise WorkflowError(
            _("“%(period)s”已有报送中的同类调度，请勿重复发起。") % {"period": period},
            code="duplicate",
        )


def expected_sides(kinds: Iterable[str]) -> QuerySet[ItemSide]:
    """The sides a round of these list kinds expects a report from."""
    return ItemSide.objects.filter(
        item__list__kind__in=list(kinds),
        item__state__in=EXPECTED_STATES,
        closure_requested_at__isnull=True,
    )


@transaction.atomic
def open_round(
    user: User,
    period: str,
    kinds: list[str],
    due: dt.date,
    note: str = "",
    is_demo: bool = False,
) -> ReportingRound:
    """调度: the office opens a round; every open item's lead units are expected to report."""
    _require_office(user)
    period = (period or "").strip()
    _check_round(period, kinds, due)
    rnd = ReportingRound.objects.create(
        period=period, kinds=list(kinds), due=due, note=note, opened_by=user, is_demo=is_demo
    )
    sides = expected_sides(kinds).values_list("item_id", "party_id", "lead_unit_id")
    ExpectedReport.objects.bulk_create(
        ExpectedReport(round=rnd, item_id=item, party_id=party, unit_id=unit)
        for item, party, unit in sides
    )
    take_snapshot(rnd, opening=True)
    count = rnd.expected.count()
    record("round.open", actor=user, target=rnd, after=snapshot(rnd) | {"expected": count})
    return rnd


def attach_report(report: ProgressReport) -> ExpectedReport | None:
    """Link a just-submitted report to the open round that expects it (if any).

    The open round named by the report's period wins, else the newest open round. A report
    that replaces a standing (not returned) one keeps the first submission time.
    """
    rows = list(
        ExpectedReport.objects.filter(
            item_id=report.item_id, party_id=report.party_id, round__status=RoundStatus.OPEN
        )
        .select_related("round", "report")
        .order_by("-round__opened_at", "-round_id")
    )
    if not rows:
        return None
    match = next((r for r in rows if report.period and r.round.period == report.period), rows[0])
    standing = match.report is not None and match.report.status in DONE_STATUSES
    if not (standing and match.submitted_at):
        match.submitted_at = report.submitted_at
    match.report = report
    match.save(update_fields=["report", "submitted_at"])
    if not report.period:
        report.period = match.round.period
        ProgressReport.objects.filter(pk=report.pk).update(period=report.period)
    after = {"round": match.round_id, "report": report.pk, "submitted_at": match.submitted_at}
    record("round.report", actor=report.submitted_by, target=match, after=after)
    return match


@transaction.atomic
def close_round(user: User, rnd: ReportingRound) -> ReportingRound:
    """The office ends a round; every item's light is recorded as it stands."""
    _require_office(user)
    rnd = ReportingRound.objects.select_for_update().get(pk=rnd.pk)
    if rnd.status != RoundStatus.OPEN:
        raise WorkflowError(_("该轮调度已结束。"), code="state")
    rnd.status, rnd.closed_at = RoundStatus.CLOSED, clock.now()
    rnd.save(update_fields=["status", "closed_at"])
    take_snapshot(rnd, opening=False)
    from twincity.supervision.ladder import list_in_bulletin  # the ladder builds on rounds

    list_in_bulletin(rnd, user)
    record(
        "round.close",
        actor=user,
        target=rnd,
        before={"status": RoundStatus.OPEN},
        after={"status": rnd.status, "closed_at": rnd.closed_at},
    )
    return rnd


def take_snapshot(rnd: ReportingRound, opening: bool) -> int:
    """Record every lit item's light (overall with party empty, and each side's) at a round.

    At opening both `light` and `light_at_open` are written; at closing `light` is rewritten
    (an item that lost its light meanwhile is recorded as none).

    Opening also stores the current lights: a new round starts afresh (nobody "recovered")
    and its expected reports replace the last round's missing ones. Closing moves no light.
    """
    existing = {(s.item_id, s.party_id): s for s in rnd.lights.all()}
    items = Item.objects.filter(Q(state__in=LIT_STATES) | Q(pk__in=rnd.lights.values("item_id")))
    now, today, new, changed = clock.now(), clock.today(), [], []
    lights = lights_for(items, today, history=rnd)
    if opening:
        store_lights(lights, today)
    for item_id, got in lights.items():
        for party_id, light in [(None, got.light), *got.sides.items()]:
            row = existing.get((item_id, party_id))
            if row is not None:
                row.light, row.taken_at = light, now
                changed.append(row)
            elif light != Light.NONE:
                at_open = light if opening else ""
                new.append(
                    LightSnapshot(
                        round=rnd,
                        item_id=item_id,
                        party_id=party_id,
                        light=light,
                        light_at_open=at_open,
                        taken_at=now,
                    )
                )
    LightSnapshot.objects.bulk_create(new, batch_size=500)
    LightSnapshot.objects.bulk_update(changed, ["light", "taken_at"], batch_size=500)
    return len(new) + len(changed)


# --- figures ---------------------------------------------------------------------------------


@dataclass
class Figures:
    """Expected, submitted and on-time reports of one unit, side, group or round."""

    key: Any
    label: str
    expected: int = 0
    submitted: int = 0
    on_time: int = 0

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def rate(self) -> float | None:
        """On-time rate in percent, one decimal; None when nothing was expected."""
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


def deadline(due: dt.date) -> dt.datetime:
    """The first instant after the due day in the platform's time zone: a report is on time
    when submitted before it (the same as its local date being on or before the due day)."""
    return timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=1), dt.time()))


def on_time_q(
    rounds: Iterable[ReportingRound], prefix: str = "", round_field: str = "round_id"
) -> Q:
    """Submitted before its round's deadline, as plain comparisons of the stored instant (no
    per-row time-zone function, which costs seconds over a big round on SQLite)."""
    q = Q(pk__isnull=True)  # matches nothing when there are no rounds
    for rnd in rounds:
        q |= Q(**{round_field: rnd.pk, f"{prefix}submitted_at__lt": deadline(rnd.due)})
    return q


def _counts(rounds: Iterable[ReportingRound]) -> dict[str, Count]:
    done = Q(report__status__in=DONE_STATUSES)
    on_time = done & on_time_q(rounds)
    return {
        "n_expected": Count("pk"),
        "n_submitted": Count("pk", filter=done),
        "n_on_time": Count("pk", filter=on_time),
    }


@dataclass(frozen=True)
class Grouping:
    key: str
    label: tuple[str, ...]  # the first non-empty of these fields names the row
    order: tuple[str, ...]


GROUPINGS = {
    "unit": Grouping(
        "unit_id", ("unit__short_name", "unit__name"), ("unit__party__order", "unit__name")
    ),
    "party": Grouping("party_id", ("party__short_name",), ("party__order", "party_id")),
    "group": Grouping(
        "item__working_group_id", ("item__working_group__name",), ("item__working_group__number",)
    ),
}


def _figures(row: dict[str, Any], key: Any, label: str) -> Figures:
    return Figures(key, label, row["n_expected"], row["n_submitted"], row["n_on_time"])


def _label(row: dict[str, Any], fields: tuple[str, ...], none_label: str) -> str:
    return next((str(row[f]) for f in fields if row.get(f)), none_label)


def round_totals(rnd: ReportingRound, where: Q | None = None) -> Figures:
    rows = ExpectedReport.objects.filter(round=rnd).filter(where or Q())
    row = rows.aggregate(**_counts([rnd]))
    return _figures(row, rnd.pk, str(rnd))


def round_figures(rnd: ReportingRound, by: str, where: Q | None = None) -> list[Figures]:
    """Figures of one round per unit, party or working group, in one grouped query."""
    g = GROUPINGS[by]
    rows = (
        ExpectedReport.objects.filter(round=rnd)
        .filter(where or Q())
        .values(g.key, *g.label)
        .annotate(**_counts([rnd]))
        .order_by(*g.order, g.key)
    )
    return [_figures(r, r[g.key], _label(r, g.label, _("未分组"))) for r in rows]


def ranked(rows: Iterable[Figures]) -> list[Figures]:
    """Best on-time rate first; then more reports expected; then by name."""
    by_name = sorted(rows, key=lambda f: f.label)
    return sorted(by_name, key=lambda f: (-(f.rate or 0), -f.expected))


def recent_rounds(limit: int = HISTORY_ROUNDS, before: ReportingRound | None = None) -> list:
    rounds = ReportingRound.objects.order_by("-opened_at", "-id")
    if before is not None:
        rounds = rounds.filter(opened_at__lte=before.opened_at)
    return list(rounds[:limit])[::-1]


@dataclass
class HistoryRow:
    """One unit's figures over several rounds (None where a round expected nothing of it)."""

    label: str
    cells: list[Figures | None]
    total: Figures


def history_table(rounds: list[ReportingRound], where: Q | None = None) -> list[HistoryRow]:
    """Per unit, each round's figures and the sum over them, in one grouped query."""
    g = GROUPINGS["unit"]
    rows = (
        ExpectedReport.objects.filter(round__in=rounds)
        .filter(where or Q())
        .values(g.key, "round_id", *g.label)
        .annotate(**_counts(rounds))
        .order_by(*g.order, g.key)
    )
    cells: dict[Any, dict[int, Figures]] = {}
    labels: dict[Any, str] = {}
    for r in rows:
        labels[r[g.key]] = _label(r, g.label, "")
        cells.setdefault(r[g.key], {})[r["round_id"]] = _figures(r, r[g.key], labels[r[g.key]])
    out = []
    for unit, per_round in cells.items():
        total = Figures(unit, labels[unit])
        for f in per_round.values():
            total.expected += f.expected
            total.submitted += f.submitted
            total.on_time += f.on_time
        out.append(HistoryRow(labels[unit], [per_round.get(r.pk) for r in rounds], total))
    return out


def round_list(rounds: QuerySet[ReportingRound]) -> QuerySet[ReportingRound]:
    """Rounds with their totals annotated (n_expected, n_submitted, n_on_time); one small
    query first reads the rounds' due days for the on-time comparison."""
    done = Q(expected__report__status__in=DONE_STATUSES)
    on_time = done & on_time_q(rounds.only("pk", "due"), "expected__", "pk")
    return (
        rounds.select_related("opened_by")
        .annotate(
            n_expected=Count("expected"),
            n_submitted=Count("expected", filter=done),
            n_on_time=Count("expected", filter=on_time),
        )
        .order_by("-opened_at", "-id")
    )
