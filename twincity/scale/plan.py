"""One item's whole history, planned in memory: state, sides, events, reports, expectations.

The plan follows the workflow's rules without calling it: an agreed item is created, assigned,
signed by each side, reported on in every round that expects it, then maybe closed, returned,
suspended or cancelled; a policy need is proposed, agreed, submitted and answered. Every date
is before today. Datetimes are naive UTC (see writer.py); Asia/Shanghai is UTC+8 all year.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from twincity.commitments.models import ItemState, ListKind, ReportFrequency, ReportStatus
from twincity.home import demo_data as d
from twincity.indicators.regions import REGIONS, RegionLevel
from twincity.scale.names import AREAS, RESULT_FORMS, VERBS
from twincity.scale.org import Org
from twincity.supervision.lights import LIT_STATES

S = ItemState
R = ReportStatus
SHANGHAI = dt.timedelta(hours=8)
DAY = dt.timedelta(days=1)


def cumulative_weights(weights: Sequence[float]) -> tuple[float, ...]:
    return tuple(itertools.accumulate(weights))


# Final states by how old the list is (0: this year, 1: last year, 2: the year before).
STATES = (S.IN_PROGRESS, S.ASSIGNED, S.DRAFT, S.CLOSURE_REQUESTED, S.RETURNED, S.CLOSED,
          S.SUSPENDED, S.CANCELLED)  # fmt: skip
STATE_MIX = {
    0: dict(zip(STATES, (62, 6, 4, 4, 2, 16, 3, 3), strict=True)),
    1: dict(zip(STATES, (50, 1, 0, 5, 3, 35, 3, 3), strict=True)),
    2: dict(zip(STATES, (30, 0, 0, 4, 2, 56, 4, 4), strict=True)),
}
NEEDS = (S.PROPOSED, S.AGREED, S.SUBMITTED, S.ANSWERED, S.CLOSED, S.CANCELLED)
NEED_MIX = dict(zip(NEEDS, (15, 15, 25, 20, 20, 5), strict=True))
FREQUENCIES = (
    [ReportFrequency.QUARTERLY] * 7 + [ReportFrequency.MONTHLY] * 2 + [ReportFrequency.HALF_YEARLY]
)
OUTCOMES = ("on_time", "late", "missing")
NOW_OUTCOMES, PAST_OUTCOMES = cumulative_weights((74, 18, 8)), cumulative_weights((78, 12, 10))
STATUSES = (R.ACCEPTED, R.APPROVED, R.SUBMITTED)
NOW_STATUSES, RECENT_STATUSES = cumulative_weights((35, 30, 35)), cumulative_weights((85, 10, 5))
COOPERATING = cumulative_weights((40, 30, 20, 10))
LIGHT_ORDER = {"none": 0, "green": 1, "yellow": 3, "red": 4}
# Actions whose transition moves the item's state (the workflow bumps its version for each).
STATE_ACTIONS = frozenset(
    {"assign", "sign", "request_closure", "close", "return", "suspend", "cancel", "agree"}
    | {"submit", "answer"}
)


class Rng(random.Random):
    """A seeded stream with cheaper draws (a float each) than the standard methods; the
    build makes millions of them. Still deterministic for a given seed."""

    def randint(self, a: int, b: int) -> int:
        n = b - a + 1
        return a + min(int(self.random() * n), n - 1)

    def choice(self, seq: Sequence[Any]) -> Any:  # type: ignore[override]
        n = len(seq)
        return seq[min(int(self.random() * n), n - 1)]

    def pick(self, values: Sequence[Any], cumulative: Sequence[float]) -> Any:
        """One of the values, weighted by their cumulative weights."""
        return values[bisect.bisect(cumulative, self.random() * cumulative[-1])]


class Calendar:
    """Days relative to the build's today; `at` gives naive UTC for a Shanghai wall time."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.last = today - DAY  # nothing generated happens today or later

    def at(self, day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, minute) - SHANGHAI

    def day_of(self, moment: dt.datetime) -> dt.date:
        return (moment + SHANGHAI).date()


