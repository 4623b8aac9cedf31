"""Item lists and their frozen versions over the API, read-only."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factory as f
from twincity.accounts.tokens import create_token
from twincity.commitments.models import ListKind
from twincity.commitments.versions import snapshot_version
from twincity.lib import clock

LISTS = "/api/v1/lists"


def bearer(world, persona: str) -> dict[str, str]:
    secret = create_token(world.users[persona], "接口", "read")[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def agreed(world):
    """A list with one item the Chongqing liaison leads and one led by another unit."""
    item_list = f.make_list(name="第十次会议议定事项", source_meeting=f.make_meeting(10))
    world.item(list=item_list, code="A-1", deadline=dt.date(2025, 6, 30))
    f.make_item(leads={world.cq: world.other_unit}, list=item_list, code="B-1")
    return item_list


def test_lists_newest_first_with_visible_item_counts(world, agreed):
    with clock.travel(clock.now() + dt.timedelta(days=1)):
        newer = f.make_list(ListKind.KEY_TASKS, name="年度重点任务")
    mine = Client().get(LISTS, **bearer(world, "cq_liaison")).json()["items"]
    assert [(row["name"], row["item_count"]) for row in mine] == [
        ("年度重点任务", 0),
        ("第十次会议议定事项", 1),
    ]
    assert mine[1]["source_meeting"] == "党政联席会议 第十次" and mine[1]["kind"] == "agreed_items"
    office = Client().get(f"{LISTS}/{agreed.pk}", **bearer(world, "office")).json()
    assert office["item_count"] == 2
    tasks = Client().get(f"{LISTS}?kind=key_tasks", **bearer(world, "office")).json()["items"]
    assert [row["id"] for row in tasks] == [newer.pk]


def test_bad_kind_is_422(world):
    response = Client().get(f"{LISTS}?kind=nonsense", **bearer(world, "office"))
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_versions_in_number_order_and_entries_as_frozen(world, agreed):
    office = world.users["office"]
    snapshot_version(office, agreed, "初版")
    f.make_item(leads=world.leads(), list=agreed, code="C-1", is_major=True)
    snapshot_version(office, agreed, "增补")
    auth = bearer(world, "office")
    versions = Client().get(f"{LISTS}/{agreed.pk}/versions", **auth).json()["items"]
    assert [(v["number"], v["note"], v["entry_count"]) for v in versions] == [
        (1, "初版", 2),
        (2, "增补", 3),
    ]
    assert versions[0]["created_by"] == "office"
    second = Client().get(f"{LISTS}/{agreed.pk}/versions/2", **auth).json()
    assert [e["code"] for e in second["entries"]] == ["A-1", "B-1", "C-1"]
    first_entry = second["entries"][0]
    assert first_entry["deadline"] == "2025-06-30" and first_entry["state"] == "draft"
    assert first_entry["leads"] == {"cq": "重庆市发展改革委", "sc": "四川省发展改革委"}
    assert second["entries"][2]["is_major"] is True


def test_a_scoped_user_sees_only_the_entries_of_their_items(world, agreed):
    snapshot_version(world.users["office"], agreed, "初版")
    body = Client().get(f"{LISTS}/{agreed.pk}/versions/1", **bearer(world, "cq_liaison")).json()
    assert [e["code"] for e in body["entries"]] == ["A-1"]
    leader = Client().get(f"{LISTS}/{agreed.pk}/versions/1", **bearer(world, "leader")).json()
    assert [e["code"] for e in leader["entries"]] == ["A-1", "B-1"]


def test_unknown_version_or_list_is_404(world, agreed):
    auth = bearer(world, "office")
    for url in [f"{LISTS}/{agreed.pk}/versions/1", f"{LISTS}/999999", f"{LISTS}/999999/versions"]:
        response = Client().get(url, **auth)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url


def test_administrators_see_no_lists(world, agreed):
    snapshot_version(world.users["office"], agreed, "初版")
    auth = bearer(world, "sysadmin")
    assert Client().get(LISTS, **auth).json()["items"] == []
    for url in [
        f"{LISTS}/{agreed.pk}",
        f"{LISTS}/{agreed.pk}/versions",
        f"{LISTS}/{agreed.pk}/versions/1",
    ]:
        assert Client().get(url, **auth).status_code == 404, url


def _count(auth, url):
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(url, **auth)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


def _grow(world, agreed, numbers):
    """One more list (from its own meeting, with one item) and one more version per number."""
    for number in numbers:
        world.item(list=f.make_list(source_meeting=f.make_meeting(number)))
        snapshot_version(world.users["office"], agreed, "调整")


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_list_queries_do_not_grow_with_rows(world, agreed, persona):
    auth = bearer(world, persona)
    urls = [f"{LISTS}?size=200", f"{LISTS}/{agreed.pk}/versions?size=200"]
    _grow(world, agreed, range(1, 3))
    small = [_count(auth, url) for url in urls]
    _grow(world, agreed, range(11, 23))
    large = [_count(auth, url) for url in urls]
    assert [rows for _, rows in small] == [3, 2] and [rows for _, rows in large] == [15, 14]
    assert [n for n, _ in large] == [n for n, _ in small]
