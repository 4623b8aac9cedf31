"""The audit administrator's event list: access, filters, paging, HTMX, query count."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.audit.tamper import make_events
from twincity.audit.log import record
from twincity.lib import clock

URL = reverse("audit:events")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def mixed(world):
    record("auth.login", actor=world.users["office"], ip="10.1.2.3")
    record("auth.logout", actor=world.users["office"], ip="10.1.2.3")
    record(
        "item.update",
        actor=world.users["cq_liaison"],
        ip="192.168.0.7",
        target_type="commitments.item",
        target_id="42",
        after={"title": "新"},
    )
    record(
        "report.submit",
        actor=world.users["sc_liaison"],
        ip="192.168.0.8",
        target_type="commitments.progressreport",
        target_id="42",
    )


def actions(response) -> list[str]:
    return [event.action for event in response.context["page"]]


def test_auditor_sees_events_newest_first(as_user, mixed):
    response = as_user("auditor").get(URL)
    assert response.status_code == 200
    assert actions(response) == ["report.submit", "item.update", "auth.logout", "auth.login"]
    assert "audit/events.html" in [t.name for t in response.templates]


@pytest.mark.parametrize(
    "persona", ["office", "leader", "sysadmin", "secadmin", "cq_liaison", "cq_head", "wg_lead"]
)
def test_other_roles_are_refused(as_user, persona):
    assert as_user(persona).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "auth."}, ["auth.logout", "auth.login"]),
        ({"actor": "cq_liaison"}, ["item.update"]),
        ({"target_type": "commitments.item"}, ["item.update"]),
        ({"target_id": "42"}, ["report.submit", "item.update"]),
        ({"ip": "192.168."}, ["report.submit", "item.update"]),
        ({"action": "item.", "ip": "10."}, []),
    ],
)
def test_filters(as_user, mixed, query, expected):
    assert actions(as_user("auditor").get(URL, query)) == expected


def test_date_filter_uses_local_days(as_user, world, monkeypatch):
    for day, action in [(1, "a.first"), (2, "a.second"), (3, "a.third")]:
        # 00:30 in Shanghai is still the previous day in UTC.
        moment = dt.datetime(2025, 3, day, 0, 30, tzinfo=SHANGHAI)
        monkeypatch.setattr(clock, "now", lambda moment=moment: moment)
        record(action)
    response = as_user("auditor").get(URL, {"date_from": "2025-03-02", "date_to": "2025-03-02"})
    assert actions(response) == ["a.second"]
    response = as_user("auditor").get(URL, {"date_from": "2025-03-02"})
    assert actions(response) == ["a.third", "a.second"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "2025-03-05", "date_to": "2025-03-01"}, "截止日期"),
        ({"date_from": "not-a-date"}, "起始日期"),
        ({"ip": "10.0.0.1; drop"}, "来源地址（前缀）"),
    ],
)
def test_invalid_filter_names_the_field_and_shows_no_rows(as_user, mixed, query, field):
    response = as_user("auditor").get(URL, query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert f"{field}：" in response.content.decode()
    assert actions(response) == []


def test_pages_of_fifty_keep_the_filter(as_user, world):
    make_events(55, action="item.update")
    record("auth.login")
    client = as_user("auditor")
    first = client.get(URL, {"action": "item."})
    assert len(first.context["page"]) == 50
    assert "?action=item.&amp;page=2" in first.content.decode()
    second = client.get(URL, {"action": "item.", "page": "2"})
    assert len(second.context["page"]) == 5
    assert set(actions(second)) == {"item.update"}


def test_htmx_request_gets_only_the_table(as_user, mixed):
    response = as_user("auditor").get(URL, {"action": "auth."}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert [t.name for t in response.templates if t.name.startswith("audit/")] == [
        "audit/_events_table.html"
    ]
    assert "<html" not in body
    assert "auth.login" in body and "item.update" not in body


def test_filter_form_swaps_the_table_and_pushes_the_url(as_user, mixed):
    body = as_user("auditor").get(URL).content.decode()
    assert 'hx-target="#audit-events"' in body
    assert 'hx-push-url="true"' in body
    assert 'id="audit-events"' in body


def test_no_edit_actions(as_user, mixed):
    body = as_user("auditor").get(URL).content.decode()
    posts = {
        re.search(r'action="([^"]*)"', form)[1]
        for form in re.findall(r"<form[^>]*>", body)
        if 'method="post"' in form
    }
    assert posts == {reverse("audit:verify"), reverse("accounts:logout"), reverse("set_language")}
    assert as_user("auditor").post(URL).status_code == 405


def test_query_count_does_not_grow_with_rows(as_user, world, django_assert_num_queries):
    client = as_user("auditor")
    make_events(5)
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(URL).context["page"]) == 5
    make_events(45)
    with django_assert_num_queries(len(five)):
        assert len(client.get(URL).context["page"]) == 50
