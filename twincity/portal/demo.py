"""Which demo records are public (the demo command calls `mark_public()` after building)."""

from __future__ import annotations

from twincity.commitments.models import ItemList, ListKind

# The meetings' agreed items and the yearly key tasks are published; the policy needs (still
# being argued with the central ministries) and the reform list stay internal. Within the
# public lists the demo already marks its major items public, and some results and all
# indicators.
PUBLIC_KINDS = (ListKind.AGREED_ITEMS, ListKind.KEY_TASKS)


def mark_public() -> int:
    """Mark the demo lists of the public kinds public; returns how many. Idempotent."""
    lists = ItemList.objects.filter(is_demo=True, kind__in=PUBLIC_KINDS)
    return lists.update(is_public=True)
