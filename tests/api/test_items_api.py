"""The items API: list, read, and edit with ETag/If-Match through workflow.update_item."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factory as f
from twincity.accounts.tokens import create_token
from twincity.audit.models import AuditEvent
from twincity.commitments.models import Item, ItemState

ITEMS = "/api/v1/items"


def api(secret: str, **headers: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **headers}


@pytest.fixture
def office_secret(world):
    return create_token(world.users["office"], "集成", "write")[1]


def test_token_list_stale_412_then_fresh_200_audited(world, office_secret):
    """The issue's must-show: create a token, list items, a stale ETag changes nothing,
    the right one saves and is audited."""
    item = world.item(title="原名称")
    client = Client()
    listed = client.get(ITEMS, **api(office_secret)).json()
    assert [row["id"] for row in listed["items"]] == [item.pk]
    etag = client.get(f"{ITEMS}/{item.pk}", **api(office_secret)).headers["ETag"]
    assert etag == f'"{item.pk}-{item.version}"' == listed["items"][0]["etag"]

    Item.objects.filter(pk=item.pk).update(version=item.version + 1)  # someone saved first
    stale = client.patch(
        f"{ITEMS}/{item.pk}",
        {"title": "旧版本的修改"},
        content_type="application/json",
        **api(office_secret, HTTP_IF_MATCH=etag),
    )
    assert stale.status_code == 412 and stale.json()["code"] == "stale"
    assert Item.objects.get(pk=item.pk).title == "原名称"
    assert not AuditEvent.objects.filter(action="item.update").exists()

    fresh = client.get(f"{ITEMS}/{item.pk}", **api(office_secret)).headers["ETag"]
    saved = client.patch(
        f"{ITEMS}/{item.pk}",
        {"title": "新名称"},
        content_type="application/json",
        **api(office_secret, HTTP_IF_MATCH=fresh),
    )
    assert saved.status_code == 200, saved.content
    item.refresh_from_db()
    assert item.title == "新名称" and saved.headers["ETag"] == f'"{item.pk}-{item.version}"'
    event = AuditEvent.objects.get(action="item.update")
    assert event.actor_id == world.users["office"].pk and event.after == {"title": "新名称"}


def _patch(secret, item, data, etag=None, **headers):
    if etag:
        headers["HTTP_IF_MATCH"] = etag
    return Client().patch(
        f"{ITEMS}/{item.pk}", data, content_type="application/json", **api(secret, **headers)
    )


def test_missing_if_match_is_428(world, office_secret):
    item = world.item()
    response = _patch(office_secret, item, {"title": "x"})
    assert response.status_code == 428 and response.json()["code"] == "precondition_required"
    assert Item.objects.get(pk=item.pk).version == item.version


def test_read_only_token_cannot_write(world):
    item = world.item(title="原名称")
    secret = create_token(world.users["office"], "只读", "read")[1]
    response = _patch(secret, item, {"title": "x"}, f'"{item.pk}-{item.version}"')
    assert response.status_code == 403 and response.json()["code"] == "read_only_token"
    assert Item.objects.get(pk=item.pk).title == "原名称"


def test_visible_but_not_editable_is_403(world):
    item = world.item(title="原名称")
    secret = create_token(world.users["cq_liaison"], "联络员", "write")[1]
    response = _patch(secret, item, {"title": "x"}, f'"{item.pk}-{item.version}"')
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert Item.objects.get(pk=item.pk).title == "原名称"


def test_invalid_field_is_422_with_field_errors(world, office_secret):
    item = world.item()
    response = _patch(office_secret, item, {"title": ""}, f'"{item.pk}-{item.version}"')
    body = response.json()
    assert response.status_code == 422 and body["code"] == "invalid" and "title" in body["errors"]


def test_closed_item_is_422(world, office_secret):
    item = world.item(state=ItemState.CLOSED)
    response = _patch(office_secret, item, {"title": "x"}, f'"{item.pk}-{item.version}"')
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_outsider_sees_nothing_of_others(world):
    item = world.item()
    secret = create_token(world.users["outsider"], "外单位", "write")[1]
    assert Client().get(ITEMS, **api(secret)).json()["items"] == []
    detail = Client().get(f"{ITEMS}/{item.pk}", **api(secret))
    assert detail.status_code == 404 and detail.json()["code"] == "not_found"
    assert _patch(secret, item, {"title": "x"}, f'"{item.pk}-1"').status_code == 404


def test_session_of_the_apps_own_pages_is_accepted(world, as_user):
    item = world.item()
    assert as_user("cq_liaison").get(f"{ITEMS}/{item.pk}").status_code == 200


def test_filters_and_pages_in_a_stable_order(world, office_secret):
    for code in ["B-2", "A-1", "C-3"]:
        world.item(code=code, title=f"事项{code}")
    world.item(code="D-4", state=ItemState.ASSIGNED)
    page = Client().get(f"{ITEMS}?size=2&page=2", **api(office_secret)).json()
    assert page["count"] == 4 and [r["code"] for r in page["items"]] == ["C-3", "D-4"]
    assigned = Client().get(f"{ITEMS}?state=assigned", **api(office_secret)).json()
    assert [r["code"] for r in assigned["items"]] == ["D-4"]
    found = Client().get(f"{ITEMS}?q=B-2", **api(office_secret)).json()
    assert [r["code"] for r in found["items"]] == ["B-2"]
    too_big = Client().get(f"{ITEMS}?size=201", **api(office_secret))
    assert too_big.status_code == 422 and too_big.json()["code"] == "invalid"


def _count(secret):
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(f"{ITEMS}?size=200", **api(secret))
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


def test_list_queries_do_not_grow_with_rows(world, office_secret):
    item_list = f.make_list()
    for _ in range(5):
        world.item(list=item_list)
    small, rows = _count(office_secret)
    assert rows == 5
    for _ in range(45):
        world.item(list=f.make_list())
    large, rows = _count(office_secret)
    assert rows == 50 and large == small


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("zh-hans", "只有联合办公室可以执行此操作。"),
        ("en", "Only the Joint Office can perform this action."),
    ],
)
def test_errors_in_the_requests_language(world, language, message):
    """Messages follow Accept-Language (strings new to the API reach the en catalog with the
    lead's next makemessages; this one is already there)."""
    item = world.item()
    secret = create_token(world.users["cq_liaison"], "联络员", "write")[1]
    response = _patch(
        secret, item, {"title": "x"}, f'"{item.pk}-{item.version}"', HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": message}


def test_not_found_in_chinese_by_default(world, office_secret):
    body = Client().get(f"{ITEMS}/999999", **api(office_secret)).json()
    assert body == {"code": "not_found", "message": "未找到该记录，或您无权查看。"}
