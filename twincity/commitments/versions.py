"""List versions: freeze a list's items into a numbered version, and compare two versions."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from twincity.accounts.models import Party, User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record
from twincity.commitments.models import (
    Item,
    ItemList,
    ItemSide,
    ItemState,
    ListVersion,
    ListVersionEntry,
)
from twincity.meetings.models import Meeting

# The compared fields, in display order; lead units follow as "lead:<party code>".
FIELDS = ["title", "area", "working_group", "deadline", "state", "is_major", "result_form"]
LEAD_PREFIX = "lead:"

Change = tuple[Any, Any]


@dataclass
class Comparison:
    """What changed from version a to version b, keyed by item code."""

    added: dict[str, dict[str, Any]] = field(default_factory=dict)
    removed: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed: list[tuple[str, dict[str, Change]]] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def restricted_to(self, codes: Collection[str]) -> Comparison:
        """Only the rows whose code is in codes (what a scoped user may see)."""
        return Comparison(
            added={c: d for c, d in self.added.items() if c in codes},
            removed={c: d for c, d in self.removed.items() if c in codes},
            changed=[(c, d) for c, d in self.changed if c in codes],
            titles={c: t for c, t in self.titles.items() if c in codes},
        )


def entry_data(item: Item) -> dict[str, Any]:
    """The compared fields of one item (sides and working group should be prefetched)."""
    data: dict[str, Any] = {
        "title": item.title,
        "area": item.area,
        "working_group": item.working_group.name if item.working_group else "",
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "state": item.state,
        "is_major": item.is_major,
        "result_form": item.result_form,
    }
    for side in item.sides.all():
        data[LEAD_PREFIX + side.party.code] = side.lead_unit.name
    return data


def _items_of(item_list: ItemList) -> Iterable[Item]:
    sides = ItemSide.objects.select_related("party", "lead_unit")
    return (
        Item.objects.filter(list=item_list)
        .select_related("working_group")
        .prefetch_related(Prefetch("sides", queryset=sides))
        .order_by("code")
    )


def freeze(
    locked: Any,
    version_model: Any,
    entry_model: Any,
    rows: Iterable[Any],
    data_of: Callable[[Any], dict[str, Any]],
    **fields: Any,
) -> tuple[Any, list[Any]]:
    """Number a new version of a (row-locked) list and freeze each row's code and data into
    it; shared by the lists of items and of projects."""
    last = locked.versions.aggregate(n=Max("number"))["n"] or 0
    version = version_model.objects.create(list=locked, number=last + 1, **fields)
    entries = [entry_model(version=version, code=row.code, data=data_of(row)) for row in rows]
    entry_model.objects.bulk_create(entries)
    return version, entries


@transaction.atomic
def snapshot_version(
    user: User, item_list: ItemList, note: str, meeting: Meeting | None = None
) -> ListVersion:
    """Freeze every item of the list into a new numbered version (office only)."""
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以生成清单版本。"))
    locked = ItemList.objects.select_for_update().get(pk=item_list.pk)
    version, entries = freeze(
        locked,
        ListVersion,
        ListVersionEntry,
        _items_of(locked),
        entry_data,
        note=note.strip(),
        approved_at_meeting=meeting,
        created_by=user,
    )
    record(
        "list.version",
        actor=user,
        target=version,
        after={
            "list": locked.pk,
            "number": version.number,
            "note": version.note,
            "meeting": meeting.pk if meeting else None,
            "entries": len(entries),
        },
    )
    return version


def entries_of(version: ListVersion) -> dict[str, dict[str, Any]]:
    return dict(version.entries.order_by("code").values_list("code", "data"))


def _ordered_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    leads = sorted(k for k in old.keys() | new.keys() if k.startswith(LEAD_PREFIX))
    return FIELDS + leads


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Change]:
    """The fields whose value differs, as field → (old, new)."""
    keys = _ordered_keys(old, new)
    return {k: (old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)}


def compare(v_a: ListVersion, v_b: ListVersion) -> Comparison:
    """Rows added in b, removed from a, and changed between them."""
    a, b = entries_of(v_a), entries_of(v_b)
    changed = [(code, diff(a[code], b[code])) for code in sorted(a.keys() & b.keys())]
    return Comparison(
        added={code: b[code] for code in sorted(b.keys() - a.keys())},
        removed={code: a[code] for code in sorted(a.keys() - b.keys())},
        changed=[(code, fields) for code, fields in changed if fields],
        titles={code: data.get("title", "") for code, data in (a | b).items()},
    )


# --- display -----------------------------------------------------------------------------------


def field_labels(parties: Iterable[Party]) -> dict[str, str]:
    labels = {
        "title": _("事项名称"),
        "area": _("领域"),
        "working_group": _("专项工作组"),
        "deadline": _("完成时限"),
        "state": _("状态"),
        "is_major": _("重大事项"),
        "result_form": _("成果形式"),
    }
    for party in parties:
        labels[LEAD_PREFIX + party.code] = _("牵头单位（%(party)s）") % {"party": party.short_name}
    return labels


def display_value(key: str, value: Any) -> str:
    """A compared value as the page shows it."""
    if value is None or value == "":
        return "—"
    if key == "state":
        return str(ItemState(value).label) if value in ItemState.values else str(value)
    if key == "is_major":
        return _("是") if value else _("否")
    return str(value)


def present(comparison: Comparison, labels: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """The comparison as rows the page shows: labels and display values."""

    def details(data: dict[str, Any]) -> list[tuple[str, str]]:
        keys = [
            k for k in _ordered_keys(data, {}) if k != "title" and data.get(k) not in (None, "")
        ]
        return [(labels.get(k, k), display_value(k, data[k])) for k in keys]

    def row(code: str, data: dict[str, Any]) -> dict[str, Any]:
        return {"code": code, "title": data.get("title", ""), "details": details(data)}

    changed = [
        {
            "code": code,
            "title": comparison.titles.get(code, ""),
            "fields": [
                (labels.get(k, k), display_value(k, old), display_value(k, new))
                for k, (old, new) in fields.items()
            ],
        }
        for code, fields in comparison.changed
    ]
    return {
        "added": [row(c, d) for c, d in comparison.added.items()],
        "removed": [row(c, d) for c, d in comparison.removed.items()],
        "changed": changed,
    }
