"""One meeting: attendees, documents, decisions with the items they created, lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factory as f
from tests.meetings.conftest import ADMINS, READERS, close
from twincity.commitments.models import ItemState


def url(meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_the_meeting(as_user, meeting, persona):
    response = as_user(persona).get(url(meeting))
    assert response.status_code == 200
    assert "第十次" in response.content.decode()


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404(as_user, meeting, persona):
    assert as_user(persona).get(url(meeting)).status_code == 404


def test_anonymous_goes_to_login(client, meeting):
    response = client.get(url(meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_meeting_is_404(as_user, meeting):
    missing = reverse("meetings:detail", args=[meeting.pk + 99])
    assert as_user("office").get(missing).status_code == 404


def test_shows_attendees_documents_and_numbered_decisions(as_user, meeting):
    html = as_user("cq_head").get(url(meeting)).content.decode()
    assert "张三" in html and "重庆市委书记" in html
    assert "《成渝地区双城经济圈便捷生活行动方案》" in html and "渝府办发〔2024〕1号" in html
    assert "10-03" in html and "共建重大项目" in html
    assert "2024年12月30日" in html


def test_decisions_show_their_items_states_and_lead_units(as_user, world, meeting):
    decision = meeting.decisions.get()
    item = world.item(
        source_decision=decision, state=ItemState.IN_PROGRESS, title="共建川渝高竹新区"
    )
    html = as_user("leader").get(url(meeting)).content.decode()
    assert "共建川渝高竹新区" in html
    assert reverse("commitments:item_detail", args=[item.pk]) in html
    assert 'text-bg-primary">推进中' in html
    assert "渝：重庆市发展改革委" in html and "川：四川省发展改革委" in html


def test_a_liaison_sees_only_the_items_it_may_see(as_user, world, meeting):
    decision = meeting.decisions.get()
    world.item(source_decision=decision, title="本单位牵头事项")
    f.make_item(leads={world.cq: world.other_unit}, source_decision=decision, title="他单位事项")
    html = as_user("sc_liaison").get(url(meeting)).content.decode()
    assert "本单位牵头事项" in html
    assert "他单位事项" not in html


def test_shows_the_lists_the_meeting_approved(as_user, meeting):
    item_list = f.make_list(name="2025年共建重大项目名单", source_meeting=meeting)
    html = as_user("wg_lead").get(url(meeting)).content.decode()
    assert "2025年共建重大项目名单" in html
    assert reverse("commitments:list_detail", args=[item_list.pk]) in html


def test_office_gets_the_create_item_link_and_the_forms(as_user, meeting):
    decision = meeting.decisions.get()
    html = as_user("office").get(url(meeting)).content.decode()
    assert f"{reverse('commitments:item_create')}?decision={decision.pk}" in html
    assert "从该议定事项创建事项" in html
    assert reverse("meetings:edit", args=[meeting.pk]) in html
    assert reverse("meetings:advance", args=[meeting.pk]) in html
    assert reverse("meetings:decision_add", args=[meeting.pk]) in html


def test_others_get_no_office_controls(as_user, meeting):
    html = as_user("cq_liaison").get(url(meeting)).content.decode()
    assert "从该议定事项创建事项" not in html
    assert reverse("meetings:edit", args=[meeting.pk]) not in html
    assert reverse("meetings:advance", args=[meeting.pk]) not in html


def test_a_closed_meeting_shows_no_edit_controls(as_user, meeting):
    close(meeting)
    html = as_user("office").get(url(meeting)).content.decode()
    assert "会议已结束，内容已锁定" in html
    assert reverse("meetings:edit", args=[meeting.pk]) not in html
    assert reverse("meetings:decision_add", args=[meeting.pk]) not in html
    assert "从该议定事项创建事项" in html  # items may still be created from its decisions


def _fill(world, meeting, start: int, stop: int) -> None:
    for n in range(start, stop):
        decision = f.make_decision(meeting, n + 10)
        world.item(source_decision=decision)
        meeting.attendees.create(name=f"出席人{n}", party=world.sc)
        meeting.documents.create(title=f"文件{n}")
        f.make_list(source_meeting=meeting)


@pytest.mark.parametrize("persona", ["office", "cq_liaison"])
def test_query_count_does_not_grow_with_rows(
    as_user, world, meeting, persona, django_assert_num_queries
):
    client = as_user(persona)
    _fill(world, meeting, 0, 5)
    client.get(url(meeting))  # the first request of a session also writes its last-seen time
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(meeting)).status_code == 200
    _fill(world, meeting, 5, 50)
    with django_assert_num_queries(len(ctx.captured_queries)):
        html = client.get(url(meeting)).content.decode()
    assert "10-59" in html
