"""Joint key projects at scale: last year's list (twelve monthly reports each) and this
year's (reports through last month, some late, returned or waiting), with nodes, units and a
few support requests. Names, areas and curves follow `projects/demo.py`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from twincity.projects.demo import (
    AREAS,
    OWNERS,
    PLACES,
    SUPPORT_TEXTS,
    SUPPORT_UNITS,
    cumulative,
)
from twincity.projects.figures import default_month, report_due
from twincity.projects.models import (
    MonthlyReport,
    Project,
    ProjectArea,
    ProjectList,
    ProjectNode,
    ReportStatus,
    Stage,
    SupportRequest,
)
from twincity.scale.names import PROJECT_ANSWER, PROJECT_RETURN
from twincity.scale.org import Org
from twincity.scale.plan import DAY, Calendar, Rng, cumulative_weights
from twincity.scale.shapes import Size
from twincity.scale.writer import Writer

STAGES = (Stage.CONTINUING, Stage.NEW, Stage.COMPLETED, Stage.PREPARATION)
STAGE_WEIGHTS = cumulative_weights((62, 20, 12, 6))
SIDES, SIDE_WEIGHTS = ("cq", "sc", ""), cumulative_weights((4, 4, 2))
DUE_DAY = 5  # the default report due day (ProjectRules.report_due_day)
Area = tuple[int, str, int, tuple[str, str], list[str]]  # id, then projects.demo.AREAS' row


def build_projects(
    w: Writer, org: Org, size: Size, cal: Calendar, rng: Rng, joint_meetings: dict[int, int]
) -> None:
    areas = _areas()
    year = cal.today.year
    counts = {year - 1: size.projects - size.projects // 2, year: size.projects // 2}
    lists: list[dict[str, Any]] = []
    for y in counts:
        lists.append(
            {
                "id": w.one_id(ProjectList),
                "year": y,
                "name": f"{y}年共建成渝地区双城经济圈重大项目名单",
                "source_meeting_id": joint_meetings.get(y),
                "is_demo": True,
                "created_at": cal.at(min(dt.date(y, 1, 20), cal.last), 10),
            }
        )
    w.write_dicts(ProjectList, lists)
    for row, count in zip(lists, counts.values(), strict=True):
        ListBuilder(w, org, cal, rng, areas, row["id"], row["year"]).build(count)


def _areas() -> list[Area]:
    """The demo's areas (a migration creates most of them)."""
    ids = [
        ProjectArea.objects.get_or_create(name=name, defaults={"order": i})[0].pk
        for i, (name, *_rest) in enumerate(AREAS, start=1)
    ]
    return [(pk, *row) for pk, row in zip(ids, AREAS, strict=True)]


