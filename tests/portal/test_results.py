"""Public results and a result's page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.portal.conftest import assert_no_secrets


def test_results_page(portal):
    html = Client().get(reverse("portal:results")).content.decode()
    assert "公开成果甲" in html and "公开成果丙" in html
    assert_no_secrets(html)


def test_result_detail_shows_public_fields_and_items_only(portal):
    response = Client().get(reverse("portal:result", args=[portal.result.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ["公开成果甲", "公开成果说明", "36,000", "PUB-001", "重庆市", "第十次"]:
        assert shown in html, shown
    assert_no_secrets(html)  # PRIV-A is linked to the result but is not public


def test_meeting_not_closed_is_not_named(portal):
    other = portal.open_meeting.results.get()
    html = Client().get(reverse("portal:result", args=[other.pk])).content.decode()
    assert "公开成果丙" in html
    assert "发布会议" not in html


def test_private_result_is_404(portal):
    url = reverse("portal:result", args=[portal.private_result.pk])
    assert Client().get(url).status_code == 404
