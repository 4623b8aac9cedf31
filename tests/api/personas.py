"""Calling the API as a persona with a personal token, and counting a call's queries."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from twincity.accounts.tokens import create_token

API = "/api/v1"


class Caller:
    """A persona's token client: `get`, `post`, `patch` on API paths (JSON bodies)."""

    def __init__(self, world: Any, persona: str, scope: str = "write") -> None:
        self.secret = create_token(world.users[persona], "接口测试", scope)[1]
        self.client = Client()

    def _headers(self, if_match: str | None) -> dict[str, str]:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.secret}"}
        return headers | ({"HTTP_IF_MATCH": if_match} if if_match else {})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, **self._headers(None))

    def post(self, path: str, data: dict[str, Any], if_match: str | None = None) -> Any:
        return self.client.post(
            API + path, data, content_type="application/json", **self._headers(if_match)
        )

    def patch(self, path: str, data: dict[str, Any], if_match: str | None = None) -> Any:
        return self.client.patch(
            API + path, data, content_type="application/json", **self._headers(if_match)
        )


def queries(caller: Caller, path: str, **params: Any) -> tuple[int, int]:
    """(queries made, rows returned) by one list call."""
    with CaptureQueriesContext(connection) as ctx:
        response = caller.get(path, **params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), len(response.json()["items"])
