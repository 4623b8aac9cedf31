"""A platform's page: its members, figures, items, agreements and projects."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect, queries_of, row_ids
from tests.platforms.conftest import make_agreement
from twincity.platforms import related


def url(platform) -> str:
    return reverse("platforms:platform_detail", args=[platform.pk])


@pytest.fixture
def items(world, places):
    return {
        "led": f.make_item(
            title="遂潼共建项目", leads={world.sc: places["suining"], world.cq: places["tongnan"]}
        ),
        "supported": _supported(world, places),
        "other": world.item(title="与平台无关"),
    }


def _supported(world, places):
    item = world.item(title="潼南配合事项")
    item.cooperating_units.add(places["tongnan"])
    return item


@pytest.mark.parametrize("persona", BUSINESS)
def test_business_users_get_the_page(as_user, suitong, persona):
    response = as_user(persona).get(url(suitong))
    assert response.status_code == 200
    assert suitong.name in response.content.decode()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, suitong, persona):
    assert as_user(persona).get(url(suitong)).status_code == 404


def test_anonymous_is_sent_to_login(suitong):
    assert_login_redirect(Client().get(url(suitong)))


def test_unknown_platform_is_404(as_user, db, world):
    assert as_user("office").get("/platforms/999/").status_code == 404


def test_lists_items_its_members_lead_or_support(as_user, suitong, items):
    response = as_user("office").get(url(suitong))
    assert sorted(row_ids(response)) == sorted([items["led"].pk, items["supported"].pk])


def test_a_liaison_sees_only_the_items_visible_to_it(as_user, suitong, items):
    response = as_user("cq_liaison").get(url(suitong))
    assert row_ids(response) == [items["supported"].pk]
    assert row_ids(as_user("outsider").get(url(suitong))) == []


def test_shows_members_and_figures(as_user, suitong):
    html = as_user("leader").get(url(suitong)).content.decode()
    assert "遂宁市" in html and "潼南区" in html
    assert "地区生产总值" in html and "2300.5" in html and "亿元" in html


def test_shows_agreements_its_members_signed(world, as_user, suitong, places):
    signed = make_agreement("遂潼交通合作协议", dt.date(2022, 3, 1), units=[places["suining"]])
    unrelated = make_agreement("泸州合作协议", dt.date(2022, 3, 1), units=[places["luzhou"]])
    html = as_user("cq_liaison").get(url(suitong)).content.decode()
    assert signed.title in html
    assert unrelated.title not in html


def test_projects_section_follows_the_projects_app(world, as_user, suitong, places):
    """Projects located in or run by a member show, when the projects app has them."""
    projects = related.projects_of_units(world.users["office"], [places["tongnan"].pk])
    html = as_user("office").get(url(suitong)).content.decode()
    assert ('id="platform-projects"' in html) == (projects is not None)


def test_only_the_office_sees_the_edit_link(as_user, suitong):
    edit = reverse("platforms:platform_edit", args=[suitong.pk])
    assert edit in as_user("office").get(url(suitong)).content.decode()
    assert edit not in as_user("leader").get(url(suitong)).content.decode()


def test_queries_do_not_grow_with_items(world, as_user, suitong, places, django_assert_num_queries):
    client = as_user("office")
    leads = {world.sc: places["suining"], world.cq: places["tongnan"]}
    for _ in range(5):
        f.make_item(leads=leads)
    client.get(url(suitong))
    few = queries_of(lambda: client.get(url(suitong)))
    for _ in range(45):
        f.make_item(leads=leads)
    with django_assert_num_queries(few):
        response = client.get(url(suitong))
    assert len(row_ids(response)) == 25


def _project_model():
    models = pytest.importorskip("twincity.projects.models")
    if not hasattr(models, "Project"):
        pytest.skip("the projects app has no Project model yet")
    return models


def test_lists_projects_located_in_or_run_by_members(world, as_user, suitong, places):
    models = _project_model()
    project_list = models.ProjectList.objects.create(year=2025, name="2025年共建重点项目")
    area = models.ProjectArea.objects.get_or_create(name="现代产业")[0]

    def project(code: str, locations=(), responsible=()):
        row = models.Project.objects.create(
            list=project_list,
            code=code,
            name=f"项目{code}",
            area=area,
            total_investment="10",
            start_year=2024,
            end_year=2026,
            stage=models.Stage.CONTINUING,
            year_planned="2",
        )
        row.locations.set(locations)
        row.responsible_units.set(responsible)
        return row

    located = project("P-1", locations=[places["tongnan"]], responsible=[world.cq_unit])
    run = project("P-2", responsible=[places["suining"]])
    elsewhere = project("P-3", locations=[places["luzhou"]], responsible=[world.cq_unit])
    html = as_user("office").get(url(suitong)).content.decode()
    assert f'id="project-{located.pk}"' in html and f'id="project-{run.pk}"' in html
    assert f'id="project-{elsewhere.pk}"' not in html
    liaison = as_user("cq_liaison").get(url(suitong)).content.decode()
    assert f'id="project-{located.pk}"' in liaison  # its unit is responsible
    assert f'id="project-{run.pk}"' not in liaison
