"""The office enters a value: a region, a year with 年度 / 第N季度 / N月, or a date for 累计."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.indicators.conftest import ADMINS, NOT_OFFICE, actions, make_indicator
from twincity.audit.models import AuditEvent
from twincity.indicators.models import Observation, ObservationRevision, RegionLevel
from twincity.lib import clock

TODAY = dt.datetime(2025, 8, 10, 9, tzinfo=dt.UTC)
C = "cumulative"


def url(code: str = "gdp") -> str:
    return reverse("indicators:observation_create", args=[code])


@pytest.fixture(autouse=True)
def today():
    with clock.travel(TODAY):
        yield


def data(regions, **kw) -> dict:
    return {
        "region": str(regions["sc-chengdu"].pk),
        "year": "2023",
        "period": "year",
        "value": "22074.7",
        "source_document": "成都市2023年国民经济和社会发展统计公报",
        "source_url": "https://example.org/gb2023",
        "note": "",
    } | kw


def _entered() -> Observation:
    """The one observation the test entered (the fixture has 成都's 2024 value)."""
    fixture = {"period_kind": "year", "period_end": dt.date(2024, 12, 31)}
    return Observation.objects.filter(region__code="sc-chengdu").exclude(**fixture).get()


def test_the_form_offers_the_periods(as_user, gdp):
    html = as_user("office").get(url()).content.decode()
    mianyang = "绵阳市（除北川县、平武县）（市（州））"
    for label in ("年度", "第3季度", "6月", "累计（截至日期）", mianyang):
        assert label in html


def test_office_records_a_yearly_value(as_user, gdp, regions):
    response = as_user("office").post(url(), data(regions))
    observation = _entered()
    assert response["Location"] == reverse("indicators:observation_detail", args=[observation.pk])
    assert (observation.period_kind, observation.period_end) == ("year", dt.date(2023, 12, 31))
    assert observation.value == Decimal("22074.7")
    assert observation.created_by.username == "office" and observation.version == 1
    revision = ObservationRevision.objects.get(observation=observation)
    assert (revision.number, revision.value, revision.reason) == (1, Decimal("22074.7"), "")
    assert revision.source_document == "成都市2023年国民经济和社会发展统计公报"
    assert actions() == ["observation.create"]
    assert AuditEvent.objects.get().after["period_end"] == "2023-12-31"


@pytest.mark.parametrize(
    ("period", "year", "as_of", "kind", "end", "label"),
    [
        ("q3", "2024", "", "quarter", dt.date(2024, 9, 30), "2024年第3季度"),
        ("q1", "2024", "", "quarter", dt.date(2024, 3, 31), "2024年第1季度"),
        ("m2", "2024", "", "month", dt.date(2024, 2, 29), "2024年2月"),
        ("m6", "2025", "", "month", dt.date(2025, 6, 30), "2025年6月"),
        ("cumulative", "", "2024-12-31", C, dt.date(2024, 12, 31), "截至2024年12月31日"),
        ("cumulative", "2023", "2025-07-15", C, dt.date(2025, 7, 15), "截至2025年7月15日"),
    ],
)
def test_the_period_picker(as_user, gdp, regions, period, year, as_of, kind, end, label):
    as_user("office").post(url(), data(regions, period=period, year=year, as_of=as_of))
    observation = _entered()
    assert (observation.period_kind, observation.period_end) == (kind, end)
    assert observation.period_label == label


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("１２３４５．６", "12345.6"),
        ("86,000", "86000"),
        ("８６，０００", "86000"),
        ("1 234 567.1234", "1234567.1234"),
        ("－3.5", "-3.5"),
        ("0.5", "0.5"),
    ],
)
def test_values_as_people_type_them(as_user, gdp, regions, typed, stored):
    as_user("office").post(url(), data(regions, value=typed))
    assert _entered().value == Decimal(stored)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("八万六千", "请填写数字"),
        ("1e5", "请填写数字"),
        ("1.23456", "数值最多保留4位小数。"),
        ("12345678901234567", "数值过大。"),
        ("", "请填写数值。"),
    ],
)
def test_values_that_are_not_figures(as_user, gdp, regions, typed, message):
    html = as_user("office").post(url(), data(regions, value=typed)).content.decode()
    assert message in html and Observation.objects.count() == 6


def test_the_region_must_be_at_one_of_the_indicators_levels(as_user, regions):
    make_indicator(code="ports", name="通达港口", levels=[RegionLevel.CIRCLE, RegionLevel.SIDE])
    response = as_user("office").post(url("ports"), data(regions))
    html = response.content.decode()
    message = "地区：所选地区“成都市”属于“市（州）”层级，指标“通达港口”只适用于全域、省市层级。"
    assert message in html
    assert not Observation.objects.exists() and actions() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"year": ""}, "年度：请填写年度，如 2024。"),
        ({"period": "cumulative"}, "截至日期：累计数请填写截至日期。"),
        ({"period": ""}, "统计周期："),
        ({"year": "2026"}, "统计周期：不能录入未来时期的数据。"),
        ({"period": "q4", "year": "2025"}, "统计周期：不能录入未来时期的数据。"),
        ({"period": "cumulative", "as_of": "2025-08-11"}, "不能录入未来时期的数据。"),
        ({"year": "1999"}, "年度须在 2000 年之后。"),
        ({"source_url": "not a link"}, "来源链接："),
    ],
)
def test_periods_that_cannot_be_entered(as_user, gdp, regions, changes, message):
    html = as_user("office").post(url(), data(regions, **changes)).content.decode()
    assert message in html
    assert Observation.objects.count() == 6  # the fixture's


def test_the_current_period_may_be_entered(as_user, gdp, regions):
    as_user("office").post(url(), data(regions, period="q3", year="2025"))
    assert _entered().period_end == dt.date(2025, 9, 30)


def test_the_same_period_twice_is_refused(as_user, gdp, regions):
    html = as_user("office").post(url(), data(regions, year="2024")).content.decode()
    assert "该地区该时期的数值已录入" in html
    assert Observation.objects.get(region__code="sc-chengdu").value == Decimal(23511)


def test_the_form_can_be_prefilled(as_user, gdp, regions):
    html = as_user("office").get(url(), {"region": regions["cq"].pk}).content.decode()
    assert f'<option value="{regions["cq"].pk}" selected>' in html


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(as_user, gdp, regions, persona):
    client = as_user(persona)
    assert client.get(url()).status_code == 403
    assert client.post(url(), data(regions)).status_code == 403
    assert Observation.objects.count() == 6


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, gdp, persona):
    assert as_user(persona).get(url()).status_code == 404


def test_unknown_indicator_is_404(as_user, gdp):
    assert as_user("office").get(url("nope")).status_code == 404


def test_a_user_without_a_role_is_refused(no_role, gdp, regions):
    assert no_role.post(url(), data(regions)).status_code == 403
