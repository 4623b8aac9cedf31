"""The dashboard's panels come from the figures cache: the same as computed afresh, renewed by
the next audited change, and never shared between viewers who see different records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factory as f
from tests.dashboards.conftest import charts
from tests.queries import queries_for
from twincity.commitments import workflow as wf
from twincity.commitments.models import Item, ItemSide

URL = reverse("dashboards:index")
HTMX = {"HX-Request": "true"}


def body(client, params=None) -> str:
    """The panels as the HTMX swap gets them: no per-request tokens, comparable as text."""
    response = client.get(URL, params or {}, headers=HTMX)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "params", [{}, {"side": "sc", "measure": "red"}, {"area": "对外开放", "measure": "ind:gdp"}]
)
def test_cached_figures_equal_figures_computed_afresh(dash, as_user, settings, params):
    client = as_user("leader")
    url = f"{URL}?{'&'.join(f'{k}={v}' for k, v in params.items())}"
    cold = queries_for(client, url)
    assert queries_for(client, url) < cold, "the second view is served from the cache"
    cached = body(client, params)
    settings.FIGURES_CACHE_SECONDS = 0
    assert body(client, params) == cached


def test_an_audited_change_shows_on_the_next_view(dash, as_user, world):
    client = as_user("leader")
    before = charts(body(client))["item-states"]
    assert "已暂停" not in [s["name"] for s in before.option["series"]]
    wf.suspend(world.users["office"], dash.items[0], "等待上级批复")
    after = charts(body(client))["item-states"]
    row = after.categories().index("2025年重点任务")
    assert after.series("已暂停")[row] == 1
    assert after.series("推进中")[row] == before.series("推进中")[row] - 1


def red_sides(html: str) -> int:
    return sum(charts(html)["item-lights"].series("红灯"))


def visible_red_sides(user) -> int:
    visible = Item.objects.visible_to(user).filter(deadline__year=2025)
    return ItemSide.objects.filter(item__in=visible, light="red").count()


def test_a_narrower_viewer_never_gets_the_wider_figures(dash, as_user, world):
    only_sc = f.make_item(
        leads={world.sc: world.sc_unit}, list=dash.lists[0], deadline=dash.items[0].deadline
    )
    only_sc.sides.update(light="red")
    cq, sc = world.users["cq_liaison"], world.users["sc_liaison"]
    assert visible_red_sides(cq) < visible_red_sides(sc), "the two liaisons see different items"
    leader = body(as_user("leader"))  # fills the cache for everyone who reads all items
    for name in ("cq_liaison", "sc_liaison"):
        liaison = body(as_user(name))
        assert red_sides(liaison) == visible_red_sides(world.users[name]), name
        assert red_sides(liaison) < red_sides(leader), name
    assert body(as_user("office")) == leader, "the office reads all: the leader's entry"


def light_names(html: str) -> list[str]:
    return [s["name"] for s in charts(html)["item-lights"].option["series"]]


def test_each_language_gets_its_own_labels(dash, as_user):
    client = as_user("leader")
    assert "红灯" in light_names(body(client))
    client.cookies["django_language"] = "en"
    assert "Red light" in light_names(body(client))
    assert "红灯" not in light_names(body(client))


def test_another_map_measure_keeps_the_cached_panels(dash, as_user):
    client = as_user("leader")
    first = queries_for(client, f"{URL}?measure=projects")
    other = queries_for(client, f"{URL}?measure=red")
    assert queries_for(client, f"{URL}?measure=red") < other < first
    html = body(client, {"measure": "red"})
    assert charts(html)["region-map"].option["series"][0]["name"] == "红灯事项"
    assert charts(body(client))["region-map"].option["series"][0]["name"] == "重点项目数"
