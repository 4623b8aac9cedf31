"""The source pages link to their Word and PDF downloads."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.projects.util import make_list, make_project, make_report
from tests.supervision.ladder_helpers import make_notice, open_round, working_item
from twincity.lib import clock
from twincity.supervision.models import NoticeKind


def links(client, page: str, name: str, *args) -> bool:
    html = client.get(page).content.decode()
    urls = [reverse(f"reports:{name}", args=[*args, fmt]) for fmt in ("docx", "pdf")]
    return all(url in html for url in urls)


def test_meeting_page_links_briefing_and_communique(pack, as_user):
    client, pk = as_user("cq_liaison"), pack["m10"].pk
    page = reverse("meetings:detail", args=[pk])
    assert links(client, page, "briefing", pk) and links(client, page, "communique", pk)


def test_round_page_links_its_bulletin(world, as_user):
    rnd = open_round(world, clock.today() + dt.timedelta(3), [working_item(world)])
    page = reverse("supervision:round_detail", args=[rnd.pk])
    assert links(as_user("office"), page, "round_bulletin", rnd.pk)


def test_notice_page_links_the_notice(world, as_user):
    notice = make_notice(world, NoticeKind.SUPERVISE, [working_item(world)])
    page = reverse("supervision:notice_detail", args=[notice.pk])
    assert links(as_user("office"), page, "notice", notice.pk)


def test_project_bulletin_page_links_the_month(world, as_user):
    make_report(make_project(make_list(2025), "10"), 3, "4")
    page = reverse("projects:bulletin") + "?year=2025&month=3"
    assert links(as_user("office"), page, "project_bulletin", 2025, 3)
