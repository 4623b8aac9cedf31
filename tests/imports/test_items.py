"""Importing items into a list: add, re-import by code, refuse bad rows whole, Chinese input."""

import datetime as dt

from tests.imports.conftest import ITEM_HEADERS, xlsx
from twincity.commitments.models import Item, ItemSide
from twincity.imports import engine, registers
from twincity.imports.models import RunStatus

ITEMS = registers.REGISTERS["items"]


def run_file(world, target, data, name="items.xlsx"):
    run = engine.start(world.users["office"], ITEMS, target, name, data)
    return engine.check_all(run, world.users["office"])


def good_rows():
    return [
        [
            1,
            "YD-001",
            "共建西部陆海新通道",
            "重庆市发展改革委",
            "四川省发展改革委",
            "2025年6月30日",
        ],
        [2, "YD-002", "川渝通办扩面", "重庆市发展改革委", "", dt.date(2025, 12, 31)],
    ]


def test_good_file_imports(world, agreed):
    run = run_file(world, agreed, xlsx(ITEM_HEADERS, good_rows()))
    assert run.status == RunStatus.PREVIEWED, run.errors
    assert (run.rows_added, run.rows_refused) == (2, 0)
    assert Item.objects.count() == 0  # the preview writes nothing
    run = engine.commit(run, world.users["office"], run.sha256)
    assert run.status == RunStatus.COMMITTED
    item = Item.objects.get(list=agreed, code="YD-001")
    assert item.deadline == dt.date(2025, 6, 30)
    assert {s.lead_unit for s in item.sides.all()} == {world.cq_unit, world.sc_unit}
    assert Item.objects.get(code="YD-002").sides.count() == 1


def test_same_file_again_changes_nothing_and_edit_updates_by_code(world, agreed):
    data = xlsx(ITEM_HEADERS, good_rows())
    first = run_file(world, agreed, data)
    engine.commit(first, world.users["office"], first.sha256)
    again = run_file(world, agreed, data, "again.xlsx")
    assert (again.rows_added, again.rows_changed, again.rows_unchanged) == (0, 0, 2)
    rows = good_rows()
    rows[1][2] = "川渝通办扩面提质"
    edited = run_file(world, agreed, xlsx(ITEM_HEADERS, rows), "edited.xlsx")
    assert (edited.rows_added, edited.rows_changed, edited.rows_unchanged) == (0, 1, 1)
    engine.commit(edited, world.users["office"], edited.sha256)
    assert Item.objects.count() == 2
    assert Item.objects.get(code="YD-002").title == "川渝通办扩面提质"


def test_two_bad_rows_refuse_the_whole_file(world, agreed):
    rows = [
        *good_rows(),
        [3, "YD-003", "坏日期", "重庆市发展改革委", "", "明年"],
        [4, "YD-004", "坏单位", "不存在的单位", "", "2025-06-30"],
    ]
    run = run_file(world, agreed, xlsx(ITEM_HEADERS, rows))
    assert run.status == RunStatus.REFUSED
    assert run.rows_refused == 2
    where = {(e["row"], e["column"]) for e in run.errors}
    assert where == {(4, "完成时限"), (5, "牵头单位（重庆）")}
    text = [engine.describe(e) for e in run.errors]
    assert text[0].startswith("第4行 「完成时限」：")
    assert Item.objects.count() == 0 and ItemSide.objects.count() == 0


def test_full_width_digits_and_chinese_dates(world, agreed):
    rows = [[1, "YD-００７", "全角编号", "重庆市发展改革委", "", "２０２５年６月３０日"]]
    run = run_file(world, agreed, xlsx(ITEM_HEADERS, rows))
    engine.commit(run, world.users["office"], run.sha256)
    item = Item.objects.get()
    assert item.code == "YD-007"
    assert item.deadline == dt.date(2025, 6, 30)


def test_missing_required_column_is_refused(world, agreed):
    run = run_file(world, agreed, xlsx(["序号", "事项名称"], [[1, "x"]]))
    assert run.status == RunStatus.REFUSED
    assert "缺少必填列：编号" in run.message
