"""Every hostile or broken file is refused quickly, with its own message, writing nothing."""

import time
import tracemalloc

import pytest

from tests.imports import hostile
from twincity.accounts.models import Unit
from twincity.audit.models import AuditEvent
from twincity.commitments.models import Item, ItemSide, Transition
from twincity.imports import engine, registers, safe
from twincity.imports.models import RunStatus

LIMIT_BYTES = 256 * 1024 * 1024
LIMIT_SECONDS = 10


def written(world):
    """Every table an items import could write to."""
    return (
        Item.objects.count(),
        ItemSide.objects.count(),
        Item.cooperating_units.through.objects.count(),
        Transition.objects.count(),
        AuditEvent.objects.count(),
        Unit.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(hostile.HOSTILE))
def test_hostile_file_is_refused(name, world, agreed, settings, monkeypatch):
    build, words = hostile.HOSTILE[name]
    data = build()
    if name == "over_size":
        settings.IMPORT_MAX_BYTES = len(data) - 1
    if name == "too_many_rows":
        monkeypatch.setattr(safe, "MAX_ROWS", 50)
    before = written(world)
    office = world.users["office"]
    tracemalloc.start()
    started = time.monotonic()
    try:
        run = engine.start(office, registers.REGISTERS["items"], agreed, f"{name}.xlsx", data)
        run = engine.check_all(run, office)
    finally:
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    said = " ".join([run.message, *(engine.describe(e) for e in run.errors)])
    assert run.status == RunStatus.REFUSED, (name, said)
    assert words in said, said
    assert written(world) == before
    assert peak < LIMIT_BYTES, peak
    assert elapsed < LIMIT_SECONDS, elapsed


def test_the_set_is_large_enough():
    assert len(hostile.HOSTILE) >= 20


def test_a_lying_dimension_does_not_hide_rows(world, agreed):
    """<dimension ref="A1:A1"> on 500 real rows: every row is read, not one."""
    rows, strings = hostile.item_rows(500)
    data = hostile.simple(rows, strings, dimension="A1:A1")
    office = world.users["office"]
    run = engine.start(office, registers.REGISTERS["items"], agreed, "dim.xlsx", data)
    assert run.rows_total == 500
    run = engine.check_all(run, office)
    assert run.rows_added == 500, run.errors[:3]
    assert Item.objects.count() == 0


def test_the_good_raw_file_reads(world, agreed):
    table = safe.read_table(hostile.good())
    assert table.headers[:3] == ["序号", "编号", "事项名称"]
    assert len(table.rows) == 2


def test_defusedxml_guards_openpyxl():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True
