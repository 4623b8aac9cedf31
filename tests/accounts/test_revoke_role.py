"""The security administrator revokes roles."""

from django.urls import reverse

from twincity.accounts.models import Membership, Role
from twincity.audit.models import AuditEvent


def revoke_url(membership) -> str:
    return reverse("accounts:user_revoke", args=[membership.user_id, membership.pk])


def test_secadmin_revokes_a_role(world, as_user):
    membership = world.users["cq_head"].memberships.get()
    response = as_user("secadmin").post(revoke_url(membership))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(action="accounts.role_revoke")
    assert event.before["role"] == Role.HEAD


def test_sysadmin_cannot_revoke(world, as_user):
    membership = world.users["cq_head"].memberships.get()
    assert as_user("sysadmin").post(revoke_url(membership)).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_secadmin_cannot_revoke_his_own_role(world, as_user):
    membership = world.users["secadmin"].memberships.get()
    assert as_user("secadmin").post(revoke_url(membership)).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_membership_of_another_user_is_404(world, as_user):
    membership = world.users["cq_head"].memberships.get()
    url = reverse("accounts:user_revoke", args=[world.users["sc_head"].pk, membership.pk])
    assert as_user("secadmin").post(url).status_code == 404


def test_get_is_refused(world, as_user):
    membership = world.users["cq_head"].memberships.get()
    assert as_user("secadmin").get(revoke_url(membership)).status_code == 405
