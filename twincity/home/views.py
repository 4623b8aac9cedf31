"""The home page: what each role needs to see first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twincity.accounts.models import Role
from twincity.accounts.policy import Actor, actor_of, is_business_user
from twincity.commitments.models import (
    OPEN_STATES,
    Item,
    ItemList,
    ItemSide,
    ItemState,
    ProgressReport,
    ReportStatus,
)
from twincity.lib import clock
from twincity.supervision.models import ExpectedReport, RoundStatus


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    context: dict[str, Any] = {"actor": actor, "today": clock.today()}
    if is_business_user(actor):
        items = Item.objects.visible_to(request.user)
        context |= {"overview": overview(items), "by_list": by_list(items)}
    if actor.has(Role.LIAISON):
        context["todo"] = liaison_todo(actor)
    if actor.has(Role.HEAD):
        context["to_approve"] = reports_to_approve(actor)
    if actor.is_office:
        context["office_queue"] = office_queue()
    return render(request, "home/index.html", context)


def overview(items: Any) -> dict[str, int]:
    """Counts by state and due window, in one query."""
    today = clock.today()
    soon = today + dt.timedelta(days=30)
    open_q = Q(state__in=OPEN_STATES)
    return items.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=open_q),
        in_progress=Count("pk", filter=Q(state=ItemState.IN_PROGRESS)),
        closed=Count("pk", filter=Q(state=ItemState.CLOSED)),
        overdue=Count("pk", filter=open_q & Q(deadline__lt=today)),
        due_soon=Count("pk", filter=open_q & Q(deadline__gte=today, deadline__lte=soon)),
        closure_requested=Count("pk", filter=Q(state=ItemState.CLOSURE_REQUESTED)),
        returned=Count("pk", filter=Q(state=ItemState.RETURNED)),
    )


def by_list(items: Any) -> list[dict[str, Any]]:
    """Per list: items by main state, one grouped query."""
    rows = (
        items.values("list_id", "list__name", "list__kind")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            closed=Count("pk", filter=Q(state=ItemState.CLOSED)),
            overdue=Count("pk", filter=Q(state__in=OPEN_STATES, deadline__lt=clock.today())),
        )
        .order_by("list__kind", "list__name")
    )
    kinds = dict(ItemList._meta.get_field("kind").choices or [])
    return [row | {"kind_label": kinds.get(row["list__kind"], "")} for row in rows]


def liaison_todo(actor: Actor) -> dict[str, list[Any]]:
    """The sides this liaison's units lead that await them: sign, report, returned."""
    sides = (
        ItemSide.objects.filter(lead_unit__in=actor.units_for(Role.LIAISON))
        .select_related("item", "item__list", "party", "lead_unit")
        .order_by("item__deadline", "item__code")
    )
    return {
        "to_sign": list(sides.filter(item__state=ItemState.ASSIGNED, signed_at__isnull=True)[:50]),
        "to_report": list(
            ExpectedReport.objects.filter(
                round__status=RoundStatus.OPEN,
                unit__in=actor.units_for(Role.LIAISON),
                submitted_at__isnull=True,
            )
            .select_related("item", "round", "party")
            .order_by("round__due", "item__code")[:50]
        ),
        "returned": list(sides.filter(item__state=ItemState.RETURNED)[:50]),
        "reports_returned": list(
            ProgressReport.objects.filter(
                unit__in=actor.units_for(Role.LIAISON), status=ReportStatus.RETURNED
            ).select_related("item")[:20]
        ),
    }


def reports_to_approve(actor: Actor) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(
            unit__in=actor.units_for(Role.HEAD), status=ReportStatus.SUBMITTED
        ).select_related("item", "party", "submitted_by")[:50]
    )


def office_queue() -> dict[str, Any]:
    return {
        "to_close": list(
            Item.objects.filter(state=ItemState.CLOSURE_REQUESTED).select_related("list")[:50]
        ),
        "to_accept": list(
            ProgressReport.objects.filter(status=ReportStatus.APPROVED).select_related(
                "item", "party", "unit"
            )[:50]
        ),
    }
