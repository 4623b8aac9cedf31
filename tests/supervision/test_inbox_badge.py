"""The header's inbox link with the unread count (one query; none for anonymous)."""

from __future__ import annotations

import re

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from twincity.lib import clock
from twincity.supervision.context_processors import unread_notifications
from twincity.supervision.models import Notification

HOME = reverse("home:index")


def badge(response) -> str:
    match = re.search(r'<span id="tc-unread" class="([^"]*)"[^>]*>(\d+)', response.content.decode())
    assert match, "no badge"
    return match[2] if "d-none" not in match[1] else ""


def note(user, key: str, **kw) -> Notification:
    return Notification.objects.create(recipient=user, kind="x", title="t", key=key, **kw)


def test_the_header_shows_the_unread_count(world, as_user):
    user = world.users["cq_head"]
    note(user, "a")
    note(user, "b")
    note(user, "c", read_at=clock.now())
    note(world.users["office"], "d")
    response = as_user("cq_head").get(HOME)
    assert badge(response) == "2"
    assert reverse("supervision:inbox") in response.content.decode()


def test_no_badge_number_without_unread(world, as_user):
    assert badge(as_user("auditor").get(HOME)) == ""


def test_anonymous_gets_no_count(db):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert unread_notifications(request) == {}


def test_the_count_is_one_query_and_only_when_shown(world, django_assert_num_queries):
    user = world.users["cq_head"]
    note(user, "a")
    request = RequestFactory().get("/")
    request.user = user
    with django_assert_num_queries(0):
        context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert context["unread_count"]() == 1
        assert context["unread_count"]() == 1
