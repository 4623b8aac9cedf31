"""Schemathesis against the served OpenAPI schema, in-process: every operation, at least 50
generated cases, each sent as three personas (the joint office with a read-write token, a
Sichuan liaison with a read-write token, a leader with a read-only token). No case may get a
server error, an undocumented status, or a body that breaks the declared schema."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis import checks

from twincity.accounts.tokens import create_token
from twincity.api import api

# The schema exactly as served at /api/v1/openapi.json (the loaded dict, not a re-derivation).
SERVED = json.loads(json.dumps(api.get_openapi_schema(), default=str))
schema = schemathesis.openapi.from_dict(SERVED)
schema.app = WSGIHandler()

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
PERSONAS = {"office": "write", "sc_liaison": "write", "leader": "read"}


def test_served_schema_is_valid_openapi(db):
    served = Client().get("/api/v1/openapi.json").json()
    assert served == SERVED
    loaded = schemathesis.openapi.from_dict(served)
    loaded.validate()  # raises on anything the OpenAPI 3 meta-schema refuses
    operations = [op for op in loaded.get_all_operations()]
    assert len(operations) >= 4, "the schema must list the API's operations"


@pytest.fixture
def tokens(world) -> dict[str, str]:
    """One token per persona; the world gives them items, lists and units to see."""
    world.item(title="接口测试事项")
    return {
        name: create_token(world.users[name], "schemathesis", scope)[1]
        for name, scope in PERSONAS.items()
    }


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, tokens):
    for secret in tokens.values():
        case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)
