"""Every login, failure, lock and logout is in the audit log; passwords never are."""

import json

from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import post_login
from twincity.audit.models import AuditEvent

WRONG = "Wrong-pass-XYZ-987!"


def events(action: str):
    return list(AuditEvent.objects.filter(action=action))


def test_login_is_audited(world):
    post_login(Client(), "cq_liaison")
    [event] = events("auth.login")
    assert event.actor_id == world.users["cq_liaison"].pk
    assert event.actor_name == "cq_liaison"


def test_failed_login_is_audited_without_the_password(world):
    post_login(Client(), "cq_liaison", WRONG)
    [event] = events("auth.login_failed")
    assert event.actor_name == "cq_liaison"
    assert event.actor_id is None
    assert WRONG not in json.dumps(event.payload(), ensure_ascii=False)


def test_unknown_username_is_audited(world):
    post_login(Client(), "nobody", WRONG)
    [event] = events("auth.login_failed")
    assert event.actor_name == "nobody"
    assert event.after == {"reason": "unknown_user"}


def test_lock_is_audited_once(world):
    client = Client()
    for _ in range(6):
        post_login(client, "cq_liaison", WRONG)
    assert len(events("auth.locked")) == 1
    assert len(events("auth.login_failed")) == 6
    for event in AuditEvent.objects.all():
        assert WRONG not in json.dumps(event.payload(), ensure_ascii=False)


def test_logout_is_audited(world, as_user):
    client = as_user("office")
    client.post(reverse("accounts:logout"))
    [event] = events("auth.logout")
    assert event.actor_id == world.users["office"].pk
