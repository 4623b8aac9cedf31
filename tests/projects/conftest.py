"""Shared fixtures of the project tests."""

import pytest

from tests.projects.util import area, day, make_list, make_project, make_report
from twincity.projects.models import ReportStatus, Stage


@pytest.fixture
def small_list(world):
    """Four projects on the 2025 list, a withdrawn one and one of another list (see below)."""
    plist = make_list(2025)
    infra, industry = area("现代基础设施"), area("现代产业")
    p1 = make_project(plist, "100", area=infra, party=world.cq)
    make_report(p1, 7, "60")
    make_report(p1, 8, "70")
    p2 = make_project(plist, "50", area=infra, party=world.sc)
    make_report(p2, 6, "30")
    make_report(p2, 8, "45", status=ReportStatus.SUBMITTED)  # not accepted: not counted
    p3 = make_project(
        plist,
        "30.5",
        area=industry,
        stage=Stage.NEW,
        planned_start=day(2025, 3),
        actual_start=day(2025, 4),
    )
    make_report(p3, 8, "31")
    p4 = make_project(
        plist, "20", area=industry, party=world.cq, stage=Stage.NEW, planned_start=day(2025, 5)
    )
    gone = make_project(plist, "999", area=industry, withdrawn=True)
    make_report(gone, 8, "999")
    make_report(make_project(make_list(2026), "77"), 8, "77")
    return plist, (p1, p2, p3, p4)
