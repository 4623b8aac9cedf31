"""Lights (红黄绿亮灯): a pure function from one side's facts to its light. No database here.

Only items being worked on have a light: assigned, in progress, returned, or waiting for the
office to verify a closure. Drafts, suspended, closed and cancelled items, and policy needs
(which wait on the office or a ministry, not on the lead units), show none.

A side is
- green while it waits for the office to verify its closure request (it says it is done);
- red when its deadline has passed, or the latest round that expects its report is past its
  due date and the side has not reported since that round opened;
- yellow when its deadline or an unfinished milestone is within `yellow_days` (or a milestone
  has passed), or its progress is more than `behind_points` behind the time elapsed;
- green otherwise.
A side that was red at a snapshot of the current round and is now green or yellow shows
"recovered" until the next round opens (see stats.lights_for for where `was_red` comes from).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from twincity.commitments.models import ItemState
from twincity.supervision.models import LIGHT_RANK, Light

LIT_STATES = frozenset(
    {ItemState.ASSIGNED, ItemState.IN_PROGRESS, ItemState.RETURNED, ItemState.CLOSURE_REQUESTED}
)


class _HasThresholds(Protocol):
    yellow_days: int
    behind_points: int


@dataclass(frozen=True)
class LightRules:
    """The thresholds the light function reads (from the office's Thresholds)."""

    yellow_days: int = 15
    behind_points: int = 20

    @classmethod
    def of(cls, thresholds: _HasThresholds) -> LightRules:
        return cls(thresholds.yellow_days, thresholds.behind_points)


@dataclass(frozen=True)
class SideFacts:
    """What the light of one side of an item depends on."""

    state: str
    deadline: dt.date | None
    start: dt.date | None = None
    milestones: tuple[tuple[dt.date, dt.date | None], ...] = ()  # (due, done_at)
    progress: int = 0
    closure_requested: bool = False
    report_missing: bool = False
    was_red: bool = False


def elapsed_percent(start: dt.date | None, deadline: dt.date, today: dt.date) -> float:
    """Time elapsed from start to deadline, 0–100 (时序进度)."""
    if start is None or today <= start:
        return 0.0
    if deadline <= start:
        return 100.0
    return min(100.0, 100.0 * (today - start).days / (deadline - start).days)


def _near(facts: SideFacts, today: dt.date, rules: LightRules) -> bool:
    horizon = today + dt.timedelta(days=rules.yellow_days)
    pending = [due for due, done in facts.milestones if done is None]
    dates = [*pending, *([facts.deadline] if facts.deadline else [])]
    return any(day <= horizon for day in dates)


def _behind(facts: SideFacts, today: dt.date, rules: LightRules) -> bool:
    if facts.deadline is None:
        return False
    elapsed = elapsed_percent(facts.start, facts.deadline, today)
    return elapsed - facts.progress > rules.behind_points


def _plain_light(facts: SideFacts, today: dt.date, rules: LightRules) -> Light:
    if facts.closure_requested:
        return Light.GREEN
    past_due = facts.deadline is not None and facts.deadline < today
    if past_due or facts.report_missing:
        return Light.RED
    if _near(facts, today, rules) or _behind(facts, today, rules):
        return Light.YELLOW
    return Light.GREEN


def side_light(facts: SideFacts, today: dt.date, rules: LightRules) -> Light:
    """The light of one side of an item on `today`."""
    if facts.state not in LIT_STATES:
        return Light.NONE
    light = _plain_light(facts, today, rules)
    if facts.was_red and light != Light.RED:
        return Light.RECOVERED
    return light


def worst(lights: Iterable[str]) -> Light:
    """The worst of some lights by LIGHT_RANK; none at all → NONE."""
    return max((Light(x) for x in lights), key=LIGHT_RANK.__getitem__, default=Light.NONE)


def item_light(sides: Iterable[str]) -> Light:
    """An item's light is the worse of its sides' lights."""
    return worst(sides)
