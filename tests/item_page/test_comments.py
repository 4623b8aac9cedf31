"""Comments on an item; a leader's comment is an instruction (批示)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.item_page.conftest import audit_count, messages_of
from twincity.commitments.models import Comment


def url(item) -> str:
    return reverse("commitments:item_comment", args=[item.pk])


@pytest.mark.parametrize("persona", ["office", "cq_liaison", "sc_head", "wg_lead"])
def test_anyone_who_sees_the_item_may_comment(world, as_user, new_item, persona):
    item = new_item(working_group=world.group)
    response = as_user(persona).post(url(item), {"text": "请加快推进"})
    assert response["Location"] == reverse("commitments:item_detail", args=[item.pk])
    row = Comment.objects.get()
    assert (row.author, row.text, row.is_instruction) == (world.users[persona], "请加快推进", False)
    assert audit_count("comment.create", row) == 1


def test_leaders_comment_is_an_instruction(world, as_user, new_item):
    item = new_item()
    client = as_user("leader")
    client.post(url(item), {"text": "要确保年底前完成"})
    assert Comment.objects.get().is_instruction
    page = client.get(reverse("commitments:item_detail", args=[item.pk])).content.decode()
    timeline = page[page.index('id="item-timeline"') :]
    assert "领导批示" in timeline and "要确保年底前完成" in timeline


@pytest.mark.parametrize("persona", ["outsider", "sysadmin", "auditor"])
def test_those_who_cannot_see_get_404(as_user, new_item, persona):
    assert as_user(persona).post(url(new_item()), {"text": "x"}).status_code == 404
    assert not Comment.objects.exists()


def test_empty_comment_is_refused(as_user, new_item):
    response = as_user("office").post(url(new_item()), {"text": "  "}, follow=True)
    assert "内容：请填写评论内容。" in messages_of(response)
    assert not Comment.objects.exists()


def test_anonymous_goes_to_login(client, new_item):
    assert "login" in client.post(url(new_item()), {"text": "x"})["Location"]
    assert not Comment.objects.exists()
