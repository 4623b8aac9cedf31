"""Personal API tokens: created and revoked by their owner, shown once, stored as a digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from twincity.accounts.models import ApiToken, TokenScope, User
from twincity.audit.log import record
from twincity.lib import clock

SECRET_PREFIX = "tc_"
DEFAULT_DAYS = 90
MAX_DAYS = 365


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    user: User, name: str, scope: str = TokenScope.READ, days: int = DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """A new token and its secret; the secret is returned here once and never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("请填写令牌名称。"), code="required")
    if scope not in TokenScope.values:
        raise ValidationError(_("权限范围无效。"), code="scope")
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(_("有效期须为 1 至 %(max)s 天。") % {"max": MAX_DAYS}, code="days")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken.objects.create(
        user=user,
        name=name[:64],
        prefix=secret[:8],
        digest=digest_of(secret),
        scope=scope,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    after = {"name": token.name, "prefix": token.prefix, "scope": scope}
    after["expires_at"] = str(token.expires_at)
    record("api_token.create", actor=user, target=token, after=after)
    return token, secret


def revoke_token(user: User, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens (a second revoke changes nothing)."""
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record("api_token.revoke", actor=user, target=token, after={"prefix": token.prefix})
    return token


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, its last use stamped; None if unknown, expired or
    revoked."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
    now = clock.now()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
