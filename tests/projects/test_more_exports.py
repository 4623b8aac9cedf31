"""The support requests, missing reports and users pages export to .xlsx as filtered."""

from __future__ import annotations

import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.projects.test_missing import AFTER_DUE
from tests.projects.test_missing import plist as plist
from tests.projects.test_supports import support as support
from tests.projects.util import make_list, make_project, make_report
from twincity.lib import clock
from twincity.projects.models import SupportRequest


def rows_of(response) -> list[list]:
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws.freeze_panes == "A2"
    return [[c.value for c in r] for r in ws.iter_rows()]


def test_supports_export_keeps_the_open_filter(as_user, support, world):
    answered = SupportRequest.objects.create(
        report=support.report, kind="land", text="=已答复的诉求", to_unit=world.other_unit
    )
    answered.answer, answered.answered_at = "已办", clock.now()
    answered.save()
    rows = rows_of(as_user("office").get("/projects/supports/", {"format": "xlsx"}))
    assert [r[4] for r in rows[1:]] == ["新增建设用地指标"]  # open ones, as on the page
    rows = rows_of(
        as_user("office").get("/projects/supports/", {"state": "answered", "format": "xlsx"})
    )
    assert [r[4] for r in rows[1:]] == ["=已答复的诉求"]  # text, not a formula


def test_supports_export_hides_what_the_page_hides(as_user, support):
    assert as_user("sysadmin").get("/projects/supports/", {"format": "xlsx"}).status_code == 404


def test_missing_export_lists_the_projects_without_a_report(as_user, plist):
    with clock.travel(AFTER_DUE):
        response = as_user("office").get(
            "/projects/missing/", {"year": 2026, "month": 10, "format": "xlsx"}
        )
    rows = rows_of(response)
    assert sorted(r[1] for r in rows[1:]) == ["未报项目", "被退回项目"]
    assert {r[4] for r in rows[1:]} == {"逾期未报"}
    assert as_user("cq_liaison").get("/projects/missing/", {"format": "xlsx"}).status_code == 403


def test_users_export_as_filtered(world, as_user):
    url = reverse("accounts:users")
    rows = rows_of(as_user("secadmin").get(url, {"q": "liaison", "format": "xlsx"}))
    names = {r[0] for r in rows[1:]}
    assert {"cq_liaison", "sc_liaison"} <= names and "office" not in names
    assert any("单位联络员" in r[2] for r in rows[1:])
    assert as_user("cq_liaison").get(url, {"format": "xlsx"}).status_code in (403, 404)


def queries(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_exports_keep_a_constant_number_of_queries(world, as_user):
    client = as_user("office")
    client.get("/projects/supports/")
    plist = make_list(2025)

    def add(n):
        for _ in range(n):
            project = make_project(plist, "10", units=[world.cq_unit])
            SupportRequest.objects.create(
                report=make_report(project, 4, "3"), kind="land", text="诉求", to_unit=world.cq_unit
            )

    add(3)
    small = queries(client, "/projects/supports/", {"format": "xlsx"})
    add(20)
    assert queries(client, "/projects/supports/", {"format": "xlsx"}) == small
