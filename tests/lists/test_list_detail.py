"""A list's page: its items table (the same fragment, filtered to the list) and its versions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect, cold_and_warm, row_ids
from twincity.commitments.models import ItemState
from twincity.commitments.versions import snapshot_version


def url(item_list) -> str:
    return reverse("commitments:list_detail", args=[item_list.pk])


@pytest.fixture
def listed(world):
    item_list = f.make_list(name="第十次会议议定事项")
    mine = world.item(list=item_list, code="10-01", title="川渝高铁", state=ItemState.IN_PROGRESS)
    theirs = f.make_item(
        leads={world.cq: world.other_unit}, list=item_list, code="10-02", title="园区共建"
    )
    elsewhere = world.item(code="X-01", title="其他清单的事项")
    return item_list, mine, theirs, elsewhere


def test_anonymous_is_sent_to_login(client, listed):
    assert_login_redirect(client.get(url(listed[0])))


@pytest.mark.parametrize("persona", BUSINESS)
def test_business_users_see_the_list(as_user, listed, persona):
    assert as_user(persona).get(url(listed[0])).status_code == 200


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, listed, persona):
    assert as_user(persona).get(url(listed[0])).status_code == 404


def test_the_table_holds_only_this_lists_visible_items(as_user, listed):
    item_list, mine, theirs, _ = listed
    assert set(row_ids(as_user("office").get(url(item_list)))) == {mine.pk, theirs.pk}
    assert row_ids(as_user("outsider").get(url(item_list))) == [theirs.pk]
    filtered = as_user("office").get(url(item_list), {"q": "高铁"})
    assert row_ids(filtered) == [mine.pk]


def test_an_htmx_request_gets_only_the_table(as_user, listed):
    response = as_user("office").get(url(listed[0]), {"sort": "-code"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="versions"' not in body
    assert row_ids(response) == [listed[2].pk, listed[1].pk]


def test_versions_and_the_compare_form(as_user, world, listed):
    item_list = listed[0]
    snapshot_version(world.users["office"], item_list, "年初名单")
    page = as_user("office").get(url(item_list)).content.decode()
    assert "年初名单" in page and "生成新版本" in page
    assert reverse("commitments:list_compare") not in page  # one version: nothing to compare
    snapshot_version(world.users["office"], item_list, "优化调整")
    page = as_user("cq_liaison").get(url(item_list)).content.decode()
    assert reverse("commitments:list_compare") in page
    assert "生成新版本" not in page and "编辑清单" not in page


def test_office_sees_new_item_prefilled_with_the_list(as_user, listed):
    page = as_user("office").get(url(listed[0])).content.decode()
    assert f"{reverse('commitments:item_create')}?list={listed[0].pk}" in page


def test_query_count_does_not_grow_with_rows(as_user, world):
    item_list = f.make_list()
    client = as_user("office")
    for _ in range(5):
        world.item(list=item_list, working_group=world.group)
    snapshot_version(world.users["office"], item_list, "v1")
    client.get(url(item_list))
    at_five = cold_and_warm(lambda: client.get(url(item_list)))
    for _ in range(45):
        world.item(list=item_list, working_group=world.group)
    snapshot_version(world.users["office"], item_list, "v2")
    assert cold_and_warm(lambda: client.get(url(item_list))) == at_five
