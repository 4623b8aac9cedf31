"""One value and its history: every value it has had, newest first."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.indicators.conftest import ADMINS, READERS
from twincity.indicators import workflow


def url(observation) -> str:
    return reverse("indicators:observation_detail", args=[observation.pk])


@pytest.fixture
def observation(gdp):
    return gdp.observations.get(region__code="circle", period_end__year=2024)


@pytest.mark.parametrize("persona", READERS)
def test_business_users_read_a_value(as_user, observation, persona):
    response = as_user(persona).get(url(observation))
    assert response.status_code == 200
    assert "成渝地区双城经济圈 · 2024年" in response.content.decode()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, observation, persona):
    assert as_user(persona).get(url(observation)).status_code == 404


def test_a_user_without_a_role_is_refused(no_role, observation):
    assert no_role.get(url(observation)).status_code == 403


def test_unknown_observation_is_404(as_user, gdp):
    missing = reverse("indicators:observation_detail", args=[0])
    assert as_user("leader").get(missing).status_code == 404


def test_the_history_lists_every_value_newest_first(as_user, world, observation):
    office = world.users["office"]
    for version, (value, reason) in enumerate([("85990", "初步核算"), ("86012.5", "最终核实")], 1):
        observation.refresh_from_db()
        data = {"value": value, "source_document": "", "source_url": "", "note": ""}
        workflow.revise_observation(office, observation, data, reason, version)
    html = as_user("leader").get(url(observation)).content.decode()
    history = html[html.index('id="tc-revisions"') :]
    values = re.findall(r'data-value="([^"]+)"', history)
    assert values == ["86012.5000", "85990.0000", "86000.0000"]
    assert history.index("最终核实") < history.index("初步核算") < history.index("首次录入")
    assert "<strong>86,012.5</strong>" in html


def test_only_the_office_sees_the_edit_link(as_user, observation):
    link = reverse("indicators:observation_edit", args=[observation.pk])
    assert link in as_user("office").get(url(observation)).content.decode()
    assert link not in as_user("cq_liaison").get(url(observation)).content.decode()
