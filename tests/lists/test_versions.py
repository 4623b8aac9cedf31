"""List versions: snapshot, compare, and the pages that create and compare them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ADMINS, BUSINESS
from twincity.audit.models import AuditEvent
from twincity.commitments.models import ItemSide, ItemState, ListVersion
from twincity.commitments.versions import compare, snapshot_version

COMPARE = reverse("commitments:list_compare")


@pytest.fixture
def listed(world):
    item_list = f.make_list(name="2025年共建重大项目")
    items = {
        code: world.item(
            list=item_list, code=code, title=f"项目{code}", deadline=dt.date(2025, 12, 31)
        )
        for code in ("P-01", "P-02", "P-03")
    }
    return item_list, items


def test_snapshot_freezes_every_item(world, listed):
    item_list, items = listed
    items["P-01"].working_group = world.group
    items["P-01"].is_major = True
    items["P-01"].save()
    version = snapshot_version(world.users["office"], item_list, "年初名单")
    assert version.number == 1 and version.note == "年初名单"
    entries = {e.code: e.data for e in version.entries.all()}
    assert set(entries) == {"P-01", "P-02", "P-03"}
    assert entries["P-01"] == {
        "title": "项目P-01",
        "area": "",
        "working_group": "规划政策专项组",
        "deadline": "2025-12-31",
        "state": "draft",
        "is_major": True,
        "result_form": "",
        "lead:cq": "重庆市发展改革委",
        "lead:sc": "四川省发展改革委",
    }
    event = AuditEvent.objects.get(action="list.version")
    assert event.after["entries"] == 3 and event.after["number"] == 1
    assert snapshot_version(world.users["office"], item_list, "调整").number == 2


def test_only_the_office_may_snapshot(world, listed):
    with pytest.raises(PermissionDenied):
        snapshot_version(world.users["leader"], listed[0], "x")
    assert not ListVersion.objects.exists()


def adjust(world, items) -> None:
    """The mid-year adjustment: one changed, one removed, one added."""
    one = items["P-01"]
    one.title, one.deadline, one.state = (
        "项目P-01（调整）",
        dt.date(2026, 6, 30),
        ItemState.ASSIGNED,
    )
    one.save()
    ItemSide.objects.filter(item=one, party=world.sc).update(lead_unit=world.other_unit)
    items["P-02"].delete()
    world.item(list=one.list, code="P-04", title="新增项目")


def test_compare_finds_added_removed_and_changed(world, listed):
    item_list, items = listed
    office = world.users["office"]
    v1 = snapshot_version(office, item_list, "年初")
    adjust(world, items)
    v2 = snapshot_version(office, item_list, "优化调整")
    result = compare(v1, v2)
    assert list(result.added) == ["P-04"] and result.added["P-04"]["title"] == "新增项目"
    assert list(result.removed) == ["P-02"]
    assert result.changed == [
        (
            "P-01",
            {
                "title": ("项目P-01", "项目P-01（调整）"),
                "deadline": ("2025-12-31", "2026-06-30"),
                "state": ("draft", "assigned"),
                "lead:sc": ("四川省发展改革委", "重庆市其他局"),
            },
        )
    ]
    backwards = compare(v2, v1)
    assert list(backwards.added) == ["P-02"] and list(backwards.removed) == ["P-04"]
    assert compare(v1, v1).is_empty


# --- the pages ---------------------------------------------------------------------------------


def create_url(item_list) -> str:
    return reverse("commitments:list_version_create", args=[item_list.pk])


def test_office_creates_a_version_with_an_approving_meeting(as_user, listed):
    item_list, _ = listed
    meeting = f.make_meeting(11)
    response = as_user("office").post(
        create_url(item_list), {"note": "调度会审定", "meeting": meeting.pk}
    )
    assert response.status_code == 302
    version = ListVersion.objects.get()
    assert version.approved_at_meeting == meeting and version.entries.count() == 3


def test_a_version_needs_a_note(as_user, listed):
    response = as_user("office").post(create_url(listed[0]), {"note": " "})
    assert response.status_code == 200
    assert "请填写“调整说明”。" in response.content.decode()
    assert not ListVersion.objects.exists()


@pytest.mark.parametrize("persona", BUSINESS)
def test_only_the_office_may_create_versions(as_user, listed, persona):
    response = as_user(persona).post(create_url(listed[0]), {"note": "x"})
    assert response.status_code == (302 if persona == "office" else 403)
    assert ListVersion.objects.exists() == (persona == "office")


@pytest.mark.parametrize("persona", ADMINS)
def test_administrators_get_404_on_versions(as_user, world, listed, persona):
    v1 = snapshot_version(world.users["office"], listed[0], "a")
    assert as_user(persona).get(create_url(listed[0])).status_code == 404
    assert as_user(persona).get(COMPARE, {"a": v1.pk, "b": v1.pk}).status_code == 404


def test_anonymous_is_sent_to_login(client, listed):
    assert client.get(COMPARE, {"a": 1, "b": 2}).status_code == 302
    assert client.post(create_url(listed[0]), {"note": "x"}).status_code == 302


def test_compare_page_highlights_old_and_new_values(as_user, world, listed):
    item_list, items = listed
    office = world.users["office"]
    v1 = snapshot_version(office, item_list, "年初")
    adjust(world, items)
    v2 = snapshot_version(office, item_list, "优化调整")
    page = as_user("leader").get(COMPARE, {"a": v1.pk, "b": v2.pk}).content.decode()
    added = page.split('id="added"')[1].split("</section>")[0]
    removed = page.split('id="removed"')[1].split("</section>")[0]
    changed = page.split('id="changed"')[1].split("</section>")[0]
    assert "P-04" in added and "新增项目" in added
    assert "P-02" in removed and "P-03" not in page
    assert '<td class="bg-danger-subtle tc-old"><del>2025-12-31</del>' in changed
    assert '<td class="bg-success-subtle tc-new"><ins>2026-06-30</ins>' in changed
    assert "牵头单位（川）" in changed and "<ins>重庆市其他局</ins>" in changed
    assert "<del>草稿</del>" in changed and "<ins>已交办</ins>" in changed


def test_a_liaison_compares_only_the_items_they_can_see(as_user, world, listed):
    item_list, items = listed
    office = world.users["office"]
    v1 = snapshot_version(office, item_list, "年初")
    for item in items.values():
        item.title += "（改）"
        item.save()
    ItemSide.objects.filter(item=items["P-03"]).update(lead_unit=world.other_unit)
    v2 = snapshot_version(office, item_list, "调整")
    page = as_user("outsider").get(COMPARE, {"a": v1.pk, "b": v2.pk}).content.decode()
    assert "P-03" in page
    assert "P-01" not in page and "P-02" not in page


def test_versions_of_different_lists_cannot_be_compared(as_user, world, listed):
    office = world.users["office"]
    v1 = snapshot_version(office, listed[0], "a")
    v2 = snapshot_version(office, f.make_list(), "b")
    response = as_user("office").get(COMPARE, {"a": v1.pk, "b": v2.pk})
    assert response.status_code == 400
    assert "只能比较同一清单的两个版本" in response.content.decode()


def test_compare_needs_both_versions(as_user, world, listed):
    response = as_user("office").get(COMPARE, {"a": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "新版本：请填写“新版本”。" in page and "原版本：" in page
    assert as_user("office").get(COMPARE, {"a": 999, "b": 998}).status_code == 404
