"""The office corrects a value with a reason; every save leaves a revision row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.indicators.conftest import ADMINS, NOT_OFFICE, actions
from twincity.audit.models import AuditEvent
from twincity.indicators import workflow
from twincity.indicators.models import Observation, ObservationRevision
from twincity.lib import clock


def url(observation) -> str:
    return reverse("indicators:observation_edit", args=[observation.pk])


@pytest.fixture
def observation(gdp) -> Observation:
    return gdp.observations.get(region__code="cq", period_end__year=2024)


def data(**kw) -> dict:
    return {
        "value": "32,193.2",
        "source_document": "重庆市2024年统计公报",
        "source_url": "",
        "note": "",
        "reason": "统计部门修订",
        "version": "1",
    } | kw


def test_the_form_shows_the_current_value(as_user, observation):
    html = as_user("office").get(url(observation)).content.decode()
    assert 'name="value" value="32193"' in html and 'name="version" value="1"' in html
    assert "重庆市 · 2024年" in html


def test_office_revises_a_value(as_user, observation):
    with clock.travel(dt.datetime(2025, 4, 1, 2, tzinfo=dt.UTC)):
        response = as_user("office").post(url(observation), data())
    assert response["Location"] == reverse("indicators:observation_detail", args=[observation.pk])
    observation.refresh_from_db()
    assert (observation.value, observation.version) == (Decimal("32193.2"), 2)
    assert observation.updated_by.username == "office"
    assert observation.updated_at == dt.datetime(2025, 4, 1, 2, tzinfo=dt.UTC)
    revision = observation.revisions.get(number=2)
    assert (revision.value, revision.reason) == (Decimal("32193.2"), "统计部门修订")
    assert revision.changed_by.username == "office"
    assert actions() == ["observation.revise"]
    event = AuditEvent.objects.get()
    assert event.before == {"value": "32193.0000", "source_document": ""}
    assert event.after == {
        "value": "32193.2000",
        "source_document": "重庆市2024年统计公报",
        "reason": "统计部门修订",
    }


def test_a_reason_is_required(as_user, observation):
    html = as_user("office").post(url(observation), data(reason="  ")).content.decode()
    assert "修改原因：请填写修改原因。" in html
    observation.refresh_from_db()
    assert observation.value == Decimal(32193) and observation.version == 1
    assert observation.revisions.count() == 1 and actions() == []


def test_the_workflow_also_requires_a_reason(world, observation):
    with pytest.raises(workflow.WorkflowError, match="请填写修改原因"):
        workflow.revise_observation(world.users["office"], observation, {"value": 1}, "", 1)
    assert observation.revisions.count() == 1


def test_the_workflow_refuses_others(world, observation):
    with pytest.raises(PermissionDenied):
        workflow.revise_observation(world.users["leader"], observation, {"value": 1}, "改", 1)


def test_stale_version_is_refused_and_nothing_changes(as_user, observation):
    Observation.objects.filter(pk=observation.pk).update(version=2)
    html = as_user("office").post(url(observation), data(version="1")).content.decode()
    assert "该记录已被他人修改" in html
    observation.refresh_from_db()
    assert observation.value == Decimal(32193) and observation.version == 2
    assert observation.revisions.count() == 1 and actions() == []


def test_full_width_digits_in_a_revision(as_user, observation):
    as_user("office").post(url(observation), data(value="３２，２００"))
    observation.refresh_from_db()
    assert observation.value == Decimal(32200)


def test_saving_twice_numbers_the_revisions(as_user, observation):
    client = as_user("office")
    client.post(url(observation), data(value="1"))
    client.post(url(observation), data(value="2", version="2", reason="再次更正"))
    numbers = ObservationRevision.objects.filter(observation=observation).order_by("number")
    assert [(r.number, r.value) for r in numbers] == [
        (1, Decimal(32193)),
        (2, Decimal(1)),
        (3, Decimal(2)),
    ]


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_are_refused(as_user, observation, persona):
    client = as_user(persona)
    assert client.get(url(observation)).status_code == 403
    assert client.post(url(observation), data()).status_code == 403
    observation.refresh_from_db()
    assert observation.version == 1


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, observation, persona):
    assert as_user(persona).get(url(observation)).status_code == 404


def test_a_user_without_a_role_is_refused(no_role, observation):
    assert no_role.post(url(observation), data()).status_code == 403


def test_unknown_observation_is_404(as_user, gdp):
    missing = reverse("indicators:observation_edit", args=[99999])
    assert as_user("office").get(missing).status_code == 404
