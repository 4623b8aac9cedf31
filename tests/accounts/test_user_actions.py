"""The system administrator's actions on an account: activate, unlock, reset password."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twincity.accounts import workflow
from twincity.audit.models import AuditEvent
from twincity.lib import clock


def url(name: str, user) -> str:
    return reverse(name, args=[user.pk])


def test_detail_shows_sysadmin_actions_but_no_grant_form(world, as_user):
    body = as_user("sysadmin").get(url("accounts:user_detail", world.users["cq_liaison"])).content
    body = body.decode()
    assert url("accounts:user_set_active", world.users["cq_liaison"]) in body
    assert url("accounts:user_reset_password", world.users["cq_liaison"]) in body
    assert url("accounts:user_grant", world.users["cq_liaison"]) not in body


def test_detail_shows_secadmin_the_grant_form_but_no_reset(world, as_user):
    body = as_user("secadmin").get(url("accounts:user_detail", world.users["cq_liaison"])).content
    body = body.decode()
    assert url("accounts:user_grant", world.users["cq_liaison"]) in body
    assert url("accounts:user_reset_password", world.users["cq_liaison"]) not in body
    assert url("accounts:user_set_active", world.users["cq_liaison"]) not in body


def test_sysadmin_deactivates_and_activates(world, as_user):
    user = world.users["cq_liaison"]
    client = as_user("sysadmin")
    client.post(url("accounts:user_set_active", user), {"active": "0"})
    user.refresh_from_db()
    assert not user.is_active
    event = AuditEvent.objects.get(action="accounts.user_deactivate")
    assert (event.before["is_active"], event.after["is_active"]) == (True, False)
    client.post(url("accounts:user_set_active", user), {"active": "1"})
    user.refresh_from_db()
    assert user.is_active


def test_sysadmin_cannot_deactivate_himself(world, as_user):
    response = as_user("sysadmin").post(
        url("accounts:user_set_active", world.users["sysadmin"]), {"active": "0"}, follow=True
    )
    assert "不能停用自己的账号" in response.content.decode()
    world.users["sysadmin"].refresh_from_db()
    assert world.users["sysadmin"].is_active


def test_secadmin_cannot_deactivate(world, as_user):
    response = as_user("secadmin").post(
        url("accounts:user_set_active", world.users["cq_liaison"]), {"active": "0"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("admin", ["sysadmin", "secadmin"])
def test_admins_unlock(world, as_user, admin):
    user = world.users["cq_liaison"]
    user.failed_logins, user.locked_until = 5, clock.now() + dt.timedelta(minutes=30)
    user.save()
    as_user(admin).post(url("accounts:user_unlock", user))
    user.refresh_from_db()
    assert (user.failed_logins, user.locked_until) == (0, None)
    assert AuditEvent.objects.filter(action="accounts.user_unlock").count() == 1


@pytest.mark.parametrize("persona", ["auditor", "office"])
def test_others_cannot_unlock(world, as_user, persona):
    response = as_user(persona).post(url("accounts:user_unlock", world.users["cq_liaison"]))
    assert response.status_code == 403


def test_sysadmin_resets_a_password(world, as_user):
    user = world.users["cq_liaison"]
    data = {"password": "Reset-Pass-2025", "password2": "Reset-Pass-2025"}
    response = as_user("sysadmin").post(url("accounts:user_reset_password", user), data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Reset-Pass-2025")
    event = AuditEvent.objects.get(action="accounts.password_reset")
    assert "Reset-Pass-2025" not in str(event.payload())


def test_weak_reset_is_refused(world, as_user):
    data = {"password": "short", "password2": "short"}
    user = world.users["cq_liaison"]
    response = as_user("sysadmin").post(url("accounts:user_reset_password", user), data)
    assert response.status_code == 200
    assert "至少需要" in response.content.decode() or "至少三类" in response.content.decode()
    assert not AuditEvent.objects.filter(action="accounts.password_reset").exists()


@pytest.mark.parametrize("target", ["secadmin", "auditor"])
def test_sysadmin_cannot_reset_other_administrators(world, as_user, target):
    data = {"password": "Reset-Pass-2025", "password2": "Reset-Pass-2025"}
    response = as_user("sysadmin").post(
        url("accounts:user_reset_password", world.users[target]), data
    )
    assert response.status_code == 403
    world.users[target].refresh_from_db()
    assert not world.users[target].check_password("Reset-Pass-2025")


def test_secadmin_cannot_reset(world, as_user):
    data = {"password": "Reset-Pass-2025", "password2": "Reset-Pass-2025"}
    response = as_user("secadmin").post(
        url("accounts:user_reset_password", world.users["cq_liaison"]), data
    )
    assert response.status_code == 403


def test_workflow_refuses_create_by_secadmin(world):
    with pytest.raises(PermissionDenied):
        workflow.create_user(
            world.users["secadmin"], username="x1", display_name="X", password="Initial-Pass-99"
        )
