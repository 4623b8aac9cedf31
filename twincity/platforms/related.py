"""What belongs to a platform: the items, projects and agreements of its units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from twincity.accounts.models import User
from twincity.commitments.models import Item, ItemQuerySet, ItemSide
from twincity.platforms.models import Agreement, Platform

COOPERATING = Item.cooperating_units.through


def items_of_units(user: User, unit_ids: Iterable[int]) -> ItemQuerySet:
    """Visible items that one of the units leads or supports."""
    ids = list(unit_ids)
    led = ItemSide.objects.filter(lead_unit__in=ids).values("item")
    supported = COOPERATING.objects.filter(unit__in=ids).values("item")
    return Item.objects.visible_to(user).filter(Q(pk__in=led) | Q(pk__in=supported))


def item_counts(user: User, platforms: list[Platform]) -> dict[int, int]:
    """Per platform, how many visible items its units lead or support (two queries)."""
    units = set().union(*(p.unit_ids() for p in platforms))
    visible = Item.objects.visible_to(user).values("pk")
    led = ItemSide.objects.filter(lead_unit__in=units, item__in=visible)
    supported = COOPERATING.objects.filter(unit__in=units, item__in=visible)
    by_unit: dict[int, set[int]] = defaultdict(set)
    for unit_id, item_id in [
        *led.values_list("lead_unit_id", "item_id"),
        *supported.values_list("unit_id", "item_id"),
    ]:
        by_unit[unit_id].add(item_id)
    return {p.pk: len(set().union(*(by_unit[u] for u in p.unit_ids()))) for p in platforms}


def agreements_of_units(user: User, unit_ids: Iterable[int]) -> QuerySet[Agreement]:
    signed = Agreement.signatory_units.through.objects.filter(unit__in=list(unit_ids))
    return Agreement.objects.visible_to(user).filter(pk__in=signed.values("agreement"))


def projects_of_units(user: User, unit_ids: Iterable[int]) -> QuerySet[Any] | None:
    """Visible projects located in or run by one of the units; None while there is no
    projects model to ask."""
    try:
        from twincity.projects.models import Project  # type: ignore[attr-defined]
    except ImportError:
        return None
    if not hasattr(Project.objects, "visible_to"):
        return None
    fields = [
        name
        for name in ("locations", "location_units", "responsible_units")
        if any(f.name == name for f in Project._meta.get_fields())
    ]
    if not fields:
        return None
    ids = list(unit_ids)
    match = Q()
    for name in fields:
        match |= Q(pk__in=Project.objects.filter(**{f"{name}__in": ids}).values("pk"))
    return Project.objects.visible_to(user).filter(match)


def project_links(projects: Iterable[Any]) -> list[tuple[Any, str]]:
    """Each project with the address of its page ("" while the projects app has none)."""
    rows = list(projects)
    try:
        return [(p, reverse("projects:project_detail", args=[p.pk])) for p in rows]
    except NoReverseMatch:
        return [(p, "") for p in rows]
