"""`twincity verify-audit`: check the audit log's hash chain; exit 1 at the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from twincity.audit.verify import HASH_MISMATCH, LINK_MISMATCH, VerifyResult, verify_chain

# Fixed English lines, so that monitoring scripts can match them whatever the locale.
REASONS = {
    HASH_MISMATCH: "hash mismatch, the event was altered",
    LINK_MISMATCH: "link mismatch, an event before it was deleted or inserted",
}


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and report the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(broken_line(result))
        self.stdout.write(f"audit chain ok: {result.count} events")


def broken_line(result: VerifyResult) -> str:
    at = timezone.localtime(result.broken_at).strftime("%Y-%m-%d %H:%M:%S")
    event = f"#{result.broken_id} ({result.broken_action}, {at})"
    return f"audit chain broken at event {event}: {REASONS[result.reason]}"
