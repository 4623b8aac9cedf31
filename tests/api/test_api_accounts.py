"""The organisation over the API: parties, units and working groups, read-only."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factory as f
from twincity.accounts.tokens import create_token


def bearer(world, persona: str, scope: str = "read") -> dict[str, str]:
    secret = create_token(world.users[persona], "接口", scope)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_parties_in_their_order_with_detail(world):
    auth = bearer(world, "cq_liaison")
    page = Client().get("/api/v1/parties", **auth).json()
    assert page["count"] == 2
    assert [(p["code"], p["short_name"]) for p in page["items"]] == [("cq", "渝"), ("sc", "川")]
    detail = Client().get(f"/api/v1/parties/{world.sc.pk}", **auth).json()
    assert detail == {
        "id": world.sc.pk,
        "code": "sc",
        "short_name": "川",
        "name": "四川省",
        "order": 2,
    }


def test_units_filtered_like_the_organisation_page(world):
    auth = bearer(world, "office")
    by_party = Client().get(f"/api/v1/units?party={world.sc.pk}", **auth).json()
    assert [u["code"] for u in by_party["items"]] == ["sc-fgw"]
    found = Client().get("/api/v1/units?q=发展改革委", **auth).json()
    assert {u["code"] for u in found["items"]} == {"cq-fgw", "sc-fgw"}
    office = Client().get("/api/v1/units?kind=joint_office", **auth).json()["items"]
    assert office == [
        {
            "id": world.office_unit.pk,
            "name": "联合办公室",
            "short_name": "",
            "code": "joint-office",
            "kind": "joint_office",
            "kind_label": "联合办公室",
            "party_id": None,
            "party": None,
            "parent_id": None,
            "head_approval": True,
        }
    ]
    detail = Client().get(f"/api/v1/units/{world.cq_unit.pk}", **auth).json()
    assert detail["party"] == "cq" and detail["party_id"] == world.cq.pk


@pytest.mark.parametrize("query", ["kind=nonsense", "party=999999", "party=x", "q=" + "长" * 101])
def test_bad_unit_filters_are_422(world, query):
    response = Client().get(f"/api/v1/units?{query}", **bearer(world, "office"))
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_units_page_through_a_stable_order(world):
    auth = bearer(world, "office")
    everything = Client().get("/api/v1/units?size=200", **auth).json()
    codes = [u["code"] for u in everything["items"]]
    pages = [
        Client().get(f"/api/v1/units?size=2&page={n}", **auth).json()["items"] for n in (1, 2, 3)
    ]
    assert [u["code"] for page in pages for u in page] == codes and len(codes) == 5


def test_working_groups_with_their_leads_and_members(world):
    world.group.members.add(world.other_unit)
    auth = bearer(world, "sc_liaison")
    listed = Client().get("/api/v1/working-groups", **auth).json()["items"]
    assert [g["name"] for g in listed] == ["规划政策专项组"]
    assert [(x["party"], x["unit"]) for x in listed[0]["leads"]] == [
        ("cq", "重庆市发展改革委"),
        ("sc", "四川省发展改革委"),
    ]
    detail = Client().get(f"/api/v1/working-groups/{world.group.pk}", **auth).json()
    assert detail["members"] == [{"id": world.other_unit.pk, "name": "重庆市其他局"}]
    assert detail["leads"] == listed[0]["leads"]


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin"])
def test_the_administrators_who_manage_the_organisation_read_it(world, as_user, persona):
    response = as_user(persona).get(f"/api/v1/units/{world.cq_unit.pk}")
    assert response.status_code == 200 and response.json()["code"] == "cq-fgw"


def test_the_audit_administrator_sees_no_organisation(world, as_user):
    client = as_user("auditor")
    for url in ["/api/v1/parties", "/api/v1/units", "/api/v1/working-groups"]:
        assert client.get(url).json()["items"] == [], url
    for url in [
        f"/api/v1/parties/{world.cq.pk}",
        f"/api/v1/units/{world.cq_unit.pk}",
        f"/api/v1/working-groups/{world.group.pk}",
    ]:
        response = client.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url


def test_unknown_ids_are_404(world):
    auth = bearer(world, "office")
    for url in ["/api/v1/parties/999999", "/api/v1/units/0", "/api/v1/working-groups/999999"]:
        assert Client().get(url, **auth).status_code == 404, url


def test_anonymous_is_401(world):
    assert Client().get("/api/v1/units").status_code == 401


def _count(auth, url):
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(url, **auth)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


def test_list_queries_do_not_grow_with_rows(world):
    auth = bearer(world, "office")
    small = {url: _count(auth, url) for url in ["/api/v1/units", "/api/v1/working-groups"]}
    for n in range(2, 12):
        party = f.make_party(f"p{n}", f"方{n}", f"参与方{n}", n + 2)
        f.make_group(n, leads={world.cq: f.make_unit(party=party), party: f.make_unit(party=party)})
    large = {url: _count(auth, url) for url in small}
    assert large["/api/v1/units"] == (small["/api/v1/units"][0], 25)
    assert large["/api/v1/working-groups"] == (small["/api/v1/working-groups"][0], 11)
    assert _count(auth, "/api/v1/parties")[1] == 12
