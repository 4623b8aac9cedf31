"""Figures for the supervision pages (and later dashboards and documents).

`lights_for` gathers the facts of many items in a fixed number of queries and applies the pure
light function; the rest groups lights and items for the pages, in Python, after that.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from twincity.commitments.models import (
    Item,
    ItemSide,
    Milestone,
    ProgressReport,
    ReportStatus,
    Transition,
)
from twincity.lib import clock
from twincity.supervision.lights import LightRules, SideFacts, item_light, side_light
from twincity.supervision.models import (
    LIGHT_RANK,
    ExpectedReport,
    Light,
    LightSnapshot,
    ReportingRound,
    RoundStatus,
    Thresholds,
)

# A report counts for its round once the liaison has submitted it, unless it was returned.
DONE_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.ACCEPTED)
FLAGGED = (Light.RED, Light.YELLOW, Light.RECOVERED)
SHOWN = (Light.RED, Light.YELLOW, Light.RECOVERED, Light.GREEN)


class ItemLights(NamedTuple):
    light: Light
    sides: dict[int, Light]  # party id → light


# --- rounds: which one is current -------------------------------------------------------------


def latest_round() -> ReportingRound | None:
    return ReportingRound.objects.order_by("-opened_at", "-id").first()


def current_round() -> ReportingRound | None:
    """The newest open round, or else the newest round."""
    rounds = ReportingRound.objects.order_by("-opened_at", "-id")
    return rounds.filter(status=RoundStatus.OPEN).first() or rounds.first()


# --- lights of many items -----------------------------------------------------------------------


def _latest_expected() -> QuerySet[ExpectedReport]:
    """The newest round's expected report of a side, with `done`: its report is in, or the
    side has reported since the round opened (a report after the round closed is not linked
    to it, but the side is no longer missing)."""
    since = ProgressReport.objects.filter(
        item=OuterRef("item_id"),
        party=OuterRef("party_id"),
        status__in=DONE_STATUSES,
        submitted_at__gte=OuterRef("round__opened_at"),
    )
    done = When(Q(report__status__in=DONE_STATUSES) | Exists(since), then=Value(True))
    return (
        ExpectedReport.objects.filter(item=OuterRef("item_id"), party=OuterRef("party_id"))
        .annotate(done=Case(done, default=Value(False), output_field=BooleanField()))
        .order_by("-round__opened_at", "-round_id")
    )


def _sides_facts(ids: QuerySet[Any]) -> list[tuple[Any, ...]]:
    latest = _latest_expected()
    return list(
        ItemSide.objects.filter(item__in=ids)
        .annotate(
            exp_due=Subquery(latest.values("round__due")[:1]),
            exp_done=Subquery(latest.values("done")[:1]),  # type: ignore[misc]
        )
        .values_list(
            "item_id", "party_id", "progress", "closure_requested_at", "exp_due", "exp_done"
        )
    )


def _items_facts(ids: QuerySet[Any]) -> dict[int, tuple[str, dt.date | None, dt.date]]:
    assigned = Transition.objects.filter(item=OuterRef("pk"), action="assign").order_by("at")
    rows = (
        Item.objects.filter(pk__in=ids)
        .annotate(assigned_at=Subquery(assigned.values("at")[:1]))
        .values_list("pk", "state", "deadline", "created_at", "assigned_at")
    )
    return {
        pk: (state, deadline, timezone.localdate(assigned_at or created_at))
        for pk, state, deadline, created_at, assigned_at in rows
    }


def _milestones(ids: QuerySet[Any]) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    out: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for item_id, due, done_at in Milestone.objects.filter(item__in=ids).values_list(
        "item_id", "due", "done_at"
    ):
        out[item_id].append((due, done_at))
    return out


def _was_red(ids: QuerySet[Any], history: ReportingRound | None) -> set[tuple[int, int]]:
    """The (item, party) sides that were red at a snapshot of the history round."""
    if history is None:
        return set()
    rows = LightSnapshot.objects.filter(round=history, item__in=ids, party__isnull=False)
    return {
        (item_id, party_id)
        for item_id, party_id, light, at_open in rows.values_list(
            "item_id", "party_id", "light", "light_at_open"
        )
        if Light.RED in (light, at_open)
    }


def lights_for(
    items: QuerySet[Item],
    today: dt.date | None = None,
    rules: LightRules | None = None,
    history: ReportingRound | None = None,
) -> dict[int, ItemLights]:
    """Each item's light and its sides' lights, in a fixed number of queries.

    `history` is the round whose snapshots say who was red (for "recovered"); by default the
    newest round. A round being opened passes itself (it has no snapshots yet: a fresh start).
    """
    today = today or clock.today()
    rules = rules or LightRules.of(Thresholds.current())
    history = history or latest_round()
    ids = items.order_by().values("pk")
    facts, milestones = _items_facts(ids), _milestones(ids)
    was_red = _was_red(ids, history)
    sides: dict[int, dict[int, Light]] = defaultdict(dict)
    for item_id, party_id, progress, asked, exp_due, exp_done in _sides_facts(ids):
        state, deadline, start = facts[item_id]
        side = SideFacts(
            state=state,
            deadline=deadline,
            start=start,
            milestones=tuple(milestones.get(item_id, ())),
            progress=progress,
            closure_requested=asked is not None,
            report_missing=exp_due is not None and exp_due < today and not exp_done,
            was_red=(item_id, party_id) in was_red,
        )
        sides[item_id][party_id] = side_light(side, today, rules)
    return {pk: ItemLights(item_light(sides[pk].values()), dict(sides[pk])) for pk in facts}


# --- items with their lights, for the pages -------------------------------------------------


@dataclass
class LitItem:
    """An item, its light (or one side's, when a page looks at one party) and sides' lights."""

    item: Item
    light: Light
    sides: list[tuple[ItemSide, Light]]
    days_late: int = 0


def lit_items(
    items: QuerySet[Item], party_id: int | None = None, today: dt.date | None = None
) -> list[LitItem]:
    """Items with their lights, worst first then by deadline; a party narrows to its side."""
    today = today or clock.today()
    rows = items.select_related("list", "working_group").prefetch_related(
        Prefetch("sides", queryset=ItemSide.objects.select_related("party", "lead_unit__party"))
    )
    lights = lights_for(items, today)
    out = []
    for item in rows:
        got = lights[item.pk]
        sides = [(s, got.sides.get(s.party_id, Light.NONE)) for s in item.sides.all()]
        if party_id is not None:
            sides = [(s, light) for s, light in sides if s.party_id == party_id]
        light = got.sides.get(party_id, Light.NONE) if party_id else got.light
        late = (today - item.deadline).days if item.deadline and item.is_overdue(today) else 0
        out.append(LitItem(item, light, sides, late))
    far = dt.date.max
    out.sort(key=lambda r: (-LIGHT_RANK[r.light], r.item.deadline or far, r.item.code))
    return out


def light_counts(rows: Iterable[LitItem]) -> dict[str, int]:
    counts = Counter(r.light for r in rows)
    return {str(light): counts.get(light, 0) for light in SHOWN}


@dataclass
class LightRow:
    """One line of a by-unit / by-side / by-group / by-area table of lights."""

    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def flagged(self) -> int:
        return sum(self.counts.get(str(x), 0) for x in FLAGGED)


def _table(pairs: Iterable[tuple[str, Light]]) -> list[LightRow]:
    rows: dict[str, LightRow] = {}
    for label, light in pairs:
        if light == Light.NONE:
            continue
        row = rows.setdefault(label, LightRow(label, {str(x): 0 for x in SHOWN}))
        row.counts[str(light)] += 1
    ranked = sorted(rows.values(), key=lambda r: r.label)
    return sorted(ranked, key=lambda r: [-r.counts[str(x)] for x in FLAGGED])


def by_unit(rows: Iterable[LitItem]) -> list[LightRow]:
    """Side lights counted by each side's lead unit."""
    return _table((str(s.lead_unit), light) for r in rows for s, light in r.sides)


def by_party(rows: Iterable[LitItem]) -> list[LightRow]:
    return _table((str(s.party), light) for r in rows for s, light in r.sides)


def _by_item(rows: Iterable[LitItem], label: Callable[[Item], str]) -> list[LightRow]:
    return _table((label(r.item), r.light) for r in rows)


def by_group(rows: Iterable[LitItem], none_label: str) -> list[LightRow]:
    return _by_item(rows, lambda i: str(i.working_group) if i.working_group else none_label)


def by_area(rows: Iterable[LitItem], none_label: str) -> list[LightRow]:
    return _by_item(rows, lambda i: i.area or none_label)


def overdue(rows: Iterable[LitItem]) -> list[LitItem]:
    """Past-due items, most days late first."""
    return sorted((r for r in rows if r.days_late), key=lambda r: (-r.days_late, r.item.code))


# --- difficulties stated in reports ----------------------------------------------------------


def sides_with_difficulties(
    item_ids: Iterable[int], rnd: ReportingRound
) -> dict[int, list[ItemSide]]:
    """Each item's sides with the difficulties and date of their latest standing report, and
    whether the round still misses their report (`missing_in_round`)."""
    latest = (
        ProgressReport.objects.filter(item=OuterRef("item_id"), party=OuterRef("party_id"))
        .exclude(status__in=[ReportStatus.RETURNED, ReportStatus.DRAFT])
        .order_by("-submitted_at", "-id")
    )
    missing = ExpectedReport.objects.filter(
        round=rnd, item=OuterRef("item_id"), party=OuterRef("party_id")
    ).exclude(report__status__in=DONE_STATUSES)
    sides = (
        ItemSide.objects.filter(item__in=list(item_ids))
        .select_related("party", "lead_unit")
        .annotate(
            difficulties=Subquery(latest.values("difficulties")[:1]),
            reported_at=Subquery(latest.values("submitted_at")[:1]),
            missing_in_round=Exists(missing),
        )
    )
    out: dict[int, list[ItemSide]] = defaultdict(list)
    for side in sides:
        out[side.item_id].append(side)
    return out


def red_items(rnd: ReportingRound, items: QuerySet[Item]) -> list[Item]:
    """Of these items, the red ones: now while the round is open, as recorded once closed."""
    if rnd.status == RoundStatus.OPEN:
        lights = lights_for(items)
        ids: Any = [pk for pk, got in lights.items() if got.light == Light.RED]
    else:
        ids = LightSnapshot.objects.filter(
            round=rnd, party__isnull=True, light=Light.RED, item__in=items.values("pk")
        ).values("item_id")
    rows = Item.objects.filter(pk__in=ids).select_related("list", "working_group")
    return list(rows.order_by("deadline", "code"))


def light_trend(rounds: list[ReportingRound], items: QuerySet[Item]) -> list[LightRow]:
    """Per round, the items' lights as recorded (at closing, or at opening if still open)."""
    rows = (
        LightSnapshot.objects.filter(round__in=rounds, party__isnull=True)
        .filter(item__in=items.order_by().values("pk"))
        .values("round_id", "light")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(r["round_id"], r["light"]): r["n"] for r in rows}
    return [
        LightRow(rnd.period, {str(x): counts.get((rnd.pk, x), 0) for x in SHOWN}) for rnd in rounds
    ]