@dataclass(frozen=True)
class Round:
    """A reporting round as the planner sees it."""

    id: int
    index: int
    period: str
    kinds: frozenset[str]
    opened: dt.datetime
    due: dt.date
    closed: dt.datetime | None  # None: still open (the current round)


@dataclass(frozen=True)
class ListInfo:
    id: int
    kind: str
    year: int
    age: int
    day: dt.date  # created
    code_prefix: str
    decisions: tuple[int, ...]
    public: bool


@dataclass(slots=True)
class Side:
    party: str
    party_id: int
    unit: int
    signed: dt.datetime | None = None
    asked: dt.datetime | None = None
    progress: int = 0
    speed: float = 1.0
    last_percent: int = 0
    # (accepted_at, percent) and the expected rows' (round index, counting report time or None)
    accepted: list[tuple[dt.datetime, int]] = field(default_factory=list)
    expected: list[tuple[int, dt.datetime | None]] = field(default_factory=list)


@dataclass(slots=True)
class ItemPlan:
    id: int
    item_list: ListInfo
    code: str
    title: str
    area: str
    group: int | None
    state: str = S.DRAFT
    created: dt.datetime = dt.datetime.min
    assigned: dt.datetime | None = None
    deadline: dt.date | None = None
    end: dt.datetime | None = None  # closed, suspended or cancelled at
    returned: dt.datetime | None = None
    sides: list[Side] = field(default_factory=list)
    events: list[tuple[dt.datetime, int, str, int | None, int | None, str]] = field(
        default_factory=list
    )  # (at, order, action, party id, actor, reason)
    reports: list[tuple[Any, ...]] = field(default_factory=list)
    expected: list[tuple[Any, ...]] = field(default_factory=list)
    milestones: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)
    comments: list[tuple[int, str, dt.datetime]] = field(default_factory=list)
    coop: list[int] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    answer: str = ""
    answer_text: str = ""
    late: list[tuple[int, int, dt.date | None]] = field(default_factory=list)  # round, unit, sub
    # set by finish_plan: the version and last change, and the states with their times
    version: int = 1
    updated: dt.datetime = dt.datetime.min
    states: list[tuple[dt.datetime, str]] = field(default_factory=list)


