"""Stored current lights: each item's and side's light kept in their `light` columns.

Pages and dashboards count lights in the database (COUNT … GROUP BY light). The rule stays in
`lights.py` and `stats.lights_for`; this module writes its result. The workflow refreshes an
item at the end of every change, rounds when they open, and `twincity remind` refreshes all
items, since lights also change with time alone (a deadline passes). A bulk load (the demo)
pauses the per-item refreshes and refreshes all items once at its end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import QuerySet

from twincity.commitments.models import Item, ItemSide, Light
from twincity.lib import clock, figcache
from twincity.supervision.stats import ItemLights, lights_for

BATCH = 500
_paused: ContextVar[bool] = ContextVar("lights_paused", default=False)


@transaction.atomic
def refresh_lights(items: QuerySet[Item], today: dt.date | None = None) -> int:
    """Store the items' current lights; returns how many item and side rows changed."""
    today = today or clock.today()
    return store_lights(lights_for(items, today), today)


def refresh_item(item_id: int) -> None:
    if not _paused.get():
        refresh_lights(Item.objects.filter(pk=item_id))


@contextmanager
def paused() -> Iterator[None]:
    """Skip `refresh_item` meanwhile; the caller must refresh the items it changed after."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


@transaction.atomic
def store_lights(lights: dict[int, ItemLights], today: dt.date) -> int:
    """Write lights that `lights_for` computed for `today`: only the rows that differ, in a
    fixed number of queries (bulk_update batches aside)."""
    ids = list(lights)
    items, sides = _changed_items(lights), _changed_sides(lights)
    Item.objects.filter(pk__in=ids).update(light_on=today)
    Item.objects.bulk_update(items, ["light"], batch_size=BATCH)
    ItemSide.objects.bulk_update(sides, ["light"], batch_size=BATCH)
    if items or sides:
        transaction.on_commit(figcache.lights_changed)
    return len(items) + len(sides)


def _changed_items(lights: dict[int, ItemLights]) -> list[Item]:
    rows = Item.objects.filter(pk__in=list(lights)).values_list("pk", "light")
    return [Item(pk=pk, light=lights[pk].light) for pk, old in rows if old != lights[pk].light]


def _changed_sides(lights: dict[int, ItemLights]) -> list[ItemSide]:
    rows = ItemSide.objects.filter(item__in=list(lights)).values_list(
        "pk", "item_id", "party_id", "light"
    )
    out = []
    for pk, item_id, party_id, stored in rows:
        light = lights[item_id].sides.get(party_id, Light.NONE)
        if stored != light:
            out.append(ItemSide(pk=pk, light=light))
    return out
