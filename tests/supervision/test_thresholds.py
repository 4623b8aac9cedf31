"""The office edits the light and urging rules; a stale form is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.lists.util import ADMINS, BUSINESS, assert_login_redirect
from tests.workflow.helpers import in_progress
from twincity.audit.models import AuditEvent
from twincity.commitments.models import Item
from twincity.lib import clock
from twincity.supervision.models import Light, Thresholds
from twincity.supervision.stats import lights_for

URL = reverse("supervision:thresholds")
NOT_OFFICE = [p for p in BUSINESS if p != "office"]


def data(t: Thresholds, **kw):
    fields = {
        "yellow_days": t.yellow_days,
        "behind_points": t.behind_points,
        "remind_days": t.remind_days,
        "supervise_after_days": t.supervise_after_days,
        "answer_days": t.answer_days,
        "expected_version": t.version,
    }
    return fields | kw


def test_anonymous(client):
    assert_login_redirect(client.get(URL))


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_others_get_403(as_user, world, persona):
    t = Thresholds.current()
    assert as_user(persona).get(URL).status_code == 403
    assert as_user(persona).post(URL, data(t, yellow_days=3)).status_code == 403
    assert Thresholds.current().yellow_days == 15


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, world, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_the_office_saves_and_the_lights_follow(as_user, world):
    item = in_progress(world, deadline=clock.today() + dt.timedelta(10))
    assert lights_for(Item.objects.filter(pk=item.pk))[item.pk].light == Light.YELLOW
    client = as_user("office")
    page = client.get(URL).content.decode()
    assert 'name="expected_version"' in page and 'value="15"' in page
    response = client.post(URL, data(Thresholds.current(), yellow_days=7, behind_points=30))
    assert response.status_code == 302
    t = Thresholds.current()
    assert (t.yellow_days, t.behind_points, t.version) == (7, 30, 2)
    event = AuditEvent.objects.get(action="thresholds.update")
    assert event.before["yellow_days"] == 15 and event.after["yellow_days"] == 7
    assert lights_for(Item.objects.filter(pk=item.pk))[item.pk].light == Light.GREEN
    item.refresh_from_db()
    assert item.light == Light.GREEN  # the stored light too, without waiting for remind


def test_a_stale_form_is_refused(as_user, world):
    stale = data(Thresholds.current(), yellow_days=9)
    client = as_user("office")
    assert client.post(URL, data(Thresholds.current(), yellow_days=20)).status_code == 302
    response = client.post(URL, stale)
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()
    assert Thresholds.current().yellow_days == 20
    assert AuditEvent.objects.filter(action="thresholds.update").count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("behind_points", 101, "进度滞后百分点（黄灯）”须在 0 到 100 之间"),
        ("yellow_days", -1, "临近时限天数（黄灯）"),
        ("yellow_days", "", "临近时限天数（黄灯）"),
    ],
)
def test_bad_values_are_named_and_nothing_is_saved(as_user, world, field, value, message):
    response = as_user("office").post(URL, data(Thresholds.current(), **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Thresholds.current().version == 1
