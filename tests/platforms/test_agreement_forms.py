"""The office registers and edits agreements; others are refused; every write is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect
from tests.platforms.conftest import make_agreement
from twincity.audit.models import AuditEvent
from twincity.lib import clock
from twincity.platforms.models import Agreement

CREATE = reverse("platforms:agreement_create")
NOT_OFFICE = [p for p in BUSINESS if p != "office"]


def edit_url(agreement) -> str:
    return reverse("platforms:agreement_edit", args=[agreement.pk])


def form_data(world, **kw) -> dict:
    return {
        "title": "川渝两地生态环境保护合作协议",
        "date": "2020-06-05",
        "area": "生态环境",
        "doc_number": "川渝合作〔2020〕4号",
        "parties": [world.cq.pk, world.sc.pk],
        "signatory_units": [world.cq_unit.pk, world.sc_unit.pk],
        "items": [],
        "summary": "共同保护长江上游生态",
    } | kw


@pytest.fixture
def agreement(world):
    return make_agreement("旧协议", dt.date(2021, 1, 1), "基础设施", parties=[world.cq])


def test_office_registers_an_agreement(world, as_user):
    item = world.item(title="长江生态修复")
    response = as_user("office").post(CREATE, form_data(world, items=[item.pk], is_public="on"))
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("platforms:agreement_detail", args=[agreement.pk])
    assert agreement.date == dt.date(2020, 6, 5) and agreement.is_public
    assert set(agreement.parties.all()) == {world.cq, world.sc}
    assert list(agreement.items.all()) == [item]
    assert agreement.created_by == world.users["office"]
    event = AuditEvent.objects.get(action="agreement.create")
    assert event.target_id == str(agreement.pk) and event.before is None
    assert event.after["title"] == "川渝两地生态环境保护合作协议"


def test_office_edits_an_agreement(world, as_user, agreement):
    response = as_user("office").post(edit_url(agreement), form_data(world, title="新协议"))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "新协议" and agreement.area == "生态环境"
    event = AuditEvent.objects.get(action="agreement.update")
    assert event.before["title"] == "旧协议" and event.after["title"] == "新协议"
    assert event.before["area"] == "基础设施"


def test_bad_input_names_the_field_and_writes_nothing(world, as_user, agreement):
    data = form_data(world, title="  ", date="2020-02-30", parties=[999])
    response = as_user("office").post(edit_url(agreement), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "协议名称" in html and "签署日期" in html and "参与方" in html
    assert 'id="form-errors"' in html
    agreement.refresh_from_db()
    assert agreement.title == "旧协议"
    assert not AuditEvent.objects.filter(action__startswith="agreement.").exists()


def test_a_future_date_is_refused(world, as_user):
    tomorrow = clock.today() + dt.timedelta(days=1)
    response = as_user("office").post(CREATE, form_data(world, date=tomorrow.isoformat()))
    assert "“签署日期”不能晚于今天。" in response.content.decode()
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(world, as_user, agreement, persona):
    client = as_user(persona)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data(world)).status_code == 403
    assert client.get(edit_url(agreement)).status_code == 403
    assert client.post(edit_url(agreement), form_data(world)).status_code == 403
    assert Agreement.objects.count() == 1
    assert Agreement.objects.get().title == "旧协议"


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, agreement, persona):
    assert as_user(persona).get(CREATE).status_code == 404
    assert as_user(persona).get(edit_url(agreement)).status_code == 404


def test_anonymous_is_sent_to_login(agreement):
    assert_login_redirect(Client().get(CREATE))
    assert_login_redirect(Client().get(edit_url(agreement)))


def test_unknown_agreement_is_404_for_the_office(as_user, db, world):
    assert as_user("office").get("/platforms/agreements/999/edit/").status_code == 404
