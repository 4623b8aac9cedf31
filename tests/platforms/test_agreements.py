"""The agreements list: who sees it, filters, counts by year and area, constant queries."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect, queries_of, row_ids
from tests.platforms.conftest import make_agreement
from twincity.platforms.models import Agreement

URL = reverse("platforms:agreements")


@pytest.fixture
def agreements(world, places):
    rail = world.item(code="A-01", title="川渝铁路")
    return {
        "traffic": make_agreement(
            "川渝交通运输合作协议",
            dt.date(2020, 4, 28),
            "基础设施",
            parties=[world.cq, world.sc],
            units=[world.cq_unit, world.sc_unit],
            items=[rail],
            doc_number="川渝合作〔2020〕1号",
        ),
        "health": make_agreement(
            "川渝医疗保障合作协议", dt.date(2021, 6, 1), "公共服务", parties=[world.sc]
        ),
        "school": make_agreement(
            "川渝教育合作协议", dt.date(2021, 9, 1), "公共服务", parties=[world.cq]
        ),
        "blank": make_agreement("遂潼合作备忘录", dt.date(2023, 2, 1), units=[places["suining"]]),
    }


def table(html: str, table_id: str) -> dict[str, int]:
    body = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    return {k: int(v) for k, v in re.findall(r"<tr><td>([^<]*)</td><td[^>]*>(\d+)</td>", body)}


@pytest.mark.parametrize("persona", BUSINESS)
def test_business_users_see_every_agreement(as_user, agreements, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    expected = [agreements[k].pk for k in ("blank", "school", "health", "traffic")]
    assert row_ids(response, "agreement") == expected


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, agreements, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_is_sent_to_login(db):
    assert_login_redirect(Client().get(URL))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year": "2021"}, ["school", "health"]),
        ({"area": "公共服务"}, ["school", "health"]),
        ({"q": "交通"}, ["traffic"]),
        ({"q": "〔2020〕"}, ["traffic"]),
        ({"year": "2021", "area": "基础设施"}, []),
    ],
)
def test_filters(as_user, agreements, query, expected):
    response = as_user("leader").get(URL, query)
    assert row_ids(response, "agreement") == [agreements[k].pk for k in expected]


def test_filter_by_party(world, as_user, agreements):
    response = as_user("leader").get(URL, {"party": world.sc.pk})
    assert row_ids(response, "agreement") == [agreements["health"].pk, agreements["traffic"].pk]


def test_bad_filter_values_are_reported_and_ignored(as_user, agreements):
    response = as_user("leader").get(URL, {"year": "20x1", "area": "不存在"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "年度" in html and "invalid-feedback" in html
    assert len(row_ids(response, "agreement")) == 4


def test_counts_by_year_and_area_equal_a_direct_computation(as_user, agreements):
    html = as_user("office").get(URL).content.decode()
    rows = list(Agreement.objects.all())
    assert table(html, "by-year") == {
        str(y): n for y, n in Counter(a.date.year for a in rows).items()
    }
    by_area = Counter(a.area or "未分类" for a in rows)
    assert table(html, "by-area") == dict(by_area)


def test_counts_follow_the_filter(world, as_user, agreements):
    html = as_user("office").get(URL, {"party": world.cq.pk}).content.decode()
    assert table(html, "by-year") == {"2020": 1, "2021": 1}
    assert table(html, "by-area") == {"基础设施": 1, "公共服务": 1}


def test_linked_items_show_only_when_visible(world, as_user, agreements):
    link = reverse("commitments:item_detail", args=[agreements["traffic"].items.get().pk])
    assert link in as_user("cq_liaison").get(URL).content.decode()
    assert link not in as_user("outsider").get(URL).content.decode()


def test_only_the_office_sees_the_create_button(as_user, agreements):
    create = reverse("platforms:agreement_create")
    assert create in as_user("office").get(URL).content.decode()
    assert create not in as_user("cq_head").get(URL).content.decode()


def _agreements(world, start: int, stop: int) -> None:
    for i in range(start, stop):
        make_agreement(
            f"协议{i}",
            dt.date(2020 + i % 6, 1 + i % 12, 1),
            ["基础设施", "公共服务", "科技创新"][i % 3],
            parties=[world.cq, world.sc],
            units=[world.cq_unit, world.sc_unit],
            items=[world.item(title=f"事项{i}")],
        )


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_queries_do_not_grow_with_agreements(world, as_user, persona, django_assert_num_queries):
    client = as_user(persona)
    _agreements(world, 0, 5)
    client.get(URL)
    few = queries_of(lambda: client.get(URL))
    _agreements(world, 5, 50)
    with django_assert_num_queries(few):
        response = client.get(URL)
    assert len(row_ids(response, "agreement")) == 25
