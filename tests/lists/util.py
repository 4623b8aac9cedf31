"""Small helpers shared by the lists tests."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from twincity.lib import figcache

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


def cold_and_warm(call: Callable[[], HttpResponse]) -> tuple[int, int]:
    """The queries of a request that computes the cached figures (the items table's total and
    areas), then of one served from them. The factories write no audit event, so a new data
    generation is started by hand."""
    figcache.lights_changed()
    return queries_of(call), queries_of(call)


def assert_login_redirect(response: HttpResponse) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
