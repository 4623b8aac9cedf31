"""The home page: what each role needs to see first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twincity.accounts.models import Role
from twincity.accounts.policy import Actor, AnyUser, actor_of, is_business_user
from twincity.commitments.models import (
    OPEN_STATES,
    Item,
    ItemList,
    ItemSide,
    ItemState,
    ListKind,
    ProgressReport,
    ReportStatus,
)
from twincity.lib import clock, figcache
from twincity.supervision.models import ExpectedReport, ReportingRound, RoundStatus

OVERVIEW = (
    "total",
    "open",
    "in_progress",
    "closed",
    "overdue",
    "due_soon",
    "closure_requested",
    "returned",
)
TOP_LISTS = 20  # the by-list table names the lists most in need of attention, not all of them
QUEUE_SIZE = 10  # each work queue shows its most urgent rows; the rest are on the lists' pages
# What the liaison's queues show of their rows (home/index.html): only these columns are read,
# as building every column of four joined rows is most of what a full queue costs.
SIDE_SHOWN = (
    "item__code",
    "item__title",
    "item__deadline",
    "party__short_name",
    "lead_unit__short_name",
    "lead_unit__name",
)
EXPECTED_SHOWN = ("item__code", "item__title", "round__due", "round__period", "party__short_name")
REPORT_SHOWN = ("return_reason", "item__code", "item__title")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    context: dict[str, Any] = {"actor": actor, "today": clock.today()}
    if is_business_user(actor):
        context |= register_figures(request.user, actor)
    if actor.has(Role.LIAISON):
        context["todo"] = liaison_todo(actor)
    if actor.has(Role.HEAD):
        context["to_approve"] = reports_to_approve(actor)
    if actor.is_office:
        context["office_queue"] = office_queue()
    return render(request, "home/index.html", context)


def visibility_scope(actor: Actor) -> Any:
    """What `Item.objects.visible_to` depends on besides the data: whoever reads every item
    shares one entry; the others share one per set of units and working groups."""
    if actor.reads_all:
        return "all"
    return ("units", sorted(actor.unit_ids), "groups", sorted(actor.group_ids))


def register_figures(user: AnyUser, actor: Actor) -> dict[str, Any]:
    """The overview cards and the by-list table, cached per data generation. The cache holds
    plain data without translated text (the list kinds are labelled here, after it), so one
    entry serves every language."""
    figures = figcache.cached(
        "home.figures",
        visibility_scope(actor),
        lambda: build_figures(Item.objects.visible_to(user)),
    )
    labels = dict(ListKind.choices)
    rows = [row | {"kind_label": labels.get(row["kind"], "")} for row in figures["by_list"]]
    return figures | {"by_list": rows}


def build_figures(items: Any) -> dict[str, Any]:
    rows = counts_by_list(items)
    return {"overview": overview(rows), "by_list": by_list(rows), "list_count": len(rows)}


def counts_by_list(items: Any) -> list[dict[str, Any]]:
    """Per list of `items`: the overview's counts, in one grouped query."""
    today = clock.today()
    soon = today + dt.timedelta(days=30)
    open_q = Q(state__in=OPEN_STATES)
    return list(
        items.order_by()
        .values("list_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=open_q),
            in_progress=Count("pk", filter=Q(state=ItemState.IN_PROGRESS)),
            closed=Count("pk", filter=Q(state=ItemState.CLOSED)),
            overdue=Count("pk", filter=open_q & Q(deadline__lt=today)),
            due_soon=Count("pk", filter=open_q & Q(deadline__gte=today, deadline__lte=soon)),
            closure_requested=Count("pk", filter=Q(state=ItemState.CLOSURE_REQUESTED)),
            returned=Count("pk", filter=Q(state=ItemState.RETURNED)),
        )
    )


