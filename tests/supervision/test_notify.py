"""In-app notifications: idempotent creation, a unit's people, notices, pending work."""

from __future__ import annotations

import datetime as dt

from tests import factory as f
from tests.workflow.helpers import assigned, closure_requested, in_progress
from twincity.accounts.models import Role
from twincity.commitments import workflow as wf
from twincity.commitments.models import ProgressReport, ReportStatus
from twincity.lib import clock
from twincity.supervision import notify
from twincity.supervision.models import (
    Extension,
    Notice,
    NoticeKind,
    Notification,
)


def inbox(world, name: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=world.users[name]).order_by("id"))


def kinds(world, name: str) -> list[str]:
    return [n.kind for n in inbox(world, name)]


def make_notice(world, unit=None, items=(), seq: int = 1) -> Notice:
    notice = Notice.objects.create(
        kind=NoticeKind.URGE,
        year=2025,
        seq=seq,
        unit=unit or world.cq_unit,
        reason="进展滞后，请尽快报送",
        answer_by=dt.date(2025, 7, 10),
    )
    notice.items.set(items)
    return notice


def report(world, item, status=ReportStatus.SUBMITTED, unit=None) -> ProgressReport:
    return ProgressReport.objects.create(
        item=item,
        party=world.cq,
        unit=unit or world.cq_unit,
        progress_text="已完成方案起草",
        percent=40,
        status=status,
        submitted_by=world.users["cq_liaison"],
    )


def test_notify_creates_one_row_per_user_and_is_idempotent(world):
    users = [world.users["cq_liaison"], world.users["cq_head"]]
    assert notify.notify(users, "test", "标题", "内容", "/x/", "k1") == 2
    assert notify.notify(users, "test", "标题", "内容", "/x/", "k1") == 0
    assert Notification.objects.filter(key="k1").count() == 2


def test_notify_adds_only_the_missing_recipients(world):
    notify.notify([world.users["cq_liaison"]], "test", "标题", "", "", "k2")
    both = [world.users["cq_liaison"].pk, world.users["sc_liaison"].pk]
    assert notify.notify(both, "test", "标题", "", "", "k2") == 1
    assert [n.title for n in inbox(world, "sc_liaison")] == ["标题"]


def test_a_new_key_notifies_again(world):
    notify.notify([world.users["office"]], "test", "一", "", "", "a")
    assert notify.notify([world.users["office"]], "test", "二", "", "", "b") == 1


def test_recipients_for_unit_are_its_liaisons_and_heads(world):
    names = {u.username for u in notify.recipients_for_unit(world.cq_unit)}
    assert names == {"cq_liaison", "cq_head"}


def test_recipients_skip_inactive_users(world):
    head = world.users["cq_head"]
    head.is_active = False
    head.save()
    assert {u.username for u in notify.recipients_for_unit(world.cq_unit)} == {"cq_liaison"}


def test_recipients_count_each_person_once(world):
    f.make_user("both", Role.LIAISON, world.sc_unit).memberships.create(
        role=Role.HEAD, unit=world.sc_unit
    )
    names = [u.username for u in notify.recipients_for_unit(world.sc_unit)]
    assert sorted(names) == ["both", "sc_head", "sc_liaison"]


def test_notice_goes_to_its_units_people_once(world):
    item = world.item(code="10-01")
    notice = make_notice(world, items=[item])
    assert notify.notify_notice(notice) == 2
    assert notify.notify_notice(notice) == 0
    row = inbox(world, "cq_liaison")[0]
    assert row.kind == "notice.urge"
    assert row.title == "收到催办文书：催办〔2025〕1号"
    assert "10-01" in row.body and "2025-07-10" in row.body
    assert inbox(world, "sc_liaison") == []


def test_recent_notices_are_notified_once(world):
    make_notice(world, seq=1)
    make_notice(world, unit=world.sc_unit, seq=2)
    assert notify.notify_recent_notices(clock.now()) == 4
    assert notify.notify_recent_notices(clock.now()) == 0


