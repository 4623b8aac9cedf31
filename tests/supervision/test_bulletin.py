"""A round's bulletin draft: on-time, late and missing units, red items with difficulties."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect
from tests.queries import queries_for
from twincity.accounts.models import Role
from twincity.commitments import workflow as wf
from twincity.commitments.models import ItemState, ListKind
from twincity.lib import clock
from twincity.supervision.rounds import close_round, open_round

SH = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2025, 10, 1, 9, tzinfo=SH)
DUE = dt.date(2025, 10, 10)
AFTER = dt.datetime(2025, 10, 15, 9, tzinfo=SH)


def url(rnd) -> str:
    return reverse("supervision:round_bulletin", args=[rnd.pk])


def section(page: str, name: str) -> str:
    return page.split(f'id="{name}"')[1].split("</p>")[0]


def submit(user, item, when, **data):
    with clock.travel(when):
        fields = {"progress_text": "进展", "percent": 50} | data
        return wf.submit_report(user, item, fields)


@pytest.fixture
def scene(world):
    """渝 unit on time; 川 unit late on one item; a third unit missing; one item past due."""
    third = f.make_unit("重庆市经济信息委", world.cq, code="cq-jxw")
    f.make_user("jxw_liaison", Role.LIAISON, third)
    with clock.travel(T0 - dt.timedelta(days=20)):
        ok = world.item(state=ItemState.IN_PROGRESS, deadline=dt.date(2026, 6, 30))
        late = world.item(state=ItemState.IN_PROGRESS, deadline=dt.date(2025, 10, 5))
        other = f.make_item(
            leads={world.cq: third}, state=ItemState.IN_PROGRESS, deadline=dt.date(2026, 6, 30)
        )
    with clock.travel(T0):
        rnd = open_round(world.users["office"], "2025年第3季度", [ListKind.AGREED_ITEMS], DUE)
    cq, sc = world.users["cq_liaison"], world.users["sc_liaison"]
    submit(cq, ok, T0)
    submit(cq, late, T0, difficulties="用地指标尚未落实")
    submit(sc, ok, T0)
    submit(sc, late, dt.datetime(2025, 10, 12, 9, tzinfo=SH), difficulties="资金未到位")
    return {"round": rnd, "ok": ok, "late": late, "other": other}


def test_anonymous(client, scene):
    assert_login_redirect(client.get(url(scene["round"])))


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_404(as_user, scene, persona):
    assert as_user(persona).get(url(scene["round"])).status_code == 404


@pytest.mark.parametrize("persona", BUSINESS)
def test_business_users_read(as_user, scene, persona):
    with clock.travel(AFTER):
        assert as_user(persona).get(url(scene["round"])).status_code == 200


def test_units_by_how_they_reported(as_user, scene):
    with clock.travel(AFTER):
        page = as_user("office").get(url(scene["round"])).content.decode()
    assert "重庆市发展改革委" in section(page, "on-time-units")
    assert "四川省发展改革委（逾期 1 项）" in section(page, "late-units")
    assert "重庆市经济信息委（未报 1 项）" in section(page, "missing-units")
    assert "应报送进展 5 项，已报送 4 项" in page and "按时报送率为 60.0%" in page


def test_red_items_with_the_difficulties_of_each_side(as_user, scene):
    with clock.travel(AFTER):
        page = as_user("leader").get(url(scene["round"])).content.decode()
    red = page.split('id="red-items"')[1]
    assert f'id="red-{scene["late"].pk}"' in red
    assert f'id="red-{scene["ok"].pk}"' not in red
    row = red.split(f'id="red-{scene["late"].pk}"')[1].split("</tr>")[0]
    assert "用地指标尚未落实" in row and "资金未到位" in row
    assert "本轮未报送" not in row
    # the third unit's item is red for its missing report, with nothing reported
    other = red.split(f'id="red-{scene["other"].pk}"')[1].split("</tr>")[0]
    assert "未报送进展" in other and "本轮未报送" in other


def test_a_closed_round_shows_the_lights_recorded_at_closing(as_user, scene, world):
    with clock.travel(AFTER):
        close_round(world.users["office"], scene["round"])
        wf.extend_deadline(world.users["office"], scene["late"], dt.date(2026, 6, 30), "延期")
        page = as_user("office").get(url(scene["round"])).content.decode()
    assert f'id="red-{scene["late"].pk}"' in page


def test_printable(as_user, scene):
    page = as_user("office").get(url(scene["round"])).content.decode()
    assert 'onclick="window.print()"' in page and "@media print" in page
    assert "tc-noprint" in page


def test_a_liaison_sees_only_red_items_of_their_unit(as_user, scene):
    with clock.travel(AFTER):
        page = as_user("outsider").get(url(scene["round"])).content.decode()
    assert 'id="red-items"' not in page and 'id="no-red"' in page


def test_queries_do_not_grow(as_user, world):
    client = as_user("office")
    lst = f.make_list()

    def build(n: int):
        with clock.travel(T0 - dt.timedelta(days=20)):
            items = [
                world.item(list=lst, state=ItemState.IN_PROGRESS, deadline=dt.date(2025, 10, 5))
                for _ in range(n)
            ]
        with clock.travel(T0):
            rnd = open_round(world.users["office"], f"第{n}期", [ListKind.AGREED_ITEMS], DUE)
        for item in items[::2]:
            submit(world.users["cq_liaison"], item, T0, difficulties="困难")
        return rnd

    small = build(5)
    with clock.travel(AFTER):
        queries_for(client, url(small))
        few = queries_for(client, url(small))
    big = build(50)
    with clock.travel(AFTER):
        assert queries_for(client, url(big)) == few


def test_bulletin_marks_extended_red_items(world, as_user):
    """An item still red after an approved extension is marked 已延期 in the bulletin."""
    import datetime as dt

    from twincity.lib import clock
    from twincity.supervision import extensions, rounds
    from twincity.supervision.models import Extension

    office = world.users["office"]
    item = world.item(deadline=clock.today() + dt.timedelta(days=30))
    from twincity.commitments import workflow as wf

    wf.assign(office, item)
    wf.sign(world.users["cq_liaison"], item)
    wf.sign(world.users["sc_liaison"], item)
    rnd = rounds.open_round(office, "2026年12月", ["agreed_items"], clock.today())
    ext = extensions.request_extension(
        world.users["cq_liaison"], item, world.cq, clock.today() + dt.timedelta(days=90), "理由"
    )
    extensions.decide_extension(office, ext, True, "同意")
    assert Extension.objects.get(pk=ext.pk).status == "approved"
    later = dt.datetime.combine(clock.today() + dt.timedelta(days=3), dt.time(10), tzinfo=dt.UTC)
    with clock.travel(later):  # the round's report is now missing: red
        page = as_user("office").get(f"/supervision/rounds/{rnd.pk}/bulletin/").content.decode()
    assert f'id="red-{item.pk}"' in page
    assert "tc-extended" in page.split(f'id="red-{item.pk}"')[1].split("</tr>")[0]
