"""Investment figures of the project lists: exact Decimal arithmetic, aggregated in the database.

Rules (documented choices):
- Completion rate = completed / planned × 100, quantized to 0.01 with ROUND_HALF_UP; no
  rate (None) when nothing is planned.
- 时序进度 = month / 12 × 100, quantized the same way (8月 → 66.67).
- 超时序进度 = rate − 时序进度, in percentage points (both already quantized, so exact).
- A project's "completed" for month N is the cumulative figure of its latest *accepted*
  report for a month ≤ N of the year: submitted reports are not yet verified, and a
  project that missed a month keeps its last accepted cumulative figure.
- Sides: a project belongs to one party, or (party empty) to the joint side, so the side
  rows, like the area rows, are a partition and sum to the totals exactly.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from twincity.accounts.models import Party
from twincity.projects.models import (
    MONEY_DIGITS,
    MONEY_PLACES,
    MonthlyReport,
    Project,
    ProjectArea,
    ProjectList,
    ProjectQuerySet,
    ReportStatus,
    Stage,
    SupportRequest,
)
from twincity.supervision.models import Light

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


# --- pure arithmetic ---------------------------------------------------------------------------


def pct(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def completion_rate(completed: Decimal, planned: Decimal) -> Decimal | None:
    if planned <= 0:
        return None
    return pct(completed * HUNDRED / planned)


def schedule_progress(month: int) -> Decimal:
    """时序进度 after month N, in percent."""
    return pct(Decimal(month) * HUNDRED / 12)


def ahead_points(rate: Decimal | None, month: int) -> Decimal | None:
    """超时序进度 in percentage points (negative: behind)."""
    return None if rate is None else rate - schedule_progress(month)


def light_of(rate: Decimal | None, month: int, margin: Decimal, missed_start: bool) -> str:
    """Green at or above 时序进度, yellow within margin below it, red beyond or a missed start."""
    if missed_start:
        return Light.RED
    if rate is None:
        return Light.NONE
    points = rate - schedule_progress(month)
    if points >= 0:
        return Light.GREEN
    return Light.YELLOW if -points <= margin else Light.RED


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def default_month(year: int, today: dt.date) -> int:
    """The latest month whose reports are due: last month this year, December before."""
    if year < today.year:
        return 12
    return max(1, today.month - 1) if year == today.year else 1


def report_due(year: int, month: int, due_day: int) -> dt.date:
    """Reports for month N are due on due_day of month N+1."""
    return dt.date(year + month // 12, month % 12 + 1, due_day)


def yi(value: Decimal) -> Decimal:
    """An amount in 亿元 as the bulletin prints it (two decimals)."""
    return pct(value)


# --- totals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """Summed figures of a set of projects; adding two parts gives the figures of their union."""

    planned: Decimal = ZERO
    completed: Decimal = ZERO
    projects: int = 0
    new_planned: int = 0
    new_started: int = 0
    met_target: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.planned + other.planned,
            self.completed + other.completed,
            self.projects + other.projects,
            self.new_planned + other.new_planned,
            self.new_started + other.new_started,
            self.met_target + other.met_target,
        )

    @property
    def rate(self) -> Decimal | None:
        return completion_rate(self.completed, self.planned)


@dataclass
class Figures:
    """A list's figures after month N: totals, by area and by side."""

    year: int
    month: int
    total: Totals = field(default_factory=Totals)
    by_area: list[tuple[ProjectArea, Totals]] = field(default_factory=list)
    by_side: list[tuple[Party | None, Totals]] = field(default_factory=list)

    @property
    def schedule(self) -> Decimal:
        return schedule_progress(self.month)

    def ahead(self, totals: Totals) -> Decimal | None:
        return ahead_points(totals.rate, self.month)

    def rows(self, joint_label: str) -> list[dict[str, Any]]:
        """The figures table: area rows, side rows and the total, each with its points."""
        parts: list[tuple[str, str, Totals]] = [("area", a.name, t) for a, t in self.by_area]
        parts += [("side", p.short_name if p else joint_label, t) for p, t in self.by_side]
        parts.append(("total", "", self.total))
        return [
            {"kind": kind, "label": label, "t": t, "rate": t.rate, "ahead": self.ahead(t)}
            for kind, label, t in parts
        ]


def sum_totals(parts: Iterable[Totals]) -> Totals:
    out = Totals()
    for part in parts:
        out = out + part
    return out


# --- database ----------------------------------------------------------------------------------


def completed_expr(year: int, month: int, project: str = "pk") -> Coalesce:
    """Per project (the outer row's `project` field): the cumulative figure of its latest
    accepted report up to month N."""
    latest = MonthlyReport.objects.filter(
        project=OuterRef(project), year=year, month__lte=month, status=ReportStatus.ACCEPTED
    ).order_by("-month")
    money = DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    return Coalesce(
        Subquery(latest.values("cumulative_completed")[:1], output_field=money),
        Value(ZERO),
        output_field=money,
    )


def with_completed(projects: QuerySet[Project], year: int, month: int) -> QuerySet[Project]:
    return projects.annotate(completed=completed_expr(year, month))


def _grouped(projects: ProjectQuerySet, year: int, month: int) -> list[dict[str, Any]]:
    """One grouped query: the sums and counts per (area, side)."""
    as_of = month_end(year, month)
    new = Q(stage=Stage.NEW)
    rows = (
        with_completed(projects.in_list(), year, month)
        .order_by()
        .values("area_id", "party_id")
        .annotate(
            planned_sum=Sum("year_planned"),
            completed_sum=Sum("completed"),
            n=Count("pk"),
            new_n=Count("pk", filter=new),
            started_n=Count("pk", filter=new & Q(actual_start__lte=as_of)),
            met_n=Count("pk", filter=Q(year_planned__gt=0, completed__gte=F("year_planned"))),
        )
    )
    return [dict(row) for row in rows]


