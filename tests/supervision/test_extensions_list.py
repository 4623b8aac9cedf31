"""The extensions page (pending first) and the items table's "已延期" mark."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.queries import queries_for
from tests.supervision.ladder_helpers import working_item
from twincity.lib import clock
from twincity.supervision import extensions
from twincity.supervision.models import ExtensionStatus

URL = reverse("supervision:extensions")
ITEMS_URL = reverse("commitments:items")
S = ExtensionStatus


def ask(world, item, days: int = 30):
    new = (item.deadline or clock.today()) + dt.timedelta(days)
    return extensions.request_extension(world.users["cq_liaison"], item, None, new, "资金未到位")


@pytest.fixture
def three(world):
    """One approved, one refused, one pending (asked last but listed first)."""
    office = world.users["office"]
    approved, refused, pending = (ask(world, working_item(world)) for _ in range(3))
    extensions.decide_extension(office, approved, True, "")
    extensions.decide_extension(office, refused, False, "理由不充分")
    return approved, refused, pending


def rows(response) -> list[int]:
    return [ext.pk for ext in response.context["page"]]


@pytest.mark.parametrize("persona", ["office", "leader", "cq_liaison", "sc_liaison", "cq_head"])
def test_everyone_who_sees_the_items_sees_their_extensions_pending_first(as_user, three, persona):
    approved, refused, pending = three
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert rows(response)[0] == pending.pk
    assert set(rows(response)) == {approved.pk, refused.pk, pending.pk}


def test_only_the_office_gets_the_decision_buttons(as_user, three):
    pending = three[2]
    decide = reverse("supervision:extension_decide", args=[pending.pk, "approve"])
    assert decide in as_user("office").get(URL).content.decode()
    assert decide not in as_user("cq_liaison").get(URL).content.decode()


@pytest.mark.parametrize("persona", ["outsider", "wg_lead"])
def test_people_who_see_none_of_the_items_see_an_empty_list(as_user, three, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200 and rows(response) == []


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404(as_user, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.url


def test_filter_by_status(as_user, three):
    approved, refused, _pending = three
    client = as_user("office")
    assert rows(client.get(URL, {"status": "refused"})) == [refused.pk]
    assert rows(client.get(URL, {"status": "approved"})) == [approved.pk]
    bad = client.get(URL, {"status": "nonsense"})
    assert rows(bad) == [] and bad.context["form"].errors["status"]


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_query_count_does_not_grow_with_rows(world, as_user, persona, django_assert_num_queries):
    for _ in range(5):
        ask(world, working_item(world))
    client = as_user(persona)
    client.get(URL)
    at_five = queries_for(client, URL)
    for _ in range(45):
        ask(world, working_item(world))
    with django_assert_num_queries(at_five):
        response = client.get(URL)
    assert len(response.context["page"]) == 25


def test_the_items_table_marks_extended_items(as_user, three):
    approved, refused, pending = three
    page = as_user("office").get(ITEMS_URL).content.decode()
    row = {
        ext.item_id: page.split(f'id="item-{ext.item_id}"')[1].split("</tr>")[0] for ext in three
    }
    assert "已延期" in row[approved.item_id]
    assert "已延期" not in row[refused.item_id] and "已延期" not in row[pending.item_id]


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_the_mark_costs_one_query_per_page(world, as_user, persona, django_assert_num_queries):
    office = world.users["office"]

    def extended_rows(count: int) -> None:
        for _ in range(count):
            ext = ask(world, working_item(world))
            extensions.decide_extension(office, ext, True, "")

    extended_rows(5)
    client = as_user(persona)
    client.get(ITEMS_URL)
    at_five = queries_for(client, ITEMS_URL)
    extended_rows(45)
    client.get(ITEMS_URL)  # the audited writes began a new data generation: warm its figures
    with django_assert_num_queries(at_five):
        response = client.get(ITEMS_URL)
    assert response.content.decode().count("tc-extended") == 25
