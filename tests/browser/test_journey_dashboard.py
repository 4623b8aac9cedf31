"""The leaders' dashboard in a real browser: charts draw, a filter redraws them in place."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

OPTION_JS = """key => {
  const canvas = document.querySelector(`#chart-${key} [data-chart-canvas]`);
  const chart = echarts.getInstanceByDom(canvas);
  return chart ? chart.getOption() : null;
}"""


def drawn(page, key):
    return page.evaluate(OPTION_JS, key)


def test_leader_filters_the_dashboard(journey):
    page = journey.page
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    with journey.step("login"):
        journey.login("leader")
    with journey.step("dashboard"):
        journey.go("/dashboard/")
        page.wait_for_selector("#chart-project-months[data-chart-ready='1']")
        page.wait_for_selector("#chart-region-map[data-chart-ready='1'] canvas")
        assert "领导驾驶舱" in page.inner_text("h1")
        both = drawn(page, "service-volumes")
        assert [s["name"] for s in both["series"]] == ["渝", "川"]
        assert sum(v or 0 for v in both["series"][0]["data"]) > 0
    with journey.step("filter-side"):
        page.evaluate("document.querySelector('#chart-service-volumes').dataset.before = '1'")
        page.select_option("select[name=side]", "sc")
        page.wait_for_function("document.location.search.includes('side=sc')")
        page.wait_for_selector("#chart-service-volumes:not([data-before])")
        page.wait_for_selector("#chart-service-volumes[data-chart-ready='1']")
        one = drawn(page, "service-volumes")
        assert [s["name"] for s in one["series"]] == ["川"]
        assert one["series"][0]["data"] == both["series"][1]["data"]
        lights = drawn(page, "item-lights")
        assert all(c.endswith("（川）") for c in lights["yAxis"][0]["data"])
    with journey.step("filter-measure"):
        page.select_option("select[name=measure]", "red")
        page.wait_for_function("document.location.search.includes('measure=red')")
        page.wait_for_function(
            "() => (echarts.getInstanceByDom(document.querySelector("
            "'#chart-region-map [data-chart-canvas]'))?.getOption().title[0].text || '')"
            ".includes('红灯事项')"
        )
    with journey.step("table-view"):
        page.click("#chart-on-time [data-chart-toggle]")
        assert page.is_visible("#chart-on-time-table")
        assert page.locator("#chart-on-time-table tbody tr").count() >= 1
    with journey.step("png-download"):
        with page.expect_download() as info:
            page.click("#chart-project-months [data-chart-png]")
        assert info.value.suggested_filename.endswith(".png")
    with journey.step("reload-keeps-filters"):
        page.reload()
        page.wait_for_selector("#chart-service-volumes[data-chart-ready='1']")
        assert page.input_value("select[name=side]") == "sc"
        assert [s["name"] for s in drawn(page, "service-volumes")["series"]] == ["川"]
    with journey.step("only-own-host"):
        hosts = {r.split("/")[2] for r in requests if r.startswith("http")}
        assert hosts == {journey.base_url.split("/")[2]}, hosts
