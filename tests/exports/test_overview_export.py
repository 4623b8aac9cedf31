"""Exporting the supervision overview's red, yellow and recovered items to Excel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factory as f
from tests.exports.conftest import (
    ADMINS,
    BUSINESS,
    CLEANED,
    CONTROL,
    cells,
    column,
    export_queries,
    header,
    sheet,
    xlsx,
)
from tests.lists.util import row_ids
from tests.workflow.helpers import in_progress
from twincity.commitments.models import Item, ItemState, ListKind
from twincity.lib import clock
from twincity.supervision.rounds import open_round

URL = reverse("supervision:overview")


def today(n: int = 0) -> dt.date:
    return clock.today() + dt.timedelta(days=n)


def days(n: int) -> dt.datetime:
    return clock.now() + dt.timedelta(days=n)


@pytest.fixture
def scene(world):
    """A red item (user text in its title), a yellow one in a group, a green one."""
    far = today(200)
    deadlines = [today(-5), today(5)]
    with clock.travel(days(-20)):
        red = in_progress(world, deadline=deadlines[0], area="交通", title="=HYPERLINK(1)")
        yellow = in_progress(world, deadline=deadlines[1], working_group=world.group, title=CONTROL)
        in_progress(world, deadline=far)
    return {"red": red, "yellow": yellow}


def test_columns(as_user, scene):
    ws = sheet(as_user("office").get(xlsx(URL)))
    assert header(ws) == [
        "亮灯",
        "编号",
        "事项名称",
        "各方牵头单位",
        "专项工作组",
        "领域",
        "完成时限",
        "进度（%）",
        "逾期天数",
    ]


@pytest.mark.parametrize("persona", BUSINESS)
def test_rows_are_the_flagged_items_the_page_lists(as_user, scene, persona):
    client = as_user(persona)
    shown = codes(row_ids(client.get(URL)))
    assert column(sheet(client.get(xlsx(URL))), "编号") == shown


def codes(pks: list[int]) -> list[str]:
    by_pk = dict(Item.objects.values_list("pk", "code"))
    return [by_pk[pk] for pk in pks]


def test_lights_days_late_and_types(as_user, scene):
    ws = sheet(as_user("office").get(xlsx(URL)))
    assert column(ws, "编号") == [scene["red"].code, scene["yellow"].code]
    assert column(ws, "亮灯") == ["红灯", "黄灯"]
    assert column(ws, "逾期天数") == [5, None]
    assert all(c.data_type == "n" for c in cells(ws, "进度（%）"))
    assert all(c.is_date for c in cells(ws, "完成时限"))
    assert "渝 重庆市发展改革委（红灯）" in column(ws, "各方牵头单位")[0]


def test_user_text_stays_text_and_control_characters_go(as_user, scene):
    ws = sheet(as_user("office").get(xlsx(URL)))
    title = cells(ws, "事项名称")[0]
    assert (title.value, title.data_type) == ("=HYPERLINK(1)", "s")
    assert column(ws, "事项名称")[1] == CLEANED


def test_the_filter_applies(as_user, scene, world):
    client = as_user("office")
    for query in ("?area=交通", f"?group={world.group.pk}", f"?party={world.sc.pk}"):
        shown = codes(row_ids(client.get(URL + query)))
        assert column(sheet(client.get(xlsx(URL + query))), "编号") == shown
    assert column(sheet(client.get(xlsx(URL + "?area=交通"))), "编号") == [scene["red"].code]


def test_a_side_filter_shows_that_sides_light(as_user, scene, world):
    ws = sheet(as_user("office").get(xlsx(f"{URL}?party={world.sc.pk}")))
    assert all("渝" not in text for text in column(ws, "各方牵头单位"))


def test_a_liaison_exports_only_their_units_items(as_user, scene):
    ws = sheet(as_user("outsider").get(xlsx(URL)))
    assert column(ws, "编号") == []


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, scene, persona):
    assert as_user(persona).get(xlsx(URL)).status_code == 404


def test_the_page_and_its_fragment_link_to_the_export(as_user, scene, world):
    client = as_user("office")
    assert (
        'href="?area=%E4%BA%A4%E9%80%9A&amp;format=xlsx"'
        in client.get(URL, {"area": "交通"}).content.decode()
    )
    fragment = client.get(URL, {"area": "交通"}, headers={"HX-Request": "true"})
    assert 'hx-swap-oob="true"' in fragment.content.decode()


def build(world, n: int) -> None:
    lst = f.make_list()
    deadlines, due = [today(i - n // 2) for i in range(n)], today(-1)
    with clock.travel(days(-20)):
        for i in range(n):
            world.item(
                list=lst,
                state=ItemState.IN_PROGRESS,
                deadline=deadlines[i],
                area=f"领域{i % 3}",
                working_group=world.group if i % 2 else None,
            )
    with clock.travel(days(-10)):
        open_round(world.users["office"], f"第{n}期", [ListKind.AGREED_ITEMS], due)


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_queries_do_not_grow_with_items(as_user, world, persona):
    build(world, 5)
    client = as_user(persona)
    export_queries(client, xlsx(URL))
    few = export_queries(client, xlsx(URL))
    build(world, 45)
    assert export_queries(client, xlsx(URL)) == few
