"""The meetings index: by series and year, filtered, in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factory as f
from tests.meetings.conftest import ADMINS, READERS
from twincity.meetings.models import DatePrecision, MeetingStatus, Numbering

URL = reverse("meetings:index")


@pytest.fixture
def two_series(world):
    joint = f.make_series("joint", "党政联席会议")
    office = f.make_series("dispatch", "联合办公室主任调度会议")
    office.numbering, office.order = Numbering.YEARLY, 2
    office.save()
    f.make_meeting(
        2,
        series=joint,
        date=dt.date(2020, 12, 1),
        date_precision=DatePrecision.MONTH,
        place="视频会议",
    )
    tenth = f.make_meeting(
        10,
        series=joint,
        date=dt.date(2024, 12, 30),
        host_party=world.cq,
        theme="五周年总结",
        status=MeetingStatus.CLOSED,
    )
    f.make_decision(tenth, 1)
    f.make_decision(tenth, 2)
    f.make_meeting(3, series=office, date=dt.date(2023, 9, 5), place="成都")
    return joint, office


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_the_index(as_user, two_series, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert "第十次" in response.content.decode()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, two_series, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_goes_to_login(client, two_series):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_rows_show_number_date_place_host_theme_status_and_decision_count(as_user, two_series):
    html = as_user("office").get(URL).content.decode()
    assert "2023年第三次" in html  # numbered within the year
    assert "2020年12月" in html and "2020年12月1日" not in html  # month precision
    assert "2024年12月30日" in html
    assert "视频会议" in html and "五周年总结" in html and "渝" in html
    assert "已结束" in html
    tenth = next(row for row in html.split("<tr>") if "第十次" in row)
    assert '<td class="text-end">2</td>' in tenth


def test_grouped_by_series_then_year(as_user, two_series):
    page = as_user("office").get(URL).content.decode()
    html = page[page.index('id="meeting-table"') :]
    assert html.index("党政联席会议") < html.index("2024年") < html.index("2020年")
    assert html.index("2020年") < html.index("联合办公室主任调度会议")


def test_filter_by_series(as_user, two_series):
    _joint, office = two_series
    html = as_user("cq_liaison").get(URL, {"series": office.pk}).content.decode()
    assert "2023年第三次" in html
    assert "第十次" not in html


def test_filter_by_year(as_user, two_series):
    html = as_user("leader").get(URL, {"year": 2020}).content.decode()
    assert "第二次" in html
    assert "第十次" not in html and "第三次" not in html


def test_filter_by_status(as_user, two_series):
    html = as_user("office").get(URL, {"status": "closed"}).content.decode()
    assert "第十次" in html
    assert "第二次" not in html


def test_a_bad_filter_value_is_named_and_ignored(as_user, two_series):
    response = as_user("office").get(URL, {"year": "abc", "status": "closed"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "年度：" in html
    assert "第十次" in html and "第二次" not in html  # the valid filter still applies


def test_htmx_request_gets_only_the_table(as_user, two_series):
    response = as_user("office").get(URL, {"year": 2024}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "第十次" in html
    assert "<html" not in html and "<form" not in html


def _count_queries(client) -> int:
    client.get(URL)  # the first request of a session also writes the session's last-seen time
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(as_user, world, django_assert_num_queries):
    client = as_user("office")
    series = f.make_series()
    for n in range(1, 6):
        f.make_decision(f.make_meeting(n, series=series, host_party=world.cq), 1)
    count = _count_queries(client)
    other = f.make_series("dispatch", "调度会议")
    for n in range(6, 51):
        meeting = f.make_meeting(
            n,
            series=series if n % 2 else other,
            host_party=world.sc,
            date=dt.date(2000 + n % 20, 6, 1),
        )
        f.make_decision(meeting, 1)
    with django_assert_num_queries(count):
        client.get(URL)
