"""Logging in: the page, redirects, inactive accounts, the idle-logout notice."""

from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import is_logged_in, post_login


def test_login_page_shows_the_platform_name(db):
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "成渝地区双城经济圈协同平台" in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_right_password_logs_in_and_goes_home(world):
    client = Client()
    response = post_login(client, "cq_liaison")
    assert response.status_code == 302
    assert response["Location"] == reverse("home:index")
    assert is_logged_in(client)


def test_wrong_password_is_refused_with_a_message(world):
    client = Client()
    response = post_login(client, "cq_liaison", "Wrong-pass-2025!")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert "未保存" not in response.content.decode(), "a login is not a record to save"
    assert not is_logged_in(client)


def test_unknown_username_gets_the_same_message(world):
    response = post_login(Client(), "nobody", "Wrong-pass-2025!")
    assert "用户名或密码错误" in response.content.decode()


def test_empty_form_names_the_fields(db):
    response = Client().post(reverse("accounts:login"), {})
    body = response.content.decode()
    assert "请填写用户名" in body
    assert "请填写密码" in body


def test_safe_next_is_followed(world):
    response = post_login(Client(), "office", next="/accounts/password/")
    assert response["Location"] == "/accounts/password/"


def test_foreign_next_is_ignored(world):
    response = post_login(Client(), "office", next="https://evil.example/steal")
    assert response["Location"] == reverse("home:index")


def test_inactive_user_cannot_log_in(world):
    user = world.users["cq_liaison"]
    user.is_active = False
    user.save()
    client = Client()
    response = post_login(client, "cq_liaison")
    assert response.status_code == 200
    assert "已停用" in response.content.decode()
    assert not is_logged_in(client)


def test_logged_in_user_visiting_login_is_sent_on(as_user):
    response = as_user("office").get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home:index")


def test_idle_notice_appears_once(db):
    client = Client()
    session = client.session
    session["idle_logout"] = True
    session.save()
    first = client.get(reverse("accounts:login")).content.decode()
    second = client.get(reverse("accounts:login")).content.decode()
    assert "由于长时间未操作，您已自动退出，请重新登录。" in first
    assert "由于长时间未操作" not in second
