"""The closed loop through the pages, in a real browser, as office and both sides' units:
create an item from a decision, assign, both sides sign and report, heads approve, the office
accepts, both ask to close with evidence, the office returns once and then closes."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CODE = "YD10-90"


@pytest.fixture
def people(browser, live_url, request, tmp_path):
    contexts = []

    def person(username: str) -> Journey:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        journey = Journey(page, live_url, f"{request.node.name}-{username}")
        journey.login(username)
        return journey

    yield person
    for context in contexts:
        context.close()


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


def test_the_closed_loop_through_the_pages(people, tmp_path):
    evidence = tmp_path / "文件.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    office = people("office")
    page = office.page

    with office.step("create-from-decision"):
        office.go("/meetings/")
        page.get_by_role("link", name=re.compile("第十次")).first.click()
        page.get_by_role("link", name="从该议定事项创建事项").first.click()
        page.fill("input[name=code]", CODE)
        page.fill("input[name=title]", "共建川渝数字化协同办公平台")
        tenth = page.locator("select[name=list] option", has_text="第十次").first
        page.select_option("select[name=list]", value=tenth.get_attribute("value"))
        page.select_option("select[name=lead_cq]", label="重庆市发展改革委")
        page.select_option("select[name=lead_sc]", label="四川省发展改革委")
        page.fill("input[name=deadline]", "2027-06-30")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url(re.compile(r"/items/\d+/$"))
        item_url = page.url.removeprefix(office.base_url)
        assert state(office) == "草稿"
    with office.step("assign"):
        act(office, "assign")
        assert state(office) == "已交办"

    for who, head in (("cq_liaison", "cq_head"), ("sc_liaison", "sc_head")):
        liaison = people(who)
        with liaison.step("sign"):
            liaison.go(item_url)
            act(liaison, "sign")
        with liaison.step("report"):
            liaison.page.get_by_role("link", name="报送进展").click()
            liaison.page.fill("textarea[name=progress_text]", "已完成平台需求调研")
            liaison.page.fill("textarea[name=difficulties]", "两地系统接口标准不一")
            liaison.page.fill("input[name=percent]", "60")
            liaison.page.locator("main form button[type=submit]").click()
            liaison.page.wait_for_url(re.compile(re.escape(item_url) + "$"))
        unit_head = people(head)
        with unit_head.step("approve"):
            unit_head.go(item_url)
            approve = unit_head.page.locator("button[data-report-action=approve]")
            approve.first.click()
            expect(approve).to_have_count(0)

    with office.step("accept-reports"):
        office.go(item_url)
        assert state(office) == "推进中"
        accept = page.locator("button[data-report-action=accept]")
        for left in (1, 0):
            accept.first.click()
            expect(accept).to_have_count(left)
        assert "60%" in page.inner_text("main")

    def both_sides_ask_to_close(note: str) -> None:
        for who in ("cq_liaison", "sc_liaison"):
            liaison = people(who)
            with liaison.step("request-closure"):
                liaison.go(item_url)
                act(liaison, "request_closure", note, str(evidence))

    both_sides_ask_to_close("平台已上线试运行")
    with office.step("return"):
        office.go(item_url)
        assert state(office) == "申请销号"
        act(office, "return", "请补充上线运行报告")
        assert state(office) == "已退回"
    both_sides_ask_to_close("已补充上线运行报告")
    with office.step("close"):
        office.go(item_url)
        act(office, "close")
        assert state(office) == "已销号"
        timeline = page.inner_text("main")
        for label in ["交办", "签收", "申请销号", "退回", "销号", "请补充上线运行报告"]:
            assert label in timeline
