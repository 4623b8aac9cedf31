"""Small helpers shared by the lists tests."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

ALL_PERSONAS = [
    "office",
    "cq_liaison",
    "sc_liaison",
    "cq_head",
    "sc_head",
    "wg_lead",
    "leader",
    "outsider",
    "sysadmin",
    "secadmin",
    "auditor",
]
ADMINS = ["sysadmin", "secadmin", "auditor"]
BUSINESS = [p for p in ALL_PERSONAS if p not in ADMINS]


def row_ids(response: HttpResponse, prefix: str = "item") -> list[int]:
    """The primary keys of the table rows, in page order."""
    return [int(pk) for pk in re.findall(rf'<tr id="{prefix}-(\d+)"', response.content.decode())]


def queries_of(call: Callable[[], HttpResponse]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200
    return len(ctx.captured_queries)


def assert_login_redirect(response: HttpResponse) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
