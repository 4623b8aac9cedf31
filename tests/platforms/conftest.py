"""Platforms and agreements shared by the platforms tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tests import factory as f
from twincity.accounts.models import Unit, UnitKind
from twincity.platforms.models import Agreement, Platform, PlatformFigure, PlatformKind


def make_platform(name: str, members: list[Unit] = (), **kw: Any) -> Platform:  # type: ignore[assignment]
    fields = {"kind": PlatformKind.DEMONSTRATION, "plan_approved": dt.date(2021, 4, 8)} | kw
    platform = Platform.objects.create(name=name, **fields)
    platform.members.set(members)
    return platform


def make_agreement(title: str, date: dt.date, area: str = "", **kw: Any) -> Agreement:
    parties = kw.pop("parties", ())
    units = kw.pop("units", ())
    items = kw.pop("items", ())
    agreement = Agreement.objects.create(title=title, date=date, area=area, **kw)
    agreement.parties.set(parties)
    agreement.signatory_units.set(units)
    agreement.items.set(items)
    return agreement


@pytest.fixture
def places(world) -> dict[str, Unit]:
    return {
        "suining": f.make_unit("遂宁市", world.sc, kind=UnitKind.CITY, code="t-suining"),
        "tongnan": f.make_unit("潼南区", world.cq, kind=UnitKind.DISTRICT, code="t-tongnan"),
        "luzhou": f.make_unit("泸州市", world.sc, kind=UnitKind.CITY, code="t-luzhou"),
    }


@pytest.fixture
def suitong(world, places) -> Platform:
    """A platform of 遂宁 and 潼南, with two figures."""
    platform = make_platform(
        "遂潼川渝毗邻地区一体化发展先行区",
        [places["suining"], places["tongnan"]],
        kind=PlatformKind.PILOT,
    )
    PlatformFigure.objects.create(
        platform=platform, label="地区生产总值", value=Decimal("2300.5"), unit="亿元", year=2024
    )
    PlatformFigure.objects.create(
        platform=platform, label="通办事项", value=Decimal("210"), unit="项", year=2024
    )
    return platform