def _totals(row: dict[str, Any]) -> Totals:
    return Totals(
        Decimal(row["planned_sum"] or 0),
        Decimal(row["completed_sum"] or 0),
        row["n"],
        row["new_n"],
        row["started_n"],
        row["met_n"],
    )


def figures_for(projects: ProjectQuerySet, year: int, month: int) -> Figures:
    """Figures by area and side in three queries, whatever the number of projects."""
    by_area: dict[int, Totals] = {}
    by_side: dict[int | None, Totals] = {}
    for row in _grouped(projects, year, month):
        part = _totals(row)
        by_area[row["area_id"]] = by_area.get(row["area_id"], Totals()) + part
        by_side[row["party_id"]] = by_side.get(row["party_id"], Totals()) + part
    areas = [(a, by_area[a.pk]) for a in ProjectArea.objects.all() if a.pk in by_area]
    sides: list[tuple[Party | None, Totals]] = [
        (p, by_side[p.pk]) for p in Party.objects.all() if p.pk in by_side
    ]
    if None in by_side:
        sides.append((None, by_side[None]))
    return Figures(year, month, sum_totals(by_area.values()), areas, sides)


def _light_rows(
    projects: QuerySet[Project], year: int, month: int, margin: Decimal
) -> Iterator[tuple[int, Decimal | None, str]]:
    """(pk, completion rate, light) of every project after month N, from one query."""
    as_of = month_end(year, month)
    rows = projects.annotate(completed=completed_expr(year, month)).values_list(
        "pk", "year_planned", "completed", "planned_start", "actual_start"
    )
    for pk, planned, completed, planned_start, actual_start in rows:
        missed = planned_start is not None and planned_start <= as_of
        missed = missed and (actual_start is None or actual_start > as_of)
        rate = completion_rate(Decimal(completed), planned)
        yield pk, rate, light_of(rate, month, margin, missed)


def lights(projects: QuerySet[Project], year: int, month: int, margin: Decimal) -> dict[int, str]:
    """Every project's light after month N, in one query."""
    return {pk: light for pk, _rate, light in _light_rows(projects, year, month, margin)}


def missing_reports(plist: ProjectList, month: int) -> QuerySet[Project]:
    """Projects on the list without a report (or only a returned one) for month N."""
    reported = MonthlyReport.objects.filter(project=OuterRef("pk"), year=plist.year, month=month)
    reported = reported.exclude(status=ReportStatus.RETURNED)
    rows = Project.objects.filter(list=plist).in_list().filter(~Exists(reported))
    return (
        rows.select_related("area", "party").prefetch_related("responsible_units").order_by("code")
    )


def late_rows(
    projects: QuerySet[Project], year: int, month: int, margin: Decimal
) -> list[dict[str, Any]]:
    """The red projects of the bulletin, with their rate and whether a start was missed."""
    red = [pk for pk, light in lights(projects, year, month, margin).items() if light == Light.RED]
    rows = projects.filter(pk__in=red).annotate(completed=completed_expr(year, month))
    rows = rows.select_related("area", "party").prefetch_related("responsible_units")
    as_of = month_end(year, month)
    return [
        {
            "p": p,
            "rate": completion_rate(p.completed, p.year_planned),  # type: ignore[attr-defined]
            "missed": p.missed_start(as_of),
        }
        for p in rows.order_by("area__order", "code")
    ]


def most_behind(
    projects: QuerySet[Project], year: int, month: int, margin: Decimal, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """The `limit` red projects furthest behind, most behind first, and how many are red.

    Furthest behind is the lowest completion rate (时序进度 is the same for every project); a
    missed start with nothing planned this year counts as 0 %. Rows as late_rows gives them,
    except that each project's responsible units are a list, `p.units`.
    """
    red = sorted(
        (ZERO if rate is None else rate, pk, rate)
        for pk, rate, light in _light_rows(projects, year, month, margin)
        if light == Light.RED
    )
    shown = {pk: (n, rate) for n, (_key, pk, rate) in enumerate(red[:limit])}
    # to_attr spares Django building a queryset per project for its units
    units = Prefetch("responsible_units", to_attr="units")
    rows = projects.filter(pk__in=list(shown)).select_related("area", "party")
    as_of = month_end(year, month)
    late = [
        {"p": p, "rate": shown[p.pk][1], "missed": p.missed_start(as_of)}
        for p in rows.prefetch_related(units)
    ]
    return sorted(late, key=lambda row: shown[row["p"].pk][0]), len(red)


def open_supports(projects: QuerySet[Project], year: int, month: int) -> QuerySet[SupportRequest]:
    """Support requests of months 1—N still waiting for an answer."""
    return (
        SupportRequest.objects.filter(
            report__project__in=projects,
            answered_at__isnull=True,
            report__year=year,
            report__month__lte=month,
        )
        .select_related("report__project", "to_unit")
        .order_by("report__project__code", "id")
    )


def pending_reports(projects: QuerySet[Project], year: int, month: int) -> int:
    """Month N's reports submitted but not yet accepted (left out of the figures)."""
    return MonthlyReport.objects.filter(
        project__in=projects, year=year, month=month, status=ReportStatus.SUBMITTED
    ).count()
