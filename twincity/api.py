"""The one NinjaAPI; each app adds a Router (see docs/api.md).

Callers authenticate with a personal token (`Authorization: Bearer tc_…`) or, for the app's
own pages, the browser session. Errors are JSON `{"code", "message"}` in the request's
language (Accept-Language, through LocaleMiddleware).

Every operation is rate-limited per account (or token) and per client address by the
API-wide throttle, unless a router or operation passes its own `throttle=`.
"""

import importlib
import re
import threading
from typing import Any, Generic, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaError
from ninja.security import HttpBearer, django_auth
from ninja.throttling import BaseThrottle

from twincity.accounts import tokens
from twincity.accounts.models import ApiToken, User
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


class TokenAuth(HttpBearer):
    """A personal API token; the request then acts as the token's owner."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = tokens.authenticate(token)
        if found is not None:
            request.user = found.user
        return found


class ApiError(Exception):
    """An API refusal with its HTTP status, machine code and translated message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def require_write(request: HttpRequest) -> None:
    """Writes need a read-write token (a browser session may write as its pages do)."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken) and not auth.can_write:
        raise ApiError(403, "read_only_token", _("此令牌为只读令牌，不能修改数据。"))


def caller(request: HttpRequest) -> User:
    """The account the request acts as (a token's owner, or the session's user)."""
    return request.user  # type: ignore[return-value]


# --- pagination and optimistic locking, shared by every router ---------------------------------

MAX_PAGE_SIZE = 200
T = TypeVar("T")


class PageIn(Schema):
    """`?page=&size=`: numbered pages over a stable order (every list orders by a unique key)."""

    page: int = Field(1, ge=1, le=100_000)
    size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class Page(Schema, Generic[T]):
    count: int
    page: int
    size: int
    items: list[T]


def paginate(rows: QuerySet[Any], page: PageIn, out: Any = None) -> dict[str, Any]:
    """One page of an ordered queryset (two queries: the count and the page, plus prefetches);
    `out` turns each row into the response dict (default: the row itself)."""
    if not rows.ordered:
        raise ValueError("paginate() needs an ordered queryset for a stable order")
    start = (page.page - 1) * page.size
    chunk = list(rows[start : start + page.size])
    return {
        "count": rows.count(),
        "page": page.page,
        "size": page.size,
        "items": [out(row) for row in chunk] if out else chunk,
    }


class Versioned(Protocol):
    pk: Any
    version: int


_ETAG = re.compile(r'^(?:W/)?"(\d+)-(\d+)"$')


def etag(obj: Versioned | Model) -> str:
    """`"<id>-<version>"`: changes whenever the record is saved through its workflow."""
    return f'"{obj.pk}-{obj.version}"'  # type: ignore[union-attr]


def expected_version(request: HttpRequest, obj: Versioned | Model) -> int:
    """The version If-Match names: 428 when the header is missing, 412 when it is stale."""
    from twincity.commitments.workflow import ConflictError

    header = request.headers.get("If-Match", "").strip()
    if not header:
        message = _("修改须附带 If-Match 请求头（记录的 ETag）。")
        raise ApiError(428, "precondition_required", message)
    match = _ETAG.match(header)
    version: int = obj.version  # type: ignore[union-attr]
    if match is None or int(match[1]) != obj.pk or int(match[2]) != version:
        raise ApiError(412, "stale", str(ConflictError().messages[0]))
    return version


# The refusals every operation may answer with (see the handlers below and docs/api.md).
ERROR_STATUSES = {
    "400": "The request body is not JSON",
    "401": "Unauthenticated: no session, or an unknown, expired or revoked token",
    "403": "Forbidden: a read-only token, or the workflow refuses this user",
    "404": "Not found, or not visible to this user",
    "422": "Invalid parameters or fields",
    "429": "Rate limited (see Retry-After)",
}
WRITE_STATUSES = {
    "412": "Stale: If-Match does not name the current version; nothing was written",
    "428": "If-Match is required",
}


class TwincityApi(NinjaAPI):
    """NinjaAPI whose OpenAPI schema also declares the JSON error body of every refusal."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Error"] = {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for path in schema.get("paths", {}).values():
            for method, operation in path.items():
                statuses = dict(ERROR_STATUSES)
                if method != "get":
                    statuses |= WRITE_STATUSES
                responses = operation.setdefault("responses", {})
                for status, text in statuses.items():
                    responses.setdefault(status, {"description": text, "content": body})
        return schema


api = TwincityApi(
    title="twincity API",
    version="1",
    urls_namespace="api",
    throttle=ApiThrottle(),
    auth=[TokenAuth(), django_auth],
)


def error(request: HttpRequest, status: int, code: str, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error(request, exc.status, exc.code, exc.message)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if request.headers.get("Authorization"):
        return error(request, 401, "invalid_token", _("令牌无效、已过期或已被吊销。"))
    return error(request, 401, "unauthenticated", _("请先登录或提供有效的 API 令牌。"))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", _("未找到该记录，或您无权查看。"))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("您无权执行此操作。")
    return error(request, 403, "forbidden", message)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A refused write: 412 when someone saved first (ConflictError), else 422."""
    from twincity.commitments.workflow import ConflictError

    if isinstance(exc, ConflictError):
        return error(request, 412, "stale", exc.messages[0])
    fields = exc.message_dict if hasattr(exc, "error_dict") else {}
    message = " ".join(exc.messages) or _("提交的数据无效。")
    return error(request, 422, "invalid", message, errors=fields)


@api.exception_handler(SchemaError)
def invalid_schema(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = list(item.get("loc", []))
        # ("body", "payload", "title") → "title": name fields as the forms and workflows do.
        name = ".".join(str(p) for p in loc[2 if loc[:1] == ["body"] else 1 :]) or "__all__"
        fields.setdefault(name, []).append(str(item.get("msg", "")))
    return error(request, 422, "invalid", _("提交的数据无效。"), errors=fields)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals; the one it raises itself is 400 for a body that is not JSON."""
    if exc.status_code == 400:
        return error(request, 400, "bad_request", _("请求体不是有效的 JSON。"))
    return error(request, exc.status_code, "error", str(exc))


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """429 with a message in the request's language; ninja adds Retry-After."""
    message = _("请求过于频繁，请于 %(seconds)s 秒后再试。") % {"seconds": exc.wait}
    return error(request, 429, "rate_limited", message)


@api.get("/health", auth=None, tags=["system"])
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


# Each module holds `routers: dict[prefix, Router]`; they import this module, hence the end.
ROUTER_MODULES = [
    "twincity.accounts.api",
    "twincity.meetings.api",
    "twincity.commitments.api",
    "twincity.commitments.api_lists",
    "twincity.commitments.api_reports",
    "twincity.supervision.api",
    "twincity.projects.api",
    "twincity.services.api",
    "twincity.indicators.api",
    "twincity.webhooks.api",
]


def _mount() -> None:
    for name in ROUTER_MODULES:
        module_routers: dict[str, Router] = importlib.import_module(name).routers
        for prefix, router in module_routers.items():
            api.add_router(prefix, router)


_mount()
