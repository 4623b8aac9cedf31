"""The office creates and edits platforms and their figures; every write is audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect
from twincity.audit.models import AuditEvent
from twincity.platforms.models import Platform, PlatformKind

CREATE = reverse("platforms:platform_create")
NOT_OFFICE = [p for p in BUSINESS if p != "office"]


def edit_url(platform) -> str:
    return reverse("platforms:platform_edit", args=[platform.pk])


def figures(rows: list[dict], initial: int = 0, prefix: str = "figures") -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{key}": value for key, value in row.items()}
    return data


def platform_data(places, **kw) -> dict:
    return {
        "name": "泸永江融合发展示范区",
        "short_name": "泸永江",
        "kind": PlatformKind.DEMONSTRATION,
        "plan_approved": "2021-11-18",
        "members": [places["luzhou"].pk, places["tongnan"].pk],
        "description": "三地共建",
    } | kw


def test_office_creates_a_platform_with_figures(as_user, places):
    rows = [{"label": "地区生产总值", "value": "5200.25", "unit": "亿元", "year": "2024"}]
    response = as_user("office").post(CREATE, platform_data(places) | figures(rows))
    platform = Platform.objects.get(name="泸永江融合发展示范区")
    assert response.status_code == 302
    assert response["Location"] == reverse("platforms:platform_detail", args=[platform.pk])
    assert set(platform.members.all()) == {places["luzhou"], places["tongnan"]}
    figure = platform.figures.get()
    assert figure.value == Decimal("5200.25") and figure.year == 2024
    event = AuditEvent.objects.get(action="platform.create")
    assert event.target_id == str(platform.pk)
    assert event.actor.username == "office"
    assert event.after["figures"][0]["value"] == "5200.2500"


def test_office_edits_a_platform_and_its_figures(as_user, suitong, places):
    kept, dropped = suitong.figures.order_by("id")
    rows = [
        {
            "id": str(kept.pk),
            "label": "地区生产总值",
            "value": "2400",
            "unit": "亿元",
            "year": "2025",
        },
        {
            "id": str(dropped.pk),
            "label": dropped.label,
            "value": "210",
            "unit": "项",
            "year": "2024",
            "DELETE": "on",
        },
    ]
    data = platform_data(places, name=suitong.name, members=[places["suining"].pk])
    response = as_user("office").post(edit_url(suitong), data | figures(rows, initial=2))
    assert response.status_code == 302
    suitong.refresh_from_db()
    assert list(suitong.members.all()) == [places["suining"]]
    assert [(f.value, f.year) for f in suitong.figures.all()] == [(Decimal("2400"), 2025)]
    event = AuditEvent.objects.get(action="platform.update")
    assert len(event.before["figures"]) == 2 and len(event.after["figures"]) == 1
    assert event.before["kind"] == PlatformKind.PILOT


def test_bad_input_names_the_field_and_writes_nothing(as_user, places, suitong):
    rows = [{"label": "产值", "value": "不是数字", "unit": "亿元", "year": "1800"}]
    data = platform_data(places, name=suitong.name, plan_approved="2021-13-40")
    response = as_user("office").post(CREATE, data | figures(rows))
    html = response.content.decode()
    assert response.status_code == 200
    assert "已有同名的合作平台" in html
    assert "总体方案批复时间" in html and "数值" in html and "年度" in html
    assert Platform.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="platform.").exists()


def test_name_is_required(as_user, places):
    response = as_user("office").post(CREATE, platform_data(places, name="") | figures([]))
    assert "请填写“名称”。" in response.content.decode()
    assert not Platform.objects.exists()


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(as_user, suitong, places, persona):
    client = as_user(persona)
    assert client.get(CREATE).status_code == 403
    assert client.get(edit_url(suitong)).status_code == 403
    data = platform_data(places, name="改名") | figures([])
    assert client.post(edit_url(suitong), data).status_code == 403
    assert Platform.objects.get().name == suitong.name


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, suitong, persona):
    assert as_user(persona).get(CREATE).status_code == 404
    assert as_user(persona).get(edit_url(suitong)).status_code == 404


def test_anonymous_is_sent_to_login(suitong):
    assert_login_redirect(Client().get(edit_url(suitong)))
    assert_login_redirect(Client().get(CREATE))


def test_office_gets_the_forms(as_user, suitong):
    assert as_user("office").get(CREATE).status_code == 200
    html = as_user("office").get(edit_url(suitong)).content.decode()
    assert "地区生产总值" in html
