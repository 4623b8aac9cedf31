"""/supervision/: the current round's rates, lights by unit, side, group and area, overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect, row_ids
from tests.queries import queries_for
from tests.workflow.helpers import in_progress
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, ListKind
from twincity.lib import clock
from twincity.supervision.rounds import open_round

URL = reverse("supervision:overview")


def days(n: int) -> dt.datetime:
    return clock.now() + dt.timedelta(days=n)


def today(n: int = 0) -> dt.date:
    """A date relative to today: compute it before travelling."""
    return clock.today() + dt.timedelta(days=n)


@pytest.fixture
def scene(world):
    """A red, a yellow, a recovered and a green item; a round open ten days ago."""
    office, far = world.users["office"], today(200)
    deadlines = [today(-5), today(5), today(-15), far]
    with clock.travel(days(-20)):
        red = in_progress(world, deadline=deadlines[0], area="交通")
        yellow = in_progress(world, deadline=deadlines[1], working_group=world.group)
        recovered = in_progress(world, deadline=deadlines[2])
        green = in_progress(world, deadline=far)
    due = today(5)
    with clock.travel(days(-10)):
        rnd = open_round(office, "2025年第3季度", [ListKind.AGREED_ITEMS], due)
    with clock.travel(days(-9)):
        wf.extend_deadline(office, recovered, far, "同意延期")
    with clock.travel(days(-5)):
        wf.submit_report(world.users["cq_liaison"], green, {"progress_text": "好", "percent": 30})
    return {"red": red, "yellow": yellow, "recovered": recovered, "green": green, "round": rnd}


def test_anonymous_is_sent_to_login(client):
    assert_login_redirect(client.get(URL))


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, scene, persona):
    assert as_user(persona).get(URL).status_code == 404


@pytest.mark.parametrize("persona", BUSINESS)
def test_business_users_read(as_user, scene, persona):
    assert as_user(persona).get(URL).status_code == 200


def test_shows_the_rates_and_the_red_yellow_recovered_items(as_user, scene):
    response = as_user("leader").get(URL)
    page = response.content.decode()
    assert "2025年第3季度" in page
    assert 'id="round-expected">8<' in page and 'id="round-submitted">1<' in page
    assert 'id="round-rate">12.5%<' in page
    flagged = row_ids(response)
    assert flagged == [scene["red"].pk, scene["yellow"].pk, scene["recovered"].pk]
    for light in ("red", "yellow", "recovered", "green"):
        assert f'id="count-{light}">1<' in page
    assert "tc-row-recovered" in page and "恢复" in page


def test_overdue_items_with_days_late(as_user, scene):
    page = as_user("office").get(URL).content.decode()
    row = page.split(f'id="overdue-{scene["red"].pk}"')[1].split("</tr>")[0]
    assert ">5<" in row
    assert f'id="overdue-{scene["recovered"].pk}"' not in page


def test_units_ranked_by_on_time_rate(as_user, scene, world):
    page = as_user("office").get(URL).content.decode()
    ranking = page.split('id="ranking"')[1].split("</table>")[0]
    assert ranking.index("重庆市发展改革委") < ranking.index("四川省发展改革委")
    assert "25.0%" in ranking  # 1 of the 4 reports the 渝 unit owes


def test_light_tables_by_unit_side_group_and_area(as_user, scene):
    page = as_user("office").get(URL).content.decode()
    for table in ("lights-unit", "lights-party", "lights-group", "lights-area"):
        assert f'id="{table}"' in page
    area = page.split('id="lights-area"')[1].split("</table>")[0]
    assert "交通" in area and "未填领域" in area
    group = page.split('id="lights-group"')[1].split("</table>")[0]
    assert "规划政策专项组" in group


def test_the_lights_recorded_at_each_round(as_user, scene):
    page = as_user("office").get(URL).content.decode()
    trend = page.split('id="trend"')[1].split("</table>")[0]
    row = trend.split("2025年第3季度")[1].split("</tr>")[0]
    cells = [c.split("<")[0] for c in row.split("text-end")[1:]]
    # at opening: the one to recover was red; the red one and the yellow one were yellow
    assert [c.split(">")[-1] for c in cells] == ["1", "2", "0", "1"]


def test_a_liaison_sees_only_the_items_of_their_unit(as_user, scene):
    response = as_user("outsider").get(URL)
    assert row_ids(response) == []
    assert 'id="count-red">0<' in response.content.decode()


def test_filters_narrow_items_and_figures(as_user, scene, world):
    client = as_user("office")
    by_area = client.get(URL, {"area": "交通"})
    assert row_ids(by_area) == [scene["red"].pk]
    by_group = client.get(URL, {"group": world.group.pk})
    assert row_ids(by_group) == [scene["yellow"].pk]
    assert 'id="round-expected">2<' in by_group.content.decode()
    by_side = client.get(URL, {"party": world.sc.pk})
    assert 'id="round-expected">4<' in by_side.content.decode()
    assert 'id="round-submitted">0<' in by_side.content.decode()


def test_htmx_gets_only_the_body(as_user, scene, world):
    response = as_user("office").get(URL, {"area": "交通"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and 'id="flagged"' in page
    assert row_ids(response) == [scene["red"].pk]


def test_without_any_round(as_user, world):
    page = as_user("office").get(URL).content.decode()
    assert 'id="no-round"' in page


def build(world, n: int) -> None:
    """n items, half of them past due, and a round whose due date has passed."""
    lst = f.make_list()
    deadlines = [today(i - n // 2) for i in range(n)]
    due = today(-1)
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
    queries_for(client, URL)  # the first request of a session makes a few more
    few = queries_for(client, URL)
    build(world, 45)
    assert queries_for(client, URL) == few
    assert queries_for(client, URL + f"?party={world.cq.pk}&area=领域1") == queries_for(
        client, URL + f"?party={world.sc.pk}&area=领域2"
    )
