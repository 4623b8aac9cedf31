"""The item page shows the latest timeline entries; "加载更早记录" loads the page before."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twincity.commitments import workflow
from twincity.commitments.item_views import TIMELINE_PAGE
from twincity.commitments.models import Comment, ReportStatus, Transition
from twincity.lib import clock

HX = {"HTTP_HX_REQUEST": "true"}
TOKEN = re.compile(r"(?:意见|原因|进展|附件)\d{3}")
MORE = re.compile(r'hx-get="([^"]*\?before=[^"]+)"')


def url(item) -> str:
    return reverse("commitments:item_detail", args=[item.pk])


def later(minutes: int) -> dt.datetime:
    """A time after the item's creation (its first timeline entry)."""
    return clock.now() + dt.timedelta(days=1, minutes=minutes)


def comments(world, item, n: int, first: int = 0) -> None:
    author = world.users["office"]
    for i in range(first, first + n):
        Comment.objects.create(item=item, author=author, text=f"意见{i:03d}", at=later(i))


def every_kind_at_once(world, item, n: int) -> None:
    """n entries of each kind, all at the same minute: the order falls to kind and pk."""
    office, cq = world.users["office"], world.users["cq_liaison"]
    at = later(0)
    for i in range(n):
        Transition.objects.create(
            item=item,
            actor=office,
            action="assign",
            from_state="draft",
            to_state="assigned",
            reason=f"原因{i:03d}",
            at=at,
        )
        item.reports.create(
            party=world.cq,
            unit=world.cq_unit,
            progress_text=f"进展{i:03d}",
            percent=10,
            submitted_by=cq,
            submitted_at=at,
        )
        Comment.objects.create(item=item, author=office, text=f"意见{i:03d}", at=at)
        item.attachments.create(
            name=f"附件{i:03d}.pdf",
            size=1,
            sha256="0",
            uploaded_by=cq,
            file="f.pdf",
            uploaded_at=at,
        )


def timeline_of(html: str) -> str:
    """The page's timeline section (a fragment is all timeline)."""
    if 'id="item-timeline"' not in html:
        return html
    start = html.index('id="item-timeline"')
    return html[start : html.index("</section>", start)]


def test_the_page_shows_the_latest_entries_and_the_button(world, as_user, new_item):
    item = new_item()
    comments(world, item, 30)
    html = timeline_of(as_user("office").get(url(item)).content.decode())
    assert TOKEN.findall(html) == [f"意见{i:03d}" for i in range(10, 30)]
    assert "创建" not in html
    more = MORE.search(html)
    assert more and "加载更早记录" in html
    assert f'href="{more.group(1)}#item-timeline"' in html  # a link: focusable, works without JS


def test_the_button_loads_the_entries_before_it(world, as_user, new_item):
    item = new_item()
    comments(world, item, 30)
    client = as_user("office")
    more = MORE.search(client.get(url(item)).content.decode())
    response = client.get(more.group(1), **HX)
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert "<html" not in html and 'id="item-timeline"' not in html
    assert TOKEN.findall(html) == [f"意见{i:03d}" for i in range(10)]
    assert "创建" in html and not MORE.search(html)  # the first entry: nothing before it
    first = re.search(r"<li [^>]*>", html).group(0)
    assert 'data-kind="transition"' in first and "autofocus" in first and 'tabindex="-1"' in first


def test_paging_walks_every_entry_once_even_at_the_same_time(world, as_user, new_item):
    item = new_item()
    every_kind_at_once(world, item, 12)  # 48 entries within one minute, plus the creation
    client = as_user("office")
    html = client.get(url(item)).content.decode()
    pages = [TOKEN.findall(timeline_of(html))]
    while more := MORE.search(html):
        html = client.get(more.group(1), **HX).content.decode()
        pages.insert(0, TOKEN.findall(html))
    assert [len(p) for p in pages] == [8, 20, 20]  # the creation is on the first page too
    # at one time: uploads, then transitions, reports, comments, each by pk
    expected = [f"{kind}{i:03d}" for kind in ("附件", "原因", "进展", "意见") for i in range(12)]
    assert [token for page in pages for token in page] == expected


def test_without_htmx_the_cursor_pages_the_whole_page(world, as_user, new_item):
    item = new_item()
    comments(world, item, 30)
    client = as_user("office")
    more = MORE.search(client.get(url(item)).content.decode())
    html = client.get(more.group(1)).content.decode()
    assert "<html" in html and 'id="item-actions"' in html
    assert TOKEN.findall(timeline_of(html)) == [f"意见{i:03d}" for i in range(10)]
    assert f'href="{url(item)}#item-timeline"' in html and "返回最新记录" in html


@pytest.mark.parametrize(
    "cursor", ["x", "1-9-1", "1-1", "999999999999999999-1-1", "1-1-9999999999999999999"]
)
def test_a_malformed_cursor_is_404(as_user, new_item, cursor):
    item = new_item()
    assert as_user("office").get(url(item), {"before": cursor}, **HX).status_code == 404
    assert as_user("office").get(url(item), {"before": cursor}).status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "sysadmin", "auditor"])
def test_those_who_cannot_see_the_item_get_404(world, as_user, new_item, persona):
    item = new_item()
    comments(world, item, 30)
    more = MORE.search(as_user("office").get(url(item)).content.decode())
    assert as_user(persona).get(more.group(1), **HX).status_code == 404


def test_older_reports_keep_their_buttons(world, as_user, new_item):
    item = new_item()
    workflow.assign(world.users["office"], item)
    report = item.reports.create(
        party=world.cq,
        unit=world.cq_unit,
        progress_text="进展000",
        percent=30,
        submitted_by=world.users["cq_liaison"],
        submitted_at=later(0),
        status=ReportStatus.APPROVED,
        approved_by=world.users["cq_head"],
    )
    comments(world, item, TIMELINE_PAGE, first=1)
    client = as_user("office")
    page = client.get(url(item)).content.decode()
    accept = reverse("commitments:report_action", args=[report.pk, "accept"])
    assert accept not in page
    older = client.get(MORE.search(page).group(1), **HX).content.decode()
    assert accept in older and 'data-report-action="accept"' in older
    assert reverse("commitments:report_detail", args=[report.pk]) in older


@pytest.mark.parametrize("persona", ["office", "cq_head"])
def test_older_entries_cost_the_same_queries_however_many(
    world, as_user, new_item, persona, django_assert_num_queries
):
    small, big = new_item(), new_item(code="10-02")
    every_kind_at_once(world, small, 12)  # the second page holds every kind at both sizes
    every_kind_at_once(world, big, 40)
    client = as_user(persona)
    cursors = [MORE.search(client.get(url(i)).content.decode()).group(1) for i in (small, big)]
    client.get(cursors[0], **HX)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(cursors[0], **HX).status_code == 200
    assert len(ctx.captured_queries) < 15
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert client.get(cursors[1], **HX).status_code == 200
