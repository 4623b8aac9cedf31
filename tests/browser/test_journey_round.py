"""A reporting round with a late unit, in a real browser: the demo's open round is past its due
date; one unit reports now (late), another still has not; the round page counts both, and the
office urges the unit that has not reported (催办), which the round's figures then show."""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey
from twincity.lib import clock

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# The demo's main units and their liaisons (README); the late reporter is one of them.
LIAISONS = {"重庆市发展改革委": "cq_liaison", "四川省发展改革委": "sc_liaison"}
FIGURES = ["expected", "submitted", "on_time", "late", "missing"]


@dataclass(frozen=True)
class Outstanding:
    """One row of the round's 未报送事项 table."""

    row_id: str
    unit: str
    code: str
    item_path: str
    note: str


def outstanding(page) -> list[Outstanding]:
    rows = []
    for row in page.locator("#outstanding tbody tr[id^=expected-]").all():
        cells = row.locator("td").all_inner_texts()
        link = row.locator("a").get_attribute("href")
        rows.append(Outstanding(row.get_attribute("id"), cells[0], cells[2], link, cells[4]))
    return rows


def unit_row(page, unit: str):
    """The unit's row of the round's 按单位 table."""
    name = page.locator("th", has_text=re.compile(f"^{re.escape(unit)}$"))
    return page.locator("#unit tbody tr", has=name)


def unit_figures(page, unit: str) -> dict[str, int]:
    cells = unit_row(page, unit).locator("td").all_inner_texts()
    return dict(zip(FIGURES, map(int, cells[:5]), strict=True))


def urged(page) -> int:
    return int(page.locator("#round-ladder tbody td").nth(1).inner_text())


def open_round(office: Journey) -> tuple[str, str]:
    """The open round's page and its period, from the rounds list."""
    page = office.page
    office.go("/supervision/rounds/")
    row = page.locator("#rounds tbody tr", has=page.locator(".badge", has_text="报送中"))
    expect(row).to_have_count(1)
    link = row.locator("a").first
    period = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/supervision/rounds/\d+/$"))
    return page.url.removeprefix(office.base_url), period


def test_a_round_with_a_late_unit(people):
    office = people("office")
    page = office.page
    with office.step("open-round"):
        round_path, period = open_round(office)
        expect(page.locator("#round-status")).to_have_text("报送中")
        # past its due date, the round lists what was not reported as missing, not pending
        expect(page.get_by_role("heading", name="未报送事项")).to_be_visible()
    with office.step("who-has-not-reported"):
        rows = outstanding(page)
        late = next((r for r in rows if r.unit in LIAISONS), None)
        assert late, f"the demo's open round must expect a report from a main unit: {rows}"
        other = next((r for r in rows if r.unit != late.unit and r.note == "未报送"), None)
        assert other, f"the demo's open round must miss another unit's report: {rows}"
        late_before = unit_figures(page, late.unit)
        other_before = unit_figures(page, other.unit)
        urged_before = urged(page)
        assert other_before["missing"] >= 1

    liaison = people(LIAISONS[late.unit])
    with liaison.step("report-late"):
        liaison.go(late.item_path)
        liaison.page.get_by_role("link", name="报送进展").click()
        liaison.page.fill("input[name=period]", period)
        liaison.page.fill("textarea[name=progress_text]", "已完成阶段性工作，报送延误")
        liaison.page.fill("input[name=percent]", "70")
        liaison.page.locator("main form button[type=submit]").click()
        liaison.page.wait_for_url(re.compile(re.escape(late.item_path) + "$"))

    with office.step("round-shows-the-late-unit"):
        office.go(round_path)
        after = unit_figures(page, late.unit)
        assert after["submitted"] == late_before["submitted"] + 1
        assert after["late"] == late_before["late"] + 1
        assert after["on_time"] == late_before["on_time"]
        assert after["missing"] == late_before["missing"] - 1
        expect(unit_row(page, late.unit).locator("td").nth(3)).to_have_class(re.compile("fw-bold"))
        expect(page.locator(f"#{late.row_id}")).to_have_count(0)
    with office.step("round-shows-the-missing-unit"):
        assert unit_figures(page, other.unit) == other_before
        expect(page.locator(f"#{other.row_id}")).to_contain_text("未报送")
        missing = unit_row(page, other.unit).locator("td").nth(4)
        expect(missing).to_have_class(re.compile("text-danger"))

    with office.step("urge"):
        office.go(other.item_path)
        page.locator("#item-ladder").get_by_role("link", name="发出文书").click()
        page.select_option("select[name=kind]", label="催办")
        page.select_option("select[name=unit]", label=other.unit)
        selected = page.eval_on_selector_all(
            "select[name=items] option:checked", "options => options.map(o => o.text)"
        )
        assert any(other.code in text for text in selected), selected
        page.select_option("select[name=round]", label=period)
        page.fill("textarea[name=reason]", "本轮调度逾期未报送进展，请尽快报送。")
        page.fill("input[name=answer_by]", f"{clock.today() + dt.timedelta(days=7):%Y-%m-%d}")
        page.locator("#notice-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/supervision/notices/\d+/$"))
        assert re.fullmatch(r"催办〔\d{4}〕\d+号", page.inner_text("#notice-number"))
        assert other.code in page.inner_text("#notice")
    with office.step("round-counts-the-urging"):
        office.go(round_path)
        assert urged(page) == urged_before + 1
