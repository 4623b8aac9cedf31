"""One audit event, with before/after as a field-by-field diff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.audit.tamper import guard_off, raw
from twincity.audit.log import record


@pytest.fixture
def event(world):
    return record(
        "item.update",
        actor=world.users["office"],
        ip="10.1.2.3",
        target_type="commitments.item",
        target_id="7",
        before={"title": "旧名称", "deadline": "2025-06-30", "note": None},
        after={"title": "新名称", "deadline": "2025-06-30", "owner": [1, 2]},
    )


def url(pk: int) -> str:
    return reverse("audit:event_detail", args=[pk])


def rows(response) -> dict[str, tuple]:
    return {c.label: (c.before, c.after, c.changed) for c in response.context["diff"]}


def test_auditor_sees_a_field_by_field_diff(as_user, event):
    response = as_user("auditor").get(url(event.pk))
    assert response.status_code == 200
    assert rows(response) == {
        "事项名称（title）": ("旧名称", "新名称", True),
        "完成时限（deadline）": ("2025-06-30", "2025-06-30", False),
        "note": ("—", None, True),
        "owner": (None, "[1, 2]", True),
    }
    body = response.content.decode()
    assert "旧名称" in body and "新名称" in body
    assert "内容与哈希一致" in body


def test_event_without_before_or_after_says_so(as_user, world):
    event = record("auth.login", actor=world.users["office"])
    response = as_user("auditor").get(url(event.pk))
    assert response.context["diff"] == []
    assert "此事件没有记录修改前后的内容" in response.content.decode()


def test_altered_event_is_flagged(as_user, event):
    with guard_off():
        raw("UPDATE audit_auditevent SET ip = %s WHERE id = %s", ["10.9.9.9", event.pk])
    body = as_user("auditor").get(url(event.pk)).content.decode()
    assert "内容与哈希不符" in body


def test_missing_event_is_404(as_user, event):
    assert as_user("auditor").get(url(event.pk + 1000)).status_code == 404


@pytest.mark.parametrize("persona", ["office", "leader", "sysadmin", "secadmin", "cq_liaison"])
def test_other_roles_are_refused(as_user, event, persona):
    assert as_user(persona).get(url(event.pk)).status_code == 403


def test_anonymous_is_sent_to_login(client, event):
    response = client.get(url(event.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
