"""The demo builder: the 2025 list reproduces the published totals exactly."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from twincity.lib import clock
from twincity.projects import figures as fg
from twincity.projects.demo import build_demo
from twincity.projects.models import MonthlyReport, Project, ProjectList, SupportRequest
from twincity.supervision.models import Light


@pytest.fixture
def demo(world):
    with clock.travel(dt.datetime(2026, 11, 22, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        return build_demo(world.users["office"])


def test_2025_totals_match_the_published_figures(demo):
    plist = ProjectList.objects.get(year=2025, is_demo=True)
    projects = Project.objects.filter(list=plist)
    assert projects.count() == 320
    figures = fg.figures_for(projects, 2025, 12)
    assert figures.total.planned == Decimal("4404.00")
    assert figures.total.completed == Decimal("5332.42")
    assert figures.total.rate == Decimal("121.08")
    assert fg.ahead_points(figures.total.rate, 12) == Decimal("21.08")
    assert len(figures.by_area) == 7


def test_monthly_reports_are_cumulative(demo):
    plist = ProjectList.objects.get(year=2025, is_demo=True)
    project = Project.objects.filter(list=plist).first()
    amounts = list(project.reports.order_by("month").values_list("cumulative_completed", flat=True))
    assert len(amounts) == 12
    assert amounts == sorted(amounts)


def test_current_year_has_red_projects_late_reports_and_open_requests(demo):
    plist = ProjectList.objects.get(year=2026, is_demo=True)
    projects = Project.objects.filter(list=plist).in_list()
    lights = fg.lights(projects, 2026, 10, Decimal(5))
    assert list(lights.values()).count(Light.RED) >= 20
    assert MonthlyReport.objects.filter(project__list=plist, month=11).count() == 0
    assert SupportRequest.objects.filter(answered_at__isnull=True).count() > 0
    assert plist.versions.count() == 2
    assert demo["projects"] == 320 + 330 + 4


def test_second_build_is_skipped(world, demo):
    again = build_demo(world.users["office"])
    assert again["projects"] == 0
    assert ProjectList.objects.count() == 2
