"""The inbox: own notifications only, unread first, filter, mark read (one, all), HTMX."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.lists.util import ALL_PERSONAS
from twincity.audit.models import AuditEvent
from twincity.lib import clock
from twincity.supervision.models import Notification

URL = reverse("supervision:inbox")
READ_ALL = reverse("supervision:inbox_read_all")


def note(user, key: str, title: str = "", url: str = "/items/1/", **kw) -> Notification:
    return Notification.objects.create(
        recipient=user, kind="item.sign", title=title or f"通知{key}", url=url, key=key, **kw
    )


def read_url(row: Notification) -> str:
    return reverse("supervision:inbox_read", args=[row.pk])


def titles(response) -> list[str]:
    return [row.title for row in response.context["page"]]


def test_anonymous_is_sent_to_login(client):
    for url in (URL, READ_ALL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_every_signed_in_person_has_an_inbox_with_only_their_own(world, as_user, persona):
    note(world.users[persona], "mine", "我的通知")
    other = "office" if persona != "office" else "leader"
    note(world.users[other], "theirs", "别人的通知")
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert titles(response) == ["我的通知"]
    assert "别人的通知" not in response.content.decode()


def test_unread_first_then_newest(world, as_user):
    user = world.users["cq_liaison"]
    now = clock.now()
    with clock.travel(now - dt.timedelta(days=2)):
        note(user, "old-unread", "旧的未读")
    with clock.travel(now - dt.timedelta(days=1)):
        note(user, "read", "已读的", read_at=now)
    note(user, "new-unread", "新的未读")
    assert titles(as_user("cq_liaison").get(URL)) == ["新的未读", "旧的未读", "已读的"]


def test_filter_unread(world, as_user):
    user = world.users["cq_liaison"]
    note(user, "a", "未读的")
    note(user, "b", "已读的", read_at=clock.now())
    assert titles(as_user("cq_liaison").get(URL, {"show": "unread"})) == ["未读的"]


def test_a_bad_filter_shows_a_message_and_everything(world, as_user):
    note(world.users["cq_liaison"], "a")
    response = as_user("cq_liaison").get(URL, {"show": "bogus"})
    assert response.status_code == 200
    assert response.context["form"].errors["show"]
    assert len(titles(response)) == 1


def test_mark_one_read(world, as_user):
    row = note(world.users["cq_liaison"], "a")
    response = as_user("cq_liaison").post(read_url(row), {"next": URL + "?show=unread"})
    assert response.status_code == 302
    assert response["Location"] == URL + "?show=unread"
    row.refresh_from_db()
    assert row.read_at is not None
    assert AuditEvent.objects.filter(action="notification.read", target_id=str(row.pk)).exists()


def test_open_marks_read_and_goes_to_the_link(world, as_user):
    row = note(world.users["cq_liaison"], "a", url="/items/42/")
    response = as_user("cq_liaison").post(read_url(row), {"open": "1"})
    assert response["Location"] == "/items/42/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_an_outside_link_is_not_followed(world, as_user):
    row = note(world.users["cq_liaison"], "a", url="https://evil.example/")
    response = as_user("cq_liaison").post(read_url(row), {"open": "1", "next": "//evil.example"})
    assert response["Location"] == URL


def test_someone_elses_notification_is_404(world, as_user):
    row = note(world.users["sc_liaison"], "a")
    assert as_user("cq_liaison").post(read_url(row)).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_mark_read_needs_post(world, as_user):
    row = note(world.users["cq_liaison"], "a")
    assert as_user("cq_liaison").get(read_url(row)).status_code == 405
    assert as_user("cq_liaison").get(READ_ALL).status_code == 405


def test_mark_one_read_over_htmx_returns_the_row_and_the_badge(world, as_user):
    user = world.users["cq_liaison"]
    row = note(user, "a", "第一条")
    note(user, "b", "第二条")
    response = as_user("cq_liaison").post(read_url(row), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{row.pk}"' in body and "<html" not in body
    assert 'id="tc-unread"' in body and 'hx-swap-oob="true"' in body
    assert ">1<" in body  # one unread left


def test_mark_all_read(world, as_user):
    user = world.users["cq_liaison"]
    note(user, "a")
    note(user, "b")
    other = note(world.users["sc_liaison"], "c")
    response = as_user("cq_liaison").post(READ_ALL)
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None
    event = AuditEvent.objects.get(action="notification.read_all")
    assert event.after == {"count": 2}


def test_mark_all_read_over_htmx_returns_the_list(world, as_user):
    note(world.users["cq_liaison"], "a", "第一条")
    response = as_user("cq_liaison").post(READ_ALL, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "第一条" in body and "<html" not in body
    assert 'hx-swap-oob="true"' in body


def test_htmx_filter_gets_only_the_fragment(world, as_user):
    note(world.users["cq_liaison"], "a", "第一条")
    response = as_user("cq_liaison").get(URL, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "第一条" in body and "<html" not in body


def test_pages(world, as_user):
    user = world.users["cq_liaison"]
    for n in range(35):
        note(user, f"k{n}")
    client = as_user("cq_liaison")
    assert len(titles(client.get(URL))) == 30
    assert len(titles(client.get(URL, {"page": 2}))) == 5


def add_notes(user, first: int, last: int) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=user, kind="item.sign", title=f"通知{n}", url="/x/", key=f"q{n}")
        for n in range(first, last)
    )


def test_query_count_does_not_grow(world, as_user, django_assert_num_queries):
    user = world.users["cq_liaison"]
    client = as_user("cq_liaison")
    client.get(URL)  # warm the session
    add_notes(user, 0, 5)
    with CaptureQueriesContext(connection) as five:
        client.get(URL)
    add_notes(user, 5, 50)
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get(URL)
    assert len(response.context["page"]) == 30
