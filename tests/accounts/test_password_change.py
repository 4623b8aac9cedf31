"""Changing one's own password."""

from django.urls import reverse

from tests.factory import PASSWORD
from twincity.audit.models import AuditEvent

URL = reverse("accounts:password_change")
STRONG = "Brand-new-Pass-42"


def change(client, old=PASSWORD, new=STRONG, again=None):
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post(URL, data)


def test_anonymous_is_sent_to_login(db, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_strong_password_is_accepted_and_session_kept(world, as_user, frozen):
    client = as_user("cq_head")
    response = change(client)
    assert response.status_code == 302
    user = world.users["cq_head"]
    user.refresh_from_db()
    assert user.check_password(STRONG)
    assert user.password_changed_at == frozen.at
    assert client.get(URL).status_code == 200  # still logged in
    assert AuditEvent.objects.filter(action="auth.password_change", actor=user).count() == 1


def test_weak_password_is_refused_with_a_message(world, as_user):
    response = change(as_user("cq_head"), new="abcdefghijkl")
    assert response.status_code == 200
    assert "密码须包含大写字母、小写字母、数字、符号中的至少三类" in response.content.decode()
    world.users["cq_head"].refresh_from_db()
    assert world.users["cq_head"].check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="auth.password_change").exists()


def test_short_password_is_refused(world, as_user):
    response = change(as_user("cq_head"), new="Ab1!")
    assert response.status_code == 200
    world.users["cq_head"].refresh_from_db()
    assert world.users["cq_head"].check_password(PASSWORD)


def test_wrong_old_password_is_refused(world, as_user):
    response = change(as_user("cq_head"), old="Not-the-old-1!")
    assert "原密码不正确" in response.content.decode()


def test_mismatched_confirmation_is_refused(world, as_user):
    response = change(as_user("cq_head"), again="Other-new-Pass-43")
    assert "两次输入的新密码不一致" in response.content.decode()
