"""The office records a new meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factory as f
from tests.meetings.conftest import ADMINS, NOT_OFFICE, actions
from twincity.audit.models import AuditEvent
from twincity.meetings.models import DatePrecision, Meeting, MeetingStatus, Numbering

URL = reverse("meetings:create")


@pytest.fixture
def series(world):
    return f.make_series()


def post(client, series, **kw):
    data = {
        "series": series.pk,
        "number": 2,
        "year": "",
        "date": "2020年12月",
        "place": "视频会议",
        "host_party": "",
        "chair": "",
        "theme": "",
        "summary": "",
    } | kw
    return client.post(URL, data)


def test_office_sees_the_form(as_user, series):
    assert as_user("office").get(URL).status_code == 200


@pytest.mark.parametrize("persona", NOT_OFFICE + ADMINS)
def test_others_are_refused(as_user, series, persona):
    client = as_user(persona)
    assert client.get(URL).status_code == 403
    assert post(client, series).status_code == 403
    assert not Meeting.objects.exists()


def test_anonymous_goes_to_login(client, series):
    response = post(client, series)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Meeting.objects.exists()


def test_office_creates_a_draft_with_a_month_date(as_user, world, series):
    response = post(as_user("office"), series, host_party=world.cq.pk, chair="主持人甲")
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.status == MeetingStatus.DRAFT
    assert (meeting.date, meeting.date_precision) == (dt.date(2020, 12, 1), DatePrecision.MONTH)
    assert meeting.year == 2020 and meeting.date_display() == "2020年12月"
    event = AuditEvent.objects.get(action="meeting.create")
    assert event.target_id == str(meeting.pk) and event.actor == world.users["office"]
    assert event.after["place"] == "视频会议"


def test_a_full_date_has_day_precision(as_user, series):
    post(as_user("office"), series, date="2024年12月30日")
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.date_precision) == (dt.date(2024, 12, 30), DatePrecision.DAY)


def test_a_bad_date_is_named_and_nothing_written(as_user, series):
    response = post(as_user("office"), series, date="去年冬天")
    assert response.status_code == 200
    assert "日期：日期格式不正确" in response.content.decode()
    assert not Meeting.objects.exists() and actions() == []


def test_a_taken_number_is_refused(as_user, series):
    f.make_meeting(2, series=series, date=dt.date(2020, 12, 1))
    response = post(as_user("office"), series)
    assert "次序：" in response.content.decode() and "已有第二次会议" in response.content.decode()
    assert Meeting.objects.count() == 1 and actions() == []


def test_a_yearly_series_needs_a_year(as_user, series):
    series.numbering = Numbering.YEARLY
    series.save()
    response = post(as_user("office"), series, date="")
    assert "年度：按年编号的会议须填写年度或日期" in response.content.decode()
    assert not Meeting.objects.exists()
