"""Switch the append-only guard off for one block, as an intruder with database access could."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from twincity.audit.log import record
from twincity.audit.models import AuditEvent

_migration = importlib.import_module("twincity.audit.migrations.0002_append_only")


@contextmanager
def guard_off() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change")
            yield
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_change")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
            yield
            for create in _migration.SQLITE:
                cursor.execute(create)


def raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def make_events(n: int, action: str = "item.update") -> list[AuditEvent]:
    return [
        record(action, target_type="commitments.item", target_id=str(i), after={"n": i})
        for i in range(n)
    ]
