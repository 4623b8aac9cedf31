"""川渝通办 items and case volumes over the API: read by business users, filtered like the
services page, paged in a stable order with a constant number of queries."""

from __future__ import annotations

import pytest

from tests.api.personas import Caller, queries
from tests.services.conftest import add_volume, make_batch, make_service
from twincity.services.models import ServiceCategory, ServiceMode


@pytest.fixture
def services(world):
    first, second = make_batch(1, doc_number="川办发〔2020〕88号"), make_batch(2)
    sides = world.leads()
    hukou = make_service(
        first, sides, code="TB1-001", name="户口迁移", category=ServiceCategory.HOUSEHOLD
    )
    medical = make_service(
        first, sides, code="TB1-002", name="异地就医备案", category=ServiceCategory.MEDICAL
    )
    licence = make_service(
        second, {world.sc: world.sc_unit}, code="TB2-001", name="营业执照", mode=ServiceMode.JOINT
    )
    add_volume(hukou, world.cq, 2024, 1, 100)
    add_volume(hukou, world.sc, 2024, 1, 150)
    add_volume(hukou, world.cq, 2025, 3, 200)
    add_volume(medical, world.sc, 2025, 3, 5000)
    return hukou, medical, licence


def _codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["items"]]


@pytest.mark.parametrize("persona", ["office", "outsider", "wg_lead"])
def test_business_users_read_every_item(world, services, persona):
    body = Caller(world, persona, "read").get("/services").json()
    assert [row["code"] for row in body["items"]] == ["TB1-001", "TB1-002", "TB2-001"]
    hukou = body["items"][0]
    assert hukou["batch"] == {
        "id": services[0].batch_id,
        "number": 1,
        "label": "第一批",
        "doc_number": "川办发〔2020〕88号",
        "date": "2020-12-18",
        "title": "川渝通办事项清单（第1批）",
    }
    assert hukou["category_label"] == "户籍证照" and hukou["total_cases"] == 450
    assert [d["party"] for d in hukou["departments"]] == ["cq", "sc"]
    assert hukou["departments"][0]["unit_id"] == world.cq_unit.pk
    assert body["items"][2]["total_cases"] == 0


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_see_nothing(world, services, persona):
    caller = Caller(world, persona, "read")
    assert caller.get("/services").json()["items"] == []
    assert caller.get("/services/volumes").json()["items"] == []
    response = caller.get(f"/services/{services[0].pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_filters_like_the_services_page(world, services):
    licence = services[2]
    caller = Caller(world, "cq_liaison", "read")
    assert _codes(caller.get("/services", q="就医")) == ["TB1-002"]
    assert _codes(caller.get("/services", batch=licence.batch_id)) == ["TB2-001"]
    assert _codes(caller.get("/services", mode="joint")) == ["TB2-001"]
    assert _codes(caller.get("/services", category="household")) == ["TB1-001"]
    assert _codes(caller.get("/services", party=world.cq.pk)) == ["TB1-001", "TB1-002"]
    assert _codes(caller.get("/services", size=1, page=3)) == ["TB2-001"]
    for bad in [{"mode": "fax"}, {"category": "x"}, {"batch": 99999}, {"party": 99999}]:
        response = caller.get("/services", **bad)
        assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_item_detail_with_cases_per_side(world, services):
    hukou, _medical, licence = services
    caller = Caller(world, "sc_head", "read")
    body = caller.get(f"/services/{hukou.pk}").json()
    assert body["code"] == "TB1-001" and body["mode_label"] == "全程网办"
    assert body["cases_by_side"] == [
        {"party": "cq", "party_name": "重庆市", "cases": 300},
        {"party": "sc", "party_name": "四川省", "cases": 150},
    ]
    assert caller.get(f"/services/{licence.pk}").json()["cases_by_side"] == []
    assert caller.get("/services/99999999999999999999").status_code == 404


def _volumes(response) -> list[tuple]:
    assert response.status_code == 200, response.content
    return [(v["item_code"], v["party"], v["year"], v["month"]) for v in response.json()["items"]]


def test_volumes_filtered_by_year_side_and_item(world, services):
    hukou, medical, _licence = services
    caller = Caller(world, "leader", "read")
    assert _volumes(caller.get("/services/volumes")) == [
        ("TB1-001", "cq", 2024, 1),
        ("TB1-001", "sc", 2024, 1),
        ("TB1-001", "cq", 2025, 3),
        ("TB1-002", "sc", 2025, 3),
    ]
    assert _volumes(caller.get("/services/volumes", year=2025, side="sc")) == [
        ("TB1-002", "sc", 2025, 3)
    ]
    assert _volumes(caller.get("/services/volumes", item=hukou.pk, month=3)) == [
        ("TB1-001", "cq", 2025, 3)
    ]
    row = caller.get("/services/volumes", item=medical.pk).json()["items"][0]
    assert row["cases"] == 5000 and row["item_id"] == medical.pk
    for bad in [{"side": "xx"}, {"month": 13}, {"year": 1999}]:
        response = caller.get("/services/volumes", **bad)
        assert response.status_code == 422 and response.json()["code"] == "invalid"


def _grow(world, n: int) -> None:
    batch = make_batch(10 + n)
    for _ in range(n):
        item = make_service(batch, world.leads())
        add_volume(item, world.cq, 2025, 1, 10)
        add_volume(item, world.sc, 2025, 2, 20)


def test_item_list_queries_do_not_grow(world):
    _grow(world, 3)
    caller = Caller(world, "office", "read")
    small, rows = queries(caller, "/services", size=200)
    assert rows == 3
    _grow(world, 30)
    large, rows = queries(caller, "/services", size=200)
    assert rows == 33 and large == small


def test_volume_list_queries_do_not_grow(world):
    _grow(world, 2)
    caller = Caller(world, "office", "read")
    small, rows = queries(caller, "/services/volumes", size=200)
    assert rows == 4
    _grow(world, 20)
    large, rows = queries(caller, "/services/volumes", size=200)
    assert rows == 44 and large == small
