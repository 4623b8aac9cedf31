"""Downloading the documents from the pages, as each persona; constant queries per document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.projects.util import make_list, make_project, make_report
from tests.reports.conftest import docx_text, grow
from tests.supervision.ladder_helpers import make_notice, open_round, working_item
from twincity.lib import clock
from twincity.reports import documents as docs
from twincity.reports import word
from twincity.supervision.models import NoticeKind

READERS = ["office", "cq_liaison", "sc_head", "wg_lead", "leader", "outsider"]
ADMINS = ["sysadmin", "secadmin", "auditor"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(name: str, *args) -> str:
    return reverse(f"reports:{name}", args=args)


@pytest.mark.parametrize("persona", READERS)
def test_briefing_download_for_business_users(pack, as_user, persona):
    response = as_user(persona).get(url("briefing", pack["m10"].pk, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    assert "第十次会议汇报材料" in docx_text(response.content)


@pytest.mark.parametrize("persona", ADMINS)
@pytest.mark.parametrize("name", ["briefing", "communique"])
def test_meeting_documents_are_404_for_administrators(pack, as_user, persona, name):
    assert as_user(persona).get(url(name, pack["m10"].pk, "pdf")).status_code == 404


def test_unknown_meeting_is_404_and_anonymous_goes_to_login(pack, as_user, client):
    assert as_user("office").get(url("briefing", 9999, "docx")).status_code == 404
    response = client.get(url("briefing", pack["m10"].pk, "docx"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_briefing_shows_only_the_items_the_user_sees(pack, as_user):
    office = docx_text(as_user("office").get(url("briefing", pack["m10"].pk, "docx")).content)
    outsider = docx_text(as_user("outsider").get(url("briefing", pack["m10"].pk, "docx")).content)
    assert "制定改革清单年度实施方案" in office
    assert "制定改革清单年度实施方案" not in outsider
    assert "尚未分解为事项" in outsider


def test_communique_pdf(pack, as_user):
    response = as_user("leader").get(url("communique", pack["m10"].pk, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.fixture
def rnd(world):
    items = [working_item(world) for _ in range(2)]
    return open_round(world, clock.today() + dt.timedelta(5), items)


@pytest.mark.parametrize(
    ("persona", "status"), [("office", 200), ("outsider", 200), ("sysadmin", 404)]
)
def test_round_bulletin_download(rnd, as_user, persona, status):
    assert as_user(persona).get(url("round_bulletin", rnd.pk, "docx")).status_code == status


def test_unknown_round_and_format(rnd, as_user):
    assert as_user("office").get(url("round_bulletin", 9999, "docx")).status_code == 404
    assert as_user("office").get(f"/documents/round/{rnd.pk}.txt").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("office", 200), ("leader", 200), ("cq_liaison", 200), ("sc_liaison", 404), ("sysadmin", 404)],
)
def test_notice_download_follows_the_notice_visibility(world, as_user, persona, status):
    notice = make_notice(world, NoticeKind.SUPERVISE, [working_item(world)])
    assert as_user(persona).get(url("notice", notice.pk, "pdf")).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("office", 200), ("leader", 200), ("cq_liaison", 403), ("sysadmin", 404)],
)
def test_project_bulletin_is_for_readers_of_everything(world, as_user, persona, status):
    make_report(make_project(make_list(2025), "10"), 3, "4")
    assert as_user(persona).get(url("project_bulletin", 2025, 3, "docx")).status_code == status


def test_project_bulletin_without_a_list_or_with_a_bad_month_is_404(world, as_user):
    make_list(2025)
    assert as_user("office").get(url("project_bulletin", 2024, 3, "docx")).status_code == 404
    assert as_user("office").get(url("project_bulletin", 2025, 13, "docx")).status_code == 404


# --- a fixed number of queries per document, at two data sizes --------------------------------


def queries(build) -> int:
    with CaptureQueriesContext(connection) as ctx:
        word.docx_bytes(build())
    return len(ctx.captured_queries)


def test_briefing_and_communique_queries_do_not_grow(pack, world, as_user):
    meeting = pack["m10"]
    user = world.users["cq_liaison"]
    docs.briefing(meeting, user)  # the user's memberships are read once and kept

    def both() -> list[int]:
        briefing = queries(lambda: docs.briefing(meeting, user))
        return [briefing, queries(lambda: docs.communique(meeting))]

    small = both()
    grow(world, meeting, 6)
    assert both() == small


def test_round_bulletin_queries_do_not_grow(world):
    due = clock.today() - dt.timedelta(1)  # past due: late items are red
    small_round = open_round(world, due, [working_item(world) for _ in range(2)], period="一")
    large_round = open_round(world, due, [working_item(world) for _ in range(8)], period="二")
    small = queries(lambda: docs.round_bulletin(small_round))
    assert queries(lambda: docs.round_bulletin(large_round)) == small


def test_notice_queries_do_not_grow(world):
    one = make_notice(world, NoticeKind.SUPERVISE, [working_item(world)])
    many = make_notice(world, NoticeKind.SUPERVISE, [working_item(world) for _ in range(6)])
    small = queries(lambda: docs.notice_document(docs.notices_for(None).get(pk=one.pk)))
    large = queries(lambda: docs.notice_document(docs.notices_for(None).get(pk=many.pk)))
    assert small == large


def test_project_bulletin_queries_do_not_grow(world):
    small_list, large_list = make_list(2025), make_list(2026)
    for plist, n in ((small_list, 2), (large_list, 8)):
        for _ in range(n):
            make_report(make_project(plist, "10", party=world.cq), 3, "1")
    docs.project_bulletin(small_list, 3)  # the first call writes the default rules row
    small = queries(lambda: docs.project_bulletin(small_list, 3))
    assert queries(lambda: docs.project_bulletin(large_list, 3)) == small
