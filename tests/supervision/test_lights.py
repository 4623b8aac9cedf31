"""The light function: examples of each rule, and properties that must hold for any input."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twincity.commitments.models import ItemState
from twincity.supervision.lights import (
    LIT_STATES,
    LightRules,
    SideFacts,
    elapsed_percent,
    item_light,
    side_light,
)
from twincity.supervision.models import LIGHT_RANK, Light

TODAY = dt.date(2025, 7, 1)
RULES = LightRules(yellow_days=15, behind_points=20)


def facts(**kw) -> SideFacts:
    """A side that is on track: started 10 days ago, due in 90 days, 20% done."""
    base = {
        "state": ItemState.IN_PROGRESS,
        "deadline": TODAY + dt.timedelta(90),
        "start": TODAY - dt.timedelta(10),
        "progress": 20,
    }
    return SideFacts(**(base | kw))


def light(**kw) -> Light:
    return side_light(facts(**kw), TODAY, RULES)


# --- examples ----------------------------------------------------------------------------------


def test_on_track_is_green():
    assert light() == Light.GREEN


@pytest.mark.parametrize(
    "state",
    [
        ItemState.DRAFT,
        ItemState.SUSPENDED,
        ItemState.CLOSED,
        ItemState.CANCELLED,
        ItemState.PROPOSED,
        ItemState.ANSWERED,
    ],
)
def test_items_not_being_worked_on_have_no_light(state):
    assert light(state=state, deadline=TODAY - dt.timedelta(30), report_missing=True) == Light.NONE


def test_past_due_is_red_and_due_today_is_yellow():
    assert light(deadline=TODAY - dt.timedelta(1)) == Light.RED
    assert light(deadline=TODAY) == Light.YELLOW


def test_past_due_with_closure_requested_is_green():
    assert light(deadline=TODAY - dt.timedelta(30), closure_requested=True) == Light.GREEN


def test_missing_report_after_the_due_date_is_red():
    assert light(report_missing=True) == Light.RED


def test_deadline_within_the_yellow_days():
    assert light(deadline=TODAY + dt.timedelta(15), progress=90) == Light.YELLOW
    assert light(deadline=TODAY + dt.timedelta(16), progress=90) == Light.GREEN


def test_milestones_within_the_yellow_days_or_past_and_not_done():
    soon = TODAY + dt.timedelta(10)
    assert light(milestones=((soon, None),)) == Light.YELLOW
    assert light(milestones=((soon, TODAY),)) == Light.GREEN
    assert light(milestones=((TODAY - dt.timedelta(5), None),)) == Light.YELLOW
    assert light(milestones=((TODAY + dt.timedelta(40), None),)) == Light.GREEN


def test_progress_behind_time_by_more_than_the_points():
    # started 100 days ago, due in 100 days: half the time has elapsed
    base = {"start": TODAY - dt.timedelta(100), "deadline": TODAY + dt.timedelta(100)}
    assert light(**base, progress=29) == Light.YELLOW
    assert light(**base, progress=30) == Light.GREEN


def test_thresholds_are_read_from_the_rules():
    side = facts(deadline=TODAY + dt.timedelta(10), progress=90)
    assert side_light(side, TODAY, LightRules(yellow_days=10, behind_points=20)) == Light.YELLOW
    assert side_light(side, TODAY, LightRules(yellow_days=9, behind_points=20)) == Light.GREEN


def test_was_red_and_caught_up_shows_recovered_not_green_or_yellow():
    assert light(was_red=True) == Light.RECOVERED
    assert light(was_red=True, deadline=TODAY + dt.timedelta(3)) == Light.RECOVERED
    assert light(was_red=True, deadline=TODAY - dt.timedelta(3)) == Light.RED
    assert light(was_red=True, state=ItemState.CLOSED) == Light.NONE


def test_elapsed_percent():
    start, end = dt.date(2025, 1, 1), dt.date(2025, 1, 11)
    assert elapsed_percent(start, end, dt.date(2025, 1, 6)) == 50
    assert elapsed_percent(start, end, dt.date(2024, 12, 1)) == 0
    assert elapsed_percent(start, end, dt.date(2025, 3, 1)) == 100
    assert elapsed_percent(start, start, dt.date(2025, 1, 2)) == 100
    assert elapsed_percent(None, end, dt.date(2025, 1, 6)) == 0


def test_item_light_is_the_worst_side_and_none_without_sides():
    assert item_light([Light.GREEN, Light.RED]) == Light.RED
    assert item_light([Light.RECOVERED, Light.GREEN]) == Light.RECOVERED
    assert item_light([Light.YELLOW, Light.RECOVERED]) == Light.YELLOW
    assert item_light([]) == Light.NONE


# --- properties ----------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
side_facts = st.builds(
    SideFacts,
    state=st.sampled_from([s.value for s in ItemState]),
    deadline=st.one_of(st.none(), dates),
    start=st.one_of(st.none(), dates),
    milestones=st.lists(st.tuples(dates, st.one_of(st.none(), dates)), max_size=4).map(tuple),
    progress=st.integers(0, 100),
    closure_requested=st.booleans(),
    report_missing=st.booleans(),
    was_red=st.booleans(),
)
rules = st.builds(LightRules, yellow_days=st.integers(0, 90), behind_points=st.integers(0, 100))


def rank(value: Light) -> int:
    return LIGHT_RANK[value]


@given(side_facts, dates, rules, st.integers(0, 2000))
def test_moving_the_deadline_later_never_makes_the_light_worse(side, today, t, days):
    if side.deadline is None:
        side = dataclasses.replace(side, deadline=today)
    later = dataclasses.replace(side, deadline=side.deadline + dt.timedelta(days))
    assert rank(side_light(later, today, t)) <= rank(side_light(side, today, t))


@given(side_facts, dates, rules, st.integers(0, 100))
def test_more_progress_never_makes_the_light_worse(side, today, t, more):
    ahead = dataclasses.replace(side, progress=min(100, side.progress + more))
    assert rank(side_light(ahead, today, t)) <= rank(side_light(side, today, t))


@given(side_facts, dates, rules, st.integers(1, 2000))
def test_a_closure_request_is_never_red_for_being_past_due(side, today, t, days):
    asked = dataclasses.replace(
        side,
        deadline=today - dt.timedelta(days),
        closure_requested=True,
        report_missing=False,
    )
    assert side_light(asked, today, t) != Light.RED


@given(side_facts, dates, rules)
def test_only_items_being_worked_on_are_lit(side, today, t):
    lit = side_light(side, today, t) != Light.NONE
    assert lit == (side.state in LIT_STATES)


@given(st.lists(st.sampled_from(list(Light)), max_size=5))
def test_the_item_light_equals_the_worst_side(sides):
    got = item_light(sides)
    if not sides:
        assert got == Light.NONE
    else:
        assert got in sides
        assert all(rank(got) >= rank(s) for s in sides)
