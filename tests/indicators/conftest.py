"""Shared set-up for the indicator tests: regions, a small catalogue, personas, helpers."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests import factory as f
from twincity.audit.models import AuditEvent
from twincity.indicators.models import (
    Direction,
    Indicator,
    IndicatorArea,
    Observation,
    ObservationRevision,
    PeriodKind,
    Region,
    RegionLevel,
)
from twincity.indicators.regions import load_regions

READERS = [
    "office",
    "cq_liaison",
    "sc_liaison",
    "cq_head",
    "sc_head",
    "wg_lead",
    "leader",
    "outsider",
]
ADMINS = ["sysadmin", "secadmin", "auditor"]
NOT_OFFICE = [p for p in READERS if p != "office"]
ALL_LEVELS = [level.value for level in RegionLevel]

_seq = itertools.count(1)


def make_indicator(**kw: Any) -> Indicator:
    n = next(_seq)
    fields = {
        "code": f"ind-{n}",
        "name": f"测试指标{n}",
        "unit": "亿元",
        "area": IndicatorArea.ECONOMY,
        "direction": Direction.HIGHER,
        "levels": ALL_LEVELS,
        "order": n,
    } | kw
    return Indicator.objects.create(**fields)


def observe(
    indicator: Indicator,
    region: Region,
    year: int,
    value: Any,
    kind: str = PeriodKind.YEAR,
    end: dt.date | None = None,
    **kw: Any,
) -> Observation:
    """An observation with its first revision, as record_observation leaves it."""
    observation = Observation.objects.create(
        indicator=indicator,
        region=region,
        period_kind=kind,
        period_end=end or dt.date(year, 12, 31),
        value=Decimal(str(value)),
        **kw,
    )
    ObservationRevision.objects.create(observation=observation, number=1, value=observation.value)
    return observation


def actions() -> list[str]:
    return list(AuditEvent.objects.values_list("action", flat=True))


@pytest.fixture
def regions(world) -> dict[str, Region]:
    """The 47 regions of the circle, linked to the world's parties."""
    load_regions()
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def gdp(regions) -> Indicator:
    """GDP with three years at the circle, two at Chongqing and one at 成都."""
    indicator = make_indicator(
        code="gdp",
        name="地区生产总值",
        unit="亿元",
        is_key=True,
        definition="按当年价格计算",
        order=1,
    )
    for year, value in [(2022, 77600), (2023, 81990), (2024, 86000)]:
        observe(indicator, regions["circle"], year, value)
    observe(indicator, regions["cq"], 2023, 30146)
    observe(indicator, regions["cq"], 2024, 32193)
    observe(indicator, regions["sc-chengdu"], 2024, 23511)
    return indicator


@pytest.fixture
def no_role(world) -> Client:
    """Signed in, but granted no role yet."""
    client = Client()
    client.force_login(f.make_user("newcomer"))
    return client
