"""Project list versions: freeze a list into a numbered version; compare any two.

The same approach as commitments/versions.py (frozen JSON entries keyed by code), written
for the project fields; the public Comparison dataclass is reused as is.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record
from twincity.commitments.versions import Change, Comparison, freeze
from twincity.meetings.models import Meeting
from twincity.projects.models import (
    Project,
    ProjectList,
    ProjectListEntry,
    ProjectListVersion,
    Stage,
)

CENT = Decimal("0.01")
MONEY_FIELDS = {"total_investment", "year_planned"}

# The compared fields, in display order.
FIELDS = [
    "name",
    "area",
    "side",
    "locations",
    "owner",
    "responsible_units",
    "total_investment",
    "start_year",
    "end_year",
    "stage",
    "planned_start",
    "year_planned",
]


def entry_data(project: Project) -> dict[str, Any]:
    """The compared fields of one project (area, party and units should be prefetched)."""
    return {
        "name": project.name,
        "area": project.area.name,
        "side": project.party.short_name if project.party else "",
        "locations": "、".join(u.short_name or u.name for u in project.locations.all()),
        "owner": project.owner,
        "responsible_units": "、".join(
            u.short_name or u.name for u in project.responsible_units.all()
        ),
        "total_investment": str(project.total_investment),
        "start_year": project.start_year,
        "end_year": project.end_year,
        "stage": project.stage,
        "planned_start": project.planned_start.isoformat() if project.planned_start else None,
        "year_planned": str(project.year_planned),
    }


def projects_of(plist: ProjectList) -> Any:
    return (
        Project.objects.filter(list=plist)
        .in_list()
        .select_related("area", "party")
        .prefetch_related("locations", "responsible_units")
        .order_by("code")
    )


@transaction.atomic
def snapshot_version(
    user: User, plist: ProjectList, note: str, meeting: Meeting | None = None
) -> ProjectListVersion:
    """Freeze every project still on the list into a new numbered version (office only)."""
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以生成名单版本。"))
    locked = ProjectList.objects.select_for_update().get(pk=plist.pk)
    version, entries = freeze(
        locked,
        ProjectListVersion,
        ProjectListEntry,
        projects_of(locked),
        entry_data,
        note=note.strip(),
        approved_at_meeting=meeting,
        created_by=user,
    )
    record(
        "projects.list_version",
        actor=user,
        target=version,
        after={
            "list": locked.pk,
            "number": version.number,
            "note": version.note,
            "entries": len(entries),
        },
    )
    return version


def entries_of(version: ProjectListVersion) -> dict[str, dict[str, Any]]:
    return dict(version.entries.order_by("code").values_list("code", "data"))


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Change]:
    """The fields whose value differs, as field → (old, new)."""
    return {k: (old.get(k), new.get(k)) for k in FIELDS if old.get(k) != new.get(k)}


def compare(v_a: ProjectListVersion, v_b: ProjectListVersion) -> Comparison:
    """Rows added in b, removed from a, and changed between them."""
    a, b = entries_of(v_a), entries_of(v_b)
    changed = [(code, diff(a[code], b[code])) for code in sorted(a.keys() & b.keys())]
    return Comparison(
        added={code: b[code] for code in sorted(b.keys() - a.keys())},
        removed={code: a[code] for code in sorted(a.keys() - b.keys())},
        changed=[(code, fields) for code, fields in changed if fields],
        titles={code: data.get("name", "") for code, data in (a | b).items()},
    )


def field_labels() -> dict[str, str]:
    return {
        "name": _("项目名称"),
        "area": _("领域"),
        "side": _("所属方"),
        "locations": _("建设地点"),
        "owner": _("项目业主"),
        "responsible_units": _("责任单位"),
        "total_investment": _("总投资（亿元）"),
        "start_year": _("开工年份"),
        "end_year": _("完工年份"),
        "stage": _("建设阶段"),
        "planned_start": _("计划开工日期"),
        "year_planned": _("年度计划投资（亿元）"),
    }


def display_value(key: str, value: Any) -> str:
    if value is None or value == "":
        return _("川渝共建") if key == "side" else "—"
    if key == "stage" and value in Stage.values:
        return str(Stage(value).label)
    if key in MONEY_FIELDS:
        amount = Decimal(value)
        return (
            f"{amount.quantize(CENT) if amount == amount.quantize(CENT) else amount.normalize():f}"
        )
    return str(value)


def present(comparison: Comparison) -> dict[str, list[dict[str, Any]]]:
    """The comparison as rows the page shows: labels and display values."""
    labels = field_labels()

    def row(code: str, data: dict[str, Any]) -> dict[str, Any]:
        details = [(labels[k], display_value(k, data.get(k))) for k in FIELDS if k != "name"]
        return {"code": code, "title": data.get("name", ""), "details": details}

    changed = [
        {
            "code": code,
            "title": comparison.titles.get(code, ""),
            "fields": [
                (labels[k], display_value(k, old), display_value(k, new))
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
