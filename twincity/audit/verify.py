"""Walk the audit chain and report the first event that breaks it."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction

from twincity.audit.models import GENESIS, AuditEvent

HASH_MISMATCH = "hash"  # the row's content no longer matches its hash: the row was altered
LINK_MISMATCH = "link"  # prev_hash is not the previous row's hash: a row was deleted or inserted
CHUNK = 2000


@dataclass(frozen=True)
class VerifyResult:
    """The number of intact events, and the first broken one if any."""

    count: int
    broken_id: int | None = None
    broken_at: dt.datetime | None = None
    broken_action: str = ""
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain() -> VerifyResult:
    """Recompute every hash and link in id order, streaming the table in chunks."""
    with _snapshot():
        expected_prev = GENESIS
        count = 0
        for event in AuditEvent.objects.order_by("id").iterator(chunk_size=CHUNK):
            reason = _check(event, expected_prev)
            if reason:
                return VerifyResult(count, event.pk, event.at, event.action, reason)
            expected_prev = event.hash
            count += 1
    return VerifyResult(count)


def _check(event: AuditEvent, expected_prev: str) -> str:
    if event.compute_hash() != event.hash:
        return HASH_MISMATCH
    if event.prev_hash != expected_prev:
        return LINK_MISMATCH
    return ""


def _snapshot() -> transaction.Atomic | nullcontext[None]:
    # On PostgreSQL a server-side cursor outside a transaction is declared WITH HOLD, which
    # materialises the whole result before the first row; inside one it streams. On SQLite
    # (IMMEDIATE mode) a transaction would take the write lock and stall every writer.
    if connection.vendor == "postgresql":
        return transaction.atomic()
    return nullcontext()
