"""A public list: its public items with state and light, filtered and paginated."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.portal.conftest import assert_no_secrets
from twincity.commitments.models import Item


def url(pk: int) -> str:
    return reverse("portal:list", args=[pk])


def test_public_items_with_state_and_light(portal):
    response = Client().get(url(portal.public_list.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "PUB-001" in html and "PUB-002" in html
    assert "推进中" in html and "红灯" in html and "已销号" in html
    assert 'href="/public/meetings/' in html  # the closed source meeting is linked
    assert_no_secrets(html)


def test_filter_by_state_and_light(portal):
    codes = lambda r: [i.code for i in r.context["page"].object_list]  # noqa: E731
    client = Client()
    assert codes(client.get(url(portal.public_list.pk), {"light": "red"})) == ["PUB-001"]
    assert codes(client.get(url(portal.public_list.pk), {"state": "closed"})) == ["PUB-002"]
    assert codes(client.get(url(portal.public_list.pk), {"state": "draft"})) == [
        "PUB-001",
        "PUB-002",
    ]  # not a public state: the filter is ignored, drafts stay hidden
    assert codes(client.get(url(portal.public_list.pk), {"q": "PRIV"})) == []


def test_source_meeting_not_closed_is_not_linked(portal):
    html = Client().get(url(portal.other_public_list.pk)).content.decode()
    assert "PUB-003" in html
    assert "/public/meetings/" + str(portal.open_meeting.pk) not in html
    assert "未结束会议主题" not in html


def test_private_list_is_404(portal):
    assert Client().get(url(portal.private_list.pk)).status_code == 404
    assert Client().get(url(99999)).status_code == 404


def test_paginated(portal, world):
    for n in range(30):
        world.item(list=portal.public_list, code=f"PUB-X{n:02d}", state="assigned", is_public=True)
    first = Client().get(url(portal.public_list.pk))
    assert len(first.context["page"].object_list) == 25
    second = Client().get(url(portal.public_list.pk), {"page": 2})
    assert len(second.context["page"].object_list) == 32 - 25


def test_lists_page(portal):
    html = Client().get(reverse("portal:lists")).content.decode()
    assert "公开清单甲" in html and "公开清单丁" in html
    assert_no_secrets(html)
    assert Item.objects.filter(code="PRIV-B", is_public=True).exists()  # flagged, list private
