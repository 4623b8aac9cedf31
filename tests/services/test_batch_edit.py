"""The office edits a batch; a stale version is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.services.conftest import ADMINS, BATCH_DATA, NOT_OFFICE, actions, make_batch
from twincity.services.models import ServiceBatch

EDIT = BATCH_DATA | {"number": "1", "version": "1"}


def url(batch) -> str:
    return reverse("services:batch_edit", args=[batch.pk])


def test_office_edits_a_batch(as_user, world):
    batch = make_batch(1)
    client = as_user("office")
    form = client.get(url(batch)).content.decode()
    assert 'type="date" name="date" value="2020-12-18"' in form
    assert client.post(url(batch), EDIT).status_code == 302
    batch.refresh_from_db()
    assert (batch.title, batch.doc_number, batch.version) == ("第三批清单", "川办发〔2022〕77号", 2)
    assert actions() == ["service_batch.update"]


def test_stale_version_is_refused(as_user, world):
    batch = make_batch(1)
    ServiceBatch.objects.filter(pk=batch.pk).update(version=2, title="别人改过")
    response = as_user("office").post(url(batch), EDIT)
    assert "该记录已被他人修改" in response.content.decode()
    batch.refresh_from_db()
    assert batch.title == "别人改过"
    assert actions() == []


def test_taking_another_batch_number_is_refused(as_user, world):
    make_batch(2)
    batch = make_batch(1)
    response = as_user("office").post(url(batch), EDIT | {"number": "2"})
    assert "批次：该批次号已存在。" in response.content.decode()
    batch.refresh_from_db()
    assert batch.number == 1


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(as_user, world, persona):
    batch = make_batch(1)
    client = as_user(persona)
    assert client.get(url(batch)).status_code == 403
    assert client.post(url(batch), EDIT).status_code == 403
    batch.refresh_from_db()
    assert batch.version == 1


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, world, persona):
    assert as_user(persona).get(url(make_batch(1))).status_code == 404


def test_anonymous_goes_to_login(client, world):
    assert client.get(url(make_batch(1)))["Location"].startswith(reverse("accounts:login"))
