"""The work results list: who sees which results, filters, pagination, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect, queries_of, row_ids
from twincity.commitments.models import Result, ResultType

URL = reverse("commitments:results")


def make_result(title: str, items=(), parties=(), **kw) -> Result:
    fields = {"type": ResultType.DOCUMENT, "date": dt.date(2025, 3, 1)} | kw
    result = Result.objects.create(title=title, **fields)
    result.items.set(items)
    result.parties.set(parties)
    return result


@pytest.fixture
def results(world):
    rail = world.item(code="10-01", title="川渝高铁")
    park = world.item(code="10-02", title="园区")
    own = f.make_item(code="10-03", title="本单位事项")
    own.cooperating_units.add(world.other_unit)
    return {
        "doc": make_result("印发高铁建设方案", [rail], [world.cq, world.sc]),
        "start": make_result(
            "园区项目开工",
            [park],
            [world.sc],
            type=ResultType.PROJECT_STARTED,
            date=dt.date(2024, 9, 1),
            description="总投资50亿元",
        ),
        "own": make_result("本单位成果", [own], [world.cq]),
        "loose": make_result("未关联事项的成果", created_by=world.users["cq_liaison"]),
    }


def test_anonymous_is_sent_to_login(client):
    assert_login_redirect(client.get(URL))


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("office", {"doc", "start", "own", "loose"}),
        ("leader", {"doc", "start", "own", "loose"}),
        ("cq_liaison", {"doc", "start", "loose"}),
        ("sc_head", {"doc", "start"}),
        ("outsider", {"own"}),
        ("wg_lead", set()),
    ],
)
def test_each_persona_sees_the_results_of_items_they_see(as_user, results, persona, visible):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert set(row_ids(response, "result")) == {results[k].pk for k in visible}


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_an_empty_page(as_user, results, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert row_ids(response, "result") == []


def test_only_visible_items_are_listed_next_to_a_result(as_user, world, results):
    hidden = f.make_item(leads={world.sc: world.sc_unit}, code="99-99", title="外单位事项")
    results["own"].items.add(hidden)
    page = as_user("outsider").get(URL).content.decode()
    assert "本单位事项" in page and "外单位事项" not in page


def shown(as_user, **params) -> set[int]:
    return set(row_ids(as_user("office").get(URL, params), "result"))


def test_filters(as_user, world, results):
    ids = {k: r.pk for k, r in results.items()}
    assert shown(as_user, type=ResultType.PROJECT_STARTED) == {ids["start"]}
    assert shown(as_user, party=world.cq.pk) == {ids["doc"], ids["own"]}
    assert shown(as_user, year=2024) == {ids["start"]}
    assert shown(as_user, q="高铁") == {ids["doc"]}
    assert shown(as_user, q="50亿") == {ids["start"]}
    assert shown(as_user, year="abc") == set(ids.values())  # invalid: reported, ignored


@pytest.mark.parametrize("persona", BUSINESS)
def test_create_button_for_office_and_liaisons(as_user, results, persona):
    page = as_user(persona).get(URL).content.decode()
    assert ("登记成果" in page) == (persona in {"office", "cq_liaison", "sc_liaison", "outsider"})


def test_pagination(as_user, world):
    for n in range(30):
        make_result(f"成果{n}", created_by=world.users["office"])
    client = as_user("office")
    first = client.get(URL, {"type": ResultType.DOCUMENT})
    assert len(row_ids(first, "result")) == 25
    assert "type=document&amp;page=2" in first.content.decode()
    assert len(row_ids(client.get(URL, {"type": ResultType.DOCUMENT, "page": 2}), "result")) == 5


def make_results(world, count: int) -> None:
    for n in range(count):
        item = world.item()
        make_result(f"成果{n}", [item], [world.cq, world.sc])


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_query_count_does_not_grow_with_rows(as_user, world, persona, django_assert_num_queries):
    client = as_user(persona)
    make_results(world, 5)
    client.get(URL)
    at_five = queries_of(lambda: client.get(URL))
    make_results(world, 45)
    with django_assert_num_queries(at_five):
        response = client.get(URL)
    assert len(row_ids(response, "result")) == 25
