"""`twincity import` and `twincity export` from the command line."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.imports.conftest import ITEM_HEADERS, xlsx
from twincity.commitments.models import Item

GOOD = [[1, "C-1", "事项一", "重庆市发展改革委", "", "2025-06-30"]]


def test_import_then_export(world, agreed, tmp_path):
    path = tmp_path / "in.xlsx"
    path.write_bytes(xlsx(ITEM_HEADERS, GOOD))
    out = io.StringIO()
    call_command(
        "import", str(path), register="items", target=str(agreed.pk), user="office", stdout=out
    )
    assert "committed: added 1" in out.getvalue()
    assert Item.objects.get().code == "C-1"
    target = tmp_path / "out.xlsx"
    call_command(
        "export",
        register="items",
        target=str(agreed.pk),
        user="office",
        output=str(target),
        stdout=io.StringIO(),
    )
    sheet = load_workbook(target).worksheets[0]
    assert sheet["B2"].value == "C-1"


def test_dry_run_writes_nothing(world, agreed, tmp_path):
    path = tmp_path / "in.xlsx"
    path.write_bytes(xlsx(ITEM_HEADERS, GOOD))
    call_command(
        "import",
        str(path),
        register="items",
        target=agreed.name,
        user="office",
        dry_run=True,
        stdout=io.StringIO(),
    )
    assert Item.objects.count() == 0


def test_refused_file_prints_errors_and_exits_1(world, agreed, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(ITEM_HEADERS, [*GOOD, [2, "C-2", "坏", "", "", "明天"]]))
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "import",
            str(path),
            register="items",
            target=str(agreed.pk),
            user="office",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert caught.value.returncode == 1
    assert "第3行 「完成时限」" in err.getvalue()
    assert Item.objects.count() == 0


@pytest.mark.parametrize(
    "register",
    ["units", "projects", "project-reports", "services", "service-volumes", "observations"],
)
def test_export_search_works_on_every_register(world, tmp_path, register):
    """`--q` searches each register's own fields (a register without `title` once failed)."""
    target = tmp_path / "out.xlsx"
    out = io.StringIO()
    call_command(
        "export", register=register, q="无此内容", user="office", output=str(target), stdout=out
    )
    assert "wrote 0 rows" in out.getvalue()
    assert load_workbook(target).worksheets[0].max_row == 1
