"""With many lists, the list charts keep the reddest and largest lists; the cards count all."""

from __future__ import annotations

import datetime as dt

import lxml.html
from django.urls import reverse

from tests import factory as f
from tests.dashboards.conftest import charts
from twincity.commitments.models import ItemSide, ItemState, Light
from twincity.dashboards.figures import SHOWN_LISTS

URL = reverse("dashboards:index")


def many_lists(world, count: int) -> list:
    """`count` lists of one item each, led by Chongqing, but the last list has three; the
    first three lists hold the only red sides."""
    lists = [f.make_list(name=f"清单{n:02d}") for n in range(count)]
    for n, item_list in enumerate(lists):
        for _ in range(3 if n == count - 1 else 1):
            f.make_item(
                {world.cq: world.cq_unit},
                list=item_list,
                state=ItemState.IN_PROGRESS,
                deadline=dt.date(2025, 12, 31),  # the dashboard's year (conftest's clock)
            )
    reds = ItemSide.objects.filter(item__list__in=lists[:3])
    reds.update(light=Light.RED)
    return lists


def test_list_charts_show_the_reddest_and_largest_lists_and_cards_count_all(world, as_user):
    lists = many_lists(world, SHOWN_LISTS + 5)
    html = as_user("leader").get(URL).content.decode()
    page = charts(html)
    lights = page["item-lights"].categories()
    assert len(lights) == SHOWN_LISTS
    assert all(f"{lst.name}（渝）" in lights for lst in lists[:3])
    assert f"{lists[-1].name}（渝）" in lights  # the most sides, though no red
    states = page["item-states"].categories()
    assert len(states) == SHOWN_LISTS and lists[-1].name in states
    assert f"共{SHOWN_LISTS + 5}项" in html
    doc = lxml.html.fromstring(html)
    assert doc.xpath("//*[@data-kpi='red']")[0].text == "3"  # all red sides, shown or not


def test_few_lists_are_all_shown_without_a_note(world, as_user):
    many_lists(world, 3)
    html = as_user("leader").get(URL).content.decode()
    assert len(charts(html)["item-lights"].categories()) == 3
    assert "全部见清单页" not in html
