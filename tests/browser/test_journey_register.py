"""The register through a real browser: login in Chinese, meetings, the items table."""

import pytest

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
        page.wait_for_timeout(500)
        rows = page.locator("table tbody tr")
        assert rows.count() >= 1
        assert "高铁" in rows.first.inner_text()


def test_language_switch(journey):
    page = journey.page
    with journey.step("login"):
        journey.login("leader")
    with journey.step("switch-to-english"):
        page.click(".tc-lang button")
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
        assert "Meetings" in page.inner_text("nav")
    with journey.step("switch-back"):
        page.click(".tc-lang button")
        page.wait_for_load_state()
        assert "会议" in page.inner_text("nav")
