"""Exporting the audit log to Excel: the auditor only, as filtered, and itself audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.exports.conftest import (
    CLEANED,
    CONTROL,
    FORMULAS,
    cells,
    column,
    export_queries,
    header,
    rows,
    sheet,
    xlsx,
)
from twincity.audit.log import record
from twincity.audit.models import AuditEvent

URL = reverse("audit:events")


@pytest.fixture
def mixed(world):
    record("auth.login", actor=world.users["office"], ip="10.1.2.3")
    record(
        "item.update",
        actor=world.users["cq_liaison"],
        ip="192.168.0.7",
        target_type="commitments.item",
        target_id="42",
        after={"title": "新"},
    )
    record("auth.login_failed", actor_name="=cmd|' /C calc'!A0", ip="10.9.9.9")
    record("auth.login_failed", actor_name=CONTROL, ip="10.9.9.9")


def page_ids(response) -> list[int]:
    return [event.pk for event in response.context["page"]]


def test_rows_are_the_events_the_page_lists(as_user, mixed):
    client = as_user("auditor")
    shown = page_ids(client.get(URL))
    ws = sheet(client.get(xlsx(URL)))
    assert column(ws, "#") == shown
    assert header(ws) == [
        "#",
        "时间",
        "操作人账号",
        "操作人姓名",
        "来源地址",
        "操作",
        "对象类型",
        "对象编号",
        "对象",
    ]
    assert all(c.data_type == "n" for c in cells(ws, "#"))
    assert all(c.is_date for c in cells(ws, "时间"))


def test_the_filters_apply(as_user, mixed):
    client = as_user("auditor")
    for query in ("?action=auth.", "?ip=192.168", "?actor=office", "?target_type=commitments.item"):
        shown = page_ids(client.get(URL + query))
        assert column(sheet(client.get(xlsx(URL + query))), "#") == shown
    ws = sheet(client.get(xlsx(f"{URL}?target_type=commitments.item")))
    assert [r[5:8] for r in rows(ws)] == [["item.update", "commitments.item", "42"]]


def test_an_invalid_filter_exports_nothing(as_user, mixed):
    ws = sheet(as_user("auditor").get(xlsx(f"{URL}?ip=not-an-ip")))
    assert rows(ws) == []


def test_user_text_stays_text(as_user, mixed):
    ws = sheet(as_user("auditor").get(xlsx(f"{URL}?action=auth.login_failed")))
    names = {c.value: c.data_type for c in cells(ws, "操作人账号")}
    assert names["=cmd|' /C calc'!A0"] == "s"
    assert CLEANED in names


@pytest.mark.parametrize("text", FORMULAS)
def test_each_formula_prefix_comes_back_as_text(as_user, world, text):
    record("x.test", target_type="t", target_id=text)
    ws = sheet(as_user("auditor").get(xlsx(f"{URL}?action=x.test")))
    cell = cells(ws, "对象编号")[0]
    assert (cell.value, cell.data_type) == (text, "s")


def test_the_export_is_itself_audited(as_user, world, mixed):
    as_user("auditor").get(xlsx(f"{URL}?action=auth.&page=2"))
    event = AuditEvent.objects.latest("id")
    assert event.action == "audit.export"
    assert event.actor == world.users["auditor"]
    assert event.after == {"filters": {"action": "auth."}, "count": 3}


@pytest.mark.parametrize(
    "persona", ["office", "leader", "sysadmin", "secadmin", "cq_liaison", "outsider"]
)
def test_other_roles_are_refused(as_user, mixed, persona):
    before = AuditEvent.objects.count()
    assert as_user(persona).get(xlsx(URL)).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()
    assert AuditEvent.objects.count() == before


def test_anonymous_goes_to_login(client, mixed):
    assert client.get(xlsx(URL)).status_code == 302


def test_the_page_and_its_fragment_link_to_the_export(as_user, mixed):
    client = as_user("auditor")
    html = client.get(URL, {"action": "auth.", "page": 1}).content.decode()
    assert 'href="?action=auth.&amp;format=xlsx"' in html
    fragment = client.get(URL, {"action": "auth."}, headers={"HX-Request": "true"})
    assert 'id="export-xlsx"' in fragment.content.decode()
    assert 'hx-swap-oob="true"' in fragment.content.decode()


def test_queries_do_not_grow(as_user, world):
    for n in range(5):
        record("bulk.event", actor=world.users["office"], target_type="t", target_id=str(n))
    client = as_user("auditor")
    export_queries(client, xlsx(URL))
    few = export_queries(client, xlsx(URL))
    for n in range(5, 60):
        record("bulk.event", actor=world.users["cq_liaison"], target_type="t", target_id=str(n))
    assert export_queries(client, xlsx(URL)) == few
