"""The demo builder: four batches of 95, 115, 101 and 44 items, 355 in all, with volumes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from twincity.lib import clock
from twincity.services.demo import build_demo
from twincity.services.models import CaseVolume, ServiceBatch, ServiceDepartment, ServiceItem

TODAY = dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)


@pytest.fixture
def demo(world):
    with clock.travel(TODAY):
        return build_demo(world.users["office"])


def test_four_batches_total_355(demo):
    counts = demo
    sizes = [b.items.count() for b in ServiceBatch.objects.order_by("number")]
    assert sizes == [95, 115, 101, 44]
    assert counts["service batches"] == 4 and counts["service items"] == 355
    assert ServiceItem.objects.values("name").distinct().count() == 355


def test_every_item_has_a_department_on_each_side(demo, world):
    assert ServiceDepartment.objects.filter(party=world.cq).count() == 355
    assert ServiceDepartment.objects.filter(party=world.sc).count() == 355
    assert not ServiceDepartment.objects.filter(unit__party=world.sc, party=world.cq).exists()


def test_volumes_run_from_2024_to_last_month_in_the_tens_of_millions(demo):
    counts = demo
    volumes = CaseVolume.objects.all()
    assert counts["service case volumes"] == volumes.count()
    assert min(volumes.values_list("year", "month")) == (2024, 1)
    assert max(volumes.values_list("year", "month")) == (2026, 10)
    total = sum(volumes.values_list("cases", flat=True))
    assert 10_000_000 <= total < 100_000_000


def test_demo_is_written_once(demo, world):
    with clock.travel(TODAY):
        again = build_demo(world.users["office"])
    assert again["service items"] == 355 and ServiceBatch.objects.count() == 4


def test_the_index_shows_355_items_across_four_batches(demo, as_user):
    html = as_user("leader").get(reverse("services:index")).content.decode()
    assert "共 355 项通办事项" in html
    batches = html[
        html.index('id="tc-by-batch"') : html.index("</table>", html.index('id="tc-by-batch"'))
    ]
    counts = re.findall(r'<td class="text-end">(\d+)</td>', batches)
    assert counts == ["95", "115", "101", "44"]
