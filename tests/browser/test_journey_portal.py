"""The public portal through a real browser: an anonymous visitor reads the figures, opens a
public list and downloads its items as CSV."""

import json
import urllib.request

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def public_lists(base_url: str) -> int:
    with urllib.request.urlopen(base_url + "/public/data/lists.json", timeout=10) as response:
        return json.load(response)["count"]


def test_visitor_reads_figures_and_downloads_a_list(journey, tmp_path):
    if not public_lists(journey.base_url):
        pytest.skip("the demo data has no public list: the demo command must call mark_public()")
    page = journey.page
    with journey.step("portal-home"):
        journey.go("/public/")
        assert "/accounts/login/" not in page.url
        page.wait_for_selector("figure#chart-public-lights[data-chart-ready='1']")
        assert page.locator("#chart-public-lights canvas").count() >= 1
        assert page.locator("#public-lists tbody tr a").count() >= 1
    with journey.step("public-list"):
        page.locator("#public-lists tbody tr a").first.click()
        page.wait_for_load_state()
        assert "/public/lists/" in page.url
        rows = page.locator("#public-items tbody tr[data-code]")
        assert rows.count() >= 1
        first_code = rows.first.get_attribute("data-code")
        assert page.locator("#public-items .tc-light").count() == rows.count()
    with journey.step("download-csv"):
        with page.expect_download() as info:
            page.click("#list-csv")
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert path.suffix == ".csv"
        text = path.read_bytes()
        assert text.startswith(b"\xef\xbb\xbf")
        assert first_code.encode() in text
