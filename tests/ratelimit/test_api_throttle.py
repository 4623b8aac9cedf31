"""Every API operation is rate-limited per account and per address, with a 429 JSON body in
the request's language."""

import pytest
from django.test import Client, override_settings
from django.utils import translation

pytestmark = pytest.mark.usefixtures("at_start")

HEALTH = "/api/v1/health"
API_MESSAGE = "请求过于频繁，请于 %(seconds)s 秒后再试。"


def client_at(address: str, **headers: str) -> Client:
    return Client(REMOTE_ADDR=address, **headers)


@override_settings(API_RATE_ADDRESS="3/60s")
def test_health_answers_under_the_limit_and_429_over_it(db):
    client = client_at("10.0.0.1")
    assert [client.get(HEALTH).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(HEALTH)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    message = "请求过于频繁，请于 60 秒后再试。"
    assert response.json() == {"code": "rate_limited", "message": message}


@override_settings(API_RATE_ADDRESS="1/60s")
def test_the_message_follows_the_request_language(db):
    client = client_at("10.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    client.get(HEALTH)
    response = client.get(HEALTH)
    assert response.status_code == 429
    assert response["Content-Language"] == "en"
    with translation.override("en"):
        expected = translation.gettext(API_MESSAGE) % {"seconds": 60}
    assert response.json() == {"code": "rate_limited", "message": expected}


@override_settings(API_RATE_ADDRESS="1/60s")
def test_another_address_is_unaffected(db):
    client_at("10.0.0.1").get(HEALTH)
    assert client_at("10.0.0.1").get(HEALTH).status_code == 429
    assert client_at("10.0.0.2").get(HEALTH).status_code == 200


@override_settings(API_RATE_ACCOUNT="2/60s")
def test_the_account_limit_counts_across_addresses(world):
    codes = []
    for n in range(3):
        client = client_at(f"10.0.0.{n}")
        client.force_login(world.users["office"])
        codes.append(client.get(HEALTH).status_code)
    assert codes == [200, 200, 429]
    other = client_at("10.0.0.9")
    other.force_login(world.users["leader"])
    assert other.get(HEALTH).status_code == 200


@override_settings(TRUSTED_PROXIES=1, API_RATE_ADDRESS="1/60s")
def test_the_address_is_the_one_the_audit_log_sees(db):
    proxy = client_at("192.168.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1")
    proxy.get(HEALTH)
    assert proxy.get(HEALTH).status_code == 429
    assert client_at("192.168.0.1", HTTP_X_FORWARDED_FOR="10.0.0.2").get(HEALTH).status_code == 200
