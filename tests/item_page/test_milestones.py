"""The office adds milestones to an item and marks them done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.item_page.conftest import audit_count, messages_of
from twincity.commitments import workflow
from twincity.commitments.models import Milestone
from twincity.lib import clock


def add_url(item) -> str:
    return reverse("commitments:milestone_add", args=[item.pk])


def done_url(milestone) -> str:
    return reverse("commitments:milestone_done", args=[milestone.pk])


def test_office_adds_a_milestone(as_user, new_item):
    item = new_item()
    response = as_user("office").post(add_url(item), {"title": "完成可研批复", "due": "2025-09-30"})
    assert response["Location"] == reverse("commitments:item_detail", args=[item.pk])
    row = Milestone.objects.get()
    assert (row.item, row.title, row.due) == (item, "完成可研批复", dt.date(2025, 9, 30))
    assert audit_count("milestone.create", row) == 1


def test_bad_milestone_names_the_field(as_user, new_item):
    response = as_user("office").post(
        add_url(new_item()), {"title": "", "due": "明天"}, follow=True
    )
    shown = messages_of(response)
    assert "节点：请填写节点名称。" in shown and "计划时间：计划时间格式不正确。" in shown
    assert not Milestone.objects.exists()


def test_office_marks_done(as_user, new_item):
    row = Milestone.objects.create(item=new_item(), title="开工", due=clock.today())
    as_user("office").post(done_url(row))
    row.refresh_from_db()
    assert row.done_at == clock.today()
    assert audit_count("milestone.done", row) == 1


def test_done_twice_is_refused(as_user, new_item):
    row = Milestone.objects.create(
        item=new_item(), title="开工", due=clock.today(), done_at=clock.today() - dt.timedelta(3)
    )
    response = as_user("office").post(done_url(row), follow=True)
    assert "该节点已完成。" in messages_of(response)
    row.refresh_from_db()
    assert row.done_at == clock.today() - dt.timedelta(3)


@pytest.mark.parametrize("persona", ["cq_liaison", "cq_head", "leader"])
def test_others_are_refused(as_user, new_item, persona):
    item = new_item()
    row = Milestone.objects.create(item=item, title="开工", due=clock.today())
    client = as_user(persona)
    assert client.post(add_url(item), {"title": "x", "due": "2025-01-01"}).status_code == 403
    assert client.post(done_url(row)).status_code == 403
    row.refresh_from_db()
    assert row.done_at is None and Milestone.objects.count() == 1


def test_outsider_gets_404(as_user, new_item):
    item = new_item()
    row = Milestone.objects.create(item=item, title="开工", due=clock.today())
    assert (
        as_user("outsider").post(add_url(item), {"title": "x", "due": "2025-01-01"}).status_code
        == 404
    )
    assert as_user("outsider").post(done_url(row)).status_code == 404


def test_final_item_milestones_are_locked(world, as_user, new_item):
    item = new_item()
    row = Milestone.objects.create(item=item, title="开工", due=clock.today())
    workflow.cancel(world.users["office"], item, "撤销")
    client = as_user("office")
    response = client.post(add_url(item), {"title": "x", "due": "2025-01-01"}, follow=True)
    assert "已销号或已撤销的事项不能修改节点。" in messages_of(response)
    client.post(done_url(row))
    row.refresh_from_db()
    assert row.done_at is None and Milestone.objects.count() == 1


def test_page_shows_milestone_forms_only_to_office(as_user, new_item):
    item = new_item()
    page = reverse("commitments:item_detail", args=[item.pk])
    assert add_url(item) in as_user("office").get(page).content.decode()
    assert add_url(item) not in as_user("cq_liaison").get(page).content.decode()
