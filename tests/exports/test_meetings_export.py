"""Exporting the meetings index and a meeting's decisions to Excel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factory as f
from tests.exports.conftest import (
    ADMINS,
    BUSINESS,
    CLEANED,
    CONTROL,
    FORMULAS,
    cells,
    column,
    export_queries,
    header,
    rows,
    sheet,
    xlsx,
)
from twincity.meetings.models import MeetingStatus, Numbering

URL = reverse("meetings:index")


@pytest.fixture
def meetings(world):
    joint = f.make_series("joint", "党政联席会议")
    office = f.make_series("dispatch", "联合办公室主任调度会议")
    office.numbering, office.order = Numbering.YEARLY, 2
    office.save()
    tenth = f.make_meeting(
        10, series=joint, host_party=world.cq, theme="=五周年总结", status=MeetingStatus.CLOSED
    )
    f.make_decision(tenth, 1)
    f.make_decision(tenth, 2)
    f.make_meeting(2, series=joint, date=dt.date(2020, 12, 1), place=CONTROL)
    f.make_meeting(3, series=office, date=dt.date(2023, 9, 5), place="成都")
    return joint, office, tenth


def page_titles(response) -> list[str]:
    return [m.title_number for m in response.context["page"]]


@pytest.mark.parametrize("persona", BUSINESS)
def test_business_users_export_what_the_page_lists(as_user, meetings, persona):
    client = as_user(persona)
    ws = sheet(client.get(xlsx(URL)))
    shown = [f"{t}会议" for t in page_titles(client.get(URL))]
    assert column(ws, "会议") == shown == ["第十次会议", "第二次会议", "2023年第三次会议"]


def test_columns_and_one_row(as_user, meetings):
    ws = sheet(as_user("office").get(xlsx(URL)))
    assert header(ws) == [
        "会议系列",
        "会议",
        "次序",
        "日期",
        "地点",
        "轮值主办方",
        "主题",
        "状态",
        "议定事项",
    ]
    assert rows(ws)[0] == [
        "党政联席会议",
        "第十次会议",
        10,
        "2024年12月30日",
        "重庆",
        "渝",
        "=五周年总结",
        "已结束",
        2,
    ]


def test_the_filter_applies(as_user, meetings):
    _joint, office, _tenth = meetings
    client = as_user("leader")
    url = f"{URL}?series={office.pk}&page=1"
    ws = sheet(client.get(xlsx(url)))
    assert column(ws, "会议") == [f"{t}会议" for t in page_titles(client.get(url))]
    assert column(ws, "会议") == ["2023年第三次会议"]
    status = sheet(client.get(xlsx(f"{URL}?status=closed")))
    assert column(status, "会议") == ["第十次会议"]


def test_a_bad_filter_value_is_ignored_as_on_the_page(as_user, meetings):
    ws = sheet(as_user("office").get(xlsx(f"{URL}?year=abc&status=closed")))
    assert column(ws, "会议") == ["第十次会议"]


def test_all_rows_not_only_the_first_page(as_user, world):
    series = f.make_series()
    for n in range(1, 36):
        f.make_meeting(n, series=series)
    client = as_user("office")
    assert len(client.get(URL).context["page"]) == 30
    assert len(rows(sheet(client.get(xlsx(URL))))) == 35


def test_user_text_stays_text(as_user, meetings):
    ws = sheet(as_user("office").get(xlsx(URL)))
    theme = cells(ws, "主题")[0]
    assert theme.value == "=五周年总结" and theme.data_type == "s"
    assert CLEANED in column(ws, "地点")
    assert all(c.data_type == "n" for c in cells(ws, "议定事项") + cells(ws, "次序"))


@pytest.mark.parametrize("text", FORMULAS)
def test_each_formula_prefix_comes_back_as_text(as_user, world, text):
    f.make_meeting(1, theme=text)
    cell = cells(sheet(as_user("office").get(xlsx(URL))), "主题")[0]
    assert (cell.value, cell.data_type) == (text, "s")


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, meetings, persona):
    assert as_user(persona).get(xlsx(URL)).status_code == 404


def test_anonymous_goes_to_login(client, meetings):
    assert client.get(xlsx(URL)).status_code == 302


def test_the_page_links_to_the_export_with_its_filter(as_user, meetings):
    _joint, office, _tenth = meetings
    html = as_user("office").get(URL, {"series": office.pk, "page": 1}).content.decode()
    assert f'href="?series={office.pk}&amp;format=xlsx"' in html
    assert 'href="?format=xlsx"' in as_user("office").get(URL).content.decode()


def test_the_htmx_fragment_refreshes_the_link(as_user, meetings):
    _joint, office, _tenth = meetings
    response = as_user("office").get(URL, {"series": office.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="export-xlsx"' in html and 'hx-swap-oob="true"' in html
    assert f"?series={office.pk}&amp;format=xlsx" in html


def test_queries_do_not_grow_with_rows(as_user, world):
    client = as_user("office")
    series = f.make_series()
    for n in range(1, 6):
        f.make_decision(f.make_meeting(n, series=series, host_party=world.cq), 1)
    export_queries(client, xlsx(URL))
    few = export_queries(client, xlsx(URL))
    for n in range(6, 51):
        f.make_decision(f.make_meeting(n, series=series, host_party=world.sc), 1)
    assert export_queries(client, xlsx(URL)) == few


# --- a meeting's decisions ---------------------------------------------------------------------


def detail(meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def test_decisions_export_one_row_per_decision_and_item(as_user, world, meetings):
    tenth = meetings[2]
    first = tenth.decisions.get(number=1)
    first.text = "+联合推进"
    first.save()
    item = world.item(title="@共建项目")
    item.source_decision = first
    item.save()
    ws = sheet(as_user("cq_liaison").get(xlsx(detail(tenth))))
    assert header(ws)[:5] == ["编号", "议定事项", "内容", "事项编号", "事项名称"]
    assert column(ws, "编号") == ["10-01", "10-02"]
    assert column(ws, "事项编号") == [item.code, None]
    assert column(ws, "事项名称")[0] == "@共建项目"
    assert cells(ws, "内容")[0].data_type == "s" and column(ws, "内容")[0] == "+联合推进"
    assert cells(ws, "完成时限")[0].is_date


def test_decisions_export_hides_items_the_user_may_not_see(as_user, world, meetings):
    tenth = meetings[2]
    item = world.item()
    item.source_decision = tenth.decisions.get(number=1)
    item.save()
    ws = sheet(as_user("outsider").get(xlsx(detail(tenth))))
    assert column(ws, "事项编号") == [None, None]


@pytest.mark.parametrize("persona", ADMINS)
def test_decisions_export_administrators_get_404(as_user, meetings, persona):
    assert as_user(persona).get(xlsx(detail(meetings[2]))).status_code == 404


def test_decisions_export_queries_do_not_grow(as_user, world, meetings):
    tenth = meetings[2]
    item = world.item()
    item.source_decision = tenth.decisions.get(number=1)
    item.save()
    client = as_user("office")
    export_queries(client, xlsx(detail(tenth)))
    few = export_queries(client, xlsx(detail(tenth)))
    for n in range(3, 20):
        decision = f.make_decision(tenth, n)
        item = world.item()
        item.source_decision = decision
        item.save()
    assert export_queries(client, xlsx(detail(tenth))) == few
