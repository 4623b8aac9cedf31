"""The office edits a service item and its departments; a stale version is refused."""

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
from twincity.audit.models import AuditEvent
from twincity.services.models import ServiceItem


def url(item) -> str:
    return reverse("services:item_edit", args=[item.pk])


@pytest.fixture
def item(world):
    return make_service(make_batch(1), world.leads(), code="TB1-101", name="原名称")


def test_the_form_shows_the_current_values(as_user, item, world):
    form = as_user("office").get(url(item)).content.decode()
    assert 'name="version" value="1"' in form
    assert 'type="date" name="launch_date" value="2021-01-01"' in form
    assert f'<option value="{world.cq_unit.pk}" selected>' in form


def test_office_edits_an_item_and_its_departments(as_user, item, world):
    post = item_data(world, item.batch, unit_cq=str(world.other_unit.pk), version="1")
    response = as_user("office").post(url(item), post)
    assert response["Location"] == reverse("services:item_detail", args=[item.pk])
    item.refresh_from_db()
    assert (item.name, item.version) == ("公积金异地转移接续", 2)
    assert item.departments.get(party=world.cq).unit == world.other_unit
    assert actions() == ["service_item.update"]
    event = AuditEvent.objects.get()
    assert event.before["name"] == "原名称"
    assert event.after["departments"][str(world.cq.pk)] == world.other_unit.pk


def test_stale_version_is_refused(as_user, item, world):
    ServiceItem.objects.filter(pk=item.pk).update(version=3)
    response = as_user("office").post(url(item), item_data(world, item.batch, version="2"))
    assert "该记录已被他人修改" in response.content.decode()
    item.refresh_from_db()
    assert item.name == "原名称"
    assert actions() == []


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(as_user, item, world, persona):
    client = as_user(persona)
    assert client.get(url(item)).status_code == 403
    assert client.post(url(item), item_data(world, item.batch, version="1")).status_code == 403
    item.refresh_from_db()
    assert item.version == 1


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, item, persona):
    assert as_user(persona).get(url(item)).status_code == 404


def test_anonymous_goes_to_login(client, item):
    assert client.get(url(item))["Location"].startswith(reverse("accounts:login"))
