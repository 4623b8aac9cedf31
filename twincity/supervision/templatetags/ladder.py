"""The item page's ladder panel and the items table's "已延期" marks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from twincity.commitments.models import Item
from twincity.supervision.extensions import extended_item_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def item_ladder(context: template.Context) -> dict[str, Any]:
    """The ladder history, extensions and forms for the page's item and user."""
    from twincity.supervision.ladder_views import item_panel  # views import the forms

    return item_panel(context["request"].user, context["item"])


@register.simple_tag
def extended_ids(items: Iterable[Item]) -> set[int]:
    """One query for a page of items: which of them had an extension approved."""
    return extended_item_ids(item.pk for item in items)
