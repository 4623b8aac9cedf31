"""The bulletin page lists the most behind red projects only; the Word document lists them all."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.projects.util import day, make_list, make_project, make_report
from tests.queries import queries_for
from twincity.projects.models import Project, ProjectList, ProjectRules, Stage
from twincity.projects.views import LATE_SHOWN
from twincity.reports import documents
from twincity.reports.content import Table

URL = "/projects/bulletin/"
MARCH = {"year": 2025, "month": 3}  # 时序进度 25 %: below 20 % is red


def red_projects(world, plist: ProjectList, n: int, first: int = 0) -> list[Project]:
    """n red projects whose completion rates are first+1 … first+n tenths of a percent."""
    out = []
    for i in range(first + 1, first + n + 1):
        project = make_project(plist, "100", units=[world.cq_unit], name=f"滞后项目{i:03d}")
        make_report(project, 3, f"{i / 10:.1f}")
        out.append(project)
    return out


def late_names(html: str) -> list[str]:
    table = html.split('id="late-projects"')[1].split("</table>")[0]
    return re.findall(r"滞后项目\d{3}", table)


@pytest.fixture
def plist(world):
    ProjectRules.current()
    plist = make_list(2025)
    make_report(make_project(plist, "100", name="按期项目"), 3, "30")  # green
    return plist


def test_page_shows_the_most_behind_and_says_how_many(world, as_user, plist):
    projects = red_projects(world, plist, LATE_SHOWN + 7)
    html = as_user("office").get(URL, MARCH).content.decode()
    shown = late_names(html)
    assert shown == [p.name for p in projects[:LATE_SHOWN]]  # lowest rate first
    assert f"共{LATE_SHOWN + 7}个红灯项目，以下列出最滞后的{LATE_SHOWN}个" in html
    index = reverse("projects:index")
    assert f'href="{index}?year=2025&amp;month=3&amp;light=red"' in html
    assert "按期项目" not in html.split('id="late-projects"')[1].split("</table>")[0]


def test_a_missed_start_with_nothing_planned_counts_as_zero(world, as_user, plist):
    red_projects(world, plist, LATE_SHOWN)
    missed = make_project(
        plist, "0", name="滞后项目999", planned_start=day(2025, 3), stage=Stage.NEW
    )
    html = as_user("office").get(URL, MARCH).content.decode()
    shown = late_names(html)
    assert shown[0] == missed.name and len(shown) == LATE_SHOWN
    assert "未按计划开工" in html


def test_few_red_projects_are_all_shown_without_the_note(world, as_user, plist):
    projects = red_projects(world, plist, 3)
    html = as_user("office").get(URL, MARCH).content.decode()
    assert late_names(html) == [p.name for p in projects]
    assert 'id="late-cap"' not in html


def test_the_link_lists_every_red_project(world, as_user, plist):
    projects = red_projects(world, plist, LATE_SHOWN + 7)
    listed = as_user("office").get(reverse("projects:index"), MARCH | {"light": "red"})
    html = listed.content.decode()
    assert all(p.name in html for p in projects) and "按期项目" not in html


def test_the_word_bulletin_keeps_every_red_project(world, plist):
    projects = red_projects(world, plist, LATE_SHOWN + 7)
    doc = documents.project_bulletin(plist, 3)
    tables = [b for b in doc.blocks if isinstance(b, Table) and "项目名称" in b.columns]
    names = {row[1] for row in tables[0].rows}
    assert names == {p.name for p in projects}


def test_queries_do_not_grow_with_the_red_projects(world, as_user, plist):
    client = as_user("office")
    red_projects(world, plist, 5)
    queries_for(client, URL)  # warm the session and the rules
    few = queries_for(client, f"{URL}?year=2025&month=3")
    red_projects(world, plist, LATE_SHOWN + 20, first=5)
    assert queries_for(client, f"{URL}?year=2025&month=3") == few
