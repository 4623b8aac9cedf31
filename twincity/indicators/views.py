"""Indicator pages: the catalogue, one indicator with its series and values, the office's forms.

Every business user reads; only the joint office writes, through `indicators/workflow.py`.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of, is_business_user, require
from twincity.imports import exports
from twincity.indicators import workflow
from twincity.indicators.forms import (
    IndicatorFilterForm,
    IndicatorForm,
    ObservationFilterForm,
    ObservationForm,
    RevisionForm,
)
from twincity.indicators.models import (
    TILE_LEVELS,
    Direction,
    Indicator,
    IndicatorArea,
    Observation,
    Region,
    RegionLevel,
    period_label,
)
from twincity.indicators.queries import latest_by_region, region_series, series_for
from twincity.lib.charts import Chart, Series, Tile, TileMap
from twincity.lib.forms import attempt, bootstrap
from twincity.lib.htmx import is_fragment_request, render_page

PAGE_SIZE = 50


# --- helpers ---------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


def _require_reader(request: HttpRequest) -> None:
    """Business users read. The administrators get 404, as on every business page; an
    account that holds no role at all is refused outright."""
    actor = actor_of(_user(request))
    if is_business_user(actor):
        return
    if actor.roles:
        raise Http404
    raise PermissionDenied


def _require_office(request: HttpRequest) -> None:
    _require_reader(request)
    require(actor_of(_user(request)).is_office)


def _indicator(request: HttpRequest, code: str) -> Indicator:
    _require_reader(request)
    return get_object_or_404(Indicator.objects.visible_to(_user(request)), code=code)


def _observation(request: HttpRequest, pk: int) -> Observation:
    _require_reader(request)
    observations = Observation.objects.visible_to(_user(request)).select_related(
        "indicator", "region", "created_by", "updated_by"
    )
    return get_object_or_404(observations, pk=pk)


def _grouped(indicators: list[Indicator]) -> list[tuple[str, list[Indicator]]]:
    """The catalogue by area, in the areas' order; unclassified last."""
    labels = dict(IndicatorArea.choices)
    order = [*IndicatorArea.values, ""]
    groups: dict[str, list[Indicator]] = {}
    for indicator in sorted(indicators, key=lambda i: order.index(i.area or "")):
        groups.setdefault(indicator.area or "", []).append(indicator)
    return [(str(labels.get(area, _("未分类"))), rows) for area, rows in groups.items()]


def _change(indicator: Indicator, series: list[Observation]) -> tuple[str, str]:
    """How the last value moved ("up", "down" or "") and whether that is "good" or "bad"."""
    if len(series) < 2 or series[-1].value == series[-2].value:
        return "", ""
    rising = series[-1].value > series[-2].value
    good = rising == (indicator.direction == Direction.HIGHER)
    return ("up" if rising else "down"), ("good" if good else "bad")


def _series_chart(indicator: Indicator, regions: list[Region]) -> tuple[Chart, list[Any]]:
    """The circle's and the sides' values over time: a chart and the rows of its table."""
    data = region_series(indicator, regions)
    rows = [(region, cells) for region, cells in data.rows() if any(cells)]
    labels = [period_label(data.kind or "", end) for end in data.periods]
    series = [
        Series(region.name, [o.value if o else None for o in cells], kind="line")
        for region, cells in rows
    ]
    chart = Chart(
        key=f"indicator-{indicator.code}",
        title=indicator.name,
        categories=labels,
        series=series,
        unit=indicator.unit,
        category_label=_("时期"),
        note=_("演示数据") if indicator.is_demo else "",
    )
    return chart, rows


def _tile_map(indicator: Indicator) -> TileMap | None:
    """The latest value per city and district, when the indicator is kept at those levels."""
    if not set(indicator.levels) & set(TILE_LEVELS):
        return None
    latest = latest_by_region(indicator, None)
    regions = list(Region.objects.tiles().select_related("party"))
    page = reverse("indicators:detail", args=[indicator.code])
    tiles = [
        Tile(
            name=region.label,
            label=region.short_name or region.name,
            x=region.tile_x or 0,
            y=region.tile_y or 0,
            value=latest[region.pk].value if region.pk in latest else None,
            side=region.party.short_name if region.party else "",
            link=f"{page}?region={region.pk}#tc-observations-title",
        )
        for region in regions
    ]
    tiled = {region.pk for region in regions}
    periods = sorted({o.period_label for o in latest.values() if o.region_id in tiled})
    return TileMap(
        key=f"indicator-{indicator.code}-map",
        title=_("%(name)s（各市区县最新值）") % {"name": indicator.name},
        measure=indicator.name,
        tiles=tiles,
        unit=indicator.unit,
        higher_is_better=indicator.direction == Direction.HIGHER,
        note=_("数据时期：%(periods)s") % {"periods": "、".join(periods)} if periods else "",
    )


