"""Helpers for the stored-lights tests: stored versus live lights of an item."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from twincity.commitments.models import Item
from twincity.supervision.stats import lights_for

SH = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=SH)


def stored(item: Item) -> tuple[str, dict[int, str]]:
    """The item's stored light and its sides' (party id → light)."""
    item.refresh_from_db()
    return item.light, dict(item.sides.values_list("party_id", "light"))


def live(item: Item) -> tuple[str, dict[int, str]]:
    """The item's light and its sides' as `lights_for` computes them now."""
    got = lights_for(Item.objects.filter(pk=item.pk))[item.pk]
    return got.light, dict(got.sides)


def spoil(*items: Item) -> None:
    """Overwrite the stored lights with a value no rule gives, so a missed refresh shows."""
    ids = [item.pk for item in items]
    Item.objects.filter(pk__in=ids).update(light="stale", light_on=None)
    for item in items:
        item.sides.update(light="stale")
