"""Meetings' public outcomes."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.portal.conftest import assert_no_secrets


def test_meetings_page_lists_closed_meetings_with_public_outcomes(portal):
    response = Client().get(reverse("portal:meetings"))
    assert [m.pk for m in response.context["meetings"]] == [portal.meeting.pk]
    assert_no_secrets(response.content.decode())


def test_meeting_outcome(portal):
    html = Client().get(reverse("portal:meeting", args=[portal.meeting.pk])).content.decode()
    shown_all = ["公开会议主题甲", "10-01", "公开议定事项甲", "PUB-001", "公开清单甲", "公开成果甲"]
    for shown in shown_all:
        assert shown in html, shown
    assert "10-02" not in html
    assert_no_secrets(html)


def test_unpublished_meetings_are_404(portal):
    for meeting in (portal.open_meeting, portal.private_meeting):
        assert Client().get(reverse("portal:meeting", args=[meeting.pk])).status_code == 404


def test_a_public_result_alone_publishes_its_closed_meeting(portal):
    portal.private_result.is_public = True
    portal.private_result.save()
    url = reverse("portal:meeting", args=[portal.private_meeting.pk])
    html = Client().get(url).content.decode()
    assert "内部成果乙" in html
    assert "内部清单乙" not in html  # the meeting's private list stays hidden
