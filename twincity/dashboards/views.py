"""The leaders' dashboard: figures as charts, filtered through HTMX, the filters in the URL."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of, is_business_user
from twincity.dashboards import figures
from twincity.dashboards.forms import DashboardFilter
from twincity.lib import clock
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
    context = {"form": form, "scope": scope, **panels(scope, data.get("measure") or "projects")}
    return render_page(request, "dashboards/index.html", "dashboards/_body.html", context)


def panels(scope: figures.Scope, measure: str) -> dict[str, Any]:
    """Every chart of the dashboard, each from its own grouped queries."""
    lights = figures.item_lights(scope)
    rnd = figures.round_of(scope.year)
    on_time = figures.on_time(scope, rnd)
    trend, by_area, total = figures.project_months(scope)
    volumes = figures.service_volumes(scope)
    region, key = figures.key_figures(scope)
    return {
        "lights": lights,
        "light_totals": figures.light_totals(lights),
        "states": figures.item_states(scope),
        "on_time": on_time,
        "round": figures.round_summary(on_time, rnd),
        "project_trend": trend,
        "project_areas": by_area,
        "project_total": total,
        "project_ahead": figures.pf.ahead_points(total.rate, scope.month),
        "volumes": volumes,
        "cases": figures.series_total(volumes),
        "key_region": region,
        "key_figures": key,
        "tile_map": figures.tile_map(scope, measure),
    }
