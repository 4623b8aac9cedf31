"""The item page's ladder panel: its whole history, for each persona, in constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.supervision.ladder_helpers import item_url, make_notice, working_item
from twincity.lib import clock
from twincity.supervision import extensions
from twincity.supervision.models import NoticeKind

K = NoticeKind


def fill(world, item, count: int) -> None:
    """Notices of every kind to both units, and decided extensions."""
    office = world.users["office"]
    for n in range(count):
        unit = world.cq_unit if n % 2 else world.sc_unit
        make_notice(world, list(K.values)[n % 4], [item], unit=unit)
        new = (item.deadline or clock.today()) + dt.timedelta(30 * (n + 1))
        ext = extensions.request_extension(world.users["cq_liaison"], item, None, new, "理由")
        extensions.decide_extension(office, ext, n % 2 == 0, "意见")
        item.refresh_from_db()


@pytest.fixture
def item(world):
    item = working_item(world)
    make_notice(world, K.URGE, [item])
    make_notice(world, K.SUPERVISE, [item], unit=world.sc_unit)
    return item


@pytest.mark.parametrize("persona", ["office", "leader"])
def test_the_office_and_leaders_see_every_units_notices(as_user, item, persona):
    page = as_user(persona).get(item_url(item)).content.decode()
    assert 'id="item-ladder"' in page
    assert "催办〔" in page and "督办〔" in page


def test_a_liaison_sees_its_own_units_notices(as_user, item):
    page = as_user("cq_liaison").get(item_url(item)).content.decode()
    assert "催办〔" in page and "督办〔" not in page
    page = as_user("sc_liaison").get(item_url(item)).content.decode()
    assert "督办〔" in page and "催办〔" not in page


def test_only_the_office_gets_the_issue_link(as_user, item):
    assert "notices/new/?item=" in as_user("office").get(item_url(item)).content.decode()
    assert "notices/new/?item=" not in as_user("cq_liaison").get(item_url(item)).content.decode()


@pytest.mark.parametrize("persona", ["office", "cq_liaison", "leader"])
def test_query_count_does_not_grow_with_the_history(
    world, as_user, persona, django_assert_num_queries
):
    small, big = working_item(world), working_item(world)
    fill(world, small, 2)
    fill(world, big, 12)
    client = as_user(persona)
    client.get(item_url(small))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(item_url(small)).status_code == 200
    with django_assert_num_queries(len(ctx.captured_queries)):
        page = client.get(item_url(big)).content.decode()
    assert page.count('data-status="approved"') == 6
