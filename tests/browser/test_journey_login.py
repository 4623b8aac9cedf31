"""Logging in through the form, in Chinese: the login page a protected page sends to, a wrong
password's error, then the page asked for and the home page."""

import re

import pytest

from tests.browser.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# A persona no other journey logs in as, so its failed attempt counts against nobody else.
USER = "wg_lead"


def submit(page, username: str, password: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_login_in_chinese(journey):
    page = journey.page
    with journey.step("login-page"):
        journey.go("/meetings/")
        assert "/accounts/login/?next=/meetings/" in page.url
        assert page.get_attribute("html", "lang") == "zh-hans"
        assert page.inner_text("main h1") == "成渝地区双城经济圈协同平台"
        form = page.inner_text("main form")
        for label in ["用户名", "密码", "登录"]:
            assert label in form
    with journey.step("wrong-password"):
        submit(page, USER, "not-the-password")
        assert "/accounts/login/" in page.url
        assert page.get_attribute("html", "lang") == "zh-hans"
        assert "用户名或密码错误。" in page.inner_text("#form-errors")
        assert page.input_value("main input[name=next]") == "/meetings/"
    with journey.step("login"):
        submit(page, USER, PASSWORD)
        page.wait_for_url(re.compile(r"/meetings/$"))
        assert page.get_attribute("html", "lang") == "zh-hans"
        assert page.inner_text("main h1") == "会议"
        nav = page.inner_text("nav")
        for label in ["会议", "事项", "调度督办", "退出"]:
            assert label in nav
    with journey.step("home-page"):
        journey.go("/")
        assert page.get_attribute("html", "lang") == "zh-hans"
        assert page.inner_text("main h1").endswith("，您好")
