"""The portal's home: key figures with charts, public lists and the latest results."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.portal.conftest import assert_no_secrets

URL = reverse("portal:home")


def test_anonymous_sees_public_records_only(portal):
    response = Client().get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ["公开清单甲", "公开清单丁", "公开成果甲", "公开指标甲", "public-lights"]:
        assert shown in html, shown
    assert_no_secrets(html, URL)


def test_counts_are_of_public_records(portal):
    counts = Client().get(URL).context["counts"]
    assert (counts.lists, counts.items, counts.results, counts.meetings) == (2, 3, 2, 1)


def test_lights_chart_counts_public_items(portal):
    chart = Client().get(URL).context["lights"]
    assert sorted(chart.categories) == ["公开清单丁", "公开清单甲"]
    totals = {s.name: sum(s.values) for s in chart.series}
    assert totals["红灯"] == 1 and totals["绿灯"] == 1 and totals["不亮灯"] == 1


def test_key_figures_are_public_indicators(portal):
    key = Client().get(URL).context["key_figures"]
    assert [k.indicator.code for k in key] == ["pub-gdp"]
    assert str(key[0].latest.value) == "86000.5000"


def test_signed_in_users_see_the_same_portal(portal, as_user):
    response = as_user("office").get(URL)
    assert response.status_code == 200
    assert "公开清单甲" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_cache_headers(portal):
    response = Client().get(URL)
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Cookie" in response["Vary"]


def test_no_internal_links(portal):
    html = Client().get(URL).content.decode()
    for internal in ['href="/"', 'href="/items/', 'href="/meetings/', "/accounts/"]:
        assert internal not in html, internal


def test_post_is_refused(portal):
    assert Client().post(URL).status_code == 405