class Planner:
    """Plans items one after the other from one random stream (hence deterministic)."""

    def __init__(
        self,
        rng: Rng,
        cal: Calendar,
        org: Org,
        rounds: list[Round],
        report_id: Callable[[], int],
    ) -> None:
        self.rng, self.cal, self.org, self.rounds = rng, cal, org, rounds
        self.report_id = report_id
        self.place_names = _place_names()
        self.weights = {
            party: _zipf(len(units)) for party, units in org.lead_units.items() if units
        }

    # --- the item itself ----------------------------------------------------------------------

    def plan(self, pk: int, lst: ListInfo, n: int) -> ItemPlan:
        rng = self.rng
        area, group_no, topics = rng.choice(AREAS)
        a, b = rng.sample(self.place_names, 2)
        title = rng.choice(VERBS) + rng.choice(topics).format(a=a, b=b)
        group = self.org.groups.get(group_no) if rng.random() < 0.85 else None
        item = ItemPlan(pk, lst, f"{lst.code_prefix}-{n + 1:04d}", title, area, group)
        item.sides = self.sides(group_no if group else None)
        item.coop = self.cooperating(item.sides)
        if lst.kind == ListKind.POLICY_NEEDS:
            self.need(item)
        else:
            self.agreed(item)
        item.fields = self.fields(item, n)
        return item

    def sides(self, group_no: int | None) -> list[Side]:
        rng, org = self.rng, self.org
        parties = [p for p in org.party_codes if p in self.weights]
        if len(parties) > 1 and rng.random() < 0.1:
            parties = [rng.choice(parties)]
        out = []
        for party in parties:
            leads = org.group_leads.get(group_no or 0, {})
            unit = leads.get(party)
            if unit not in org.liaison or rng.random() >= 0.4:
                units = org.lead_units[party]
                unit = rng.pick(units, self.weights[party])
            out.append(Side(party, org.parties[party], unit, speed=rng.uniform(0.85, 1.3)))
        return out

    def cooperating(self, sides: list[Side]) -> list[int]:
        count = self.rng.pick((0, 1, 2, 3), COOPERATING)
        leads = {s.unit for s in sides}
        picked = {u for u in self.rng.sample(self.org.members, count) if u not in leads}
        return sorted(picked)

    def fields(self, item: ItemPlan, n: int) -> dict[str, Any]:
        rng, lst = self.rng, item.item_list
        need = lst.kind == ListKind.POLICY_NEEDS
        decision = lst.decisions[n % len(lst.decisions)] if lst.decisions else None
        return {
            "decision": decision if lst.kind == ListKind.AGREED_ITEMS else None,
            "target": rng.choice(self.org.central) if need and self.org.central else None,
            "result_form": rng.choice(RESULT_FORMS),
            "frequency": ReportFrequency.NONE if need else rng.choice(FREQUENCIES),
            "major": rng.random() < 0.08,
            "public": lst.public and item.state in (S.IN_PROGRESS, S.CLOSED),
        }

    # --- agreed items, key tasks, reforms, action plans ----------------------------------------

    def agreed(self, item: ItemPlan) -> None:
        rng, cal = self.rng, self.cal
        state = _pick(rng, STATE_MIX[min(item.item_list.age, 2)])
        fresh = state in (S.DRAFT, S.ASSIGNED)
        created = self.created_day(item.item_list, fresh)
        item.created = cal.at(created, 9, rng.randint(0, 59))
        item.events.append((item.created, 0, "create", None, self.office(), ""))
        if state == S.DRAFT:
            item.state, item.deadline = state, cal.today + DAY * rng.randint(30, 400)
            return
        assign_day = min(created + DAY * rng.randint(1, 5), cal.last)
        item.assigned = cal.at(assign_day, 10, rng.randint(0, 59))
        item.events.append((item.assigned, 1, "assign", None, self.office(), ""))
        self.sign(item, assign_day, state)
        if state != S.ASSIGNED:
            state = self.finish(item, state)
        item.state = state
        item.deadline = self.deadline(item, assign_day)
        self.milestones(item, assign_day)
        self.comment(item, assign_day)
        self.round_reports(item)

    def created_day(self, lst: ListInfo, fresh: bool) -> dt.date:
        last = self.cal.last
        if fresh:
            return _day_between(self.rng, max(lst.day, last - DAY * 40), last - DAY * 2, lst.day)
        spread = 120 if lst.age else 365
        return _day_between(
            self.rng, lst.day, min(lst.day + DAY * spread, last - DAY * 30), lst.day
        )

    def sign(self, item: ItemPlan, assign_day: dt.date, state: str) -> None:
        rng, cal = self.rng, self.cal
        for i, side in enumerate(item.sides):
            if state == S.ASSIGNED and (i > 0 or len(item.sides) == 1 or rng.random() < 0.5):
                break  # an assigned item waits for at least one signature
            day = min(assign_day + DAY * rng.randint(0, 8), cal.last)
            side.signed = cal.at(day, 14, rng.randint(0, 59))
            item.events.append((side.signed, 2, "sign", side.party_id, self.liaison(side), ""))

    def started(self, item: ItemPlan) -> dt.date:
        return max(self.cal.day_of(s.signed) for s in item.sides if s.signed)

    def finish(self, item: ItemPlan, state: str) -> str:
        """Close, return, suspend or cancel the item after work started; returns the state
        it ends in (in progress when there was no time for the planned end)."""
        rng, cal = self.rng, self.cal
        start = self.started(item)
        room = (cal.last - start).days
        if room < 4:
            return S.IN_PROGRESS
        if state == S.CLOSED:
            day = start + DAY * rng.randint(min(60, room // 2), room)
            self.ask_all(item, start, day, before=True)
            self.office_event(item, day, "close", d.CLOSE_REASON, 16)
            item.end = cal.at(day, 16)
        elif state == S.CLOSURE_REQUESTED:
            self.ask_all(item, max(start, cal.last - DAY * 30), cal.last, before=False)
        elif state == S.RETURNED:
            day = _day_between(rng, max(start + DAY * 3, cal.last - DAY * 90), cal.last, cal.last)
            self.ask_all(item, max(start, day - DAY * 10), day, before=True)
            self.office_event(item, day, "return", d.ITEM_RETURN, 17)
            item.returned = cal.at(day, 17)
        elif state in (S.SUSPENDED, S.CANCELLED):
            day = start + DAY * rng.randint(1, room)
            reason = d.SUSPEND_REASON if state == S.SUSPENDED else d.CANCEL_REASON
            self.office_event(
                item, day, "suspend" if state == S.SUSPENDED else "cancel", reason, 16
            )
            item.end = cal.at(day, 16)
        elif len(item.sides) > 1 and rng.random() < 0.06:  # one side has asked to close
            self.ask(item, item.sides[0], max(start, cal.last - DAY * 30), cal.last)
        return state

    def ask_all(self, item: ItemPlan, lo: dt.date, hi: dt.date, before: bool) -> None:
        """Every side asks to close between lo and hi (strictly before hi when the office
        acts on hi)."""
        top = hi - DAY if before else hi
        for side in item.sides:
            self.ask(item, side, min(lo, top), top)

    def ask(self, item: ItemPlan, side: Side, lo: dt.date, hi: dt.date) -> None:
        day = _day_between(self.rng, lo, hi, hi)
        side.asked = self.cal.at(day, 11, self.rng.randint(0, 59))
        if side.signed is not None and side.asked <= side.signed:
            side.asked = side.signed + dt.timedelta(hours=1)
        item.events.append(
            (side.asked, 3, "request_closure", side.party_id, self.liaison(side), d.FINAL_TEXT)
        )

    def office_event(
        self, item: ItemPlan, day: dt.date, action: str, reason: str, hour: int
    ) -> None:
        item.events.append((self.cal.at(day, hour), 4, action, None, self.office(), reason))

    def deadline(self, item: ItemPlan, assign_day: dt.date) -> dt.date:
        rng, today = self.rng, self.cal.today
        floor = assign_day + DAY * 30
        if item.state == S.CLOSED and item.end is not None:
            return max(floor, self.cal.day_of(item.end) + DAY * rng.randint(-20, 120))
        if item.state == S.CANCELLED:
            return assign_day + DAY * rng.randint(180, 540)
        roll = rng.random()
        if roll < 0.1 and floor < today:  # overdue
            return _day_between(rng, max(floor, today - DAY * 200), today - DAY, floor)
        if roll < 0.18:  # due within the yellow horizon
            return max(floor, today + DAY * rng.randint(0, 15))
        return max(floor, today + DAY * rng.randint(16, 600))

    def milestones(self, item: ItemPlan, assign_day: dt.date) -> None:
        rng = self.rng
        if item.deadline is None or rng.random() >= 0.3:
            return
        span = (item.deadline - assign_day).days
        count = rng.choice((2, 3))
        for i in range(count):
            due = assign_day + DAY * (span * (i + 1) // (count + 1))
            done = None
            if due < self.cal.today and (item.state == S.CLOSED or rng.random() < 0.9):
                done = min(max(assign_day, due + DAY * rng.randint(-10, 10)), self.cal.last)
            item.milestones.append((d.MILESTONES[i], due, done))

    def comment(self, item: ItemPlan, assign_day: dt.date) -> None:
        if not self.org.leaders or self.rng.random() >= 0.03:
            return
        day = min(assign_day + DAY * self.rng.randint(3, 30), self.cal.last)
        leader = self.rng.choice(self.org.leaders)
        item.comments.append((leader, d.INSTRUCTION, self.cal.at(day, 15)))

    # --- policy needs ------------------------------------------------------------------------

    def need(self, item: ItemPlan) -> None:
        rng, cal = self.rng, self.cal
        target = _pick(rng, NEED_MIX)
        created = self.created_day(item.item_list, target == S.PROPOSED)
        item.created = cal.at(created, 9, rng.randint(0, 59))
        item.events.append((item.created, 0, "create", None, self.office(), ""))
        item.deadline = created + DAY * 365
        state, day = S.PROPOSED, created
        steps = [
            (S.AGREED, "agree", d.AGREE_REASON, (5, 30)),
            (S.SUBMITTED, "submit", d.SUBMIT_REASON, (10, 60)),
            (S.ANSWERED, "answer", "", (30, 120)),
            (S.CLOSED, "close", d.NEED_CLOSE_REASON, (5, 30)),
        ]
        if target == S.CANCELLED:
            steps = [(S.CANCELLED, "cancel", d.CANCEL_REASON, (10, 90))]
        for to, action, reason, (lo, hi) in steps:
            if state == target:
                break
            nxt = day + DAY * rng.randint(lo, hi)
            if nxt > cal.last:
                break
            state, day = to, nxt
            if action == "answer":
                item.answer, reason = rng.choice(list(d.ANSWERS.items()))
                item.answer_text = reason
            self.office_event(item, day, action, reason, 10)
        item.state = state
        if state in (S.CLOSED, S.CANCELLED):
            item.end = cal.at(day, 10)

    # --- reports and rounds ------------------------------------------------------------------

    def round_reports(self, item: ItemPlan) -> None:
        if item.assigned is None:
            return
        kind = item.item_list.kind
        for rnd in self.rounds:
            if kind not in rnd.kinds or item.assigned >= rnd.opened:
                continue
            if item.end is not None and item.end <= rnd.opened:
                continue
            for side in item.sides:
                if not _asked_at(item, side, rnd.opened):
                    self.expect(item, side, rnd)

    def expect(self, item: ItemPlan, side: Side, rnd: Round) -> None:
        rng, cal = self.rng, self.cal
        current = rnd.closed is None
        weights = NOW_OUTCOMES if current else PAST_OUTCOMES
        outcome = rng.pick(OUTCOMES, weights)
        open_day = cal.day_of(rnd.opened)
        if outcome == "on_time":
            day = _day_between(rng, open_day + DAY, min(rnd.due, cal.last), None)
        elif outcome == "late":
            day = _day_between(rng, rnd.due + DAY, min(rnd.due + DAY * 9, cal.last), None)
        else:
            day = None
        submitted = cal.at(day, rng.randint(9, 17), rng.randint(0, 59)) if day else None
        if submitted is not None and item.end is not None and submitted >= item.end:
            submitted = None
        if submitted is None:
            item.expected.append((rnd.id, side.party_id, side.unit, None, None))
            side.expected.append((rnd.index, None))
            item.late.append((rnd.index, side.unit, None))
            return
        limit = min(rnd.due + DAY * 9, cal.last) if rnd.closed else cal.last
        report_id, counted = self.report(item, side, rnd, submitted), submitted
        if report_id < 0:  # returned, then submitted again if there is time
            resubmit = submitted + DAY * rng.randint(2, 5)
            if cal.day_of(resubmit) <= limit and (item.end is None or resubmit < item.end):
                report_id = self.report(item, side, rnd, resubmit, final=True)
                counted = resubmit
            else:
                report_id = -report_id
        item.expected.append((rnd.id, side.party_id, side.unit, report_id, counted))
        returned_only = item.reports[-1][8] == R.RETURNED
        side.expected.append((rnd.index, None if returned_only else counted))
        if cal.day_of(counted) > rnd.due or returned_only:
            item.late.append((rnd.index, side.unit, None if returned_only else cal.day_of(counted)))

    def report(
        self,
        item: ItemPlan,
        side: Side,
        rnd: Round,
        submitted: dt.datetime,
        final: bool = False,
    ) -> int:
        """Write one report into the plan; its id, negative when it was returned."""
        rng, cal = self.rng, self.cal
        pk = self.report_id()
        percent = self.percent(item, side, submitted)
        head = self.org.head.get(side.unit)
        approval = side.unit not in self.org.no_head_approval
        status: str = R.SUBMITTED if approval else R.APPROVED
        approved_at = accepted_at = None
        approved_by = accepted_by = None
        returned = not final and rng.random() < 0.06
        reason = ""
        if returned:
            status, reason = R.RETURNED, d.REPORT_RETURN
        else:
            status = self.report_status(rnd, status)
            if status in (R.APPROVED, R.ACCEPTED) and approval:
                approved_at = submitted + DAY * rng.randint(1, 3)
                approved_by = head
            if status == R.ACCEPTED:
                accepted_at = (approved_at or submitted) + DAY * rng.randint(1, 5)
                accepted_by = self.office()
            if accepted_at is not None and cal.day_of(accepted_at) > cal.last:
                status, accepted_at, accepted_by = R.APPROVED, None, None
            if approved_at is not None and cal.day_of(approved_at) > cal.last:
                status, approved_at, approved_by = R.SUBMITTED, None, None
        if accepted_at is not None:
            side.progress = percent
            side.accepted.append((accepted_at, percent))
        text = d.PROGRESS_TEXTS[0 if percent < 40 else 1 if percent < 75 else 2]
        liaison = self.liaison(side)
        version = 1 + returned + (approved_at is not None) + (accepted_at is not None)
        item.reports.append(
            (
                pk,
                item.id,
                side.party_id,
                side.unit,
                rnd.period,
                text,
                rng.choice(d.DIFFICULTIES),
                rng.choice(d.NEXT_STEPS),
                percent,
                status,
                submitted,
                liaison,
                approved_at,
                approved_by,
                accepted_at,
                accepted_by,
                reason,
                version,
            )
        )
        item.events.append(
            (submitted, 5, "report", side.party_id, liaison, f"{percent}% {text[:200]}")
        )
        return -pk if returned else pk

    def report_status(self, rnd: Round, initial: str) -> str:
        if rnd.closed is None:
            weights = NOW_STATUSES
        elif (self.cal.today - rnd.due).days <= 75:
            weights = RECENT_STATUSES
        else:
            return R.ACCEPTED
        status = self.rng.pick(STATUSES, weights)
        return initial if status == R.SUBMITTED else status

    def percent(self, item: ItemPlan, side: Side, at: dt.datetime) -> int:
        """Progress follows the time elapsed at the side's own speed, never backwards."""
        start = self.cal.day_of(item.assigned or item.created)
        span = ((item.deadline or self.cal.today) - start).days or 1
        elapsed = (self.cal.day_of(at) - start).days
        raw = int(100 * side.speed * elapsed / span) // 5 * 5
        side.last_percent = max(side.last_percent, min(95, max(5, raw)))
        return side.last_percent

    # --- who acts ----------------------------------------------------------------------------

    def office(self) -> int:
        return self.rng.choice(self.org.office)

    def liaison(self, side: Side) -> int | None:
        return self.org.liaison.get(side.unit)


# --- the item's state over time and its lights at a moment (for the rounds' snapshots) ------


def finish_plan(item: ItemPlan) -> list[tuple[Any, ...]]:
    """Sort the events and walk the states; returns the transitions (without ids) and sets
    the sides' and item's progress and the item's version and last change."""
    item.events.sort(key=lambda e: (e[0], e[1]))
    state = S.PROPOSED if item.item_list.kind == ListKind.POLICY_NEEDS else S.DRAFT
    signed = asked = 0
    out, version = [], 1
    states: list[tuple[dt.datetime, str]] = [(item.created, state)]
    for at, _order, action, party, actor, reason in item.events:
        before = state
        if action == "sign":
            signed += 1
            state = S.IN_PROGRESS if signed == len(item.sides) else state
        elif action == "request_closure":
            asked += 1
            state = S.CLOSURE_REQUESTED if asked == len(item.sides) else state
        elif action == "return":
            asked, state = 0, S.RETURNED
        elif action in ACTION_STATES:
            state = ACTION_STATES[action]
        version += action in STATE_ACTIONS
        if state != before:
            states.append((at, state))
        out.append((item.id, at, actor, action, party, before, state, reason))
    if state != item.state:  # the plan must agree with the workflow's rules
        raise ValueError(f"{item.code}: the events end in {state}, the plan in {item.state}")
    if state == S.CLOSED:
        for side in item.sides:
            side.progress = 100
    item.version = version + sum(len(s.accepted) for s in item.sides)
    item.updated = item.events[-1][0]
    item.states = states
    return out


ACTION_STATES = {
    "assign": S.ASSIGNED,
    "close": S.CLOSED,
    "suspend": S.SUSPENDED,
    "cancel": S.CANCELLED,
    "agree": S.AGREED,
    "submit": S.SUBMITTED,
    "answer": S.ANSWERED,
}


def light_at(
    item: ItemPlan, at: dt.datetime, rounds: list[Round], cal: Calendar
) -> dict[int | None, str]:
    """An approximation of the item's lights at a past moment (red: past the deadline or a
    round's report missing; yellow: deadline near; green otherwise), for round snapshots."""
    states, deadline = item.states, item.deadline
    i = bisect.bisect_right(states, at, key=lambda s: s[0]) - 1
    if i < 0 or states[i][1] not in LIT_STATES or deadline is None:
        return {}
    day = cal.day_of(at)
    out: dict[int | None, str] = {}
    for side in item.sides:
        out[side.party_id] = _side_light_at(item, side, at, day, deadline, rounds)
    out[None] = max(out.values(), key=LIGHT_ORDER.__getitem__)
    return out


def _side_light_at(
    item: ItemPlan,
    side: Side,
    at: dt.datetime,
    day: dt.date,
    deadline: dt.date,
    rounds: list[Round],
) -> str:
    if _asked_at(item, side, at):
        return "green"
    if deadline < day:
        return "red"
    seen = [(j, sub) for j, sub in side.expected if rounds[j].opened <= at]
    if seen:
        j, sub = seen[-1]
        if rounds[j].due < day and (sub is None or sub > at):
            return "red"
    return "yellow" if (deadline - day).days <= 15 else "green"


def _asked_at(item: ItemPlan, side: Side, at: dt.datetime) -> bool:
    if side.asked is None or side.asked > at:
        return False
    return item.returned is None or at < item.returned


# --- small helpers ----------------------------------------------------------------------------


def _pick(rng: Rng, mix: dict[Any, int]) -> Any:
    return rng.pick(list(mix), cumulative_weights(list(mix.values())))


def _day_between(rng: Rng, lo: dt.date, hi: dt.date, fallback: dt.date | None) -> Any:
    """A day in [lo, hi]; `fallback` when the range is empty."""
    if hi < lo:
        return fallback
    return lo + DAY * rng.randint(0, (hi - lo).days)


def _zipf(count: int) -> list[float]:
    """Cumulative weights 1/k^0.8: a few units lead many items, most lead a few."""
    out, total = [], 0.0
    for k in range(1, count + 1):
        total += k**-0.8
        out.append(total)
    return out


def _place_names() -> list[str]:
    return [r.short_name for r in REGIONS if r.level in (RegionLevel.CITY, RegionLevel.DISTRICT)]
