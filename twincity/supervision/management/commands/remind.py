"""`twincity remind`: urge by rule, notify, e-mail digests, post to unit robots; idempotent.

Safe to run every few minutes: each step records what it sent, so a second run right after
sends nothing. The last line is always `notifications sent: N`, for monitoring scripts.

First it refreshes every item's stored light, since lights change with time alone (a deadline
passes); `lights refreshed: N` is printed when any changed and is not a notification.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from twincity.audit.log import record
from twincity.commitments.models import Item
from twincity.lib import clock
from twincity.supervision import notify
from twincity.supervision.current import refresh_lights
from twincity.supervision.models import Notice
from twincity.webhooks import deliver as event_webhooks

Ladder = Callable[[dt.datetime], Sequence[Notice]]


class Command(BaseCommand):
    help = "Run the urging ladder and send in-app notifications, e-mail digests and webhooks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="act as if it were this ISO date-time (for tests)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"]) if options["now"] else clock.now()
        with clock.travel(now):
            total = self.run(now)
        self.stdout.write(f"notifications sent: {total}")

    def run(self, now: dt.datetime) -> int:
        self.refresh_lights()
        counts = {
            "notices": notify.notify_recent_notices(now, self.ladder(now)),
            "pending work": notify.notify_pending_work(now),
            "e-mail digests": notify.send_digests(now),
            "webhook posts": notify.deliver_webhooks(now),
        }
        for step, count in counts.items():
            self.stdout.write(f"{step}: {count}")
        counts |= event_webhooks.remind_step(now, self.stdout.write)
        retries = notify.retries_waiting()
        if retries:
            self.stdout.write(f"webhook posts waiting for retry: {retries}")
        total = sum(counts.values())
        if total:
            record("supervision.remind", actor_name="remind", after=counts)
        return total

    def refresh_lights(self) -> None:
        refreshed = refresh_lights(Item.objects.all())
        if refreshed:
            self.stdout.write(f"lights refreshed: {refreshed}")

    def ladder(self, now: dt.datetime) -> Sequence[Notice]:
        run_ladder = load_ladder()
        if run_ladder is None:
            self.stdout.write("urging ladder: not available, skipped")
            return []
        notices = run_ladder(now)
        self.stdout.write(f"urging ladder: {len(notices)} new notices")
        return [*notices, *self.project_ladder(now)]

    def project_ladder(self, now: dt.datetime) -> Sequence[Notice]:
        """The joint key projects' monthly reports (printed, like retries, only when any)."""
        from twincity.projects.ladder import run_project_ladder

        notices = run_project_ladder(now)
        if notices:
            self.stdout.write(f"project ladder: {len(notices)} new notices")
        return notices


def load_ladder() -> Ladder | None:
    try:
        from twincity.supervision.ladder import run_ladder
    except (ImportError, AttributeError):
        return None
    return run_ladder


def parse_now(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--now: not an ISO date-time: {text!r}") from error
    return value if timezone.is_aware(value) else timezone.make_aware(value)
