"""The services index: totals, search and filters, in a constant number of queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.queries import queries_for
from tests.services.conftest import ADMINS, READERS, make_batch, make_service
from twincity.services.models import CaseVolume, ServiceMode

URL = reverse("services:index")


def _total(html: str, table_id: str, label: str) -> str:
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    match = re.search(
        rf">{re.escape(label)}(?:<[^>]*>[^<]*)*?</th><td class=\"text-end\">([^<]+)</td>", table
    )
    assert match, f"{label} not in {table_id}"
    return match.group(1)


@pytest.mark.parametrize("persona", READERS)
def test_business_users_read_the_services(as_user, catalogue, persona):
    response = as_user(persona).get(URL)
    assert response.status_code == 200
    assert "户口迁移（夫妻投靠）" in response.content.decode()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, catalogue, persona):
    assert as_user(persona).get(URL).status_code == 404


def test_anonymous_goes_to_login(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_totals_by_batch_mode_category_side_and_year(as_user, catalogue):
    html = as_user("leader").get(URL).content.decode()
    assert "共 3 项通办事项" in html
    assert _total(html, "tc-by-batch", "第一批") == "2"
    assert _total(html, "tc-by-batch", "第二批") == "1"
    assert _total(html, "tc-by-mode", "全程网办") == "1"
    assert _total(html, "tc-by-mode", "异地代收代办") == "1"
    assert _total(html, "tc-by-mode", "多地联办") == "1"
    assert _total(html, "tc-by-category", "医疗保障") == "1"
    assert _total(html, "tc-by-side", "渝") == "300"
    assert _total(html, "tc-by-side", "川") == "5150"
    assert _total(html, "tc-by-year", "2024年") == "250"
    assert _total(html, "tc-by-year", "2025年") == "5200"
    assert "累计办件量 5450 件" in html


def test_each_row_shows_its_departments_and_volume_total(as_user, catalogue, world):
    html = as_user("office").get(URL).content.decode()
    row = next(r for r in html.split("<tr>") if "户口迁移（夫妻投靠）" in r)
    assert "渝：重庆市发展改革委" in row and "川：四川省发展改革委" in row
    assert '<td class="text-end">450</td>' in row
    licence = next(r for r in html.split("<tr>") if "营业执照异地办理" in r)
    assert '<td class="text-end">0</td>' in licence and "渝：" not in licence


@pytest.mark.parametrize("word", ["户口", "医保", "执照"])
def test_search_finds_two_character_chinese_words(as_user, catalogue, word):
    html = as_user("office").get(URL, {"q": word}).content.decode()
    assert "共 1 项通办事项" in html
    assert word in html[html.index('id="tc-service-items"') :]


def test_search_by_code(as_user, catalogue):
    html = as_user("office").get(URL, {"q": "TB2"}).content.decode()
    assert "共 1 项通办事项" in html and "营业执照异地办理" in html


def test_search_totals_follow_the_filter(as_user, catalogue):
    html = as_user("office").get(URL, {"q": "户口"}).content.decode()
    assert "累计办件量 450 件" in html
    assert "医保异地就医备案" not in html


def test_filter_by_batch_mode_category_and_party(as_user, catalogue, world):
    client = as_user("office")
    second = catalogue["batches"][1]
    by_batch = client.get(URL, {"batch": second.pk}).content.decode()
    assert "共 1 项通办事项" in by_batch and "营业执照异地办理" in by_batch
    by_mode = client.get(URL, {"mode": ServiceMode.PROXY}).content.decode()
    assert "共 1 项通办事项" in by_mode and "户口迁移（夫妻投靠）" in by_mode
    by_category = client.get(URL, {"category": "medical"}).content.decode()
    assert "共 1 项通办事项" in by_category and "医保异地就医备案" in by_category
    by_party = client.get(URL, {"party": world.cq.pk}).content.decode()
    assert "共 2 项通办事项" in by_party and "营业执照异地办理" not in by_party


def test_invalid_filter_is_reported_and_ignored(as_user, catalogue):
    html = as_user("office").get(URL, {"mode": "teleport"}).content.decode()
    assert "办理方式：" in html
    assert "共 3 项通办事项" in html


def test_office_sees_the_form_links_others_do_not(as_user, catalogue):
    assert reverse("services:volume_entry") in as_user("office").get(URL).content.decode()
    assert reverse("services:volume_entry") not in as_user("leader").get(URL).content.decode()


def _add_items(world, batch, count: int) -> None:
    for n in range(count):
        item = make_service(batch, world.leads(), name=f"批量服务{batch.number}-{n}")
        CaseVolume.objects.create(item=item, party=world.cq, year=2025, month=1, cases=n + 1)


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_constant_queries_at_5_and_50_items(as_user, world, persona, django_assert_num_queries):
    client = as_user(persona)
    _add_items(world, make_batch(9), 5)
    client.get(URL)
    at_five = queries_for(client, URL)
    _add_items(world, make_batch(10), 45)
    with django_assert_num_queries(at_five):
        response = client.get(URL)
    assert len(response.context["page"]) == 50
    assert response.context["totals"]["items"] == 50
