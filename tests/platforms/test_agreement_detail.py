"""One agreement: its units, parties and the linked items the reader may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect
from tests.platforms.conftest import make_agreement


@pytest.fixture
def agreement(world):
    return make_agreement(
        "川渝科技创新合作协议",
        dt.date(2020, 5, 20),
        "科技创新",
        parties=[world.cq, world.sc],
        units=[world.cq_unit, world.sc_unit],
        items=[
            world.item(code="K-01", title="共建实验室"),
            f.make_item(code="K-02", title="他人事项"),
        ],
        doc_number="川渝合作〔2020〕3号",
        summary="共建科技创新平台",
    )


def url(agreement) -> str:
    return reverse("platforms:agreement_detail", args=[agreement.pk])


@pytest.mark.parametrize("persona", BUSINESS)
def test_business_users_read_it(as_user, agreement, persona):
    html = as_user(persona).get(url(agreement)).content.decode()
    assert agreement.title in html and "川渝合作〔2020〕3号" in html and "共建科技创新平台" in html
    assert "重庆市发展改革委" in html and "四川省发展改革委" in html


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, agreement, persona):
    assert as_user(persona).get(url(agreement)).status_code == 404


def test_anonymous_is_sent_to_login(agreement):
    assert_login_redirect(Client().get(url(agreement)))


def test_linked_items_are_filtered_by_visibility(as_user, agreement):
    office = as_user("office").get(url(agreement)).content.decode()
    assert "共建实验室" in office and "他人事项" in office
    liaison = as_user("cq_liaison").get(url(agreement)).content.decode()
    assert "共建实验室" in liaison and "他人事项" not in liaison


def test_only_the_office_sees_the_edit_link(as_user, agreement):
    edit = reverse("platforms:agreement_edit", args=[agreement.pk])
    assert edit in as_user("office").get(url(agreement)).content.decode()
    assert edit not in as_user("leader").get(url(agreement)).content.decode()
