"""Writing planned items and everything that hangs off them, one chunk at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Model

from twincity.commitments.models import (
    Comment,
    Item,
    ItemSide,
    ListKind,
    Milestone,
    ProgressReport,
    Transition,
)
from twincity.home import demo_data as d
from twincity.scale.org import Org
from twincity.scale.plan import Calendar, ItemPlan, Round, light_at
from twincity.scale.writer import Writer, columns
from twincity.supervision.models import ExpectedReport, LightSnapshot
from twincity.supervision.rounds import HISTORY_ROUNDS

# Per (round index, unit id): (item id, day its report came in, or None) of late or missing.
Late = dict[tuple[int, int], list[tuple[int, dt.date | None]]]

# The tables a build fills in bulk (their indexes are built once, after the load).
ITEM_TABLES: list[type[Model]] = [
    Item, ItemSide, Item.cooperating_units.through, Milestone, Comment, ProgressReport,
    ExpectedReport, Transition, LightSnapshot,
]  # fmt: skip
SNAPSHOT_ROUNDS = HISTORY_ROUNDS + 1  # the light history the trend shows, and this round

ITEM_FIELDS = columns(
    "id list_id code title description area source_decision_id working_group_id "
    "target_unit_id deadline result_form report_frequency is_major state resume_state answer "
    "answer_text progress light is_public is_demo version created_at updated_at created_by_id"
)
SIDE_FIELDS = columns(
    "id item_id party_id lead_unit_id signed_at signed_by_id closure_requested_at "
    "closure_requested_by_id closure_note progress light"
)
REPORT_FIELDS = columns(
    "id item_id party_id unit_id period progress_text difficulties next_steps percent status "
    "submitted_at submitted_by_id approved_at approved_by_id accepted_at accepted_by_id "
    "return_reason version"
)
EXPECTED_FIELDS = columns("id round_id item_id party_id unit_id report_id submitted_at")
TRANSITION_FIELDS = columns("id item_id at actor_id action party_id from_state to_state reason")
SNAPSHOT_FIELDS = columns("id round_id item_id party_id light light_at_open taken_at")


def write_items(
    w: Writer,
    org: Org,
    cal: Calendar,
    plans: list[ItemPlan],
    transitions: list[list[tuple[Any, ...]]],
    rounds: list[Round],
) -> None:
    w.write(Item, ITEM_FIELDS, (_item_row(p) for p in plans))
    w.write(ItemSide, SIDE_FIELDS, _side_rows(w, org, plans))
    through = Item.cooperating_units.through
    w.write(
        through,
        ["id", "item_id", "unit_id"],
        w.numbered(through, [(p.id, u) for p in plans for u in p.coop]),
    )
    milestones = [(p.id, *m) for p in plans for m in p.milestones]
    fields = ["id", "item_id", "title", "due", "done_at"]
    w.write(Milestone, fields, w.numbered(Milestone, milestones))
    comments = [(p.id, *c, True) for p in plans for c in p.comments]
    fields = ["id", "item_id", "author_id", "text", "at", "is_instruction"]
    w.write(Comment, fields, w.numbered(Comment, comments))
    w.write(ProgressReport, REPORT_FIELDS, (r for p in plans for r in p.reports))
    expected = [(e[0], p.id, *e[1:]) for p in plans for e in p.expected]  # round first
    w.write(ExpectedReport, EXPECTED_FIELDS, w.numbered(ExpectedReport, expected))
    moves = [t for ts in transitions for t in ts]
    w.write(Transition, TRANSITION_FIELDS, w.numbered(Transition, moves))
    lights = [row for p in plans for row in _snapshots(p, rounds, cal)]
    w.write(LightSnapshot, SNAPSHOT_FIELDS, w.numbered(LightSnapshot, lights))


def _item_row(p: ItemPlan) -> tuple[Any, ...]:
    f = p.fields
    progress = min((s.progress for s in p.sides), default=0)
    resume = "in_progress" if p.state == "suspended" else ""
    creator = p.events[0][4]
    return (
        p.id, p.item_list.id, p.code, p.title, "", p.area, f["decision"], p.group, f["target"],
        p.deadline, f["result_form"], f["frequency"], f["major"], p.state, resume, p.answer,
        p.answer_text, progress, "none", f["public"], True, p.version, p.created, p.updated,
        creator,
    )  # fmt: skip


def _side_rows(w: Writer, org: Org, plans: list[ItemPlan]) -> Iterator[tuple[Any, ...]]:
    for p in plans:
        for pk, s in zip(w.ids(ItemSide, len(p.sides)), p.sides, strict=True):
            liaison = org.liaison.get(s.unit)
            asked = None if p.returned else s.asked  # returning clears the closure requests
            yield (
                pk, p.id, s.party_id, s.unit, s.signed, liaison if s.signed else None, asked,
                liaison if asked else None, d.FINAL_TEXT if asked else "", s.progress, "none",
            )  # fmt: skip


def _snapshots(p: ItemPlan, rounds: list[Round], cal: Calendar) -> Iterable[tuple[Any, ...]]:
    """Overall lights at the latest rounds (as opened, and as closed); each side's too at
    the current round, whose snapshot the light function reads for "recovered"."""
    if p.assigned is None or p.item_list.kind == ListKind.POLICY_NEEDS:
        return
    for rnd in rounds[-SNAPSHOT_ROUNDS:]:
        if rnd.opened < p.assigned:
            continue
        opened = light_at(p, rnd.opened, rounds, cal)
        if rnd.closed is None:
            for party, light in opened.items():
                yield (rnd.id, p.id, party, light, light, rnd.opened)
            continue
        closed = light_at(p, rnd.closed, rounds, cal)
        if opened or closed:
            yield (rnd.id, p.id, None, closed.get(None, "none"), opened.get(None, ""), rnd.closed)
