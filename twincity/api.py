"""The one NinjaAPI; each app adds a Router (see docs/api.md).

Every operation is rate-limited per account (or token) and per client address by the
API-wide throttle, unless a router or operation passes its own `throttle=`.
"""

import threading

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from twincity.audit.log import client_ip
from twincity.lib import ratelimit


def _caller(request: HttpRequest) -> str:
    """Who is calling: the authenticated token or account, else "" (anonymous)."""
    auth = getattr(request, "auth", None)
    if auth is not None and not hasattr(auth, "is_authenticated"):  # a token, not a user
        return f"{type(auth).__name__}:{getattr(auth, 'pk', auth)}"
    user = getattr(request, "user", None)
    return f"user:{user.pk}" if user is not None and user.is_authenticated else ""


def api_throttle(request: HttpRequest) -> ratelimit.Decision:
    """Count one API request per caller and per address; the refusal, or the last allowance."""
    decision = ratelimit.ALLOWED
    limits = [
        ("api-account", _caller(request), settings.API_RATE_ACCOUNT),
        ("api-address", client_ip(request), settings.API_RATE_ADDRESS),
    ]
    for scope, key, rate in limits:
        if key:
            decision = ratelimit.hit_rate(scope, key, rate)
            if not decision.allowed:
                break
    return decision


class ApiThrottle(BaseThrottle):
    """ninja's throttle hook around api_throttle; ninja asks wait() right after a refusal."""

    def __init__(self) -> None:
        self._last = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        self._last.decision = api_throttle(request)
        return self._last.decision.allowed

    def wait(self) -> float | None:
        return self._last.decision.retry_after


api = NinjaAPI(title="twincity API", version="1", urls_namespace="api", throttle=ApiThrottle())


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """429 with a message in the request's language; ninja adds Retry-After."""
    message = _("请求过于频繁，请于 %(seconds)s 秒后再试。") % {"seconds": exc.wait}
    body = {"code": "rate_limited", "message": message}
    return api.create_response(request, body, status=429)


@api.get("/health", auth=None, tags=["system"])
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}
