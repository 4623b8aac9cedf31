"""A checksum of a build's key columns, by natural keys (codes, names, times), not ids."""

from __future__ import annotations

import hashlib

from twincity.accounts.models import Membership, Unit
from twincity.commitments.models import Item, ItemSide, Milestone, ProgressReport, Transition
from twincity.meetings.models import Decision
from twincity.projects.models import MonthlyReport, Project
from twincity.supervision.models import ExpectedReport, LightSnapshot, Notice

ITEM = ("item__list__name", "item__code")

QUERIES = {
    "units": Unit.objects.values_list("code", "name", "kind", "party__code", "parent__code"),
    "memberships": Membership.objects.values_list(
        "user__username", "user__display_name", "role", "unit__code", "working_group__number"
    ),
    "decisions": Decision.objects.values_list(
        "meeting__series__code",
        "meeting__year",
        "meeting__number",
        "meeting__date",
        "number",
        "title",
    ),
    "items": Item.objects.values_list(
        "list__name",
        "code",
        "title",
        "area",
        "state",
        "deadline",
        "progress",
        "light",
        "working_group__number",
        "source_decision__title",
        "version",
        "created_at",
        "updated_at",
    ),
    "sides": ItemSide.objects.values_list(
        *ITEM,
        "party__code",
        "lead_unit__code",
        "signed_at",
        "closure_requested_at",
        "progress",
        "light",
    ),
    "milestones": Milestone.objects.values_list(*ITEM, "title", "due", "done_at"),
    "transitions": Transition.objects.values_list(
        *ITEM, "at", "action", "actor__username", "from_state", "to_state"
    ),
    "reports": ProgressReport.objects.values_list(
        *ITEM,
        "party__code",
        "unit__code",
        "period",
        "percent",
        "status",
        "submitted_at",
        "approved_at",
        "accepted_at",
        "submitted_by__username",
    ),
    "expected": ExpectedReport.objects.values_list(
        "round__period",
        *ITEM,
        "party__code",
        "unit__code",
        "submitted_at",
        "report__submitted_at",
    ),
    "snapshots": LightSnapshot.objects.values_list(
        "round__period", *ITEM, "party__code", "light", "light_at_open"
    ),
    "notices": Notice.objects.values_list("kind", "year", "seq", "unit__code", "issued_at", "key"),
    "projects": Project.objects.values_list(
        "list__year", "code", "name", "area__name", "party__code", "total_investment", "stage"
    ),
    "monthly": MonthlyReport.objects.values_list(
        "project__list__year",
        "project__code",
        "month",
        "cumulative_completed",
        "status",
        "submitted_at",
    ),
}


def checksum() -> str:
    digest = hashlib.sha256()
    for name, rows in QUERIES.items():
        digest.update(name.encode())
        for row in sorted(rows.order_by(), key=repr):
            digest.update(repr(row).encode())
    return digest.hexdigest()
