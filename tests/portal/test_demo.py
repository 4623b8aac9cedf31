"""The demo's public records."""

from __future__ import annotations

from tests import factory as f
from twincity.commitments.models import ItemList, ListKind
from twincity.portal.demo import mark_public


def test_mark_public_publishes_agreed_items_and_key_tasks(db):
    agreed = f.make_list(ListKind.AGREED_ITEMS, is_demo=True)
    tasks = f.make_list(ListKind.KEY_TASKS, is_demo=True)
    needs = f.make_list(ListKind.POLICY_NEEDS, is_demo=True)
    real = f.make_list(ListKind.AGREED_ITEMS)
    assert mark_public() == 2
    public = set(ItemList.objects.filter(is_public=True))
    assert public == {agreed, tasks}
    assert needs not in public and real not in public
    assert mark_public() == 2  # again: nothing changes
