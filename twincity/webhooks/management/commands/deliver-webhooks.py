"""`twincity deliver-webhooks`: post the subscriptions' due event deliveries; run every minute.

Safe to run at any moment and beside `twincity remind` (which runs the same step): each
delivery is claimed before it is posted. The last line is `deliveries sent: N, failed: M`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from twincity.lib import clock
from twincity.supervision.management.commands.remind import parse_now
from twincity.webhooks.deliver import deliver_due
from twincity.webhooks.models import Delivery, DeliveryState


class Command(BaseCommand):
    help = "Post the due deliveries of event subscriptions, signed, with retries and back-off."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="act as if it were this ISO date-time (for tests)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"]) if options["now"] else clock.now()
        with clock.travel(now):
            sent, failed = deliver_due(now)
        waiting = Delivery.objects.filter(state=DeliveryState.PENDING, attempts__gt=0).count()
        if waiting:
            self.stdout.write(f"deliveries waiting for retry: {waiting}")
        self.stdout.write(f"deliveries sent: {sent}, failed: {failed}")
