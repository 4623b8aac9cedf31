"""Every portal page and download makes the same number of queries at any size."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.portal.conftest import make_indicator
from tests.queries import queries_for
from twincity.commitments.models import Result, ResultFigure
from twincity.portal.data import DATASETS


def grow(portal, world, n: int) -> None:
    for i in range(n):
        item = world.item(
            list=portal.public_list,
            code=f"G{n}-{i:03d}",
            state="in_progress",
            is_public=True,
            light=["red", "green"][i % 2],
            source_decision=portal.meeting.decisions.first(),
        )
        result = Result.objects.create(
            title=f"成果{i}",
            type="other",
            date=dt.date(2025, 1, 1),
            is_public=True,
            meeting=portal.meeting,
        )
        result.items.add(item)
        result.parties.set([world.cq])
        ResultFigure.objects.create(result=result, label="数", value=Decimal(i))
    for i in range(3):
        make_indicator(f"more-{n}-{i}", f"指标{n}-{i}", True, portal.region)


def urls(portal) -> list[str]:
    pages = [
        reverse("portal:home"),
        reverse("portal:lists"),
        reverse("portal:results"),
        reverse("portal:result", args=[portal.result.pk]),
        reverse("portal:list", args=[portal.public_list.pk]),
        reverse("portal:list", args=[portal.public_list.pk]) + "?light=red&state=in_progress",
        reverse("portal:meetings"),
        reverse("portal:meeting", args=[portal.meeting.pk]),
        reverse("portal:data"),
    ]
    downloads = [
        reverse("portal:download", args=[name, fmt]) for name in DATASETS for fmt in ("csv", "json")
    ]
    return pages + downloads


@pytest.mark.parametrize("persona", [None, "office"])
def test_constant_queries(portal, world, as_user, persona):
    client = as_user(persona) if persona else Client()
    client.get(reverse("portal:home"))  # the first request may save the session
    grow(portal, world, 5)
    small = {url: queries_for(client, url) for url in urls(portal)}
    grow(portal, world, 45)
    large = {url: queries_for(client, url) for url in urls(portal)}
    assert large == small
