"""New items are written together: the same records and audit as one by one, in fewer queries."""

from __future__ import annotations

import datetime as dt
import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.imports.conftest import xlsx
from twincity.audit.models import AuditEvent
from twincity.audit.verify import verify_chain
from twincity.commitments import workflow
from twincity.commitments.forms import ItemForm
from twincity.commitments.models import Item, Transition
from twincity.imports import engine, registers
from twincity.imports.models import RunStatus
from twincity.lib.forms import preload, rebind

ITEMS = registers.REGISTERS["items"]
HEADERS = ["编号", "事项名称", "牵头单位（重庆）", "牵头单位（四川）", "配合单位", "完成时限"]


def rows(count: int, cq: str, sc: str, helper: str) -> list[list[object]]:
    return [[f"PL-{n:03d}", f"批量事项{n}", cq, sc, helper, "2026年3月31日"] for n in range(count)]


def import_now(world, target, data):
    office = world.users["office"]
    run = engine.start(office, ITEMS, target, "bulk.xlsx", data)
    return engine.import_now(run, office)


def test_bulk_items_equal_items_made_one_by_one(world, agreed):
    data = xlsx(HEADERS, rows(3, world.cq_unit.name, world.sc_unit.name, world.sc_unit.name))
    run = import_now(world, agreed, data)
    assert run.status == RunStatus.COMMITTED, run.errors
    assert run.rows_added == 3
    item = Item.objects.get(list=agreed, code="PL-001")
    assert {(s.party_id, s.lead_unit_id) for s in item.sides.all()} == {
        (world.cq_unit.party_id, world.cq_unit.pk),
        (world.sc_unit.party_id, world.sc_unit.pk),
    }
    assert list(item.cooperating_units.all()) == [world.sc_unit]
    assert Transition.objects.filter(item=item, action="create").count() == 1
    event = AuditEvent.objects.get(action="item.create", target_id=str(item.pk))
    assert event.after == workflow.item_snapshot(item)  # what create_item would have written
    assert (event.target_type, event.target_repr) == ("commitments.item", str(item))
    assert event.actor_name == "office"
    assert verify_chain().ok


def test_one_pass_import_runs_no_query_per_row(world, agreed):
    names = (world.cq_unit.name, world.sc_unit.name, world.sc_unit.name)

    def queries(count: int, prefix: str) -> int:
        data = xlsx(HEADERS, [[prefix + r[0], *r[1:]] for r in rows(count, *names)])
        with CaptureQueriesContext(connection) as captured:
            run = import_now(world, agreed, data)
        assert run.rows_added == count, run.errors
        return len(captured)

    queries(1, "W")  # first-use look-ups out of the way
    few, many = queries(4, "A"), queries(40, "B")
    assert many <= few + 4  # SQLite's 999 parameters split a long insert, nothing per row


def test_a_code_saved_meanwhile_refuses_the_whole_file(world, agreed):
    office = world.users["office"]
    data = xlsx(HEADERS, rows(2, world.cq_unit.name, world.sc_unit.name, ""))
    run = engine.check_all(engine.start(office, ITEMS, agreed, "a.xlsx", data), office)
    assert run.status == RunStatus.PREVIEWED
    ctx = ITEMS.context(agreed, [])  # another file, checked before the first one was written
    engine.import_now(engine.start(office, ITEMS, agreed, "b.xlsx", data), office)
    form = ITEMS.form({"code": "PL-000", "title": "又一个"}, None, ctx)
    assert form.is_valid(), form.errors  # the check could not see the other file's rows
    ITEMS.save(office, form, None, ctx)
    outcome = engine.Outcome()
    engine._flush(ITEMS, office, ctx, outcome)
    assert outcome.refused == 1 and outcome.errors[0]["row"] == 0
    assert Item.objects.filter(code="PL-000").count() == 1


def _comparable(data):
    return {
        k: sorted(getattr(o, "pk", o) for o in v) if k == "cooperating_units" else v
        for k, v in data.items()
    }


ROWS = st.fixed_dictionaries(
    {"report_frequency": st.sampled_from(["quarterly", "monthly", "每季度", ""])},
    optional={
        "code": st.sampled_from(["X-1", "", " ", "x" * 40, "PL-000"]),
        "title": st.sampled_from(["好的", "", "t" * 300, "a\x00b"]),
        "lead_cq": st.sampled_from(["cq", "sc", 999_999, "abc", None]),
        "lead_sc": st.sampled_from(["cq", "sc", None]),
        "cooperating_units": st.lists(st.sampled_from(["cq", "sc", 999_999]), max_size=3),
        "deadline": st.sampled_from(["2026-02-30", "2026-03-31", dt.date(2026, 1, 1), None]),
        "is_major": st.sampled_from([True, False, "false", None]),
        "working_group": st.sampled_from([None, 999_999, "x"]),
    },
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=ROWS)
def test_a_rebound_form_judges_each_row_as_a_new_form_would(world, agreed, case):
    """The import's form (preloaded, rebound, lean full_clean) gives the same errors and the
    same cleaned values as a form built for the one row, whatever the row holds."""
    parties = [world.cq_unit.party, world.sc_unit.party]
    names = ["list", "working_group", "target_unit", "cooperating_units", "lead_cq", "lead_sc"]
    shared = preload(ItemForm(None, parties=parties), names)
    units = {"cq": world.cq_unit.pk, "sc": world.sc_unit.pk}

    def unit(value):
        return units.get(value, value) if isinstance(value, str) else value

    data = {"list": agreed.pk, **case}
    for key in ("lead_cq", "lead_sc"):
        if key in data:
            data[key] = unit(data[key])
    if "cooperating_units" in data:
        data["cooperating_units"] = [unit(v) for v in data["cooperating_units"]]
    fresh = ItemForm(data, parties=parties)
    rebound = rebind(shared, data, Item())
    assert rebound.is_valid() == fresh.is_valid()
    assert rebound.errors == fresh.errors
    if fresh.is_valid():
        assert _comparable(rebound.cleaned_data) == _comparable(fresh.cleaned_data)


def test_the_cycle_collector_is_paused_only_while_importing():
    seen = []

    @engine.without_gc
    def probe():
        seen.append(gc.isenabled())
        raise ValueError

    with pytest.raises(ValueError):
        probe()
    assert seen == [False]
    assert gc.isenabled()