class ListBuilder:
    """One year's list: its projects and everything that hangs off them."""

    def __init__(
        self,
        w: Writer,
        org: Org,
        cal: Calendar,
        rng: Rng,
        areas: list[Area],
        list_id: int,
        year: int,
    ) -> None:
        self.w, self.org, self.cal, self.rng = w, org, cal, rng
        self.areas, self.list_id, self.year = areas, list_id, year
        self.area_weights = cumulative_weights([a[2] for a in areas])
        self.current = year == cal.today.year
        self.month = default_month(year, cal.today)

    def build(self, count: int) -> None:
        projects: list[dict[str, Any]] = []
        reports: list[dict[str, Any]] = []
        responsible, located, nodes = [], [], []
        for n, pk in enumerate(self.w.ids(Project, count), start=1):
            row, area, sides = self.project(pk, n)
            projects.append(row)
            units = self.units(sides, area[3])
            responsible += [(pk, u) for u in units]
            located += [(pk, u) for u in self.places(sides)]
            behind = self.rng.random() < 0.1  # well behind 时序进度: red
            ratio = self.rng.uniform(0.3, 0.6) if behind else self.rng.uniform(0.8, 1.5)
            nodes += self.nodes(pk, ratio)
            reports += self.reports(pk, row["year_planned"], ratio, units)
        w = self.w
        w.write_dicts(Project, projects)
        for model, links in (
            (Project.responsible_units.through, responsible),
            (Project.locations.through, located),
        ):
            w.write(model, ["id", "project_id", "unit_id"], w.numbered(model, links))
        fields = ["id", "project_id", "title", "due", "done_on"]
        w.write(ProjectNode, fields, w.numbered(ProjectNode, nodes))
        w.write_dicts(MonthlyReport, reports)
        latest = [r for r in reports if self.current and r["month"] == self.month]
        w.write_dicts(SupportRequest, self.supports(latest))

    def project(self, pk: int, n: int) -> tuple[dict[str, Any], Area, list[str]]:
        rng, year = self.rng, self.year
        area = rng.pick(self.areas, self.area_weights)
        side = rng.pick(SIDES, SIDE_WEIGHTS)
        a, b = rng.sample(PLACES[side] if side else PLACES["cq"] + PLACES["sc"], 2)
        stage = rng.pick(STAGES, STAGE_WEIGHTS)
        planned = 100 + int(rng.lognormvariate(0, 0.9) * 1500)  # hundredths of 亿元
        planned_start = actual_start = None
        if stage == Stage.NEW:
            planned_start = dt.date(year, rng.randint(2, 9), rng.randint(1, 28))
            actual_start = planned_start + DAY * rng.randint(-10, 20)
            if actual_start > self.cal.last or rng.random() < 0.03:
                actual_start = None  # not started (yet)
        row = {
            "id": pk,
            "list_id": self.list_id,
            "code": f"{year}-{n:04d}",
            "name": rng.choice(area[4]).format(a=a, b=b),
            "area_id": area[0],
            "party_id": self.org.parties.get(side),
            "owner": rng.choice(OWNERS).format(a=a),
            "total_investment": _money(planned * rng.randint(3, 12)),
            "start_year": planned_start.year if planned_start else year - rng.randint(1, 4),
            "end_year": year if stage == Stage.COMPLETED else year + rng.randint(1, 5),
            "stage": stage,
            "planned_start": planned_start,
            "actual_start": actual_start,
            "year_planned": _money(planned),
            "withdrawn": self.current and rng.random() < 0.01,
            "is_demo": True,
            "version": 1,
        }
        return row, area, [side] if side else ["cq", "sc"]

    def units(self, sides: list[str], pair: tuple[str, str]) -> list[int]:
        """The area's departments of the project's sides, and one more lead unit each."""
        out: list[int] = []
        for party in sides:
            leads = self.org.lead_units.get(party) or []
            code = pair[0 if party == "cq" else 1]
            for unit in (self.org.units.get(code), self.rng.choice(leads) if leads else None):
                if unit is not None and unit not in out:
                    out.append(unit)
        return out

    def places(self, sides: list[str]) -> list[int]:
        return [self.rng.choice(self.org.places[p]) for p in sides if self.org.places.get(p)]

    def nodes(self, pk: int, ratio: float) -> list[tuple[Any, ...]]:
        out = []
        for title, month, day in (("完成年度投资过半", 6, 30), ("完成年度投资计划", 12, 31)):
            due = dt.date(self.year, month, day)
            done = due + DAY * self.rng.randint(-5, 15)
            out.append((pk, title, due, done if done <= self.cal.last and ratio >= 0.8 else None))
        return out

    def reports(
        self, pk: int, planned: Decimal, ratio: float, units: list[int]
    ) -> list[dict[str, Any]]:
        """Cumulative 1—N月 figures on a smooth curve; the latest month of this year has
        some reports missing, returned or not yet accepted."""
        rng, cal = self.rng, self.cal
        final, power = int(planned * 100 * Decimal(repr(ratio))), rng.uniform(0.8, 1.3)
        by = next((self.org.liaison[u] for u in units if u in self.org.liaison), None)
        out = []
        for month in range(1, self.month + 1):
            due = report_due(self.year, month, DUE_DAY)
            if due > cal.last:
                break
            roll = rng.random() if self.current and month == self.month else 1.0
            if roll < 0.1:
                continue  # not reported yet
            amount = _money(final if month == 12 else cumulative(final, month, power))
            submitted = cal.at(due - DAY * rng.randint(0, 4), 10, rng.randint(0, 59))
            accepted = submitted + DAY * rng.randint(1, 3)
            status = ReportStatus.ACCEPTED
            if roll < 0.14:
                status = ReportStatus.RETURNED
            elif roll < 0.34 or cal.day_of(accepted) > cal.last:
                status = ReportStatus.SUBMITTED
            done = status == ReportStatus.ACCEPTED
            out.append(
                {
                    "id": self.w.one_id(MonthlyReport),
                    "project_id": pk,
                    "year": self.year,
                    "month": month,
                    "cumulative_completed": amount,
                    "progress": f"1—{month}月累计完成投资{amount}亿元，按计划推进。",
                    "problems": "",
                    "status": status,
                    "return_reason": PROJECT_RETURN if status == ReportStatus.RETURNED else "",
                    "submitted_by_id": by,
                    "submitted_at": submitted,
                    "accepted_by_id": rng.choice(self.org.office) if done else None,
                    "accepted_at": accepted if done else None,
                    "version": 1 if status == ReportStatus.SUBMITTED else 2,
                }
            )
        return out

    def supports(self, latest: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """要素保障 requests in a few of the latest reports, a third of them answered."""
        rng, cal, out = self.rng, self.cal, []
        kinds = list(SUPPORT_UNITS)
        for report in latest:
            kind = rng.choice(kinds)
            unit = self.org.units.get(SUPPORT_UNITS[kind][rng.randint(0, 1)])
            if rng.random() >= 0.03 or unit is None:
                continue
            answered = rng.random() < 0.33
            out.append(
                {
                    "id": self.w.one_id(SupportRequest),
                    "report_id": report["id"],
                    "kind": kind,
                    "text": SUPPORT_TEXTS[kind],
                    "to_unit_id": unit,
                    "answer": PROJECT_ANSWER if answered else "",
                    "answered_at": min(report["submitted_at"] + DAY, cal.at(cal.last, 18))
                    if answered
                    else None,
                    "answered_by_id": rng.choice(self.org.office) if answered else None,
                }
            )
        return out


def _money(hundredths: int) -> Decimal:
    return Decimal(hundredths).scaleb(-2)
