"""Small factories for the project tests."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from twincity.accounts.models import Unit
from twincity.projects.models import (
    MonthlyReport,
    Project,
    ProjectArea,
    ProjectList,
    ReportStatus,
    Stage,
)

_seq = itertools.count(1)


def area(name: str = "现代基础设施") -> ProjectArea:
    return ProjectArea.objects.get_or_create(name=name)[0]


def make_list(year: int = 2025, **kw: Any) -> ProjectList:
    return ProjectList.objects.create(year=year, name=kw.pop("name", f"{year}年重点项目名单"), **kw)


def make_project(
    plist: ProjectList, planned: str = "10", units: list[Unit] | None = None, **kw: Any
) -> Project:
    n = next(_seq)
    fields = {
        "code": f"P-{n:04d}",
        "name": f"测试项目{n}",
        "area": kw.pop("area", None) or area(),
        "total_investment": Decimal(planned) * 5,
        "start_year": plist.year - 1,
        "end_year": plist.year + 2,
        "stage": Stage.CONTINUING,
        "year_planned": Decimal(planned),
    } | kw
    project = Project.objects.create(list=plist, **fields)
    project.responsible_units.set(units or [])
    return project


def make_report(
    project: Project, month: int, amount: str, status: str = ReportStatus.ACCEPTED, **kw: Any
) -> MonthlyReport:
    return MonthlyReport.objects.create(
        project=project,
        year=project.list.year,
        month=month,
        cumulative_completed=Decimal(amount),
        progress="按计划推进",
        status=status,
        **kw,
    )


def day(year: int, month: int, d: int = 1) -> dt.date:
    return dt.date(year, month, d)
