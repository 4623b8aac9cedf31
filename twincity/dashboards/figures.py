"""The dashboard's figures, aggregated in the database, each shaped as a chart.

Every function here runs a fixed number of grouped queries whatever the number of items,
projects, reports or cases (the month-by-month project chart runs one per month, at most 12).
The charts carry the exact numbers their tables show; tests recompute them from the rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from twincity.accounts.models import Party, User, WorkingGroup
from twincity.accounts.policy import actor_of
from twincity.commitments.models import Item, ItemList, ItemSide, ItemState, Light
from twincity.indicators.models import Indicator, Observation, Region, RegionLevel
from twincity.indicators.queries import latest_by_region, series_for
from twincity.lib.charts import LIGHT_COLOURS, Chart, Series, Tile, TileMap
from twincity.projects import figures as pf
from twincity.projects.models import Project, ProjectArea
from twincity.services.models import CaseVolume
from twincity.supervision import rounds
from twincity.supervision.models import ReportingRound

LIGHTS = (Light.RED, Light.YELLOW, Light.RECOVERED, Light.GREEN)


@dataclass(frozen=True)
class Scope:
    """What the dashboard looks at: the reader's records, narrowed by the filters."""

    user: User
    year: int
    today: dt.date
    party: Party | None = None
    area: str = ""
    group: WorkingGroup | None = None

    @property
    def sees_all(self) -> bool:
        """Whoever reads every record (office, leaders) needs no visibility filter."""
        return actor_of(self.user).reads_all

    def key(self) -> tuple[Any, ...]:
        """Everything the figures depend on besides the data, for `figcache`: the viewer's
        visibility ("all", else the user's own), the filters and the day."""
        viewer = "all" if self.sees_all else self.user.pk
        party, group = self.party and self.party.pk, self.group and self.group.pk
        return (viewer, self.year, party, self.area, group, self.today.isoformat())

    def items(self) -> QuerySet[Item]:
        """Items due in the year (or, with no deadline, of a list for that year)."""
        due = Q(deadline__year=self.year)
        undated = Q(deadline__isnull=True, list__period__contains=str(self.year))
        items = Item.objects.visible_to(self.user).filter(due | undated)
        if self.party:
            items = items.filter(sides__party=self.party)
        if self.area:
            items = items.filter(area=self.area)
        if self.group:
            items = items.filter(working_group=self.group)
        return items

    def projects(self) -> QuerySet[Project]:
        projects = Project.objects.visible_to(self.user).in_list().filter(list__year=self.year)
        if self.party:
            projects = projects.filter(party=self.party)
        if self.area:
            projects = projects.filter(area__name=self.area)
        return projects

    @property
    def month(self) -> int:
        """The latest month whose project reports are due."""
        return pf.default_month(self.year, self.today)