def test_old_notices_are_left_alone(world):
    with clock.travel(clock.now() - dt.timedelta(days=30)):
        make_notice(world)
    assert notify.notify_recent_notices(clock.now()) == 0


def test_items_to_sign_go_to_the_lead_units_liaisons(world):
    item = assigned(world)
    assert notify.notify_pending_work(clock.now()) == 2
    assert kinds(world, "cq_liaison") == ["item.sign"]
    assert kinds(world, "sc_liaison") == ["item.sign"]
    assert inbox(world, "cq_head") == [] and inbox(world, "office") == []
    assert item.code in inbox(world, "cq_liaison")[0].title
    assert inbox(world, "cq_liaison")[0].url == f"/items/{item.pk}/"


def test_one_side_signing_does_not_renotify_the_other(world):
    item = assigned(world)
    notify.notify_pending_work(clock.now())
    wf.sign(world.users["cq_liaison"], item)
    assert notify.notify_pending_work(clock.now()) == 0


def test_reports_to_approve_go_to_the_units_head(world):
    report(world, world.item())
    assert notify.notify_pending_work(clock.now()) == 1
    assert kinds(world, "cq_head") == ["report.approve"]
    assert inbox(world, "sc_head") == []


def test_reports_to_accept_go_to_the_office(world):
    rep = report(world, world.item(), status=ReportStatus.APPROVED)
    notify.notify_pending_work(clock.now())
    assert kinds(world, "office") == ["report.accept"]
    assert inbox(world, "office")[0].url == f"/reports/{rep.pk}/"
    assert inbox(world, "leader") == []


def test_an_approved_report_is_a_new_event_for_the_office(world):
    rep = report(world, world.item())
    notify.notify_pending_work(clock.now())
    wf.approve_report(world.users["cq_head"], rep)
    assert notify.notify_pending_work(clock.now()) == 1
    assert kinds(world, "office") == ["report.accept"]


def test_returned_reports_go_back_to_the_liaison(world):
    rep = report(world, in_progress(world))
    wf.return_report(world.users["cq_head"], rep, "数据不全")
    notify.notify_pending_work(clock.now())
    row = inbox(world, "cq_liaison")[0]
    assert row.kind == "report.returned"
    assert "数据不全" in row.body


def test_closure_requests_go_to_the_office_and_a_new_request_notifies_again(world):
    item = closure_requested(world)
    assert notify.notify_pending_work(clock.now()) == 1
    assert kinds(world, "office") == ["item.close"]
    wf.return_item(world.users["office"], item, "佐证不足")
    notify.notify_pending_work(clock.now())
    assert kinds(world, "cq_liaison") == ["item.returned"]
    item.refresh_from_db()
    wf.request_closure(world.users["cq_liaison"], item, "补充佐证")
    wf.request_closure(world.users["sc_liaison"], item, "补充佐证")
    notify.notify_pending_work(clock.now())
    assert kinds(world, "office") == ["item.close", "item.close"]


def test_pending_extensions_go_to_the_office(world):
    item = world.item()
    Extension.objects.create(
        item=item,
        party=world.cq,
        requested_by=world.users["cq_liaison"],
        reason="征地未完成",
        new_deadline=dt.date(2026, 6, 30),
    )
    notify.notify_pending_work(clock.now())
    row = inbox(world, "office")[0]
    assert row.kind == "extension.decide"
    assert "2026-06-30" in row.body


def test_pending_work_twice_creates_nothing_new(world):
    assigned(world)
    report(world, world.item())
    closure_requested(world)
    assert notify.notify_pending_work(clock.now()) > 0
    assert notify.notify_pending_work(clock.now()) == 0


def test_a_returned_report_replaced_by_a_new_one_is_not_notified(world):
    item = in_progress(world)
    rep = report(world, item)
    wf.return_report(world.users["cq_head"], rep, "数据不全")
    with clock.travel(clock.now() + dt.timedelta(hours=1)):
        report(world, item)
    notify.notify_pending_work(clock.now())
    assert "report.returned" not in kinds(world, "cq_liaison")
    assert kinds(world, "cq_head") == ["report.approve"]
