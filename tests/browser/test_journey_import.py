"""Importing a file with two bad rows: both errors shown, nothing can be confirmed or written."""

import io
import re

import pytest
from openpyxl import Workbook

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

HEADERS = ["序号", "编号", "事项名称", "牵头单位（重庆）", "牵头单位（四川）", "完成时限"]


def bad_file() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(
        [1, "IMP-001", "浏览器导入事项", "重庆市发展改革委", "四川省发展改革委", "2026年6月30日"]
    )
    sheet.append([2, "IMP-002", "完成时限写错", "重庆市发展改革委", "", "明年年底"])
    sheet.append([3, "IMP-003", "牵头单位写错", "不存在的单位", "", "2026-12-31"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def item_count(journey, list_pk: str) -> int:
    journey.go(f"/lists/{list_pk}/")
    text = journey.page.inner_text("main")
    return int(re.search(r"共 (\d+) 项", text)[1])


def test_office_sees_both_errors_and_nothing_is_written(journey):
    page = journey.page
    with journey.step("login"):
        journey.login("office")
    with journey.step("pick-a-demo-list"):
        journey.go("/lists/")
        hrefs = page.eval_on_selector_all("main a", "links => links.map(a => a.pathname)")
        list_pk = next(m[1] for h in hrefs if (m := re.fullmatch(r"/lists/(\d+)/", h)))
        before = item_count(journey, list_pk)
    with journey.step("upload"):
        journey.go("/imports/")
        page.select_option("#id_register", "items")
        page.select_option("#id_target", list_pk)
        page.set_input_files(
            "#id_file",
            files=[
                {
                    "name": "两行错误.xlsx",
                    "mimeType": "application/octet-stream",
                    "buffer": bad_file(),
                }
            ],
        )
        page.click("#tc-import-form button[type=submit]")
        page.wait_for_load_state()
    with journey.step("preview-errors"):
        errors = page.inner_text("#tc-import-errors")
        assert "第3行 「完成时限」" in errors
        assert "第4行 「牵头单位（重庆）」" in errors
        assert page.locator("#tc-import-preview td.table-danger").count() == 2
        assert page.locator("#tc-import-confirm").count() == 0
        assert page.locator("#tc-import-confirm-disabled").is_disabled()
    with journey.step("nothing-written"):
        assert item_count(journey, list_pk) == before
