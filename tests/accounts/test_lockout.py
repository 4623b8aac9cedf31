"""Five wrong passwords lock the account for thirty minutes."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import is_logged_in, post_login

WRONG = "Wrong-pass-2025!"


def fail(client: Client, times: int, username: str = "cq_liaison"):
    response = None
    for _ in range(times):
        response = post_login(client, username, WRONG)
    return response


def test_five_failures_lock_the_account(world, frozen):
    client = Client()
    response = fail(client, 5)
    user = world.users["cq_liaison"]
    user.refresh_from_db()
    assert user.failed_logins == 5
    assert user.locked_until == frozen.at + dt.timedelta(minutes=30)
    until = timezone.localtime(user.locked_until).strftime("%Y-%m-%d %H:%M")
    assert "账号已被锁定" in response.content.decode()
    assert until in response.content.decode()


def test_locked_account_refuses_the_right_password(world, frozen):
    client = Client()
    fail(client, 5)
    frozen.move(minutes=29)
    response = post_login(client, "cq_liaison")
    assert response.status_code == 200
    assert "账号已被锁定" in response.content.decode()
    assert not is_logged_in(client)


def test_login_works_after_the_lock_expires(world, frozen):
    client = Client()
    fail(client, 5)
    frozen.move(minutes=31)
    response = post_login(client, "cq_liaison")
    assert response.status_code == 302
    assert is_logged_in(client)
    user = world.users["cq_liaison"]
    user.refresh_from_db()
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_four_failures_do_not_lock_and_success_resets_the_counter(world, frozen):
    client = Client()
    fail(client, 4)
    user = world.users["cq_liaison"]
    user.refresh_from_db()
    assert user.failed_logins == 4
    assert user.locked_until is None
    assert post_login(client, "cq_liaison").status_code == 302
    user.refresh_from_db()
    assert user.failed_logins == 0


def test_counter_restarts_after_success(world, frozen):
    fail(Client(), 4)
    post_login(Client(), "cq_liaison")
    fail(Client(), 4)
    user = world.users["cq_liaison"]
    user.refresh_from_db()
    assert user.locked_until is None


def test_failures_after_an_expired_lock_count_from_zero(world, frozen):
    fail(Client(), 5)
    frozen.move(minutes=31)
    response = fail(Client(), 1)
    assert "用户名或密码错误" in response.content.decode()
    user = world.users["cq_liaison"]
    user.refresh_from_db()
    assert (user.failed_logins, user.locked_until) == (1, None)


def test_lock_of_one_account_leaves_others_alone(world, frozen):
    fail(Client(), 5)
    assert post_login(Client(), "sc_liaison").status_code == 302
