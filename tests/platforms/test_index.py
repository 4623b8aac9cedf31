"""The platforms index: who sees it, member and item counts, constant queries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect, queries_of, row_ids
from tests.platforms.conftest import make_agreement, make_platform
from twincity.accounts.models import UnitKind

URL = reverse("platforms:index")


@pytest.mark.parametrize("persona", BUSINESS)
def test_business_users_see_every_platform(as_user, suitong, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert row_ids(response, "platform") == [suitong.pk]
    assert suitong.name in response.content.decode()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, suitong, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_is_sent_to_login(db):
    assert_login_redirect(Client().get(URL))


def test_counts_members_and_visible_items(world, as_user, places, suitong):
    world.item(title="本单位牵头")  # led by the personas' units, not a member
    f.make_item(leads={world.sc: places["suining"], world.cq: places["tongnan"]})
    supported = world.item(title="潼南配合")
    supported.cooperating_units.add(places["tongnan"])
    make_platform("泸永江融合发展示范区", [places["luzhou"]])
    html = as_user("office").get(URL).content.decode()
    row = html.split(f'id="platform-{suitong.pk}"')[1].split("</tr>")[0]
    assert '<td class="text-end tc-members">2</td>' in row
    assert '<td class="text-end tc-items">2</td>' in row
    liaison_html = as_user("cq_liaison").get(URL).content.decode()
    liaison_row = liaison_html.split(f'id="platform-{suitong.pk}"')[1].split("</tr>")[0]
    assert '<td class="text-end tc-items">1</td>' in liaison_row  # only the one it supports


def test_the_platform_own_unit_counts_too(world, as_user, places):
    own = f.make_unit("川渝高竹新区管委会", None, kind=UnitKind.PLATFORM, code="t-gaozhu")
    platform = make_platform("川渝高竹新区", [places["luzhou"]], unit=own)
    f.make_item(leads={world.cq: own})
    html = as_user("office").get(URL).content.decode()
    row = html.split(f'id="platform-{platform.pk}"')[1].split("</tr>")[0]
    assert '<td class="text-end tc-items">1</td>' in row


def test_links_to_agreements_with_their_count(world, as_user, suitong):
    import datetime as dt

    make_agreement("川渝交通合作协议", dt.date(2021, 1, 1))
    html = as_user("leader").get(URL).content.decode()
    assert reverse("platforms:agreements") in html
    assert "合作协议（1）" in html


def test_only_the_office_sees_the_create_button(as_user, suitong):
    create = reverse("platforms:platform_create")
    assert create in as_user("office").get(URL).content.decode()
    assert create not in as_user("leader").get(URL).content.decode()


def _platforms(world, start: int, stop: int) -> None:
    for i in range(start, stop):
        members = [
            f.make_unit(f"城市{i}甲", world.sc, kind=UnitKind.CITY),
            f.make_unit(f"区县{i}乙", world.cq, kind=UnitKind.DISTRICT),
        ]
        make_platform(f"平台{i}", members)
        f.make_item(leads={world.sc: members[0], world.cq: members[1]})


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_queries_do_not_grow_with_platforms(world, as_user, persona, django_assert_num_queries):
    client = as_user(persona)
    _platforms(world, 0, 5)
    client.get(URL)
    few = queries_of(lambda: client.get(URL))
    _platforms(world, 5, 50)
    with django_assert_num_queries(few):
        response = client.get(URL)
    assert len(row_ids(response, "platform")) == 50
