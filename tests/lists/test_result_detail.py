"""A result's page: visible to those who see its items, or who recorded it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.lists.util import ADMINS, assert_login_redirect
from twincity.commitments.models import Result, ResultType


@pytest.fixture
def result(world):
    item = world.item(code="10-01", title="川渝高铁")
    result = Result.objects.create(
        title="成渝中线高铁开工",
        type=ResultType.PROJECT_STARTED,
        date=dt.date(2025, 2, 1),
        evidence_links="https://oa.example.gov.cn/a",
    )
    result.items.add(item)
    result.parties.add(world.cq)
    result.figures.create(label="总投资", value=Decimal("1.5000"), unit="千亿元")
    return result


def url(result) -> str:
    return reverse("commitments:result_detail", args=[result.pk])


def test_anonymous_is_sent_to_login(client, result):
    assert_login_redirect(client.get(url(result)))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office", 200),
        ("leader", 200),
        ("cq_liaison", 200),
        ("sc_head", 200),
        ("outsider", 404),
        ("wg_lead", 404),
    ]
    + [(admin, 404) for admin in ADMINS],
)
def test_access(as_user, result, persona, status):
    assert as_user(persona).get(url(result)).status_code == status


def test_the_page_shows_items_figures_and_evidence(as_user, result):
    page = as_user("cq_liaison").get(url(result)).content.decode()
    assert "成渝中线高铁开工" in page and "项目开工" in page
    assert reverse("commitments:item_detail", args=[result.items.get().pk]) in page
    assert "总投资：<strong>1.5</strong> 千亿元" in page
    assert 'href="https://oa.example.gov.cn/a"' in page


def test_the_recorder_sees_a_result_without_items(as_user, world):
    own = Result.objects.create(
        title="自登记",
        type=ResultType.OTHER,
        date=dt.date(2025, 1, 1),
        created_by=world.users["outsider"],
    )
    assert as_user("outsider").get(url(own)).status_code == 200
    assert as_user("cq_liaison").get(url(own)).status_code == 404
