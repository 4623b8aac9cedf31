"""The notices list: who sees which notices, filters, paging, a constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.queries import queries_for
from tests.supervision.ladder_helpers import make_notice, working_item
from twincity.supervision import ladder
from twincity.supervision.models import NoticeKind

URL = reverse("supervision:notices")
K = NoticeKind


@pytest.fixture
def notices(world):
    item = working_item(world)
    cq = make_notice(world, K.URGE, [item])
    sc = make_notice(world, K.SUPERVISE, [item], unit=world.sc_unit)
    return cq, sc


def numbers(response) -> list[str]:
    return [n.number for n in response.context["page"]]


@pytest.mark.parametrize("persona", ["office", "leader"])
def test_office_and_leaders_see_every_notice(as_user, notices, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert sorted(numbers(response)) == sorted(n.number for n in notices)


@pytest.mark.parametrize("persona", ["cq_liaison", "cq_head"])
def test_people_of_a_unit_see_its_notices_only(as_user, notices, persona):
    cq, _sc = notices
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert numbers(response) == [cq.number]
    assert cq.number in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "wg_lead"])
def test_others_see_an_empty_list(as_user, notices, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200 and numbers(response) == []


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404(as_user, notices, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_goes_to_login(client, notices):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.url


def test_filters_by_kind_unit_and_answer(world, as_user, notices):
    cq, sc = notices
    client = as_user("office")
    assert numbers(client.get(URL, {"kind": "urge"})) == [cq.number]
    assert numbers(client.get(URL, {"unit": world.sc_unit.pk})) == [sc.number]
    ladder.answer_notice(world.users["cq_liaison"], cq, "已整改")
    assert numbers(client.get(URL, {"answered": "yes"})) == [cq.number]
    assert numbers(client.get(URL, {"answered": "no"})) == [sc.number]


def test_a_bad_filter_shows_its_error_and_no_rows(as_user, notices):
    response = as_user("office").get(URL, {"kind": "nonsense"})
    assert response.status_code == 200 and numbers(response) == []
    assert response.context["form"].errors["kind"]


def test_a_liaison_cannot_filter_on_another_units_notices(world, as_user, notices):
    response = as_user("cq_liaison").get(URL, {"unit": world.sc_unit.pk})
    assert numbers(response) == [] and response.context["form"].errors["unit"]


def test_only_the_office_sees_the_issue_and_bulletin_controls(as_user, notices):
    office = as_user("office").get(URL).content.decode()
    liaison = as_user("cq_liaison").get(URL).content.decode()
    for marker in (reverse("supervision:notice_create"), reverse("supervision:bulletin_issue")):
        assert marker in office and marker not in liaison


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_query_count_does_not_grow_with_rows(world, as_user, persona, django_assert_num_queries):
    items = [working_item(world) for _ in range(3)]
    for _ in range(5):
        make_notice(world, K.URGE, items)
    client = as_user(persona)
    client.get(URL)  # warm the session
    at_five = queries_for(client, URL)
    for _ in range(45):
        make_notice(world, K.URGE, items)
    with django_assert_num_queries(at_five):
        response = client.get(URL)
    assert len(response.context["page"]) == 25
    assert response.context["page"].paginator.count == 50