def _catalogue_export(indicators: list[Indicator]) -> HttpResponse:
    """The catalogue as shown (with the circle's latest value), a plain table."""
    columns = [_("代码"), _("名称"), _("计量单位"), _("领域"), _("方向"), _("最新值"), _("时期")]
    rows = []
    for i in indicators:
        latest = i.latest  # type: ignore[attr-defined]
        row: list[Any] = [i.code, i.name, i.unit, i.get_area_display()]
        row.append(i.get_direction_display())
        row += [latest.value if latest else None, latest.period_label if latest else ""]
        rows.append([*row, i.source])
    columns.append(_("数据来源"))
    return exports.table_response(_("指标目录"), columns, rows)


# --- reading ---------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    user = _user(request)
    form = bootstrap(IndicatorFilterForm(request.GET or None))
    form.is_valid()
    indicators = list(form.apply(Indicator.objects.visible_to(user)))
    circle = Region.objects.filter(level=RegionLevel.CIRCLE).order_by("order").first()
    latest = series_for(indicators, circle, last=2) if circle else {}
    for indicator in indicators:
        series = latest.get(indicator.pk, [])
        indicator.latest = series[-1] if series else None  # type: ignore[attr-defined]
        indicator.change, indicator.trend = _change(indicator, series)  # type: ignore[attr-defined]
    if exports.wants_xlsx(request):
        return _catalogue_export(indicators)
    context = {
        "form": form,
        "groups": _grouped(indicators),
        "count": len(indicators),
        "circle": circle,
        "is_office": actor_of(user).is_office,
    }
    return render_page(request, "indicators/index.html", "indicators/_catalogue.html", context)


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(request, code)
    user = _user(request)
    form = bootstrap(ObservationFilterForm(request.GET or None))
    form.is_valid()
    observations = form.apply(
        indicator.observations.select_related("region").order_by(
            "-period_end", "period_kind", "region__order"
        )
    )
    if exports.wants_xlsx(request):
        return exports.register_response("observations", observations, indicator)
    page = Paginator(observations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "indicator": indicator,
        "form": form,
        "page": page,
        "is_office": actor_of(user).is_office,
    }
    if not is_fragment_request(request):  # the chart and the map are not in the fragment
        chart, rows = _series_chart(indicator, list(Region.objects.overview()))
        context |= {"chart": chart, "rows": rows, "tile_map": _tile_map(indicator)}
    return render_page(request, "indicators/detail.html", "indicators/_observations.html", context)


@login_required
def observation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    observation = _observation(request, pk)
    revisions = observation.revisions.select_related("changed_by").order_by("-number")
    context = {
        "observation": observation,
        "indicator": observation.indicator,
        "revisions": revisions,
        "is_office": actor_of(_user(request)).is_office,
    }
    return render(request, "indicators/observation_detail.html", context)


# --- the office's forms ----------------------------------------------------------------------


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    form = bootstrap(IndicatorForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if indicator := attempt(form, lambda: workflow.create_indicator(_user(request), data)):
            messages.success(request, _("指标已创建。"))
            return redirect("indicators:detail", code=indicator.code)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": None})


@login_required
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(request, code)
    require(actor_of(_user(request)).is_office)
    initial = IndicatorForm.initial_for(indicator)
    form = bootstrap(IndicatorForm(request.POST or None, initial=initial))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            form,
            lambda: workflow.update_indicator(_user(request), indicator, data, data["version"]),
        )
        if saved:
            messages.success(request, _("指标已保存。"))
            return redirect("indicators:detail", code=saved.code)
    context = {"form": form, "indicator": indicator}
    return render(request, "indicators/indicator_form.html", context)


@login_required
def observation_create(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(request, code)
    user = _user(request)
    require(actor_of(user).is_office)
    form = bootstrap(ObservationForm(request.POST or None, initial=request.GET.dict()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        args = (indicator, data["region"], data["period_kind"], data["period_end"], data)
        if observation := attempt(form, lambda: workflow.record_observation(user, *args)):
            messages.success(request, _("数据已录入。"))
            return redirect("indicators:observation_detail", pk=observation.pk)
    context = {"form": form, "indicator": indicator}
    return render(request, "indicators/observation_form.html", context)


@login_required
def observation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    observation = _observation(request, pk)
    user = _user(request)
    require(actor_of(user).is_office)
    initial = RevisionForm.initial_for(observation)
    form = bootstrap(RevisionForm(request.POST or None, initial=initial))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        revise = workflow.revise_observation
        if attempt(form, lambda: revise(user, observation, data, data["reason"], data["version"])):
            messages.success(request, _("数据已修改，修改记录已保存。"))
            return redirect("indicators:observation_detail", pk=observation.pk)
    context = {"form": form, "observation": observation, "indicator": observation.indicator}
    return render(request, "indicators/revision_form.html", context)
