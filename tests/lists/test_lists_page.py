"""The lists page: lists by kind with counts of items by state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect, queries_of, row_ids
from twincity.commitments.models import ItemState, ListKind
from twincity.lib import clock

URL = reverse("commitments:lists")


@pytest.fixture
def lists(world):
    agreed = f.make_list(ListKind.AGREED_ITEMS, "第十次会议议定事项")
    needs = f.make_list(ListKind.POLICY_NEEDS, "2025年政策需求")
    yesterday = clock.today() - dt.timedelta(1)
    world.item(list=agreed, state=ItemState.IN_PROGRESS, deadline=yesterday)
    world.item(list=agreed, state=ItemState.IN_PROGRESS)
    world.item(list=agreed, state=ItemState.CLOSED, deadline=yesterday)
    f.make_item(leads={world.cq: world.other_unit}, list=agreed, state=ItemState.DRAFT)
    world.item(list=needs, state=ItemState.PROPOSED)
    return agreed, needs


def row(page: str, item_list) -> str:
    return page.split(f'id="list-{item_list.pk}"')[1].split("</tr>")[0]


def test_anonymous_is_sent_to_login(client):
    assert_login_redirect(client.get(URL))


@pytest.mark.parametrize("persona", BUSINESS)
def test_business_users_see_every_list(as_user, lists, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert set(row_ids(response, "list")) == {lst.pk for lst in lists}


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_see_no_lists(as_user, lists, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert row_ids(response, "list") == []


def test_lists_are_grouped_by_kind_in_the_declared_order(as_user, lists):
    page = as_user("office").get(URL).content.decode()
    assert page.index("政策需求清单") < page.index("议定事项清单")
    assert page.index("2025年政策需求") < page.index("第十次会议议定事项")


def test_counts_by_state_for_the_office(as_user, lists):
    agreed, _ = lists
    cells = row(as_user("office").get(URL).content.decode(), agreed).split("<td")
    assert ">4<" in cells[4]  # total
    assert "推进中 2" in cells[5] and "已销号 1" in cells[5] and "草稿 1" in cells[5]
    assert ">1<" in cells[6]  # overdue: the closed one does not count


def test_counts_only_the_items_a_liaison_can_see(as_user, lists):
    agreed, _ = lists
    cells = row(as_user("outsider").get(URL).content.decode(), agreed).split("<td")
    assert ">1<" in cells[4]
    assert "草稿 1" in cells[5] and "推进中" not in cells[5]


def test_filter_by_kind(as_user, lists):
    agreed, needs = lists
    response = as_user("office").get(URL, {"kind": ListKind.POLICY_NEEDS})
    assert row_ids(response, "list") == [needs.pk]
    bad = as_user("office").get(URL, {"kind": "nonsense"})
    assert set(row_ids(bad, "list")) == {agreed.pk, needs.pk}


def test_only_the_office_sees_the_new_list_button(as_user, lists):
    assert "新建清单" in as_user("office").get(URL).content.decode()
    assert "新建清单" not in as_user("leader").get(URL).content.decode()


def make_lists(world, count: int) -> None:
    for n in range(count):
        item_list = f.make_list(ListKind.values[n % len(ListKind.values)])
        world.item(list=item_list, state=ItemState.IN_PROGRESS)


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_query_count_does_not_grow_with_rows(as_user, world, persona, django_assert_num_queries):
    client = as_user(persona)
    make_lists(world, 5)
    client.get(URL)
    at_five = queries_of(lambda: client.get(URL))
    make_lists(world, 45)
    with django_assert_num_queries(at_five):
        response = client.get(URL)
    assert len(row_ids(response, "list")) == 50
