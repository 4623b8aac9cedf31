"""The office enters a month's cases for one item and side; the same month again updates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.services.conftest import ADMINS, NOT_OFFICE, actions, make_batch, make_service
from twincity.audit.models import AuditEvent
from twincity.lib import clock
from twincity.services.models import CaseVolume

URL = reverse("services:volume_entry")
NOW = dt.datetime(2025, 6, 10, 9, tzinfo=dt.UTC)


@pytest.fixture
def item(world):
    return make_service(make_batch(1), world.leads(), name="社保关系转移接续")


def post(client, item, party, **kw):
    data = {"item": item.pk, "party": party.pk, "year": 2025, "month": 5, "cases": 1200} | kw
    with clock.travel(NOW):
        return client.post(URL, data)


def test_office_enters_a_month(as_user, world, item):
    response = post(as_user("office"), item, world.cq)
    assert response["Location"] == reverse("services:item_detail", args=[item.pk])
    volume = CaseVolume.objects.get()
    assert (volume.party, volume.year, volume.month, volume.cases) == (world.cq, 2025, 5, 1200)
    assert actions() == ["service_volume.create"]


def test_the_same_month_again_updates_it(as_user, world, item):
    client = as_user("office")
    post(client, item, world.cq)
    post(client, item, world.cq, cases=1350)
    volume = CaseVolume.objects.get()
    assert volume.cases == 1350
    assert actions() == ["service_volume.create", "service_volume.update"]
    event = AuditEvent.objects.get(action="service_volume.update")
    assert (event.before, event.after) == ({"cases": 1200}, {"cases": 1350})


def test_the_other_side_is_a_separate_figure(as_user, world, item):
    client = as_user("office")
    post(client, item, world.cq)
    post(client, item, world.sc, cases=900)
    assert sorted(CaseVolume.objects.values_list("cases", flat=True)) == [900, 1200]


@pytest.mark.parametrize("month", ["13", "0", "五月"])
def test_invalid_month_is_refused_with_a_message(as_user, world, item, month):
    response = post(as_user("office"), item, world.cq, month=month)
    assert response.status_code == 200
    assert "月份：月份须为 1 到 12 之间的整数。" in response.content.decode()
    assert not CaseVolume.objects.exists()
    assert actions() == []


def test_future_month_is_refused(as_user, world, item):
    response = post(as_user("office"), item, world.cq, month=7)
    assert "月份：不能填报未来月份的办件量。" in response.content.decode()
    assert not CaseVolume.objects.exists()


def test_negative_cases_are_refused(as_user, world, item):
    response = post(as_user("office"), item, world.cq, cases=-5)
    assert "办件量：办件量不能为负数。" in response.content.decode()
    assert not CaseVolume.objects.exists()


def test_side_without_a_department_is_refused(as_user, world):
    one_sided = make_service(make_batch(2), {world.sc: world.sc_unit})
    response = post(as_user("office"), one_sided, world.cq)
    assert "参与方：该事项在所选参与方没有承办部门。" in response.content.decode()
    assert not CaseVolume.objects.exists()


def test_the_form_is_prefilled_from_the_item_page(as_user, world, item):
    html = as_user("office").get(URL, {"item": item.pk}).content.decode()
    assert f'<option value="{item.pk}" selected>' in html


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(as_user, world, item, persona):
    client = as_user(persona)
    assert client.get(URL).status_code == 403
    assert post(client, item, world.cq).status_code == 403
    assert not CaseVolume.objects.exists()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, world, item, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_goes_to_login(client, world):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))