def _ids(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.order_by().values("pk")


# --- items ------------------------------------------------------------------------------------


SHOWN_LISTS = 20  # bars of the two list charts; the lists page has every list


def item_lights(scope: Scope) -> tuple[Chart, dict[str, int]]:
    """Each list's sides by light: one bar per list and side, stacked by light, for the lists
    and sides with the most red and yellow lights; and the sides per light over all lists."""
    sides = ItemSide.objects.filter(item__in=_ids(scope.items()))
    if scope.party:
        sides = sides.filter(party=scope.party)
    rows = sides.values("item__list_id", "party_id", "light").annotate(n=Count("pk")).order_by()
    counts = {(r["item__list_id"], r["party_id"], r["light"]): r["n"] for r in rows}
    lists = ItemList.objects.filter(pk__in={k[0] for k in counts}).order_by("kind", "name")
    parties = [p for p in Party.objects.all() if any(k[1] == p.pk for k in counts)]
    keys = [(lst, p) for lst in lists for p in parties if _has(counts, lst.pk, p.pk)]
    shown = _most(keys, lambda k: _concern(counts, k[0].pk, k[1].pk))
    series = [
        Series(
            str(Light(light).label),
            [counts.get((lst.pk, p.pk, light), 0) for lst, p in shown],
            stack="light",
            colour=LIGHT_COLOURS[light],
        )
        for light in (*LIGHTS, Light.NONE)
    ]
    chart = Chart(
        "item-lights",
        _("事项亮灯（按清单和参与方）"),
        [f"{lst.name}（{p.short_name}）" for lst, p in shown],
        series,
        unit=_("项"),
        horizontal=True,
        height=_bar_height(len(shown)),
        category_label=_("清单（参与方）"),
        note=" ".join(
            filter(
                None, [_("每个参与方一侧计一次；事项的灯取两侧中较差者。"), _capped(shown, keys)]
            )
        ),
    )
    totals = {str(light): 0 for light in (*LIGHTS, Light.NONE)}
    for (_list, _party, light), n in counts.items():
        totals[light] = totals.get(light, 0) + n
    return chart, totals


def _concern(counts: dict[tuple[int, int, str], int], list_id: int, party_id: int) -> tuple:
    """Red first, then yellow, then size: which bars a capped chart keeps."""
    red = counts.get((list_id, party_id, Light.RED), 0)
    yellow = counts.get((list_id, party_id, Light.YELLOW), 0)
    total = sum(counts.get((list_id, party_id, light), 0) for light in Light.values)
    return (red, yellow, total)


def _most(keys: list[Any], rank: Any) -> list[Any]:
    """The SHOWN_LISTS keys that rank highest, in their original order."""
    if len(keys) <= SHOWN_LISTS:
        return keys
    kept = set(map(id, sorted(keys, key=rank, reverse=True)[:SHOWN_LISTS]))
    return [k for k in keys if id(k) in kept]


def _capped(shown: list[Any], every: list[Any]) -> str:
    if len(shown) == len(every):
        return ""
    return _("只显示%(shown)d项（共%(total)d项），全部见清单页。") % {
        "shown": len(shown),
        "total": len(every),
    }


def _has(counts: dict[tuple[int, int, str], int], list_id: int, party_id: int) -> bool:
    return any(counts.get((list_id, party_id, light), 0) for light in Light.values)


def _bar_height(bars: int) -> int:
    return max(200, 90 + 28 * bars)


def item_states(scope: Scope) -> Chart:
    """Items per list by state, stacked: the lists with the most items."""
    rows = scope.items().values("list_id", "state").annotate(n=Count("pk")).order_by()
    counts = {(r["list_id"], r["state"]): r["n"] for r in rows}
    every = list(ItemList.objects.filter(pk__in={k[0] for k in counts}).order_by("kind", "name"))
    lists = _most(every, lambda lst: sum(n for (pk, _s), n in counts.items() if pk == lst.pk))
    states = [s for s in ItemState.values if any(k[1] == s for k in counts)]
    series = [
        Series(
            str(ItemState(s).label), [counts.get((lst.pk, s), 0) for lst in lists], stack="state"
        )
        for s in states
    ]
    return Chart(
        "item-states",
        _("事项状态（按清单）"),
        [lst.name for lst in lists],
        series,
        unit=_("项"),
        horizontal=True,
        height=_bar_height(len(lists)),
        category_label=_("清单"),
        note=_capped(lists, every),
    )


def round_of(year: int) -> ReportingRound | None:
    """The newest reporting round opened in the year."""
    found = ReportingRound.objects.filter(opened_at__year=year).order_by("-opened_at", "-id")
    return found.first()


SHOWN_UNITS = 20  # the on-time chart's bars; the round page has every unit


def unit_figures(scope: Scope, rnd: ReportingRound | None) -> list[rounds.Figures]:
    """Each unit's reports in the round (of the items in scope), lowest on-time rate first."""
    if rnd is None:
        return []
    where = Q()
    if not scope.sees_all:
        where &= Q(item__in=_ids(Item.objects.visible_to(scope.user)))
    if scope.party:
        where &= Q(party=scope.party)
    if scope.area:
        where &= Q(item__area=scope.area)
    if scope.group:
        where &= Q(item__working_group=scope.group)
    figures = sorted(rounds.round_figures(rnd, "unit", where), key=lambda f: f.label)
    return sorted(figures, key=lambda f: (f.rate or 0, -f.expected))


def on_time(rnd: ReportingRound | None, figures: list[rounds.Figures]) -> Chart:
    """The on-time reporting rate of the lowest units in the year's newest round."""
    shown = figures[:SHOWN_UNITS]
    title = _("按时报送率（按单位）")
    note = _("按时报送数 ÷ 应报送数；取本年度最近一轮调度。")
    if len(shown) < len(figures):
        note += _("共 %(units)s 个单位，图中为按时报送率最低的 %(shown)s 个。") % {
            "units": len(figures),
            "shown": len(shown),
        }
    return Chart(
        "on-time",
        f"{title} · {rnd.period}" if rnd else title,
        [f.label for f in shown],
        [Series(_("按时报送率"), [_rate(f) for f in shown], colour="#1f6fb2")],
        unit="%",
        horizontal=True,
        height=_bar_height(len(shown)),
        category_label=_("单位"),
        note=note,
    )


def _rate(figures: rounds.Figures) -> Decimal | None:
    return None if figures.rate is None else Decimal(str(figures.rate))


def round_summary(rnd: ReportingRound | None, figures: list[rounds.Figures]) -> dict[str, Any]:
    """Headline: the round and how many of its units reported fully on time (all of them,
    not only the chart's)."""
    full = sum(1 for f in figures if f.rate == 100)
    more = len(figures) > SHOWN_UNITS
    return {"round": rnd, "units": len(figures), "full": full, "more": more}


# --- projects ------------------------------------------------------------------------------


def _area_rows(projects: QuerySet[Project], year: int, month: int) -> dict[int, pf.Totals]:
    rows = (
        pf.with_completed(projects, year, month)
        .order_by()
        .values("area_id")
        .annotate(planned=Sum("year_planned"), done=Sum("completed"), n=Count("pk"))
    )
    return {
        r["area_id"]: pf.Totals(Decimal(r["planned"] or 0), Decimal(r["done"] or 0), r["n"])
        for r in rows
    }


def project_months(scope: Scope) -> tuple[Chart, Chart, pf.Totals]:
    """Completion rate against 时序进度 month by month, and the last month by area."""
    projects = scope.projects()
    months = list(range(1, scope.month + 1))
    by_month = [_area_rows(projects, scope.year, m) for m in months]
    areas = [a for a in ProjectArea.objects.all() if any(a.pk in rows for rows in by_month)]
    totals = [pf.sum_totals(rows.values()) for rows in by_month]
    series = [
        Series(_("总体完成率"), [t.rate for t in totals], kind="line", colour="#8c1c13"),
        Series(
            _("时序进度"), [pf.schedule_progress(m) for m in months], kind="line", colour="#868e96"
        ),
        *(
            Series(a.name, [rows.get(a.pk, pf.Totals()).rate for rows in by_month], kind="line")
            for a in areas
        ),
    ]
    trend = Chart(
        "project-months",
        _("%(year)s年重点项目投资完成率与时序进度（逐月）") % {"year": scope.year},
        [_("%(month)s月") % {"month": m} for m in months],
        series,
        unit="%",
        category_label=_("月份"),
        note=_("完成率 = 累计完成投资 ÷ 年度计划投资；取各项目已受理的最新月报。"),
    )
    last = by_month[-1] if by_month else {}
    total = totals[-1] if totals else pf.Totals()
    return trend, _by_area(scope, areas, last), total


def _by_area(scope: Scope, areas: list[ProjectArea], rows: dict[int, pf.Totals]) -> Chart:
    parts = [rows.get(a.pk, pf.Totals()) for a in areas]
    return Chart(
        "project-areas",
        _("重点项目投资（按领域，1—%(month)s月）") % {"month": scope.month},
        [a.name for a in areas],
        [
            Series(_("年度计划投资"), [pf.yi(t.planned) for t in parts], colour="#adb5bd"),
            Series(_("累计完成投资"), [pf.yi(t.completed) for t in parts], colour="#8c1c13"),
            Series(_("完成率"), [t.rate for t in parts], kind="line", axis=1, colour="#e0a31a"),
        ],
        unit=_("亿元"),
        unit2="%",
        category_label=_("领域"),
    )


# --- 川渝通办 ----------------------------------------------------------------------------------


def service_volumes(scope: Scope) -> Chart:
    """Cases handled per month of the year, stacked by the side that handled them."""
    volumes = CaseVolume.objects.filter(year=scope.year)
    if scope.party:
        volumes = volumes.filter(party=scope.party)
    rows = volumes.values("month", "party_id").annotate(n=Sum("cases")).order_by()
    counts = {(r["month"], r["party_id"]): r["n"] for r in rows}
    parties = [p for p in Party.objects.all() if any(k[1] == p.pk for k in counts)]
    months = list(range(1, 13))
    return Chart(
        "service-volumes",
        _("%(year)s年川渝通办办件量（逐月）") % {"year": scope.year},
        [_("%(month)s月") % {"month": m} for m in months],
        [
            Series(p.short_name, [counts.get((m, p.pk)) for m in months], stack="cases")
            for p in parties
        ],
        unit=_("件"),
        category_label=_("月份"),
        note=_("领域和专项组筛选不适用于办件量。"),
    )


def series_total(chart: Chart) -> int:
    return sum(int(v or 0) for s in chart.series for v in s.values)


# --- indicators ------------------------------------------------------------------------------


@dataclass
class KeyFigure:
    """A key indicator's latest value, its change from the previous period and its trend."""

    indicator: Indicator
    series: list[Observation]

    @property
    def latest(self) -> Observation | None:
        return self.series[-1] if self.series else None

    @property
    def previous(self) -> Observation | None:
        return self.series[-2] if len(self.series) > 1 else None

    @property
    def change(self) -> Decimal | None:
        if self.latest is None or self.previous is None:
            return None
        return self.latest.value - self.previous.value

    @property
    def change_pct(self) -> Decimal | None:
        if self.change is None or self.previous is None or not self.previous.value:
            return None
        return pf.pct(self.change * 100 / abs(self.previous.value))

    @property
    def improving(self) -> bool | None:
        if not self.change:
            return None
        return (self.change > 0) == (self.indicator.direction == "higher")

    def trend(self) -> Chart:
        return Chart(
            f"trend-{self.indicator.code}",
            self.indicator.name,
            [o.period_label for o in self.series],
            [Series(self.indicator.name, [o.value for o in self.series], kind="line")],
            unit=self.indicator.unit,
            height=48,
        )


def region_of(scope: Scope) -> Region | None:
    """The region the key figures are read for: the circle, or the chosen side."""
    regions = Region.objects.select_related("party")
    if scope.party:
        return regions.filter(level=RegionLevel.SIDE, party=scope.party).first()
    return regions.filter(level=RegionLevel.CIRCLE).first()


def key_figures(scope: Scope) -> tuple[Region | None, list[KeyFigure]]:
    region = region_of(scope)
    indicators = list(Indicator.objects.filter(is_key=True).order_by("order", "code"))
    if region is None or not indicators:
        return region, []
    found = series_for(indicators, region, last=8)
    cutoff = dt.date(scope.year, 12, 31)
    return region, [
        KeyFigure(i, [o for o in found.get(i.pk, []) if o.period_end <= cutoff]) for i in indicators
    ]


# --- the region tile map ---------------------------------------------------------------------


def _tile_label(name: str) -> str:
    """成都市 → 成都, 渝中区 → 渝中; two-character names (忠县) stay whole."""
    return name[:-1] if len(name) > 2 and name[-1] in "市区县" else name


def tile_map(scope: Scope, measure: str) -> TileMap:
    regions = list(Region.objects.tiles().select_related("party"))
    if scope.party:
        regions = [r for r in regions if r.party_id == scope.party.pk]
    values, label, unit, higher = _measure(scope, measure, regions)
    tiles = [
        Tile(
            r.name,
            r.short_name or _tile_label(r.name),
            r.tile_x or 0,
            r.tile_y or 0,
            values.get(r.pk),
            r.party.short_name if r.party else "",
        )
        for r in regions
    ]
    return TileMap(
        "region-map",
        _("区域视图：%(measure)s") % {"measure": label},
        label,
        tiles,
        unit=unit,
        higher_is_better=higher,
        note=_("每个市（州）、区县一格，大致按地理方位排列；非行政区划地图。"),
    )


def _measure(
    scope: Scope, measure: str, regions: list[Region]
) -> tuple[dict[int, Any], str, str, bool]:
    """Each region's value of the measure, its label, unit and whether higher is better."""
    by_unit = {r.unit_id: r.pk for r in regions if r.unit_id}
    if measure == "completion":
        return _completion(scope, by_unit), _("投资完成率"), "%", True
    if measure == "red":
        counts = _red_items(scope, by_unit)
        return {r.pk: counts.get(r.pk, 0) for r in regions}, _("红灯事项"), _("项"), False
    if measure.startswith("ind:"):
        return _indicator(scope, measure[4:], regions)
    counts = _project_counts(scope, by_unit)
    return {r.pk: counts.get(r.pk, 0) for r in regions}, _("重点项目数"), _("个"), True


def _project_counts(scope: Scope, by_unit: dict[int, int]) -> dict[int, int]:
    through = Project.locations.through.objects.filter(
        project__in=_ids(scope.projects()), unit_id__in=list(by_unit)
    )
    rows = through.values("unit_id").annotate(n=Count("project_id", distinct=True)).order_by()
    return {by_unit[r["unit_id"]]: r["n"] for r in rows}


def _completion(scope: Scope, by_unit: dict[int, int]) -> dict[int, Any]:
    """Per region: completed ÷ planned of the projects located there (a project in two places
    counts in both)."""
    through = Project.locations.through.objects.filter(
        project__in=_ids(scope.projects()), unit_id__in=list(by_unit)
    ).annotate(done=pf.completed_expr(scope.year, scope.month, project="project_id"))
    rows = (
        through.values("unit_id")
        .annotate(planned=Sum("project__year_planned"), completed=Sum("done"))
        .order_by()
    )
    return {
        by_unit[r["unit_id"]]: pf.completion_rate(
            Decimal(r["completed"] or 0), Decimal(r["planned"] or 0)
        )
        for r in rows
    }


def _red_items(scope: Scope, by_unit: dict[int, int]) -> dict[int, int]:
    sides = ItemSide.objects.filter(
        item__in=_ids(scope.items()), light=Light.RED, lead_unit_id__in=list(by_unit)
    )
    rows = sides.values("lead_unit_id").annotate(n=Count("item_id", distinct=True)).order_by()
    return {by_unit[r["lead_unit_id"]]: r["n"] for r in rows}


def _indicator(
    scope: Scope, code: str, regions: list[Region]
) -> tuple[dict[int, Any], str, str, bool]:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        return {}, code, "", True
    latest = latest_by_region(indicator, scope.year)
    values = {r.pk: latest[r.pk].value for r in regions if r.pk in latest}
    return values, indicator.name, indicator.unit, indicator.direction == "higher"
