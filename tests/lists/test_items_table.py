"""The items table: who sees what, filters, sorting, pagination, HTMX, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect, cold_and_warm, row_ids
from twincity.commitments import models
from twincity.commitments.models import Item, ItemSide, ItemState, ListKind
from twincity.lib import clock

URL = reverse("commitments:items")


@pytest.fixture
def items(world):
    """A few items in different states, lists, groups and windows."""
    today = clock.today()
    agreed = f.make_list(ListKind.AGREED_ITEMS, "第十次会议议定事项")
    needs = f.make_list(ListKind.POLICY_NEEDS, "政策需求清单")
    rail = world.item(
        list=agreed,
        code="10-01",
        title="川渝高铁互联互通",
        area="现代基础设施",
        working_group=world.group,
        state=ItemState.IN_PROGRESS,
        deadline=today - dt.timedelta(5),
    )
    park = f.make_item(
        leads={world.cq: world.cq_unit},
        list=agreed,
        code="10-02",
        title="共建产业园区",
        area="现代产业",
        state=ItemState.ASSIGNED,
        deadline=today + dt.timedelta(20),
    )
    park.cooperating_units.add(world.other_unit)
    need = f.make_item(
        leads={world.sc: world.sc_unit},
        list=needs,
        code="PN-01",
        title="争取国家政策支持",
        description="支持成渝中线高铁建设",
        state=ItemState.PROPOSED,
        deadline=None,
    )
    later = world.item(
        list=agreed,
        code="10-03",
        title="生态共保",
        state=ItemState.DRAFT,
        deadline=today + dt.timedelta(60),
    )
    return {"rail": rail, "park": park, "need": need, "later": later}


def ids(*items: Item) -> set[int]:
    return {item.pk for item in items}


def test_anonymous_is_sent_to_login(client):
    assert_login_redirect(client.get(URL))


@pytest.mark.parametrize("persona", ["office", "leader"])
def test_office_and_leaders_see_every_item(as_user, items, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert set(row_ids(response)) == ids(*items.values())


@pytest.mark.parametrize("persona", ["cq_liaison", "cq_head"])
def test_chongqing_unit_sees_its_led_items(as_user, items, persona):
    response = as_user(persona).get(URL)
    assert set(row_ids(response)) == ids(items["rail"], items["park"], items["later"])


@pytest.mark.parametrize("persona", ["sc_liaison", "sc_head"])
def test_sichuan_unit_sees_its_led_items(as_user, items, persona):
    response = as_user(persona).get(URL)
    assert set(row_ids(response)) == ids(items["rail"], items["need"], items["later"])


def test_working_group_lead_sees_the_groups_items(as_user, items):
    response = as_user("wg_lead").get(URL)
    assert set(row_ids(response)) == ids(items["rail"])


def test_outsider_sees_only_items_of_their_own_unit(as_user, items):
    response = as_user("outsider").get(URL)
    # cq-other only cooperates on the park; the cq-fgw items are absent.
    assert set(row_ids(response)) == ids(items["park"])
    assert "川渝高铁互联互通" not in response.content.decode()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_an_empty_table(as_user, items, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert row_ids(response) == []
    assert "没有符合条件的事项" in response.content.decode()


@pytest.mark.parametrize("persona", BUSINESS)
def test_only_the_office_sees_the_new_item_button(as_user, items, persona):
    page = as_user(persona).get(URL).content.decode()
    assert ("新建事项" in page) == (persona == "office")


def test_columns(as_user, items):
    page = as_user("office").get(URL).content.decode()
    rail = items["rail"]
    assert reverse("commitments:item_detail", args=[rail.pk]) in page
    for text in [
        "10-01",
        "第十次会议议定事项",
        "现代基础设施",
        "规划政策专项组",
        "重庆市发展改革委",
        "四川省发展改革委",
        "推进中",
        "badge text-bg-primary",
    ]:
        assert text in page


def test_overdue_deadline_is_red(as_user, items):
    page = as_user("office").get(URL).content.decode()
    rail_row = page.split(f'id="item-{items["rail"].pk}"')[1].split("</tr>")[0]
    later_row = page.split(f'id="item-{items["later"].pk}"')[1].split("</tr>")[0]
    assert "text-danger" in rail_row and "tc-overdue" in rail_row
    assert "tc-overdue" not in later_row


# --- filters ---------------------------------------------------------------------------------


def shown(as_user, **params) -> set[int]:
    response = as_user("office").get(URL, params)
    assert response.status_code == 200
    return set(row_ids(response))


def test_filter_by_text_finds_a_two_character_chinese_word(as_user, items):
    # 高铁 is in the rail item's title and in the need's description.
    assert shown(as_user, q="高铁") == ids(items["rail"], items["need"])
    assert shown(as_user, q="产业园") == ids(items["park"])
    assert shown(as_user, q="PN-0") == ids(items["need"])
    assert shown(as_user, q="不存在的词") == set()


def test_filter_by_party(as_user, world, items):
    assert shown(as_user, party=world.sc.pk) == ids(items["rail"], items["need"], items["later"])
    assert shown(as_user, party=world.cq.pk) == ids(items["rail"], items["park"], items["later"])


def test_filter_by_state(as_user, items):
    assert shown(as_user, state=ItemState.IN_PROGRESS) == ids(items["rail"])
    assert shown(as_user, state=ItemState.DRAFT) == ids(items["later"])


def test_filter_by_due_window(as_user, items):
    assert shown(as_user, due="overdue") == ids(items["rail"])
    assert shown(as_user, due="30") == ids(items["park"])
    assert shown(as_user, due="90") == ids(items["park"])  # the draft is not open yet
    assert shown(as_user, due="none") == ids(items["need"])


def test_filter_by_unit_counts_lead_and_cooperating_units(as_user, world, items):
    assert shown(as_user, unit=world.other_unit.pk) == ids(items["park"])
    assert shown(as_user, unit=world.sc_unit.pk) == ids(
        items["rail"], items["need"], items["later"]
    )


def test_filter_by_working_group_list_kind_and_area(as_user, world, items):
    assert shown(as_user, working_group=world.group.pk) == ids(items["rail"])
    assert shown(as_user, kind=ListKind.POLICY_NEEDS) == ids(items["need"])
    assert shown(as_user, list=items["park"].list_id) == ids(
        items["rail"], items["park"], items["later"]
    )
    assert shown(as_user, area="现代产业") == ids(items["park"])


def test_filters_combine(as_user, world, items):
    assert shown(as_user, party=world.cq.pk, q="高铁") == ids(items["rail"])


def test_an_invalid_filter_is_reported_and_ignored(as_user, items):
    response = as_user("office").get(URL, {"state": "bogus", "q": "高铁"})
    assert response.status_code == 200
    assert set(row_ids(response)) == ids(items["rail"], items["need"])
    assert "bogus" in response.content.decode()  # the choice error names the value


def test_area_choices_are_those_the_user_can_see(as_user, items):
    page = as_user("outsider").get(URL).content.decode()
    assert "现代产业" in page and "现代基础设施" not in page


# --- sorting and pagination --------------------------------------------------------------------


def test_sort_by_title_and_deadline(as_user, items):
    client = as_user("office")
    by_title = row_ids(client.get(URL, {"sort": "title"}))
    expected = sorted(items.values(), key=lambda i: i.title)
    assert by_title == [i.pk for i in expected]
    by_deadline = row_ids(client.get(URL, {"sort": "deadline"}))
    assert by_deadline == [items[k].pk for k in ("rail", "park", "later", "need")]  # no date last
    by_deadline_desc = row_ids(client.get(URL, {"sort": "-deadline"}))
    assert by_deadline_desc == [items[k].pk for k in ("later", "park", "rail", "need")]


def test_sort_by_code_state_and_updated(as_user, items):
    client = as_user("office")
    assert row_ids(client.get(URL)) == [items[k].pk for k in ("rail", "park", "later", "need")]
    assert row_ids(client.get(URL, {"sort": "-code"})) == [
        items[k].pk for k in ("need", "later", "park", "rail")
    ]
    # State follows the declared order: draft, assigned, in progress, …, proposed.
    assert row_ids(client.get(URL, {"sort": "state"})) == [
        items[k].pk for k in ("later", "park", "rail", "need")
    ]
    Item.objects.filter(pk=items["park"].pk).update(updated_at=clock.now() + dt.timedelta(1))
    assert row_ids(client.get(URL, {"sort": "-updated"}))[0] == items["park"].pk


def test_an_unknown_sort_falls_back_to_code(as_user, items):
    response = as_user("office").get(URL, {"sort": "description; drop table"})
    assert response.status_code == 200
    assert row_ids(response) == [items[k].pk for k in ("rail", "park", "later", "need")]


def test_header_links_toggle_the_sort(as_user, items):
    page = as_user("office").get(URL, {"sort": "title", "state": "draft"}).content.decode()
    assert "?sort=-title&amp;state=draft" in page or "?state=draft&amp;sort=-title" in page


def test_pagination_keeps_the_filters(as_user, world):
    item_list = f.make_list()
    for n in range(30):
        f.make_item(leads=world.leads(), list=item_list, code=f"P-{n:02d}", state=ItemState.DRAFT)
    client = as_user("office")
    first = client.get(URL, {"state": "draft"})
    assert len(row_ids(first)) == 25
    page = first.content.decode()
    assert "state=draft&amp;page=2" in page
    second = client.get(URL, {"state": "draft", "page": 2})
    assert len(row_ids(second)) == 5
    assert set(row_ids(first)).isdisjoint(row_ids(second))
    assert "state=draft&amp;page=1" in second.content.decode()


def test_a_bad_page_number_shows_a_page(as_user, items):
    response = as_user("office").get(URL, {"page": "abc"})
    assert response.status_code == 200
    assert len(row_ids(response)) == 4


# --- HTMX ------------------------------------------------------------------------------------


def test_the_filter_form_drives_the_table_with_htmx(as_user, items):
    page = as_user("office").get(URL).content.decode()
    assert 'hx-get="/items/"' in page
    assert 'hx-target="#items-table"' in page
    assert 'hx-push-url="true"' in page
    assert '<div id="items-table"' in page


def test_an_htmx_request_gets_only_the_fragment(as_user, items):
    response = as_user("office").get(URL, {"q": "高铁"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "<nav" not in body.split("<table")[0]
    assert 'id="items-filter"' not in body
    assert set(row_ids(response)) == ids(items["rail"], items["need"])
    assert 'id="items-sort"' in body and 'hx-swap-oob="true"' in body


# --- query counts ----------------------------------------------------------------------------


def make_rows(world, count: int) -> None:
    for _ in range(count):
        item = world.item(working_group=world.group, state=ItemState.IN_PROGRESS)
        item.cooperating_units.add(world.other_unit)


@pytest.mark.parametrize("persona", ["office", "cq_liaison", "outsider"])
def test_query_count_does_not_grow_with_rows(as_user, world, persona):
    client = as_user(persona)
    make_rows(world, 5)
    client.get(URL)  # warm up the session
    at_five = cold_and_warm(lambda: client.get(URL, {"sort": "state"}))
    make_rows(world, 45)
    assert ItemSide.objects.count() == 100
    assert cold_and_warm(lambda: client.get(URL, {"sort": "state"})) == at_five
    assert at_five[1] < at_five[0], "the warm table is counted from the cache"
    assert len(row_ids(client.get(URL, {"sort": "state"}))) == 25


@pytest.mark.parametrize(
    "params",
    [{"state": ItemState.IN_PROGRESS}, {"due": "overdue"}, {"due": "30"}, {"due": "none"}, {}],
)
def test_a_busy_units_filtered_table_tests_rows_and_shows_the_same(
    as_user, items, params, monkeypatch
):
    client = as_user("cq_liaison")
    before = row_ids(client.get(URL, params))
    monkeypatch.setattr(models, "MANY_LED", 1)  # cq-fgw now counts as a unit that leads many
    with CaptureQueriesContext(connection) as ctx:
        after = row_ids(client.get(URL, params))
    assert after == before
    tested = any('"commitments_item"."id" +' in q["sql"] for q in ctx.captured_queries)
    assert tested == bool(params), "only a state or due date has the rows tested"
