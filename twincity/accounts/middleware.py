"""Ends a session after SESSION_IDLE_SECONDS without a request."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from twincity.accounts.workflow import logged_out
from twincity.audit.log import bind_request
from twincity.lib import clock

_KEY = "last_seen"
IDLE_FLAG = "idle_logout"
# Rewrite the session at most once a minute: saves a database write on nearly every request,
# at the cost of the idle limit being up to a minute generous.
_TOUCH_EVERY = 60


def touch(request: HttpRequest) -> None:
    """Mark the session as active now (at login, then about once a minute)."""
    request.session[_KEY] = clock.now().timestamp()


def _idle_seconds(request: HttpRequest) -> float | None:
    last = request.session.get(_KEY)
    return None if last is None else clock.now().timestamp() - float(last)


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bind_request(request)
        try:
            return self._handle(request)
        finally:
            bind_request(None)  # a later job on this thread must not inherit this address

    def _handle(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            idle = _idle_seconds(request)
            if idle is not None and idle > settings.SESSION_IDLE_SECONDS:
                return self._idle_logout(request)
            if idle is None or idle >= _TOUCH_EVERY:
                touch(request)
        return self.get_response(request)

    def _idle_logout(self, request: HttpRequest) -> HttpResponse:
        logged_out(request.user, reason="idle")  # type: ignore[arg-type]
        logout(request)
        request.session[IDLE_FLAG] = True
        if request.headers.get("HX-Request"):
            # An HTMX swap would paste the login page into a fragment: send the browser there.
            return HttpResponse(headers={"HX-Redirect": resolve_url(settings.LOGIN_URL)})
        return self.get_response(request)
