"""Shared set-up for the 川渝通办 tests: batches, items with departments, volumes, personas."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from twincity.accounts.models import Party, Unit
from twincity.audit.models import AuditEvent
from twincity.services.models import (
    CaseVolume,
    ServiceBatch,
    ServiceCategory,
    ServiceItem,
    ServiceMode,
)

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

_seq = itertools.count(1)


def make_batch(number: int, **kw: Any) -> ServiceBatch:
    fields = {"date": dt.date(2020, 12, 18), "title": f"川渝通办事项清单（第{number}批）"} | kw
    return ServiceBatch.objects.create(number=number, **fields)


def make_service(
    batch: ServiceBatch, units: dict[Party, Unit] | None = None, **kw: Any
) -> ServiceItem:
    n = next(_seq)
    fields = {
        "code": f"S-{n:04d}",
        "name": f"测试服务{n}",
        "category": ServiceCategory.OTHER,
        "mode": ServiceMode.ONLINE,
        "launch_date": dt.date(2021, 1, 1),
    } | kw
    item = ServiceItem.objects.create(batch=batch, **fields)
    for party, unit in (units or {}).items():
        item.departments.create(party=party, unit=unit)
    return item


def add_volume(item: ServiceItem, party: Party, year: int, month: int, cases: int) -> CaseVolume:
    return CaseVolume.objects.create(item=item, party=party, year=year, month=month, cases=cases)


def actions() -> list[str]:
    return list(AuditEvent.objects.values_list("action", flat=True))


@pytest.fixture
def catalogue(world) -> dict[str, Any]:
    """Two batches, three items with departments on both sides and a few months of volumes."""
    first, second = make_batch(1), make_batch(2, date=dt.date(2021, 11, 26))
    sides = world.leads()
    hukou = make_service(
        first,
        sides,
        name="户口迁移（夫妻投靠）",
        code="TB1-001",
        category=ServiceCategory.HOUSEHOLD,
        mode=ServiceMode.PROXY,
    )
    medical = make_service(
        first,
        sides,
        name="医保异地就医备案（异地安置退休人员）",
        code="TB1-002",
        category=ServiceCategory.MEDICAL,
    )
    licence = make_service(
        second,
        {world.sc: world.sc_unit},
        name="营业执照异地办理",
        code="TB2-001",
        category=ServiceCategory.MARKET,
        mode=ServiceMode.JOINT,
    )
    add_volume(hukou, world.cq, 2024, 1, 100)
    add_volume(hukou, world.sc, 2024, 1, 150)
    add_volume(hukou, world.cq, 2025, 3, 200)
    add_volume(medical, world.sc, 2025, 3, 5000)
    return {"batches": (first, second), "hukou": hukou, "medical": medical, "licence": licence}


BATCH_DATA = {
    "number": "3",
    "doc_number": "川办发〔2022〕77号",
    "date": "2022-11-30",
    "title": "第三批清单",
}


def item_data(world, batch: ServiceBatch, **kw: Any) -> dict[str, str]:
    """A valid POST of the item form, with a department on each side."""
    return {
        "batch": str(batch.pk),
        "code": "TB1-101",
        "name": "公积金异地转移接续",
        "category": "housing",
        "mode": ServiceMode.ONLINE,
        "launch_date": "2021-01-15",
        "unit_cq": str(world.cq_unit.pk),
        "unit_sc": str(world.sc_unit.pk),
    } | kw