def overview(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The register's counts: its lists' counts added up."""
    return {name: sum(row[name] for row in rows) for name in OVERVIEW}


def by_list(rows: list[dict[str, Any]], top: int = TOP_LISTS) -> list[dict[str, Any]]:
    """The `top` lists most in need of attention (most overdue, then most open items), with
    their names and kinds."""
    ranked = sorted(rows, key=lambda r: (-r["overdue"], -r["open"], -r["total"], r["list_id"]))
    shown = ranked[:top]
    lists = ItemList.objects.filter(pk__in=[row["list_id"] for row in shown])
    named = {
        pk: {"name": name, "kind": kind}
        for pk, name, kind in lists.values_list("pk", "name", "kind")
    }
    keep = ("list_id", "total", "open", "closed", "overdue")
    return [{key: row[key] for key in keep} | named[row["list_id"]] for row in shown]


@dataclass(frozen=True)
class Queue:
    """The first rows of a work queue and whether it holds more."""

    rows: list[Any]
    more: bool


def first(rows: QuerySet[Any], size: int = QUEUE_SIZE) -> Queue:
    fetched = list(rows[: size + 1])
    return Queue(fetched[:size], len(fetched) > size)


def led_queue(units: Iterable[int], state: str, **side: Any) -> Queue:
    """The sides the units lead (filtered by `side`) whose item is in `state`, by deadline.

    The items in that state are read in deadline order, each checked for such a side, until
    the queue is full: the cost follows the work in that state, where reading the units'
    sides first would cost every item they ever led (SQLite's statistics cannot tell a busy
    unit from an average one, so the query says which way to go)."""
    mine = ItemSide.objects.filter(lead_unit__in=units, **side)
    items = Item.objects.filter(state=state).filter(Exists(mine.filter(item=OuterRef("pk"))))
    firsts = items.order_by("deadline", "code").values("pk")[: QUEUE_SIZE + 1]
    rows = mine.filter(item__in=firsts).select_related("item", "party", "lead_unit")
    rows = rows.only("item", "party", "lead_unit", *SIDE_SHOWN)
    return first(rows.order_by("item__deadline", "item__code"))


def liaison_todo(actor: Actor) -> dict[str, Queue]:
    """The sides this liaison's units lead that await them: sign, report, returned."""
    units = actor.units_for(Role.LIAISON)
    # The open rounds read first (a few ids), not joined: the filter is then on the expected
    # reports' own columns (unit, round, submitted_at), which an index can serve whole; as a
    # subquery SQLite built an index over the rounds on every request.
    open_rounds = list(
        ReportingRound.objects.filter(status=RoundStatus.OPEN).values_list("pk", flat=True)
    )
    expected = ExpectedReport.objects.filter(
        unit__in=units, round__in=open_rounds, submitted_at__isnull=True
    )
    returned = ProgressReport.objects.filter(unit__in=units, status=ReportStatus.RETURNED)
    return {
        "to_sign": led_queue(units, ItemState.ASSIGNED, signed_at__isnull=True),
        "to_report": first(
            expected.select_related("item", "round", "party")
            .only("item", "round", "party", *EXPECTED_SHOWN)
            .order_by("round__due", "item__code")
        ),
        "returned": led_queue(units, ItemState.RETURNED),
        "reports_returned": first(returned.select_related("item").only("item", *REPORT_SHOWN)),
    }


def reports_to_approve(actor: Actor) -> Queue:
    reports = ProgressReport.objects.filter(
        unit__in=actor.units_for(Role.HEAD), status=ReportStatus.SUBMITTED
    )
    return first(reports.select_related("item", "party", "submitted_by"))


def office_queue() -> dict[str, Queue]:
    """Closure requests by deadline and approved reports newest first: each is read in the
    order of an index on its state (Item: state, deadline, id; ProgressReport: status,
    -submitted_at, -id), so its first rows cost the same whatever the register holds."""
    to_close = Item.objects.filter(state=ItemState.CLOSURE_REQUESTED).select_related("list")
    to_accept = ProgressReport.objects.filter(status=ReportStatus.APPROVED)
    return {
        "to_close": first(to_close.order_by("deadline", "id")),
        "to_accept": first(to_accept.select_related("item", "party", "unit")),
    }
