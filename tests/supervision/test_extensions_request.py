"""A lead unit's liaison asks for an extension (延期申请) from the item page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.supervision.ladder_helpers import item_url, working_item
from twincity.audit.models import AuditEvent
from twincity.commitments import workflow as wf
from twincity.commitments.workflow import WorkflowError
from twincity.lib import clock
from twincity.supervision import extensions
from twincity.supervision.models import Extension, ExtensionStatus


@pytest.fixture
def item(world):
    return working_item(world, deadline=clock.today() + dt.timedelta(20))


def url(item) -> str:
    return reverse("supervision:extension_request", args=[item.pk])


def data(item, **kw) -> dict:
    new = item.deadline + dt.timedelta(60)
    return {"new_deadline": new.isoformat(), "reason": "征地手续尚未完成"} | kw


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize("persona, party", [("cq_liaison", "cq"), ("sc_liaison", "sc")])
def test_a_lead_units_liaison_asks_for_its_side(world, as_user, item, persona, party):
    response = as_user(persona).post(url(item), data(item), follow=True)
    assert response.redirect_chain[-1][0].startswith(item_url(item))
    ext = Extension.objects.get()
    assert ext.party.code == party and ext.status == ExtensionStatus.PENDING
    assert ext.old_deadline == item.deadline
    assert ext.new_deadline == item.deadline + dt.timedelta(60)
    assert ext.requested_by == world.users[persona]
    assert AuditEvent.objects.filter(action="extension.request", target_id=str(ext.pk)).exists()
    item.refresh_from_db()
    assert item.deadline == ext.old_deadline  # nothing moves before the office decides
    page = response.content.decode()
    assert "征地手续尚未完成" in page and "待审批" in page


def test_the_item_page_offers_the_form_to_lead_liaisons_only(as_user, item):
    assert (
        'id="extension-request-form"' in as_user("cq_liaison").get(item_url(item)).content.decode()
    )
    for persona in ("office", "cq_head", "leader"):
        page = as_user(persona).get(item_url(item)).content.decode()
        assert 'id="extension-request-form"' not in page


@pytest.mark.parametrize("persona", ["office", "cq_head", "leader"])
def test_people_who_see_the_item_but_do_not_lead_it_get_403(as_user, item, persona):
    assert as_user(persona).post(url(item), data(item)).status_code == 403
    assert not Extension.objects.exists()


@pytest.mark.parametrize("persona", ["outsider"])
def test_people_who_cannot_see_the_item_get_404(as_user, item, persona):
    assert as_user(persona).post(url(item), data(item)).status_code == 404


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404(as_user, item, persona):
    assert as_user(persona).post(url(item), data(item)).status_code == 404


def test_anonymous_goes_to_login(client, item):
    response = client.post(url(item), data(item))
    assert response.status_code == 302 and "/login" in response.url


def test_get_is_not_allowed(as_user, item):
    assert as_user("cq_liaison").get(url(item)).status_code == 405


@pytest.mark.parametrize(
    "change, message",
    [
        ({"reason": " "}, "延期理由"),
        ({"new_deadline": ""}, "申请完成时限"),
        ({"new_deadline": "not-a-date"}, "申请完成时限"),
    ],
)
def test_bad_input_names_the_field(as_user, item, change, message):
    response = as_user("cq_liaison").post(url(item), data(item, **change), follow=True)
    assert message in messages_of(response)
    assert not Extension.objects.exists()


def test_the_new_date_must_be_later_than_the_deadline(as_user, item):
    same = data(item, new_deadline=item.deadline.isoformat())
    response = as_user("cq_liaison").post(url(item), same, follow=True)
    assert "须晚于原完成时限" in messages_of(response)
    assert not Extension.objects.exists()


def test_one_pending_request_at_a_time(world, as_user, item):
    as_user("cq_liaison").post(url(item), data(item))
    response = as_user("sc_liaison").post(url(item), data(item), follow=True)
    assert "已有待审批的延期申请" in messages_of(response)
    assert Extension.objects.count() == 1


def test_a_closed_or_suspended_item_cannot_be_extended(world, as_user, item):
    wf.suspend(world.users["office"], item, "等待国家批复")
    response = as_user("cq_liaison").post(url(item), data(item), follow=True)
    assert "不能申请延期" in messages_of(response)
    assert not Extension.objects.exists()


def test_the_verb_checks_the_side(world, item):
    with pytest.raises(PermissionDenied):
        extensions.request_extension(
            world.users["cq_liaison"], item, world.sc, item.deadline + dt.timedelta(9), "理由"
        )
    with pytest.raises(WorkflowError, match="晚于今天"):
        late = working_item(world, deadline=clock.today() - dt.timedelta(30))
        extensions.request_extension(world.users["cq_liaison"], late, None, clock.today(), "理由")
