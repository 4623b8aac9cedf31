"""The portal's key figures and charts, from public records only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from twincity.commitments.models import Light
from twincity.indicators.models import Indicator, Observation, Region, RegionLevel
from twincity.indicators.queries import series_for
from twincity.lib.charts import LIGHT_COLOURS, Chart, Series
from twincity.portal import public

MAX_INDICATOR_CHARTS = 4
LIGHT_ORDER = (Light.RED, Light.YELLOW, Light.RECOVERED, Light.GREEN, Light.NONE)


@dataclass
class Counts:
    lists: int
    items: int
    results: int
    meetings: int


def counts() -> Counts:
    return Counts(
        public.public_lists().count(),
        public.public_items().count(),
        public.public_results().count(),
        public.public_meetings().count(),
    )


def lights_chart() -> Chart:
    """Public items by list and light, as stacked bars."""
    lists = list(public.public_lists().order_by("-created_at", "-id"))
    rows = public.public_items().values_list("list_id", "light").annotate(n=Count("id")).order_by()
    found = {(list_id, light): n for list_id, light, n in rows}
    series = [
        Series(
            str(light.label),
            [found.get((lst.pk, light.value), 0) for lst in lists],
            stack="lights",
            colour=LIGHT_COLOURS[light.value],
        )
        for light in LIGHT_ORDER
    ]
    return Chart(
        "public-lights",
        str(_("公开事项亮灯（按清单）")),
        [lst.name for lst in lists],
        series,
        unit=str(_("项")),
        horizontal=True,
        height=max(160, 60 + 48 * len(lists)),
        category_label=str(_("清单")),
    )


@dataclass
class KeyFigure:
    indicator: Indicator
    latest: Observation | None
    chart: Chart


def key_figures() -> tuple[Region | None, list[KeyFigure]]:
    """The latest value and recent trend of the public key indicators for the whole circle."""
    region = Region.objects.filter(level=RegionLevel.CIRCLE).first()
    indicators = list(public.public_indicators().key().order_by("order", "code"))
    indicators = indicators[:MAX_INDICATOR_CHARTS]
    if region is None or not indicators:
        return region, []
    found = series_for(indicators, region, last=8)
    return region, [_key_figure(i, found.get(i.pk, [])) for i in indicators]


def _key_figure(indicator: Indicator, observations: list[Observation]) -> KeyFigure:
    chart = Chart(
        f"indicator-{indicator.code}",
        indicator.name,
        [o.period_label for o in observations],
        [Series(indicator.name, [o.value for o in observations], kind="line")],
        unit=indicator.unit,
        height=220,
        category_label=str(_("期间")),
    )
    return KeyFigure(indicator, observations[-1] if observations else None, chart)
