"""Export a filtered list, import it into an empty list, export again: the same records."""

import datetime as dt
import io

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests import factory as f
from twincity.commitments.models import Item, ListKind
from twincity.imports import engine, exports, registers
from twincity.imports.models import RunStatus
from twincity.reports.excel import CONTROL

ALPHABET = "=+-@ 　川渝共建通道（）、，。０１２３４５６７８９0123456789abcXYZ\x01\x07\x1f\t"
first_char = st.sampled_from("=+-@川渝共建０１２abc\x01")
title = st.builds(lambda a, b: a + b, first_char, st.text(ALPHABET, max_size=40))


def clean(text: str) -> bool:
    visible = CONTROL.sub("", text)
    return bool(visible.strip()) and visible == visible.strip()


def cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    reg = registers.REGISTERS["items"]
    width = len(reg.columns(None))  # the import columns; 状态 and 所属清单 are informative
    return [list(row[:width]) for row in sheet.iter_rows(values_only=True)]


item_spec = st.fixed_dictionaries(
    {
        "title": title.filter(clean),
        "deadline": st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))),
        "leads": st.sampled_from(["both", "cq", "sc"]),
        "major": st.booleans(),
    }
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(item_spec, min_size=1, max_size=6))
def test_round_trip(world, specs):
    Item.objects.all().delete()
    source = f.make_list(ListKind.AGREED_ITEMS)
    empty = f.make_list(ListKind.AGREED_ITEMS)
    leads = {
        "both": world.leads(),
        "cq": {world.cq: world.cq_unit},
        "sc": {world.sc: world.sc_unit},
    }
    for n, spec in enumerate(specs):
        f.make_item(
            list=source,
            code=f"RT-{n:03d}",
            title=spec["title"],
            deadline=spec["deadline"],
            is_major=spec["major"],
            leads=leads[spec["leads"]],
        )
    f.make_item(list=source, code="ZZ-OUT", title="被筛掉的事项", leads=world.leads())
    client = Client()
    client.force_login(world.users["office"])
    first = client.get("/items/", {"list": source.pk, "q": "RT-", "format": "xlsx"}).content
    office = world.users["office"]
    run = engine.start(office, registers.REGISTERS["items"], empty, "rt.xlsx", first)
    run = engine.check_all(run, office)
    assert run.status == RunStatus.PREVIEWED, run.errors
    run = engine.commit(run, office, run.sha256)
    assert run.rows_added == len(specs)
    second = client.get("/items/", {"list": empty.pk, "format": "xlsx"}).content
    assert cells(first) == cells(second)
    assert "ZZ-OUT" not in str(cells(first))


def test_export_bytes_match_the_register(world):
    item = world.item(title='=HYPERLINK("http://x")')
    data = exports.register_bytes("items", Item.objects.filter(pk=item.pk))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["C2"].value == '=HYPERLINK("http://x")'
    assert sheet["C2"].data_type == "s"
    assert sheet.freeze_panes == "A2"
