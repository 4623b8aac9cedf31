"""Exporting the items register as filtered: the 导出Excel link follows an HTMX filter, the
browser receives the file, and the workbook holds the page's rows under the register's headers
(the same headers the importer reads)."""

import re

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

GROUP = "交通基础设施专项组"  # a demo group with a handful of items: one page holds them all
HEADERS = [
    "序号",
    "编号",
    "事项名称",
    "具体内容",
    "领域",
    "专项工作组",
    "牵头单位（重庆）",
    "牵头单位（四川）",
    "配合单位",
    "争取对象",
    "完成时限",
    "成果形式",
    "报送频次",
    "重大事项",
    "公开",
    "状态",
    "所属清单",
]
ALL_ROWS_IN_GROUP = """group => {
  const rows = [...document.querySelectorAll('#items tbody tr[id^=item-]')];
  return rows.length > 0 && rows.every(r => r.cells[4].innerText.trim() === group);
}"""


def test_leader_exports_the_filtered_items(journey, tmp_path):
    page = journey.page
    with journey.step("login"):
        journey.login("leader")
    with journey.step("filter"):
        journey.go("/items/")
        page.select_option("#items-filter select[name=working_group]", label=GROUP)
        page.wait_for_function("document.location.search.includes('working_group=')")
        page.wait_for_function(ALL_ROWS_IN_GROUP, arg=GROUP)
        total = int(re.search(r"共 (\d+) 项", page.inner_text("#items-table"))[1])
        rows = page.locator("#items tbody tr[id^=item-]")
        assert rows.count() == total, "the group's items must fit on one page"
        codes = [c.split()[0] for c in rows.locator("td:first-child").all_inner_texts()]
    with journey.step("download"):
        with page.expect_download() as info:
            page.get_by_role("link", name="导出Excel").click()
        download = info.value
        assert download.failure() is None
        assert download.suggested_filename.endswith(".xlsx")
        path = tmp_path / download.suggested_filename
        download.save_as(path)
    with journey.step("workbook"):
        sheet = load_workbook(path, read_only=True).active
        header, *lines = list(sheet.iter_rows(values_only=True))
        assert list(header) == HEADERS
        assert len(lines) == total
        assert sorted(line[1] for line in lines) == sorted(codes)
        assert {line[HEADERS.index("专项工作组")] for line in lines} == {GROUP}
