"""The office records a published 通办 batch; nobody else may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.services.conftest import ADMINS, BATCH_DATA, NOT_OFFICE, actions, make_batch
from twincity.services.models import ServiceBatch

URL = reverse("services:batch_create")


def test_office_creates_a_batch(as_user, world):
    assert as_user("office").get(URL).status_code == 200
    response = as_user("office").post(URL, BATCH_DATA)
    assert response.status_code == 302
    batch = ServiceBatch.objects.get()
    assert (batch.number, batch.doc_number, str(batch.date)) == (
        3,
        "川办发〔2022〕77号",
        "2022-11-30",
    )
    assert str(batch) == "第三批"
    assert actions() == ["service_batch.create"]


def test_duplicate_number_is_refused(as_user, world):
    make_batch(3)
    response = as_user("office").post(URL, BATCH_DATA)
    assert response.status_code == 200
    assert "批次：该批次号已存在。" in response.content.decode()
    assert ServiceBatch.objects.count() == 1
    assert actions() == []


def test_bad_date_names_the_field(as_user, world):
    response = as_user("office").post(URL, BATCH_DATA | {"date": "十一月"})
    assert "发布日期：" in response.content.decode()
    assert not ServiceBatch.objects.exists()


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(as_user, world, persona):
    client = as_user(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, BATCH_DATA).status_code == 403
    assert not ServiceBatch.objects.exists()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, world, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_goes_to_login(client, world):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))
