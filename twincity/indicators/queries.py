"""Read helpers for dashboards and pages: series and maps in a fixed number of queries.

Which period kind is a series made of? An indicator may be recorded yearly and quarterly, or
only as a running total. The rule ("the main kind") is: YEAR when there is any yearly row,
otherwise the kind with the most rows (ties go to quarter, then month, then cumulative).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from twincity.indicators.models import Indicator, Observation, PeriodKind, Region

KIND_ORDER = [PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.CUMULATIVE]


def main_kind(counts: dict[str, int]) -> str | None:
    """The period kind a series is made of, from the number of rows of each kind."""
    if counts.get(PeriodKind.YEAR):
        return PeriodKind.YEAR
    present = [kind for kind in KIND_ORDER if counts.get(kind)]
    return max(present, key=lambda kind: counts[kind]) if present else None


def _newest_first(partition: str) -> Window:
    return Window(RowNumber(), partition_by=[F(partition)], order_by=F("period_end").desc())


def series_for(
    indicators: Iterable[Indicator], region: Region, last: int = 8
) -> dict[int, list[Observation]]:
    """Indicator id → its last `last` observations for `region`, oldest first.

    Each indicator's series uses its main kind in this region (see the module's docstring);
    an indicator without observations maps to []. Two queries, plus one if `indicators` is an
    unevaluated queryset.
    """
    by_id = {indicator.pk: indicator for indicator in indicators}
    out: dict[int, list[Observation]] = {pk: [] for pk in by_id}
    if not by_id or last < 1:
        return out
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Observation.objects.filter(indicator_id__in=by_id, region=region)
        .values_list("indicator_id", "period_kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for indicator_id, kind, n in rows:
        counts.setdefault(indicator_id, {})[kind] = n
    if not counts:
        return out
    wanted = Q()
    for indicator_id, per_kind in counts.items():
        wanted |= Q(indicator_id=indicator_id, period_kind=main_kind(per_kind))
    observations = (
        Observation.objects.filter(wanted, region=region)
        .annotate(rank=_newest_first("indicator_id"))
        .filter(rank__lte=last)
        .order_by("indicator_id", "period_end")
    )
    for observation in observations:
        observation.indicator = by_id[observation.indicator_id]
        observation.region = region
        out[observation.indicator_id].append(observation)
    return out


def latest_by_region(indicator: Indicator, year: int | None) -> dict[int, Observation]:
    """Region id → its latest observation of the indicator's main kind ending by Dec 31 of
    `year` (any year when None), for every region that has one; regions come selected.

    The main kind is chosen once for the indicator over all regions, so that a map compares
    like with like. Two queries.
    """
    observations = Observation.objects.filter(indicator=indicator).up_to(year)
    per_kind = observations.values_list("period_kind").annotate(n=Count("id")).order_by()
    kind = main_kind(dict(per_kind))
    if kind is None:
        return {}
    latest = (
        observations.filter(period_kind=kind)
        .annotate(rank=_newest_first("region_id"))
        .filter(rank=1)
        .select_related("region")
    )
    out: dict[int, Observation] = {}
    for observation in latest:
        observation.indicator = indicator
        out[observation.region_id] = observation
    return out


@dataclass
class RegionSeries:
    """Several regions' values of one indicator over the same periods, for a chart and table."""

    kind: str | None
    periods: list[dt.date] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    cells: dict[tuple[int, dt.date], Observation] = field(default_factory=dict)

    def rows(self) -> list[tuple[Region, list[Observation | None]]]:
        return [(r, [self.cells.get((r.pk, end)) for end in self.periods]) for r in self.regions]


def region_series(indicator: Indicator, regions: list[Region], last: int = 12) -> RegionSeries:
    """The indicator's main-kind values in `regions` over its last `last` periods. Two
    queries."""
    observations = Observation.objects.filter(indicator=indicator, region__in=regions)
    per_kind = observations.values_list("period_kind").annotate(n=Count("id")).order_by()
    kind = main_kind(dict(per_kind))
    if kind is None:
        return RegionSeries(kind=None, regions=regions)
    rows = list(observations.filter(period_kind=kind).order_by("period_end"))
    periods = sorted({row.period_end for row in rows})[-last:]
    by_id = {region.pk: region for region in regions}
    cells = {}
    for row in rows:
        row.indicator, row.region = indicator, by_id[row.region_id]
        cells[(row.region_id, row.period_end)] = row
    return RegionSeries(kind=kind, periods=periods, regions=regions, cells=cells)
