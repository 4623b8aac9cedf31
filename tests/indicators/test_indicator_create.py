"""The office adds an indicator to the catalogue; nobody else may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.indicators.conftest import ADMINS, NOT_OFFICE, actions, make_indicator
from twincity.audit.models import AuditEvent
from twincity.indicators.models import Indicator

URL = reverse("indicators:indicator_create")


def data(**kw) -> dict:
    return {
        "code": "cr-express",
        "name": "中欧班列（成渝）累计开行",
        "unit": "万列",
        "area": "opening",
        "definition": "自开行以来累计开行班列数",
        "source": "班列运营平台",
        "direction": "higher",
        "levels": ["circle", "side"],
        "is_key": "on",
        "order": "20",
    } | kw


def test_the_form_offers_every_level(as_user, world):
    html = as_user("office").get(URL).content.decode()
    for label in ("全域", "省市", "市（州）", "区县", "越低越好"):
        assert label in html


def test_office_creates_an_indicator(as_user, world):
    response = as_user("office").post(URL, data())
    assert response["Location"] == reverse("indicators:detail", args=["cr-express"])
    indicator = Indicator.objects.get()
    assert (indicator.name, indicator.unit, indicator.levels) == (
        "中欧班列（成渝）累计开行",
        "万列",
        ["circle", "side"],
    )
    assert indicator.is_key and not indicator.is_public and not indicator.is_demo
    assert actions() == ["indicator.create"]
    assert AuditEvent.objects.get().after["code"] == "cr-express"


def test_levels_are_required(as_user, world):
    html = as_user("office").post(URL, data(levels=[])).content.decode()
    assert "适用层级：请至少选择一个适用层级。" in html
    assert not Indicator.objects.exists()


def test_a_code_is_unique(as_user, world):
    make_indicator(code="cr-express")
    html = as_user("office").post(URL, data()).content.decode()
    assert "该指标代码已存在。" in html
    assert Indicator.objects.count() == 1 and actions() == []


@pytest.mark.parametrize("code", ["new", "observations"])
def test_codes_that_are_page_names_are_refused(as_user, world, code):
    html = as_user("office").post(URL, data(code=code)).content.decode()
    assert "该代码为系统保留" in html and not Indicator.objects.exists()


def test_a_code_must_be_a_slug(as_user, world):
    as_user("office").post(URL, data(code="中欧 班列"))
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(as_user, world, persona):
    client = as_user(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data()).status_code == 403
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, world, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_a_user_without_a_role_is_refused(no_role):
    assert no_role.post(URL, data()).status_code == 403
    assert not Indicator.objects.exists()
