"""The auditor's verify button: runs the chain check and reports it as a message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.audit.tamper import guard_off, make_events, raw
from twincity.audit.models import AuditEvent

URL = reverse("audit:verify")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_clean_chain_reports_the_count(as_user, world):
    make_events(4)
    response = as_user("auditor").post(URL, follow=True)
    assert response.redirect_chain == [(reverse("audit:events"), 302)]
    assert messages_of(response) == ["审计日志链完整：共 4 条事件。"]


def test_broken_chain_names_the_event(as_user, world):
    events = make_events(4)
    with guard_off():
        raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    response = as_user("auditor").post(URL, follow=True)
    [message] = messages_of(response)
    assert message.startswith(f"审计日志链在事件 #{events[2].pk}（item.update，")
    assert "此前有事件被删除或插入" in message


def test_the_check_itself_is_audited(as_user, world):
    make_events(2)
    as_user("auditor").post(URL)
    last = AuditEvent.objects.order_by("-id").first()
    assert last.action == "audit.verify"
    assert last.actor_name == "auditor"
    assert last.after == {"ok": True, "count": 2, "broken_id": None}


def test_get_is_not_allowed(as_user, world):
    assert as_user("auditor").get(URL).status_code == 405


@pytest.mark.parametrize("persona", ["office", "leader", "sysadmin", "secadmin", "cq_liaison"])
def test_other_roles_are_refused(as_user, world, persona):
    assert as_user(persona).post(URL).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.verify").exists()


def test_anonymous_is_sent_to_login(client, world):
    response = client.post(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
