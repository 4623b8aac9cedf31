"""Regions, indicators and observations over the API (see docs/api.md).

Every business user reads (`visible_to(user)`, as on the indicator pages); the joint office
records and revises observations through `indicators/workflow.py`, validated by the pages'
`ObservationForm` and `RevisionForm`. Values are exact decimals, sent as strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from twincity.api import (
    Page,
    PageIn,
    caller,
    etag,
    expected_version,
    paginate,
    require_write,
)
from twincity.indicators import workflow
from twincity.indicators.forms import (
    IndicatorFilterForm,
    ObservationFilterForm,
    ObservationForm,
    RevisionForm,
    format_plain,
)
from twincity.indicators.models import (
    Indicator,
    Observation,
    Region,
    RegionLevel,
    reads_indicators,
)
from twincity.indicators.queries import series_for

regions_router: Router = Router(tags=["indicators"])
indicators_router: Router = Router(tags=["indicators"])
observations_router: Router = Router(tags=["indicators"])

MAX_ID_DIGITS = 18  # a longer all-digit path segment cannot be an id


def plain(value: Decimal) -> str:
    """A stored value as plain digits (never exponent notation)."""
    return f"{value:f}"


# --- schemas -----------------------------------------------------------------------------------


class RegionOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    label: str
    level: str
    level_label: str
    party: str | None
    tile_x: int | None
    tile_y: int | None


class RegionFilters(PageIn):
    level: Literal["", "circle", "side", "city", "district"] = ""


class IndicatorLatestOut(Schema):
    """The latest value at the whole circle (of the indicator's main period kind)."""

    region_id: int
    period_kind: str
    period_end: dt.date
    period_label: str
    value: str


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    area: str
    area_label: str
    definition: str
    source: str
    direction: str
    levels: list[str]
    is_key: bool
    is_public: bool
    order: int
    latest: IndicatorLatestOut | None


class IndicatorFilters(PageIn):
    q: str = ""
    area: str = ""
    key: bool = False


class ObservationOut(Schema):
    id: int
    indicator_id: int
    indicator_code: str
    region_id: int
    region_code: str
    region: str
    period_kind: str
    period_end: dt.date
    period_label: str
    value: str
    source_document: str
    source_url: str
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    etag: str


class ObservationRevisionOut(Schema):
    number: int
    value: str
    source_document: str
    source_url: str
    note: str
    reason: str
    changed_by: str | None
    changed_at: dt.datetime


class ObservationDetailOut(ObservationOut):
    revisions: list[ObservationRevisionOut]


class ObservationFilters(PageIn):
    region: int | None = None
    period_kind: str = ""
    year: int | None = Field(None, ge=1900, le=2100)


class ObservationIn(Schema):
    """One value, as the page's form takes it: `period` is "year", "q1"–"q4", "m1"–"m12"
    (with `year`) or "cumulative" (with `as_of`)."""

    region: int
    period: str
    year: int | None = None
    as_of: dt.date | None = None
    value: Decimal
    source_document: str = ""
    source_url: str = ""
    note: str = ""


class ObservationRevisionIn(Schema):
    """A correction with its reason; omitted fields keep their current values."""

    value: Decimal | None = None
    source_document: str | None = None
    source_url: str | None = None
    note: str | None = None
    reason: str


# --- helpers -----------------------------------------------------------------------------------


def _valid(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    data: dict[str, Any] = form.cleaned_data
    return data


def _region_out(region: Region) -> dict[str, Any]:
    return {
        **{n: getattr(region, n) for n in RegionOut.model_fields if hasattr(region, n)},
        "level_label": region.get_level_display(),
        "party": region.party.code if region.party else None,
    }


def _latest_out(o: Observation | None) -> dict[str, Any] | None:
    if o is None:
        return None
    fields = IndicatorLatestOut.model_fields
    return {**{n: getattr(o, n) for n in fields if hasattr(o, n)}, "value": plain(o.value)}


def _indicator_out(indicator: Indicator, latest: Observation | None) -> dict[str, Any]:
    return {
        **{n: getattr(indicator, n) for n in IndicatorOut.model_fields if hasattr(indicator, n)},
        "area_label": indicator.get_area_display(),
        "levels": list(indicator.levels),
        "latest": _latest_out(latest),
    }


def _circle() -> Region | None:
    return Region.objects.filter(level=RegionLevel.CIRCLE).order_by("order", "pk").first()


def _with_latest(indicators: list[Indicator]) -> list[dict[str, Any]]:
    """Each indicator with the circle's latest value, as the catalogue shows (fixed queries)."""
    circle = _circle()
    series = series_for(indicators, circle, last=1) if circle else {}
    latest = {pk: rows[-1] for pk, rows in series.items() if rows}
    return [_indicator_out(i, latest.get(i.pk)) for i in indicators]


def _observation_out(o: Observation) -> dict[str, Any]:
    return {
        **{n: getattr(o, n) for n in ObservationOut.model_fields if hasattr(o, n)},
        "indicator_code": o.indicator.code,
        "region_code": o.region.code,
        "region": o.region.label,
        "value": plain(o.value),
        "etag": etag(o),
    }


def _indicator(request: HttpRequest, code_or_id: str) -> Indicator:
    """A visible indicator by its code, else by its id; 404 otherwise."""
    if not slug_re.fullmatch(code_or_id):  # no code is; and PostgreSQL refuses NUL bytes
        raise Http404
    visible = Indicator.objects.visible_to(caller(request))
    found = visible.filter(code=code_or_id).first()
    if found is None and code_or_id.isdigit() and len(code_or_id) <= MAX_ID_DIGITS:
        found = visible.filter(pk=int(code_or_id)).first()
    if found is None:
        raise Http404
    return found


def _observations(request: HttpRequest) -> QuerySet[Observation]:
    rows = Observation.objects.visible_to(caller(request))
    return rows.select_related("indicator", "region")


# --- regions and indicators --------------------------------------------------------------------


@regions_router.get("", response=Page[RegionOut])
def list_regions(request: HttpRequest, filters: Query[RegionFilters]) -> dict[str, Any]:
    """The circle, its sides, cities and districts (reference data), in the map's order."""
    rows = Region.objects.select_related("party")
    if not reads_indicators(caller(request)):
        rows = rows.none()
    if filters.level:
        rows = rows.filter(level=filters.level)
    return paginate(rows.order_by("order", "pk"), filters, _region_out)


@indicators_router.get("", response=Page[IndicatorOut])
def list_indicators(request: HttpRequest, filters: Query[IndicatorFilters]) -> dict[str, Any]:
    """The catalogue filtered like its page (keyword, area, key only), each with the circle's
    latest value."""
    data = {"q": filters.q, "area": filters.area, "key": "1" if filters.key else ""}
    form = IndicatorFilterForm(data)
    _valid(form)
    rows = form.apply(Indicator.objects.visible_to(caller(request))).order_by("order", "pk")
    page = paginate(rows, filters)
    page["items"] = _with_latest(page["items"])
    return page


@indicators_router.get("/{code_or_id}", response=IndicatorOut)
def get_indicator(request: HttpRequest, code_or_id: str) -> dict[str, Any]:
    """One indicator, by code (e.g. `gdp`) or id."""
    return _with_latest([_indicator(request, code_or_id)])[0]


@indicators_router.get("/{code_or_id}/observations", response=Page[ObservationOut])
def list_observations(
    request: HttpRequest, code_or_id: str, filters: Query[ObservationFilters]
) -> dict[str, Any]:
    """An indicator's values filtered by region id, period kind and the year the period ends
    in; newest period first, as on its page."""
    indicator = _indicator(request, code_or_id)
    data = {"region": filters.region, "period_kind": filters.period_kind}
    form = ObservationFilterForm({k: v for k, v in data.items() if v not in (None, "")})
    _valid(form)
    rows = form.apply(_observations(request).filter(indicator=indicator))
    if filters.year is not None:
        rows = rows.filter(period_end__gte=dt.date(filters.year, 1, 1))
        rows = rows.filter(period_end__lte=dt.date(filters.year, 12, 31))
    order = ("-period_end", "period_kind", "region__order", "pk")
    return paginate(rows.order_by(*order), filters, _observation_out)


@indicators_router.post("/{code_or_id}/observations", response={201: ObservationOut})
def post_observation(
    request: HttpRequest, code_or_id: str, payload: ObservationIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    """The joint office records a value for a region and period not yet entered."""
    require_write(request)
    indicator = _indicator(request, code_or_id)
    data = payload.dict() | {"value": plain(payload.value)}
    form = _valid(ObservationForm({k: v for k, v in data.items() if v is not None}))
    args = (form["region"], form["period_kind"], form["period_end"], form)
    created = workflow.record_observation(caller(request), indicator, *args)
    observation = _observations(request).get(pk=created.pk)
    response["ETag"] = etag(observation)
    return Status(201, _observation_out(observation))


# --- one observation ---------------------------------------------------------------------------


def _detail_out(o: Observation) -> dict[str, Any]:
    revisions = [
        {
            "number": r.number,
            "value": plain(r.value),
            "source_document": r.source_document,
            "source_url": r.source_url,
            "note": r.note,
            "reason": r.reason,
            "changed_by": str(r.changed_by) if r.changed_by else None,
            "changed_at": r.changed_at,
        }
        for r in o.revisions.select_related("changed_by").order_by("-number")
    ]
    return {**_observation_out(o), "revisions": revisions}


@observations_router.get("/{observation_id}", response=ObservationDetailOut)
def get_observation(
    request: HttpRequest, observation_id: int, response: HttpResponse
) -> dict[str, Any]:
    """One value with every value it has had (newest revision first) and its ETag."""
    observation = get_object_or_404(_observations(request), pk=observation_id)
    response["ETag"] = etag(observation)
    return _detail_out(observation)


@observations_router.patch("/{observation_id}", response=ObservationDetailOut)
def patch_observation(
    request: HttpRequest,
    observation_id: int,
    payload: ObservationRevisionIn,
    response: HttpResponse,
) -> dict[str, Any]:
    """The joint office corrects a value with a reason; needs If-Match (a stale one: 412)."""
    require_write(request)
    observation = get_object_or_404(_observations(request), pk=observation_id)
    version = expected_version(request, observation)
    current = {
        "value": format_plain(observation.value),
        "source_document": observation.source_document,
        "source_url": observation.source_url,
        "note": observation.note,
    }
    changes = payload.dict(exclude_unset=True)
    if changes.get("value") is not None:
        changes["value"] = plain(changes["value"])
    data = _valid(RevisionForm(current | {k: v for k, v in changes.items() if v is not None}))
    workflow.revise_observation(caller(request), observation, data, data["reason"], version)
    observation = _observations(request).get(pk=observation_id)
    response["ETag"] = etag(observation)
    return _detail_out(observation)


routers = {
    "/regions": regions_router,
    "/indicators": indicators_router,
    "/observations": observations_router,
}
