"""GET /api/v1/webhooks, /webhooks/{id} and /webhooks/{id}/deliveries as each persona."""

from __future__ import annotations

import pytest

from tests.api.personas import Caller, queries
from tests.webhooks.conftest import subscribe
from twincity.webhooks.models import Delivery

URL = "https://oa.example.gov.cn/hooks"


@pytest.fixture
def rows(world):
    cq = subscribe(world.users["cq_liaison"], URL, name="渝方系统")
    sc = subscribe(world.users["sc_liaison"], URL, name="川方系统")
    return cq, sc


def test_a_liaison_lists_their_units_subscriptions_without_secrets(world, rows):
    cq, _sc = rows
    response = Caller(world, "cq_head").get("/webhooks")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [row] = body["items"]
    assert (row["id"], row["name"], row["owner_code"]) == (cq.pk, "渝方系统", "cq-fgw")
    assert row["created_by"] == str(world.users["cq_liaison"])
    assert cq.secret not in response.content.decode() and "secret" not in row


def test_the_office_lists_all(world, rows):
    assert Caller(world, "office").get("/webhooks").json()["count"] == 2


@pytest.mark.parametrize("persona", ["outsider", "wg_lead", "sysadmin"])
def test_others_see_none_and_get_404(world, rows, persona):
    caller = Caller(world, persona)
    assert caller.get("/webhooks").json()["count"] == 0
    assert caller.get(f"/webhooks/{rows[0].pk}").status_code == 404
    assert caller.get(f"/webhooks/{rows[0].pk}/deliveries").status_code == 404


def test_detail_and_deliveries(world, rows):
    cq = rows[0]
    Delivery.objects.create(subscription=cq, event="ping", key="a", payload={"test": True})
    caller = Caller(world, "cq_liaison")
    assert caller.get(f"/webhooks/{cq.pk}").json()["url"] == URL
    body = caller.get(f"/webhooks/{cq.pk}/deliveries").json()
    [delivery] = body["items"]
    assert (delivery["event"], delivery["state"], delivery["attempts"]) == ("ping", "pending", 0)
    assert delivery["payload"] == {"test": True} and delivery["next_attempt_at"]


def test_lists_make_the_same_queries_at_two_sizes(world, rows):
    caller = Caller(world, "office")
    cq = rows[0]
    for n in range(2):
        Delivery.objects.create(subscription=cq, event="ping", key=f"a{n}", payload={})
    small = queries(caller, "/webhooks"), queries(caller, f"/webhooks/{cq.pk}/deliveries")
    for n in range(8):
        subscribe(world.users["sc_liaison"], URL, name=f"系统{n}")
        Delivery.objects.create(subscription=cq, event="ping", key=f"b{n}", payload={})
    large = queries(caller, "/webhooks"), queries(caller, f"/webhooks/{cq.pk}/deliveries")
    assert [q for q, _n in large] == [q for q, _n in small]
    assert [n for _q, n in large] == [10, 10] and [n for _q, n in small] == [2, 2]
