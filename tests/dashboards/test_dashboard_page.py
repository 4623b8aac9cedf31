"""/dashboard/: who sees it, what it references, and its filters as a shareable URL."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests import factory as f
from tests.dashboards.conftest import charts
from twincity.commitments.models import Item, ItemSide

URL = reverse("dashboards:index")
CHART_KEYS = {
    "item-lights",
    "item-states",
    "on-time",
    "project-months",
    "project-areas",
    "service-volumes",
    "region-map",
}


@pytest.mark.parametrize("persona", ["leader", "office", "cq_liaison", "wg_lead", "cq_head"])
def test_business_users_see_the_charts(dash, as_user, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert set(charts(response.content.decode())) >= CHART_KEYS


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404(dash, as_user, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_is_sent_to_login(dash, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_page_references_no_external_host(dash, as_user):
    html = as_user("leader").get(URL).content.decode()
    refs = re.findall(r'(?:src|href|action|hx-get|hx-post)="([^"]*)"', html)
    assert refs, "the page should reference its own files"
    external = [r for r in refs if "//" in r or r.startswith(("http:", "https:", "data:"))]
    assert external == []
    assert "/static/vendor/echarts/echarts.min.js" in refs
    assert "/static/twincity/charts.js" in refs


def test_a_liaison_sees_only_its_items(dash, as_user, world):
    other = f.make_unit("四川省其他厅", world.sc, code="sc-other")
    hidden = f.make_item(
        leads={world.sc: other}, list=dash.lists[0], deadline=dash.items[0].deadline
    )
    hidden.sides.update(light="red")
    leader = charts(as_user("leader").get(URL).content.decode())["item-lights"]
    liaison = charts(as_user("cq_liaison").get(URL).content.decode())["item-lights"]
    visible = Item.objects.visible_to(world.users["cq_liaison"]).filter(deadline__year=2025)
    assert (
        sum(liaison.series("红灯"))
        == ItemSide.objects.filter(item__in=visible, light="red").count()
    )
    assert (
        sum(leader.series("红灯"))
        == ItemSide.objects.filter(item__deadline__year=2025, light="red").count()
    )
    assert sum(leader.series("红灯")) > sum(liaison.series("红灯"))


def test_htmx_request_gets_only_the_body(dash, as_user):
    response = as_user("leader").get(URL, {"side": "cq"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="dashboard-filter"' not in html
    assert set(charts(html)) >= CHART_KEYS
    assert "HX-Request" in response["Vary"]


def test_the_filter_form_pushes_its_url(dash, as_user):
    html = as_user("leader").get(URL).content.decode()
    assert 'hx-push-url="true"' in html
    assert 'hx-target="#dashboard-body"' in html


def test_filters_in_the_url_are_selected_again(dash, as_user, world):
    url = f"{URL}?year=2025&side=sc&area=对外开放&group={world.group.number}&measure=red"
    html = as_user("leader").get(url).content.decode()
    assert re.search(r'<option value="sc" selected>', html)
    assert re.search(r'<option value="对外开放" selected>', html)
    assert re.search(rf'<option value="{world.group.number}" selected>', html)
    assert re.search(r'<option value="red" selected>', html)


def test_a_bad_filter_falls_back_to_the_defaults(dash, as_user):
    response = as_user("leader").get(URL, {"year": "abc", "side": "zz", "measure": "nope"})
    assert response.status_code == 200
    assert set(charts(response.content.decode())) >= CHART_KEYS


def test_a_side_filter_keeps_only_that_sides_tiles(dash, as_user):
    tiles = charts(as_user("leader").get(URL, {"side": "sc"}).content.decode())["region-map"]
    names = {row[0] for row in tiles.rows}
    assert "成都市" in names
    assert "渝中区" not in names
    assert len(names) == 15


def test_english_labels_through_the_catalog(dash, as_user):
    client = as_user("leader")
    client.cookies["django_language"] = "en"
    html = client.get(URL).content.decode()
    assert "Leaders' dashboard" in html


def test_one_bad_filter_keeps_the_others(dash, as_user):
    html = as_user("leader").get(URL, {"side": "sc", "year": "1900"}).content.decode()
    assert all(c.endswith("（川）") for c in charts(html)["item-lights"].categories())
