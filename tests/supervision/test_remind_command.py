"""`twincity remind`: every step for "now", idempotent, last line `notifications sent: N`."""

from __future__ import annotations

import datetime as dt
import sys
import types
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.workflow.helpers import assigned, closure_requested
from twincity.audit.models import AuditEvent
from twincity.commitments.models import ProgressReport, ReportStatus
from twincity.lib import clock
from twincity.supervision.models import (
    Notice,
    NoticeKind,
    Notification,
    UnitWebhook,
    WebhookDelivery,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def remind(*args: str) -> list[str]:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def sent(lines: list[str]) -> int:
    prefix = "notifications sent: "
    assert lines[-1].startswith(prefix), lines
    return int(lines[-1].removeprefix(prefix))


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def busy(world):
    """Work waiting for people, and e-mail addresses to send the digests to."""
    for name in ("cq_liaison", "sc_liaison", "cq_head", "office"):
        world.users[name].email = f"{name}@example.gov.cn"
        world.users[name].save()
    assigned(world)
    closure_requested(world)
    ProgressReport.objects.create(
        item=world.item(),
        party=world.cq,
        unit=world.cq_unit,
        progress_text="已完成方案起草",
        percent=40,
        status=ReportStatus.SUBMITTED,
        submitted_by=world.users["cq_liaison"],
    )
    return world


@pytest.fixture
def fake_ladder(world, monkeypatch):
    """Stand in for the urging ladder: the first call issues one notice, later calls none."""
    issued: list[Notice] = []

    def run_ladder(now):
        if issued:
            return []
        notice = Notice.objects.create(
            kind=NoticeKind.REMINDER, year=2025, seq=9, unit=world.sc_unit, reason="临近报送截止"
        )
        issued.append(notice)
        return [notice]

    module = types.ModuleType("twincity.supervision.ladder")
    module.run_ladder = run_ladder  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "twincity.supervision.ladder", module)
    return issued


def test_twice_in_a_row_the_second_run_sends_nothing(busy):
    first = remind()
    assert sent(first) > 0
    second = remind()
    assert second[-1] == "notifications sent: 0"


def test_the_count_adds_inbox_rows_and_mails(busy, fake_ladder):
    lines = remind()
    rows = Notification.objects.count()
    assert rows > 0
    assert sent(lines) == rows + len(mail.outbox)
    assert {"cq_liaison@example.gov.cn", "office@example.gov.cn"} <= {m.to[0] for m in mail.outbox}


def test_a_line_per_step(busy, fake_ladder):
    lines = remind()
    assert lines[0] == "urging ladder: 1 new notices"
    steps = [line.split(":")[0] for line in lines[1:-1]]
    assert steps == ["notices", "pending work", "e-mail digests", "webhook posts"]
    assert lines[1] == "notices: 2"  # the notice's unit has a liaison and a head


def test_the_ladders_notices_reach_the_units_people(busy, fake_ladder):
    remind()
    [notice] = fake_ladder
    rows = Notification.objects.filter(key=f"notice:{notice.pk}")
    assert {r.recipient.username for r in rows} == {"sc_liaison", "sc_head"}


def test_without_the_ladder_the_other_steps_still_run(busy, monkeypatch):
    monkeypatch.setitem(sys.modules, "twincity.supervision.ladder", None)  # import fails
    lines = remind()
    assert lines[0] == "urging ladder: not available, skipped"
    assert sent(lines) > 0


def test_hand_issued_notices_are_notified_too(world, fake_ladder):
    Notice.objects.create(
        kind=NoticeKind.SUPERVISE,
        year=2025,
        seq=1,
        unit=world.cq_unit,
        reason="督办",
        issued_by=world.users["office"],
    )
    remind()
    assert Notification.objects.filter(kind="notice.supervise").count() == 2


def test_now_option_moves_time(busy, fake_ladder):
    lines = remind("--now", "2031-01-05T08:00")
    assert sent(lines) > 0
    created = {n.created_at for n in Notification.objects.all()}
    assert created == {dt.datetime(2031, 1, 5, 8, 0, tzinfo=SHANGHAI)}


def test_a_bad_now_is_refused(world):
    with pytest.raises(CommandError, match="ISO"):
        remind("--now", "yesterday")


def test_a_run_that_sends_something_is_audited(busy, fake_ladder):
    remind()
    remind()
    events = AuditEvent.objects.filter(action="supervision.remind")
    assert events.count() == 1
    assert events.get().after["pending work"] > 0


def test_webhook_failures_do_not_stop_the_run(busy, fake_ladder):
    UnitWebhook.objects.create(unit=busy.cq_unit, url="http://127.0.0.1:9/none", secret="s" * 16)
    lines = remind()
    assert "webhook posts: 0" in lines
    waiting = WebhookDelivery.objects.filter(attempts=1, sent_at=None).count()
    assert waiting == 2  # cq_liaison's item to sign, cq_head's report to approve
    assert lines[-2] == f"webhook posts waiting for retry: {waiting}"
    assert sent(lines) > 0


def test_the_next_day_only_new_work_is_mailed(busy, fake_ladder):
    remind()
    mailed = len(mail.outbox)
    with clock.travel(clock.now() + dt.timedelta(days=1)):
        assert remind()[-1] == "notifications sent: 0"
    assert len(mail.outbox) == mailed
