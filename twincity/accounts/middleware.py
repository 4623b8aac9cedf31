"""Ends a session after SESSION_IDLE_SECONDS without a request."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from twincity.audit.log import bind_request
from twincity.lib import clock

_KEY = "last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bind_request(request)
        if request.user.is_authenticated:
            now = clock.now().timestamp()
            last = request.session.get(_KEY)
            if last is not None and now - float(last) > settings.SESSION_IDLE_SECONDS:
                logout(request)
                request.session["idle_logout"] = True
            else:
                request.session[_KEY] = now
        return self.get_response(request)
