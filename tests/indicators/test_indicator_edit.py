"""The office edits an indicator; a stale version is refused, a level in use is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.indicators.conftest import ADMINS, NOT_OFFICE, actions
from twincity.audit.models import AuditEvent
from twincity.indicators.models import Indicator


def url(code: str = "gdp") -> str:
    return reverse("indicators:indicator_edit", args=[code])


def data(**kw) -> dict:
    return {
        "code": "gdp",
        "name": "地区生产总值（现价）",
        "unit": "亿元",
        "area": "economy",
        "definition": "按当年价格计算",
        "source": "统计部门",
        "direction": "higher",
        "levels": ["circle", "side", "city", "district"],
        "is_key": "on",
        "is_public": "on",
        "order": "1",
        "version": "1",
    } | kw


def test_the_form_shows_the_current_values(as_user, gdp):
    html = as_user("office").get(url()).content.decode()
    assert 'name="version" value="1"' in html
    assert 'value="地区生产总值"' in html
    assert 'value="district" class="form-check-input" id="id_levels_3" checked' in html


def test_office_edits_an_indicator(as_user, gdp):
    response = as_user("office").post(url(), data(order="5"))
    assert response["Location"] == reverse("indicators:detail", args=["gdp"])
    gdp.refresh_from_db()
    assert (gdp.name, gdp.is_public, gdp.version) == ("地区生产总值（现价）", True, 2)
    assert actions() == ["indicator.update"]
    event = AuditEvent.objects.get()
    assert event.before == {"name": "地区生产总值", "source": "", "is_public": False, "order": 1}
    assert event.after["name"] == "地区生产总值（现价）"


def test_renaming_the_code_moves_the_page(as_user, gdp):
    response = as_user("office").post(url(), data(code="grp"))
    assert response["Location"] == reverse("indicators:detail", args=["grp"])
    assert as_user("office").get(url("gdp")).status_code == 404


def test_stale_version_is_refused(as_user, gdp):
    Indicator.objects.filter(pk=gdp.pk).update(version=3)
    html = as_user("office").post(url(), data(version="2")).content.decode()
    assert "该记录已被他人修改" in html
    gdp.refresh_from_db()
    assert gdp.name == "地区生产总值" and actions() == []


def test_a_level_with_data_cannot_be_dropped(as_user, gdp):
    html = as_user("office").post(url(), data(levels=["circle", "side"])).content.decode()
    assert "已有市（州）层级的数据，不能取消该层级。" in html
    gdp.refresh_from_db()
    assert gdp.levels == ["circle", "side", "city", "district"] and gdp.version == 1


def test_a_level_without_data_can_be_dropped(as_user, gdp):
    as_user("office").post(url(), data(levels=["circle", "side", "city"]))
    gdp.refresh_from_db()
    assert gdp.levels == ["circle", "side", "city"]


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(as_user, gdp, persona):
    client = as_user(persona)
    assert client.get(url()).status_code == 403
    assert client.post(url(), data()).status_code == 403
    gdp.refresh_from_db()
    assert gdp.version == 1


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, gdp, persona):
    assert as_user(persona).get(url()).status_code == 404


def test_a_user_without_a_role_is_refused(no_role, gdp):
    assert no_role.get(url()).status_code == 403
