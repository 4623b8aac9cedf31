"""Reporting rounds and urging notices over the API, read-only (see docs/api.md).

Visibility is the pages': rounds through `ReportingRound.objects.visible_to(user)`, notices
through `ladder.visible_notices(user)`; figures come from `rounds.py`, as on the round's page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from twincity.accounts.models import Unit
from twincity.accounts.policy import actor_of
from twincity.api import Page, PageIn, caller, paginate
from twincity.commitments.models import Item, ItemSide
from twincity.supervision import ladder
from twincity.supervision import rounds as r
from twincity.supervision.extensions import round_extension_figures
from twincity.supervision.ladder_forms import NoticeFilterForm
from twincity.supervision.models import Notice, ReportingRound

rounds_router: Router = Router(tags=["rounds"])
notices_router: Router = Router(tags=["notices"])


# --- rounds ------------------------------------------------------------------------------------


class RoundFiguresOut(Schema):
    """Expected, submitted and on-time reports of a round, or of one unit, side or group."""

    key: int | None
    label: str
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int
    rate: float | None


class RoundOut(Schema):
    id: int
    period: str
    kinds: list[str]
    kind_labels: list[str]
    due: dt.date
    status: str
    status_label: str
    opened_at: dt.datetime
    opened_by: str
    closed_at: dt.datetime | None
    note: str
    totals: RoundFiguresOut


class RoundDetailOut(RoundOut):
    by_unit: list[RoundFiguresOut]
    by_party: list[RoundFiguresOut]
    by_group: list[RoundFiguresOut]
    notices: dict[str, int]
    extensions: dict[str, int]


class RoundFilters(PageIn):
    status: Literal["open", "closed"] | None = None


def _figures(f: r.Figures) -> dict[str, Any]:
    return {name: getattr(f, name) for name in RoundFiguresOut.model_fields}


def _round_out(rnd: ReportingRound, totals: r.Figures) -> dict[str, Any]:
    return {
        **{n: getattr(rnd, n) for n in RoundOut.model_fields if hasattr(rnd, n)},
        "kinds": list(rnd.kinds),
        "status_label": rnd.get_status_display(),
        "opened_by": str(rnd.opened_by),
        "totals": _figures(totals),
    }


def _annotated(rnd: ReportingRound) -> dict[str, Any]:
    """A row of round_list(), whose totals are annotated (as on the rounds page)."""
    counts = (rnd.n_expected, rnd.n_submitted, rnd.n_on_time)  # type: ignore[attr-defined]
    return _round_out(rnd, r.Figures(rnd.pk, str(rnd), *counts))


@rounds_router.get("", response=Page[RoundOut])
def list_rounds(request: HttpRequest, filters: Query[RoundFilters]) -> dict[str, Any]:
    """Visible rounds with their totals, newest first."""
    rows = r.round_list(ReportingRound.objects.visible_to(caller(request)))
    if filters.status:
        rows = rows.filter(status=filters.status)
    return paginate(rows.order_by("-opened_at", "-id"), filters, _annotated)


@rounds_router.get("/{round_id}", response=RoundDetailOut)
def get_round(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """A round with the figures of its page: per unit, side and working group, notices by
    kind and extensions by status."""
    visible = ReportingRound.objects.visible_to(caller(request)).select_related("opened_by")
    rnd = get_object_or_404(visible, pk=round_id)
    return {
        **_round_out(rnd, r.round_totals(rnd)),
        "by_unit": [_figures(f) for f in r.round_figures(rnd, "unit")],
        "by_party": [_figures(f) for f in r.round_figures(rnd, "party")],
        "by_group": [_figures(f) for f in r.round_figures(rnd, "group")],
        "notices": ladder.round_notice_figures(rnd),
        "extensions": round_extension_figures(rnd),
    }


# --- notices -----------------------------------------------------------------------------------


class NoticeItemOut(Schema):
    id: int
    code: str
    title: str


class NoticeOut(Schema):
    id: int
    number: str
    kind: str
    kind_label: str
    year: int
    seq: int
    unit_id: int
    unit: str
    round_id: int | None
    round: str | None
    reason: str
    issued_at: dt.datetime
    automatic: bool
    issued_by: str | None
    answer_by: dt.date | None
    answered_at: dt.datetime | None
    items: list[NoticeItemOut]


class NoticeDetailOut(NoticeOut):
    answer: str
    answered_by: str | None
    remedied_item_ids: list[int]


class NoticeFilters(PageIn):
    kind: str = ""
    unit: int | None = None
    answered: Literal["", "yes", "no"] = ""


def _notice_out(notice: Notice) -> dict[str, Any]:
    return {
        **{n: getattr(notice, n) for n in NoticeOut.model_fields if hasattr(notice, n)},
        "kind_label": notice.get_kind_display(),
        "unit": str(notice.unit),
        "round": notice.round.period if notice.round else None,
        "automatic": notice.issued_by_id is None,
        "issued_by": str(notice.issued_by) if notice.issued_by else None,
        "items": [{"id": i.pk, "code": i.code, "title": i.title} for i in notice.items.all()],
    }


def _notices(request: HttpRequest, items: QuerySet[Item]) -> QuerySet[Notice]:
    rows = ladder.visible_notices(caller(request))
    rows = rows.select_related("unit", "round", "issued_by", "answered_by")
    return rows.prefetch_related(Prefetch("items", queryset=items.order_by("code", "pk")))


@notices_router.get("", response=Page[NoticeOut])
def list_notices(request: HttpRequest, filters: Query[NoticeFilters]) -> dict[str, Any]:
    """Notices to the caller's units (all of them for the office and leaders), filtered like
    the notices page, newest first."""
    actor = actor_of(caller(request))
    units = Unit.objects.all() if actor.reads_all else Unit.objects.filter(pk__in=actor.unit_ids)
    names = ("kind", "unit", "answered")
    data = {k: v for k, v in filters.dict().items() if k in names and v not in (None, "")}
    form = NoticeFilterForm(data, units=units)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    rows = form.filter(_notices(request, Item.objects.only("id", "code", "title")))
    return paginate(rows.order_by("-issued_at", "-id"), filters, _notice_out)


@notices_router.get("/{notice_id}", response=NoticeDetailOut)
def get_notice(request: HttpRequest, notice_id: int) -> dict[str, Any]:
    """A notice with its answer and which of its items are remedied (已整改), as its page."""
    sides = Prefetch("sides", queryset=ItemSide.objects.select_related("party", "lead_unit"))
    notice = get_object_or_404(
        _notices(request, Item.objects.prefetch_related(sides)), pk=notice_id
    )
    remedied = [item.pk for item, holds in ladder.notice_rows(notice) if not holds]
    return {
        **_notice_out(notice),
        "answer": notice.answer,
        "answered_by": str(notice.answered_by) if notice.answered_by else None,
        "remedied_item_ids": remedied,
    }


routers = {"/rounds": rounds_router, "/notices": notices_router}
