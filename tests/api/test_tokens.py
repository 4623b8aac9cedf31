"""Personal API tokens: created and revoked on the tokens page, shown once, stored hashed."""

import datetime as dt
import hashlib

import pytest
from django.test import Client

from twincity.accounts.models import ApiToken
from twincity.accounts.tokens import create_token
from twincity.audit.models import AuditEvent
from twincity.lib import clock

URL = "/accounts/tokens/"


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_created_on_the_page_shown_once_and_stored_only_as_digest(world, as_user):
    client = as_user("cq_liaison")
    response = client.post(URL, {"name": "数据同步", "scope": "read", "days": 30})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.users["cq_liaison"])
    page = response.content.decode()
    secret = page.split('<code class="user-select-all fs-6">')[1].split("</code>")[0]
    assert secret.startswith("tc_") and secret[:8] == token.prefix
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert all(secret not in str(value) for value in ApiToken.objects.values().get().values())
    assert secret not in client.get(URL).content.decode(), "the secret is shown only once"
    event = AuditEvent.objects.get(action="api_token.create")
    assert secret not in str(event.after) and event.after["prefix"] == token.prefix
    assert token.expires_at - token.created_at == dt.timedelta(days=30)


def test_expiry_is_capped_at_a_year(world, as_user):
    response = as_user("cq_liaison").post(URL, {"name": "x", "scope": "read", "days": 366})
    assert response.status_code == 200 and not ApiToken.objects.exists()


def test_list_shows_only_own_tokens(world, as_user):
    create_token(world.users["sc_liaison"], "川方令牌", "read")
    create_token(world.users["cq_liaison"], "渝方令牌", "read")
    page = as_user("cq_liaison").get(URL).content.decode()
    assert "渝方令牌" in page and "川方令牌" not in page


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_404(world, as_user, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_is_sent_to_login(world):
    assert Client().get(URL).status_code == 302


def test_revoke_own_token_then_it_is_refused(world, as_user):
    token, secret = create_token(world.users["cq_liaison"], "同步", "read")
    assert Client().get("/api/v1/items", **bearer(secret)).status_code == 200
    response = as_user("cq_liaison").post(f"{URL}{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
    refused = Client().get("/api/v1/items", **bearer(secret))
    assert refused.status_code == 401 and refused.json()["code"] == "invalid_token"


def test_cannot_revoke_someone_elses_token(world, as_user):
    token, _ = create_token(world.users["sc_liaison"], "川方", "read")
    assert as_user("cq_liaison").post(f"{URL}{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_expired_token_is_refused_and_last_use_is_stamped(world):
    token, secret = create_token(world.users["cq_liaison"], "同步", "read", days=1)
    assert Client().get("/api/v1/items", **bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    with clock.travel(token.expires_at + dt.timedelta(seconds=1)):
        refused = Client().get("/api/v1/items", **bearer(secret))
    assert refused.status_code == 401 and refused.json()["code"] == "invalid_token"


def test_unknown_token_is_refused(world):
    refused = Client().get("/api/v1/items", **bearer("tc_not-a-real-token"))
    assert refused.status_code == 401 and refused.json()["code"] == "invalid_token"
    assert Client().get("/api/v1/items").json()["code"] == "unauthenticated"
