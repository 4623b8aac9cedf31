"""The closed loop through the pages, in a real browser, as the office and both sides' units:
the office records a meeting and two decisions, creates an item from each and assigns them;
both sides sign both and report on the first, their unit heads approve, the office accepts;
both sides ask to close both; the office closes the first and returns the second."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# A meeting of its own (the demo's special series has meetings 1 and 2), so the journey does
# not depend on, or change, the demo records other journeys read.
SERIES, NUMBER, TITLE_NUMBER = "专项协调会议", "9", "第九次"
DECISIONS = [
    ("9-01", "共建川渝数字化协同办公平台", "两地联合办公室共建协同办公平台，年内上线试运行。"),
    ("9-02", "联合编制毗邻地区协同发展规划", "两地发展改革部门牵头，联合编制并报批。"),
]
CODES = ["ZX9-01", "ZX9-02"]


def act(j: Journey, action: str, text: str = "", evidence: str = "") -> None:
    """Press an item action; fill its reason form when it has one; wait for the swap."""
    page = j.page
    version = page.locator("#item-actions input[name=version]").first.get_attribute("value")
    button = page.locator(f"#item-actions button[data-action={action}]")
    if button.count():
        button.click()
    else:
        page.locator(f"#item-actions summary[data-action={action}]").click()
        form = page.locator(f"#item-actions summary[data-action={action}] + form")
        if text:
            form.locator("textarea").first.fill(text)
        if evidence:
            form.locator("input[type=file]").set_input_files(evidence)
        form.locator("button[type=submit]").click()
    page.wait_for_function(
        "v => { const i = document.querySelector('#item-actions input[name=version]');"
        " return !i || i.value !== v; }",
        arg=version,
    )


def state(j: Journey) -> str:
    return j.page.locator("header .badge[data-state]").first.inner_text()


def record_meeting(office: Journey) -> str:
    """The office records a meeting and its decisions; returns the meeting's path."""
    page = office.page
    with office.step("record-meeting"):
        office.go("/meetings/")
        page.get_by_role("link", name="新建会议").click()
        page.select_option("select[name=series]", label=SERIES)
        page.fill("input[name=number]", NUMBER)
        page.fill("input[name=date]", "2026年3月18日")
        page.fill("input[name=place]", "重庆市永川区")
        page.fill("input[name=theme]", "推进川渝协同办公和毗邻地区合作")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/meetings/\d+/$"))
        assert TITLE_NUMBER in page.inner_text("h1")
        expect(page.locator("h1 + .badge")).to_have_text("草稿")
        assert "2026年3月18日" in page.inner_text("main dl")
    meeting_path = page.url.removeprefix(office.base_url)
    for code, title, text in DECISIONS:
        with office.step(f"add-decision-{code}"):
            page.locator("#decisions").get_by_role("link", name="添加").click()
            page.fill("input[name=title]", title)
            page.fill("textarea[name=text]", text)
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(re.compile(re.escape(meeting_path) + "$"))
            card = page.locator("#decisions article", has_text=title)
            expect(card.locator(".badge")).to_have_text(code)
    with office.step("publish-meeting"):
        page.get_by_role("button", name=re.compile("已发布")).click()
        expect(page.locator("h1 + .badge")).to_have_text("已发布")
    return meeting_path


def create_item(office: Journey, meeting_path: str, decision: str, code: str) -> str:
    """An item from one of the meeting's decisions, in the demo's tenth agreed list."""
    page = office.page
    office.go(meeting_path)
    page.locator("#decisions article", has_text=decision).get_by_role(
        "link", name="从该议定事项创建事项"
    ).click()
    assert page.input_value("input[name=title]") == decision
    page.fill("input[name=code]", code)
    tenth = page.locator("select[name=list] option", has_text="第十次").first
    page.select_option("select[name=list]", value=tenth.get_attribute("value"))
    page.select_option("select[name=lead_cq]", label="重庆市发展改革委")
    page.select_option("select[name=lead_sc]", label="四川省发展改革委")
    page.fill("input[name=deadline]", "2027-06-30")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/items/\d+/$"))
    assert state(office) == "草稿"
    return page.url.removeprefix(office.base_url)


def test_the_closed_loop_through_the_pages(people, tmp_path):
    evidence = tmp_path / "文件.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    office = people("office")
    page = office.page

    meeting_path = record_meeting(office)
    items = []
    for (_, title, _), code in zip(DECISIONS, CODES, strict=True):
        with office.step(f"create-item-{code}"):
            items.append(create_item(office, meeting_path, title, code))
        with office.step(f"assign-{code}"):
            act(office, "assign")
            assert state(office) == "已交办"
    first, second = items
    with office.step("meeting-shows-items"):
        office.go(meeting_path)
        for (_, title, _), code in zip(DECISIONS, CODES, strict=True):
            card = page.locator("#decisions article", has_text=title)
            expect(card.locator("tbody tr")).to_have_count(1)
            assert code in card.inner_text() and "已交办" in card.inner_text()

    for who, head in (("cq_liaison", "cq_head"), ("sc_liaison", "sc_head")):
        liaison = people(who)
        with liaison.step("sign-both"):
            for item in items:
                liaison.go(item)
                act(liaison, "sign")
        with liaison.step("report"):
            liaison.go(first)
            liaison.page.get_by_role("link", name="报送进展").click()
            liaison.page.fill("textarea[name=progress_text]", "已完成平台需求调研")
            liaison.page.fill("textarea[name=difficulties]", "两地系统接口标准不一")
            liaison.page.fill("input[name=percent]", "60")
            liaison.page.locator("main form button[type=submit]").click()
            liaison.page.wait_for_url(re.compile(re.escape(first) + "$"))
        unit_head = people(head)
        with unit_head.step("approve"):
            unit_head.go(first)
            approve = unit_head.page.locator("button[data-report-action=approve]")
            approve.first.click()
            expect(approve).to_have_count(0)

    with office.step("accept-reports"):
        office.go(first)
        assert state(office) == "推进中"
        accept = page.locator("button[data-report-action=accept]")
        for left in (1, 0):
            accept.first.click()
            expect(accept).to_have_count(left)
        assert "60%" in page.inner_text("main")

    for who in ("cq_liaison", "sc_liaison"):
        liaison = people(who)
        with liaison.step("request-closure-both"):
            for item in items:
                liaison.go(item)
                act(liaison, "request_closure", "平台已上线试运行", str(evidence))
    with office.step("close-first"):
        office.go(first)
        assert state(office) == "申请销号"
        act(office, "close")
        assert state(office) == "已销号"
        timeline = page.inner_text("main")
        for label in ["交办", "签收", "申请销号", "销号", "平台已上线试运行"]:
            assert label in timeline
    with office.step("return-second"):
        office.go(second)
        assert state(office) == "申请销号"
        act(office, "return", "请补充上线运行报告")
        assert state(office) == "已退回"

    liaison = people("cq_liaison")
    with liaison.step("sees-the-return"):
        liaison.go(second)
        assert state(liaison) == "已退回"
        assert "请补充上线运行报告" in liaison.page.inner_text("main")
        assert liaison.page.locator("#item-actions summary[data-action=request_closure]").count()
    with office.step("meeting-shows-outcome"):
        office.go(meeting_path)
        for (_, title, _), outcome in zip(DECISIONS, ["已销号", "已退回"], strict=True):
            card = page.locator("#decisions article", has_text=title)
            expect(card.locator("tbody .badge")).to_have_text(outcome)
