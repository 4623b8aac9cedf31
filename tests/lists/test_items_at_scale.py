"""The items table at scale: selects drawn in one pass, visibility as one union, the total
and the areas counted once per data generation, and the API reading no area choices."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factory as f
from tests.lists.util import row_ids
from twincity.accounts.models import Unit
from twincity.commitments import workflow
from twincity.commitments.models import Item, ItemList, ItemState
from twincity.lib.forms import FastSelect

URL = reverse("commitments:items")
CHOICES = [("", "全部"), (1, "甲"), ("2", '<b>"乙" & 丙</b>'), (None, "无")]
GROUPED = [("", "全部"), ("重庆", [(1, "甲"), (2, "乙")]), ("四川", [(3, "丙")])]


@pytest.mark.parametrize(
    ("choices", "value", "attrs"),
    [
        (CHOICES, "2", {"id": "id_unit", "class": "form-select"}),
        (CHOICES, 1, None),
        (CHOICES, None, {"required": True, "disabled": False}),
        (CHOICES, "", {"aria-label": '单位 "x"'}),
        (GROUPED, "3", {"id": "g"}),
    ],
)
def test_fast_select_draws_what_djangos_select_draws(choices, value, attrs):
    fast = FastSelect(choices=choices).render("unit", value, attrs)
    django = forms.Select(choices=choices).render("unit", value, attrs)
    assert parse_html(fast) == parse_html(django)
    assert "<b>" not in fast


def options(page: str, name: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select is not None, name
    found = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(0))
    return [(value, label, bool(selected)) for value, selected, label in found]


def test_unit_and_list_options_are_the_models_names_in_their_order(as_user, world):
    world.cq_unit.short_name = "重庆发改委"
    world.cq_unit.save()
    lists = [f.make_list(name=f"清单{n}") for n in range(3)]
    page = as_user("office").get(URL, {"unit": world.cq_unit.pk}).content.decode()
    units = [(str(u.pk), str(u), u == world.cq_unit) for u in Unit.objects.all()]
    assert options(page, "unit") == [("", "全部单位", False), *units]
    assert (str(world.cq_unit.pk), "重庆发改委", True) in units
    in_order = [(str(x.pk), x.name, False) for x in ItemList.objects.all()]
    assert options(page, "list") == [("", "全部清单", True), *in_order]  # nothing chosen
    assert {x.name for x in lists} <= {label for _, label, _ in in_order}


def test_the_chosen_list_and_area_stay_selected(as_user, world):
    item = world.item(area="现代产业", state=ItemState.DRAFT)
    page = as_user("office").get(URL, {"list": item.list_id, "area": "现代产业"}).content
    assert ("现代产业", "现代产业", True) in options(page.decode(), "area")
    assert (str(item.list_id), item.list.name, True) in options(page.decode(), "list")


def test_an_unknown_unit_is_reported_and_ignored(as_user, world):
    item = world.item()
    response = as_user("office").get(URL, {"unit": 999999})
    assert row_ids(response) == [item.pk]
    assert "invalid-feedback" in response.content.decode()


# --- visibility -------------------------------------------------------------------------------


def test_a_liaison_sees_the_union_of_led_cooperated_and_group_items(world):
    """cq-fgw leads one item, cooperates on another and leads the group of a third; an item
    of the group led by a unit elsewhere is seen only by the group's member."""
    led = f.make_item(leads={world.cq: world.cq_unit})
    helped = f.make_item(leads={world.sc: world.sc_unit})
    helped.cooperating_units.add(world.cq_unit)
    grouped = f.make_item(leads={world.sc: world.sc_unit}, working_group=world.group)
    other_group = f.make_group(2, "其他专项组", {world.sc: world.sc_unit})
    elsewhere = f.make_item(leads={world.sc: world.sc_unit}, working_group=other_group)
    both = f.make_item(leads={world.cq: world.cq_unit}, working_group=world.group)
    both.cooperating_units.add(world.cq_unit)

    def seen(name: str) -> set[int]:
        return set(Item.objects.visible_to(world.users[name]).values_list("pk", flat=True))

    assert seen("cq_liaison") == {led.pk, helped.pk, grouped.pk, both.pk}
    assert seen("outsider") == set()
    assert seen("wg_lead") == {grouped.pk, both.pk}
    assert seen("sc_liaison") == {helped.pk, grouped.pk, elsewhere.pk, both.pk}
    assert seen("office") == {led.pk, helped.pk, grouped.pk, elsewhere.pk, both.pk}
    assert seen("auditor") == set()
    assert Item.objects.visible_to(world.users["cq_liaison"]).count() == 4  # no duplicates


# --- the total and the areas, per data generation ----------------------------------------------


def total(response) -> int:
    found = re.search(r"共 (\d+) 项", response.content.decode())
    assert found is not None
    return int(found.group(1))


def test_an_audited_write_shows_in_the_total_and_the_areas_at_once(as_user, world):
    office = world.users["office"]
    liaison = as_user("cq_liaison")
    item_list = f.make_list()
    workflow.create_item(office, item_list, {"code": "A-1", "title": "甲"}, world.leads())
    assert total(liaison.get(URL)) == 1
    assert [a for a, _, _ in options(liaison.get(URL).content.decode(), "area")] == [""]
    fields = {"code": "A-2", "title": "乙", "area": "生态环境"}
    workflow.create_item(office, item_list, fields, world.leads())
    response = liaison.get(URL)
    assert total(response) == 2 and len(row_ids(response)) == 2
    assert ("生态环境", "生态环境", False) in options(response.content.decode(), "area")
    assert total(liaison.get(URL, {"area": "生态环境"})) == 1


def test_the_total_counts_every_page_and_the_pages_keep_their_order(as_user, world):
    item_list = f.make_list()
    for n in range(30):
        world.item(list=item_list, code=f"P-{n:02d}", state=ItemState.IN_PROGRESS)
    client = as_user("cq_liaison")
    first = client.get(URL, {"sort": "-code"})
    second = client.get(URL, {"sort": "-code", "page": 2})
    assert total(first) == total(second) == 30
    codes = dict(Item.objects.values_list("pk", "code"))
    shown = [codes[pk] for pk in row_ids(first) + row_ids(second)]
    assert shown == [f"P-{n:02d}" for n in reversed(range(30))]


def test_the_api_list_reads_no_area_choices(as_user, world):
    world.item(area="现代产业", state=ItemState.IN_PROGRESS)
    with CaptureQueriesContext(connection) as ctx:
        response = as_user("office").get("/api/v1/items", {"state": ItemState.IN_PROGRESS})
    assert response.status_code == 200 and response.json()["count"] == 1
    assert not [q for q in ctx.captured_queries if "DISTINCT" in q["sql"]]
