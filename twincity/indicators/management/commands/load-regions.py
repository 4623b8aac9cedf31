"""`twincity load-regions`: create or update the circle's regions and their tile map."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from twincity.indicators.regions import load_regions


class Command(BaseCommand):
    help = "Create or update the regions of the economic circle (safe to rerun)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = load_regions()
        self.stdout.write(f"regions loaded: {count}")
