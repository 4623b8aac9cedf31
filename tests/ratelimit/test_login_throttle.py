"""Login attempts over the per-address or per-account rate get a 429, before any password
check; the first refusal of a window is audited."""

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.accounts.helpers import is_logged_in, post_login
from tests.ratelimit.conftest import later
from twincity.audit.models import AuditEvent
from twincity.lib import clock

WRONG = "Wrong-pass-XYZ-987!"
MESSAGE = "登录尝试过于频繁，请于 300 秒后再试。"

pytestmark = pytest.mark.usefixtures("at_start")


def client_at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def spend(username: str, times: int, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        assert post_login(client_at(address), username, WRONG).status_code == 200


@override_settings(LOGIN_RATE_ADDRESS="3/300s")
def test_over_the_address_limit_even_the_right_password_gets_429(world):
    for name in ("office", "leader", "nobody"):
        spend(name, 1)
    client = client_at("10.0.0.1")
    response = post_login(client, "cq_liaison")
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    assert MESSAGE in response.content.decode()
    assert not is_logged_in(client)


@override_settings(LOGIN_RATE_ADDRESS="3/300s")
def test_refused_attempts_do_not_reach_the_password_check(world):
    spend("nobody", 3)
    failures = AuditEvent.objects.filter(action="auth.login_failed").count()
    post_login(client_at("10.0.0.1"), "cq_liaison", WRONG)
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == failures
    world.users["cq_liaison"].refresh_from_db()
    assert world.users["cq_liaison"].failed_logins == 0


@override_settings(LOGIN_RATE_ADDRESS="3/300s")
def test_another_address_is_unaffected(world):
    spend("nobody", 3)
    client = client_at("10.0.0.2")
    assert post_login(client, "cq_liaison").status_code == 302
    assert is_logged_in(client)


@override_settings(LOGIN_RATE_ACCOUNT="3/300s")
def test_the_account_limit_counts_across_addresses(world):
    for n in range(3):
        spend("cq_liaison", 1, address=f"10.0.1.{n}")
    response = post_login(client_at("10.0.1.9"), "cq_liaison")
    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert post_login(client_at("10.0.1.9"), "sc_liaison").status_code == 302


@override_settings(LOGIN_RATE_ACCOUNT="3/300s")
def test_the_account_key_ignores_case_and_spaces(world):
    for name in ("CQ_Liaison", " cq_liaison", "cq_LIAISON "):
        spend(name, 1)
    assert post_login(client_at("10.0.0.1"), "cq_liaison").status_code == 429


@override_settings(LOGIN_RATE_ADDRESS="3/300s")
def test_after_the_window_login_works_again(world):
    spend("nobody", 3)
    with clock.travel(later(seconds=299)):
        assert post_login(client_at("10.0.0.1"), "cq_liaison").status_code == 429
    with clock.travel(later(seconds=300)):
        client = client_at("10.0.0.1")
        assert post_login(client, "cq_liaison").status_code == 302
        assert is_logged_in(client)


@override_settings(LOGIN_RATE_ADDRESS="2/300s")
def test_the_first_refusal_of_a_window_is_audited_once(world):
    spend("nobody", 2)
    for _ in range(3):
        post_login(client_at("10.0.0.1"), "cq_liaison")
    [event] = AuditEvent.objects.filter(action="accounts.login_throttled")
    assert event.actor_name == "cq_liaison"
    assert event.ip == "10.0.0.1"
    assert event.after == {"limit": "address", "rate": "2/300s", "retry_after": 300}
    with clock.travel(later(seconds=300)):
        spend("nobody", 2)
        post_login(client_at("10.0.0.1"), "cq_liaison")
    assert AuditEvent.objects.filter(action="accounts.login_throttled").count() == 2


def test_a_get_of_the_login_page_is_not_counted(world):
    client = client_at("10.0.0.1")
    with override_settings(LOGIN_RATE_ADDRESS="1/300s"):
        for _ in range(3):
            assert client.get("/accounts/login/").status_code == 200
        assert post_login(client, "cq_liaison").status_code == 302


def test_the_default_limits_leave_room_for_the_lockout(world):
    """The lockout must still be what a password guesser meets first."""
    assert settings.LOGIN_RATE_ACCOUNT == "10/300s"
    spend("cq_liaison", settings.LOGIN_MAX_FAILURES)
    world.users["cq_liaison"].refresh_from_db()
    assert world.users["cq_liaison"].is_locked()
