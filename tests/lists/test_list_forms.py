"""Creating and editing a list (office only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ALL_PERSONAS, BUSINESS, assert_login_redirect
from twincity.audit.models import AuditEvent
from twincity.commitments.models import ItemList, ListKind

CREATE = reverse("commitments:list_create")


def edit_url(item_list) -> str:
    return reverse("commitments:list_edit", args=[item_list.pk])


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_the_office_may_open_the_create_form(as_user, persona):
    response = as_user(persona).get(CREATE)
    assert response.status_code == (200 if persona == "office" else 403)


def test_anonymous_is_sent_to_login(client, world):
    assert_login_redirect(client.get(CREATE))
    assert_login_redirect(client.get(edit_url(f.make_list())))


def test_office_creates_a_list(as_user, world):
    meeting = f.make_meeting(10)
    response = as_user("office").post(
        CREATE,
        {
            "kind": ListKind.KEY_TASKS,
            "name": "2025年重点任务",
            "period": "2025",
            "source_meeting": meeting.pk,
            "description": "7个方面27项",
        },
    )
    item_list = ItemList.objects.get(name="2025年重点任务")
    assert response.status_code == 302
    assert response["Location"] == reverse("commitments:list_detail", args=[item_list.pk])
    assert item_list.kind == ListKind.KEY_TASKS and item_list.source_meeting == meeting
    assert AuditEvent.objects.filter(action="list.create", target_id=str(item_list.pk)).exists()


def test_a_list_needs_a_name(as_user, world):
    response = as_user("office").post(CREATE, {"kind": ListKind.REFORM, "name": ""})
    assert response.status_code == 200
    assert "请填写“名称”。" in response.content.decode()
    assert not ItemList.objects.exists()


def test_a_liaison_cannot_post_a_list(as_user, world):
    response = as_user("cq_liaison").post(CREATE, {"kind": ListKind.REFORM, "name": "x"})
    assert response.status_code == 403
    assert not ItemList.objects.exists()


@pytest.mark.parametrize("persona", BUSINESS)
def test_edit_form_access(as_user, world, persona):
    response = as_user(persona).get(edit_url(f.make_list()))
    assert response.status_code == (200 if persona == "office" else 403)


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_do_not_see_lists_to_edit(as_user, world, persona):
    assert as_user(persona).get(edit_url(f.make_list())).status_code == 404


def test_office_edits_a_list_and_it_is_audited(as_user, world):
    item_list = f.make_list(ListKind.REFORM, "改革清单")
    response = as_user("office").post(
        edit_url(item_list),
        {
            "kind": ListKind.REFORM,
            "name": "集成式标志性重大改革清单",
            "period": "2025—2027",
        },
    )
    assert response.status_code == 302
    item_list.refresh_from_db()
    assert item_list.name == "集成式标志性重大改革清单"
    event = AuditEvent.objects.get(action="list.update", target_id=str(item_list.pk))
    assert event.before["name"] == "改革清单"
    assert event.after["name"] == "集成式标志性重大改革清单"
