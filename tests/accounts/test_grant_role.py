"""The security administrator grants roles; 三员分立 holds."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factory as f
from twincity.accounts import workflow
from twincity.accounts.models import Membership, Role
from twincity.accounts.policy import actor_of
from twincity.audit.models import AuditEvent


def grant_url(user) -> str:
    return reverse("accounts:user_grant", args=[user.pk])


def test_grant_auditor_to_a_sysadmin_is_refused_with_a_clear_message(world, as_user):
    target = world.users["sysadmin"]
    response = as_user("secadmin").post(grant_url(target), {"role": Role.AUDITOR})
    body = response.content.decode()
    assert response.status_code == 200
    assert "三员分立" in body
    assert "系统管理员" in body and "审计管理员" in body
    assert not target.memberships.filter(role=Role.AUDITOR).exists()
    assert not AuditEvent.objects.filter(action="accounts.role_grant").exists()


def test_sysadmin_cannot_grant(world, as_user):
    target = world.users["cq_liaison"]
    response = as_user("sysadmin").post(
        grant_url(target), {"role": Role.HEAD, "unit": world.cq_unit.pk}
    )
    assert response.status_code == 403
    assert not target.memberships.filter(role=Role.HEAD).exists()


@pytest.mark.parametrize("persona", ["auditor", "office", "cq_liaison"])
def test_others_cannot_grant(world, as_user, persona):
    response = as_user(persona).post(grant_url(world.users["leader"]), {"role": Role.OFFICE})
    assert response.status_code == 403


def test_secadmin_cannot_grant_himself(world, as_user):
    me = world.users["secadmin"]
    response = as_user("secadmin").post(grant_url(me), {"role": Role.SYSADMIN})
    assert response.status_code == 403
    assert list(me.memberships.values_list("role", flat=True)) == [Role.SECADMIN]


def test_secadmin_grants_a_liaison_role(world, as_user):
    target = f.make_user("newcomer")
    data = {"role": Role.LIAISON, "unit": world.sc_unit.pk, "title": "科员"}
    response = as_user("secadmin").post(grant_url(target), data)
    assert response.status_code == 302
    membership = Membership.objects.get(user=target)
    assert (membership.role, membership.unit, membership.title) == (
        Role.LIAISON,
        world.sc_unit,
        "科员",
    )
    assert membership.granted_by == world.users["secadmin"]
    event = AuditEvent.objects.get(action="accounts.role_grant")
    assert event.after == {
        "role": "liaison",
        "unit": world.sc_unit.pk,
        "working_group": None,
        "title": "科员",
    }


def test_liaison_needs_a_unit(world, as_user):
    target = f.make_user("newcomer")
    response = as_user("secadmin").post(grant_url(target), {"role": Role.LIAISON})
    assert "单位联络员角色须指定所在单位" in response.content.decode()
    assert not target.memberships.exists()


def test_group_lead_needs_a_working_group(world, as_user):
    target = f.make_user("newcomer")
    response = as_user("secadmin").post(grant_url(target), {"role": Role.WG_LEAD})
    assert "须指定专项组" in response.content.decode()
    assert not target.memberships.exists()


def test_admin_role_refused_to_a_business_account(world):
    with pytest.raises(ValidationError, match="业务角色"):
        workflow.grant_role(world.users["secadmin"], world.users["cq_liaison"], Role.AUDITOR)


def test_business_role_refused_to_an_admin_account(world):
    with pytest.raises(ValidationError, match="三员分立"):
        workflow.grant_role(
            world.users["secadmin"], world.users["auditor"], Role.LIAISON, unit=world.cq_unit
        )


def test_two_admin_roles_refused_in_every_pair(world):
    blank = f.make_user("blank")
    workflow.grant_role(world.users["secadmin"], blank, Role.SYSADMIN)
    for role in (Role.SECADMIN, Role.AUDITOR):
        with pytest.raises(ValidationError):
            workflow.grant_role(world.users["secadmin"], blank, role)


def test_duplicate_role_is_refused(world):
    with pytest.raises(ValidationError, match="已持有此角色"):
        workflow.grant_role(
            world.users["secadmin"], world.users["cq_liaison"], Role.LIAISON, unit=world.cq_unit
        )


def test_grant_refreshes_the_cached_scope(world):
    target = world.users["cq_liaison"]
    assert not actor_of(target).has(Role.HEAD)
    workflow.grant_role(world.users["secadmin"], target, Role.HEAD, unit=world.cq_unit)
    assert actor_of(target).has(Role.HEAD)
