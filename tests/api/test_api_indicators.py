"""Regions, indicators and observations over the API: business users read, the joint office
records and revises values through the workflow (revisions with If-Match)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.api.personas import Caller, queries
from tests.indicators.conftest import make_indicator, observe
from twincity.audit.models import AuditEvent
from twincity.indicators.models import Observation, PeriodKind, Region, RegionLevel
from twincity.indicators.regions import load_regions
from twincity.lib import clock

NOW = dt.datetime(2025, 8, 10, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def august():
    with clock.travel(NOW):
        yield


@pytest.fixture
def regions(world) -> dict[str, Region]:
    load_regions()
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def gdp(regions):
    indicator = make_indicator(code="gdp", name="地区生产总值", is_key=True, order=1)
    for year, value in [(2022, 77600), (2023, 81990), (2024, 86000)]:
        observe(indicator, regions["circle"], year, value)
    observe(indicator, regions["cq"], 2024, 32193)
    observe(indicator, regions["sc-chengdu"], 2024, 23511)
    observe(
        indicator,
        regions["cq"],
        2025,
        "16100.5",
        kind=PeriodKind.QUARTER,
        end=dt.date(2025, 6, 30),
    )
    return indicator


# --- regions and indicators --------------------------------------------------------------------


def test_regions_are_reference_data_for_business_users(world, regions):
    caller = Caller(world, "outsider", "read")
    body = caller.get("/regions").json()
    assert body["count"] == len(regions) and body["items"][0]["code"] == "circle"
    sides = caller.get("/regions", level="side").json()["items"]
    assert [(r["code"], r["party"], r["level_label"]) for r in sides] == [
        ("cq", "cq", "省市"),
        ("sc", "sc", "省市"),
    ]
    assert caller.get("/regions", level="planet").status_code == 422
    assert Caller(world, "auditor", "read").get("/regions").json()["items"] == []


def test_region_list_queries_do_not_depend_on_the_rows(world, regions):
    caller = Caller(world, "office", "read")
    few, rows = queries(caller, "/regions", level="side")
    assert rows == 2
    many, rows = queries(caller, "/regions", level=RegionLevel.DISTRICT, size=200)
    assert rows > 20 and many == few


def test_the_catalogue_with_the_circles_latest_value(world, gdp):
    make_indicator(code="trains", name="开行班列", area="transport", order=2)
    body = Caller(world, "cq_liaison", "read").get("/indicators").json()
    assert [i["code"] for i in body["items"]] == ["gdp", "trains"]
    assert body["items"][0]["latest"] == {
        "region_id": Region.objects.get(code="circle").pk,
        "period_kind": "year",
        "period_end": "2024-12-31",
        "period_label": "2024年",
        "value": "86000.0000",
    }
    assert body["items"][1]["latest"] is None and body["items"][1]["area_label"] == "交通"


def test_catalogue_filters_like_its_page(world, gdp):
    make_indicator(code="trains", name="开行班列", area="transport", definition="中欧班列")
    caller = Caller(world, "leader", "read")
    codes = lambda **kw: [i["code"] for i in caller.get("/indicators", **kw).json()["items"]]  # noqa: E731
    assert codes(q="班列") == ["trains"]
    assert codes(area="transport") == ["trains"]
    assert codes(key=True) == ["gdp"]
    response = caller.get("/indicators", area="space")
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_indicator_by_code_or_id(world, gdp):
    caller = Caller(world, "sc_head", "read")
    assert caller.get("/indicators/gdp").json()["id"] == gdp.pk
    assert caller.get(f"/indicators/{gdp.pk}").json()["code"] == "gdp"
    for missing in ["nope", "99999", "9" * 30, "a%20b", "gdp%00"]:
        response = caller.get(f"/indicators/{missing}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_see_no_indicator(world, gdp, persona):
    caller = Caller(world, persona, "read")
    assert caller.get("/indicators").json()["items"] == []
    assert caller.get("/indicators/gdp").status_code == 404
    assert caller.get("/indicators/gdp/observations").status_code == 404
    observation = gdp.observations.first()
    assert caller.get(f"/observations/{observation.pk}").status_code == 404


def test_catalogue_queries_do_not_grow(world, regions):
    def grow(n: int) -> None:
        for _ in range(n):
            indicator = make_indicator()
            observe(indicator, regions["circle"], 2023, 1)
            observe(indicator, regions["circle"], 2024, 2)

    grow(2)
    caller = Caller(world, "office", "read")
    small, rows = queries(caller, "/indicators", size=200)
    assert rows == 2
    grow(20)
    large, rows = queries(caller, "/indicators", size=200)
    assert rows == 22 and large == small


# --- observations ------------------------------------------------------------------------------


def _periods(response) -> list[tuple[str, str, str]]:
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    return [(o["region_code"], o["period_kind"], o["period_end"]) for o in items]


def test_observations_newest_first_with_filters(world, gdp, regions):
    caller = Caller(world, "wg_lead", "read")
    assert _periods(caller.get("/indicators/gdp/observations", size=3)) == [
        ("cq", "quarter", "2025-06-30"),
        ("circle", "year", "2024-12-31"),
        ("cq", "year", "2024-12-31"),
    ]
    by_region = caller.get("/indicators/gdp/observations", region=regions["cq"].pk)
    assert [p[2] for p in _periods(by_region)] == ["2025-06-30", "2024-12-31"]
    quarters = caller.get(f"/indicators/{gdp.pk}/observations", period_kind="quarter")
    assert _periods(quarters) == [("cq", "quarter", "2025-06-30")]
    in_2024 = caller.get("/indicators/gdp/observations", year=2024)
    assert {p[2] for p in _periods(in_2024)} == {"2024-12-31"} and in_2024.json()["count"] == 3
    row = caller.get("/indicators/gdp/observations", period_kind="quarter").json()["items"][0]
    assert row["value"] == "16100.5000" and row["period_label"] == "2025年第2季度"
    assert row["etag"] == f'"{row["id"]}-1"'
    for bad in [{"region": 999999}, {"period_kind": "decade"}, {"year": 20000}]:
        response = caller.get("/indicators/gdp/observations", **bad)
        assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_observation_list_queries_do_not_grow(world, gdp, regions):
    caller = Caller(world, "office", "read")
    small, rows = queries(caller, "/indicators/gdp/observations", size=200)
    assert rows == 6
    for code in ["sc-mianyang", "sc-deyang", "cq-yuzhong", "cq-jiangbei"]:
        for year in (2021, 2022, 2023):
            observe(gdp, regions[code], year, year)
    large, rows = queries(caller, "/indicators/gdp/observations", size=200)
    assert rows == 18 and large == small


# --- recording a value -------------------------------------------------------------------------


def _value(regions, **kw) -> dict:
    return {
        "region": regions["sc-chengdu"].pk,
        "year": 2023,
        "period": "year",
        "value": "22074.7",
        "source_document": "成都市2023年统计公报",
    } | kw


def test_office_records_a_value_audited(world, gdp, regions):
    response = Caller(world, "office").post("/indicators/gdp/observations", _value(regions))
    assert response.status_code == 201, response.content
    body = response.json()
    observation = Observation.objects.get(pk=body["id"])
    assert (observation.period_kind, observation.period_end) == ("year", dt.date(2023, 12, 31))
    assert observation.value == Decimal("22074.7") and body["value"] == "22074.7000"
    assert response.headers["ETag"] == f'"{observation.pk}-1"' == body["etag"]
    assert observation.revisions.count() == 1
    event = AuditEvent.objects.get(action="observation.create")
    assert event.actor_id == world.users["office"].pk


def test_a_quarter_or_a_running_total(world, gdp, regions):
    office = Caller(world, "office")
    quarter = office.post(f"/indicators/{gdp.pk}/observations", _value(regions, period="q1"))
    assert quarter.json()["period_end"] == "2023-03-31"
    total = _value(regions, period="cumulative", year=None, as_of="2025-07-31", value=1.5)
    running = office.post("/indicators/gdp/observations", total)
    assert running.status_code == 201 and running.json()["period_kind"] == "cumulative"
    assert running.json()["value"] == "1.5000"


@pytest.mark.parametrize("persona", ["leader", "cq_liaison"])
def test_others_may_not_record(world, gdp, regions, persona):
    response = Caller(world, persona).post("/indicators/gdp/observations", _value(regions))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not AuditEvent.objects.filter(action="observation.create").exists()


def test_read_token_and_invisible_cannot_record(world, gdp, regions):
    read = Caller(world, "office", "read").post("/indicators/gdp/observations", _value(regions))
    assert read.status_code == 403 and read.json()["code"] == "read_only_token"
    admin = Caller(world, "sysadmin").post("/indicators/gdp/observations", _value(regions))
    assert admin.status_code == 404
    assert Observation.objects.count() == 6


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period": "q5"}, "period"),
        ({"year": None}, "year"),
        ({"year": 2026}, "period"),  # not yet begun
        ({"value": "lots"}, "value"),
        ({"value": "1e30"}, "value"),
        ({"region": 999999}, "region"),
        ({"source_url": "not a url"}, "source_url"),
        ({"year": 2024, "region": "circle"}, "period"),  # already entered
    ],
)
def test_invalid_values_are_422(world, gdp, regions, change, field):
    if change.get("region") == "circle":
        change["region"] = regions["circle"].pk
    response = Caller(world, "office").post(
        "/indicators/gdp/observations", _value(regions, **change)
    )
    assert response.status_code == 422, response.content
    # the form and the schema's own check both name the field itself
    assert field in response.json()["errors"], response.json()
    assert Observation.objects.count() == 6


def test_a_region_outside_the_indicators_levels_is_refused(world, regions):
    make_indicator(code="ports", levels=[RegionLevel.SIDE])
    response = Caller(world, "office").post("/indicators/ports/observations", _value(regions))
    assert response.status_code == 422 and "region" in response.json()["errors"]


# --- revising a value --------------------------------------------------------------------------


@pytest.fixture
def chengdu(gdp, regions) -> Observation:
    return gdp.observations.get(region=regions["sc-chengdu"])


def _etag(o: Observation) -> str:
    return f'"{o.pk}-{o.version}"'


def test_office_revises_with_if_match_audited(world, chengdu):
    office = Caller(world, "office")
    read = office.get(f"/observations/{chengdu.pk}")
    assert read.headers["ETag"] == _etag(chengdu) and len(read.json()["revisions"]) == 1
    change = {"value": "23600.1", "reason": "统计局修订"}
    response = office.patch(f"/observations/{chengdu.pk}", change, read.headers["ETag"])
    assert response.status_code == 200, response.content
    chengdu.refresh_from_db()
    assert chengdu.value == Decimal("23600.1") and chengdu.version == 2
    body = response.json()
    assert response.headers["ETag"] == _etag(chengdu) == body["etag"]
    assert [(r["number"], r["value"], r["reason"]) for r in body["revisions"]] == [
        (2, "23600.1000", "统计局修订"),
        (1, "23511.0000", ""),
    ]
    event = AuditEvent.objects.get(action="observation.revise")
    assert event.actor_id == world.users["office"].pk and event.after["reason"] == "统计局修订"


def test_omitted_fields_keep_their_values(world, chengdu):
    Observation.objects.filter(pk=chengdu.pk).update(note="初步核算")
    change = {"source_url": "https://example.org/x", "reason": "补充来源"}
    response = Caller(world, "office").patch(f"/observations/{chengdu.pk}", change, _etag(chengdu))
    assert response.status_code == 200, response.content
    chengdu.refresh_from_db()
    assert chengdu.value == Decimal("23511") and chengdu.note == "初步核算"
    assert chengdu.source_url == "https://example.org/x"


def test_missing_or_stale_if_match_changes_nothing(world, chengdu):
    office = Caller(world, "office")
    change = {"value": "1", "reason": "改"}
    missing = office.patch(f"/observations/{chengdu.pk}", change)
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    stale = office.patch(f"/observations/{chengdu.pk}", change, f'"{chengdu.pk}-9"')
    assert stale.status_code == 412 and stale.json()["code"] == "stale"
    chengdu.refresh_from_db()
    assert chengdu.value == Decimal("23511") and chengdu.version == 1
    assert not AuditEvent.objects.filter(action="observation.revise").exists()


def test_revision_refusals(world, chengdu):
    change = {"value": "1", "reason": "改"}
    path, etag = f"/observations/{chengdu.pk}", _etag(chengdu)
    leader = Caller(world, "leader").patch(path, change, etag)
    assert leader.status_code == 403 and leader.json()["code"] == "forbidden"
    read = Caller(world, "office", "read").patch(path, change, etag)
    assert read.status_code == 403 and read.json()["code"] == "read_only_token"
    assert Caller(world, "secadmin").patch(path, change, etag).status_code == 404
    no_reason = Caller(world, "office").patch(path, {"value": "1", "reason": " "}, etag)
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    assert Observation.objects.get(pk=chengdu.pk).version == 1
