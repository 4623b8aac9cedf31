"""The register through a real browser: login in Chinese, meetings, the items table."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_office_reads_meetings_and_filters_items(journey):
    page = journey.page
    with journey.step("login-page"):
        journey.go("/")
        assert "/accounts/login/" in page.url
        assert "登录" in page.content()
    with journey.step("login"):
        journey.login("office")
        assert "/accounts/login/" not in page.url
    with journey.step("meetings"):
        journey.go("/meetings/")
        body = page.inner_text("main")
        for number in ["第一次", "第五次", "第十次"]:
            assert number in body
    with journey.step("tenth-meeting"):
        page.get_by_role("link", name="第十次").first.click()
        page.wait_for_load_state()
        assert "10-01" in page.inner_text("main")
    with journey.step("items-filter"):
        journey.go("/items/")
        page.fill("input[name=q]", "高铁")
        page.keyboard.press("Enter")
        page.wait_for_function("document.location.search.includes('q=')")
        page.wait_for_function(  # the swapped table: only rows that match
            "() => { const rows = [...document.querySelectorAll('#items tbody tr')];"
            " return rows.length > 0 && rows.every(r => r.innerText.includes('高铁')); }"
        )


def test_language_switch(journey):
    page = journey.page
    switch = page.locator(".tc-lang button")
    with journey.step("login"):
        journey.login("leader")
        journey.go("/meetings/")
        expect(switch).to_have_text("English")
    with journey.step("switch-to-english"):
        switch.click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert page.url == journey.base_url + "/meetings/"
        assert page.inner_text("main h1") == "Meetings"
        assert "Meetings" in page.inner_text("nav")
        expect(switch).to_have_text("中文")
    with journey.step("switch-back"):
        switch.click()
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        assert page.url == journey.base_url + "/meetings/"
        assert page.inner_text("main h1") == "会议"
        assert "会议" in page.inner_text("nav")
        expect(switch).to_have_text("English")
