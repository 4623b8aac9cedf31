"""The system administrator creates accounts."""

from django.urls import reverse

from twincity.accounts.models import User
from twincity.audit.models import AuditEvent

URL = reverse("accounts:user_create")
GOOD = {
    "username": "zhangsan",
    "display_name": "张三",
    "email": "zs@example.gov.cn",
    "phone": "023-12345678",
    "password": "Initial-Pass-99",
    "password2": "Initial-Pass-99",
}


def test_sysadmin_creates_a_user(as_user):
    response = as_user("sysadmin").post(URL, GOOD)
    user = User.objects.get(username="zhangsan")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert user.display_name == "张三"
    assert user.check_password("Initial-Pass-99")
    assert user.password_changed_at is None
    assert not user.memberships.exists()
    event = AuditEvent.objects.get(action="accounts.user_create")
    assert event.after["username"] == "zhangsan"
    assert "Initial-Pass-99" not in str(event.payload())


def test_duplicate_username_is_refused(as_user):
    response = as_user("sysadmin").post(URL, GOOD | {"username": "CQ_LIAISON"})
    assert response.status_code == 200
    assert "已被使用" in response.content.decode()
    assert not AuditEvent.objects.filter(action="accounts.user_create").exists()


def test_weak_initial_password_is_refused(as_user):
    weak = GOOD | {"password": "abcdefghijkl", "password2": "abcdefghijkl"}
    response = as_user("sysadmin").post(URL, weak)
    assert "至少三类" in response.content.decode()
    assert not User.objects.filter(username="zhangsan").exists()


def test_mismatched_passwords_are_refused(as_user):
    response = as_user("sysadmin").post(URL, GOOD | {"password2": "Other-Pass-99"})
    assert "两次输入的密码不一致" in response.content.decode()
    assert not User.objects.filter(username="zhangsan").exists()


def test_missing_name_is_refused(as_user):
    response = as_user("sysadmin").post(URL, GOOD | {"display_name": ""})
    assert "请填写姓名" in response.content.decode()


def test_secadmin_cannot_create(as_user):
    assert as_user("secadmin").post(URL, GOOD).status_code == 403
    assert not User.objects.filter(username="zhangsan").exists()
