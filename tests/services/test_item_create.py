"""The office adds a service item with its department on each side."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.services.conftest import (
    ADMINS,
    NOT_OFFICE,
    actions,
    item_data,
    make_batch,
    make_service,
)
from twincity.services.models import ServiceItem

URL = reverse("services:item_create")


def test_office_creates_an_item_with_both_departments(as_user, world):
    batch = make_batch(1)
    assert as_user("office").get(URL).status_code == 200
    response = as_user("office").post(URL, item_data(world, batch))
    item = ServiceItem.objects.get()
    assert response["Location"] == reverse("services:item_detail", args=[item.pk])
    assert (item.name, item.category, str(item.launch_date)) == (
        "公积金异地转移接续",
        "housing",
        "2021-01-15",
    )
    sides = {d.party.code: d.unit for d in item.departments.select_related("party", "unit")}
    assert sides == {"cq": world.cq_unit, "sc": world.sc_unit}
    assert actions() == ["service_item.create"]


def test_one_side_is_enough_none_is_not(as_user, world):
    batch = make_batch(1)
    client = as_user("office")
    response = client.post(URL, item_data(world, batch, unit_cq="", unit_sc=""))
    assert "至少填写一方的承办部门" in response.content.decode()
    assert not ServiceItem.objects.exists()
    client.post(URL, item_data(world, batch, unit_cq=""))
    assert ServiceItem.objects.get().departments.get().unit == world.sc_unit


def test_a_unit_of_the_other_side_is_refused(as_user, world):
    batch = make_batch(1)
    response = as_user("office").post(URL, item_data(world, batch, unit_cq=str(world.sc_unit.pk)))
    assert "渝方承办部门：" in response.content.decode()
    assert not ServiceItem.objects.exists()


def test_bad_mode_names_the_field(as_user, world):
    response = as_user("office").post(URL, item_data(world, make_batch(1), mode="mail"))
    assert "办理方式：" in response.content.decode()
    assert not ServiceItem.objects.exists()


def test_duplicate_code_is_refused(as_user, world):
    batch = make_batch(1)
    make_service(batch, code="TB1-101")
    response = as_user("office").post(URL, item_data(world, batch))
    assert "编号：该事项编号已存在。" in response.content.decode()
    assert ServiceItem.objects.count() == 1
    assert actions() == []


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(as_user, world, persona):
    batch = make_batch(1)
    client = as_user(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, item_data(world, batch)).status_code == 403
    assert not ServiceItem.objects.exists()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, world, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_goes_to_login(client, world):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))
