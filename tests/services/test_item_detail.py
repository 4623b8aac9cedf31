"""One service item: its departments per side and the monthly volumes by side."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.services.conftest import ADMINS, READERS


def url(item) -> str:
    return reverse("services:item_detail", args=[item.pk])


@pytest.mark.parametrize("persona", READERS)
def test_business_users_read_an_item(as_user, catalogue, persona):
    response = as_user(persona).get(url(catalogue["hukou"]))
    assert response.status_code == 200
    assert "户口迁移（夫妻投靠）" in response.content.decode()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, catalogue, persona):
    assert as_user(persona).get(url(catalogue["hukou"])).status_code == 404


def test_anonymous_goes_to_login(client, catalogue):
    response = client.get(url(catalogue["hukou"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_item_is_404(as_user, catalogue):
    assert as_user("office").get(reverse("services:item_detail", args=[9999])).status_code == 404


def test_departments_on_each_side(as_user, catalogue):
    html = as_user("leader").get(url(catalogue["hukou"])).content.decode()
    table = html[html.index('id="tc-departments"') :]
    assert "重庆市" in table and "重庆市发展改革委" in table
    assert "四川省" in table and "四川省发展改革委" in table


def test_monthly_volumes_by_side_newest_first_with_totals(as_user, catalogue):
    html = as_user("leader").get(url(catalogue["hukou"])).content.decode()
    table = html[
        html.index('id="tc-volumes"') : html.index("</table>", html.index('id="tc-volumes"'))
    ]
    assert table.index("2025年3月") < table.index("2024年1月")
    march = table[table.index("2025年3月") :].split("</tr>")[0]
    assert '<td class="text-end">200</td><td class="text-end">—</td>' in march
    january = table[table.index("2024年1月") :].split("</tr>")[0]
    assert '<td class="text-end">100</td><td class="text-end">150</td>' in january
    assert '<td class="text-end">250</td>' in january
    footer = table[table.index("<tfoot>") :]
    assert "300" in footer and "150" in footer and "450" in footer


def test_item_without_volumes_says_so(as_user, catalogue):
    html = as_user("office").get(url(catalogue["licence"])).content.decode()
    assert "尚无办件量" in html
    assert 'id="tc-volumes"' not in html


def test_edit_links_only_for_the_office(as_user, catalogue):
    edit = reverse("services:item_edit", args=[catalogue["hukou"].pk])
    assert edit in as_user("office").get(url(catalogue["hukou"])).content.decode()
    assert edit not in as_user("cq_liaison").get(url(catalogue["hukou"])).content.decode()
