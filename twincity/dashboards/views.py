"""The leaders' dashboard: figures as charts, filtered through HTMX, the filters in the URL.

The panels are rendered once per data generation, viewer scope, filter set and language and
kept in `figcache` as HTML: a warm view runs a few fixed queries and renders only the page
around them, however big the register (at L the light and state charts alone have hundreds
of bars, whose tables cost more to render than the page's budget).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of, is_business_user
from twincity.dashboards import figures
from twincity.dashboards.forms import DashboardFilter
from twincity.lib import clock, figcache
from twincity.lib.htmx import render_page


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not is_business_user(actor_of(user)):
        raise Http404
    params = request.GET.copy()
    params.setdefault("year", str(clock.today().year))  # so the form shows what is drawn
    form = DashboardFilter(params)
    form.is_valid()
    data = form.cleaned_data  # the valid fields; a bad one falls back to its default
    scope = figures.Scope(
        user,
        data.get("year") or clock.today().year,
        clock.today(),
        data.get("side"),
        data.get("area") or "",
        data.get("group"),
    )
    context = {"form": form, "scope": scope, **body(scope, data.get("measure") or "projects")}
    return render_page(request, "dashboards/index.html", "dashboards/_body.html", context)


def body(scope: figures.Scope, measure: str) -> dict[str, Any]:
    """The rendered panels, the map apart so that choosing another measure rebuilds only it.
    They render without a request: nothing of the viewer but the scope gets in."""
    key = (*scope.key(), get_language())
    main = figcache.cached("dashboard.panels", key, lambda: render_panels(scope))
    region_map = figcache.cached(
        "dashboard.map", (*key, measure), lambda: render_map(scope, measure)
    )
    # Our own templates' output, escaped when rendered; marked again whatever the cache kept.
    html = {**main, "region_map": region_map}
    return {name: mark_safe(text) for name, text in html.items()}


def render_panels(scope: figures.Scope) -> dict[str, str]:
    context = panels(scope)
    return {
        "panels": render_to_string("dashboards/_panels.html", context),
        "key_figures": render_to_string("dashboards/_key_figures.html", context),
    }


def render_map(scope: figures.Scope, measure: str) -> str:
    return render_to_string("includes/_chart.html", {"chart": figures.tile_map(scope, measure)})


def panels(scope: figures.Scope) -> dict[str, Any]:
    """Every chart of the dashboard but the map, each from its own grouped queries."""
    lights, light_totals = figures.item_lights(scope)
    rnd = figures.round_of(scope.year)
    units = figures.unit_figures(scope, rnd)
    trend, by_area, total = figures.project_months(scope)
    volumes = figures.service_volumes(scope)
    region, key = figures.key_figures(scope)
    return {
        "scope": scope,
        "lights": lights,
        "light_totals": light_totals,
        "states": figures.item_states(scope),
        "on_time": figures.on_time(rnd, units),
        "round": figures.round_summary(rnd, units),
        "project_trend": trend,
        "project_areas": by_area,
        "project_total": total,
        "project_ahead": figures.pf.ahead_points(total.rate, scope.month),
        "volumes": volumes,
        "cases": figures.series_total(volumes),
        "key_region": region,
        "key_figures": key,
    }
