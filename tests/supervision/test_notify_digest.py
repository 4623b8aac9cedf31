"""E-mail digests: one mail per person per local day, only for unread, not yet mailed rows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from twincity.lib import clock
from twincity.supervision import notify
from twincity.supervision.models import Notification

SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = dt.datetime(2025, 6, 2, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://twincity.example.gov.cn"


@pytest.fixture
def people(world):
    for name in ("cq_liaison", "sc_liaison", "office"):
        user = world.users[name]
        user.email = f"{name}@example.gov.cn"
        user.save()
    return world.users


def say(user, key: str, title: str = "待签收：10-01 川渝高铁") -> None:
    notify.notify([user], "item.sign", title, "请签收", "/items/1/", key)


def digest(at: dt.datetime) -> int:
    with clock.travel(at):
        return notify.send_digests(clock.now())


def test_one_mail_per_person_with_all_their_new_notifications(people):
    with clock.travel(MORNING):
        say(people["cq_liaison"], "a", "第一条")
        say(people["cq_liaison"], "b", "第二条")
        say(people["sc_liaison"], "a")
    assert digest(MORNING) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"cq_liaison@example.gov.cn", "sc_liaison@example.gov.cn"}
    cq = by_to["cq_liaison@example.gov.cn"]
    assert "2 条新通知" in cq.subject
    assert "第一条" in cq.body and "第二条" in cq.body
    assert "https://twincity.example.gov.cn/items/1/" in cq.body
    assert "https://twincity.example.gov.cn/supervision/inbox/" in cq.body


def test_emailed_rows_are_stamped(people):
    with clock.travel(MORNING):
        say(people["cq_liaison"], "a")
    digest(MORNING)
    assert Notification.objects.get().emailed_at == MORNING


def test_not_repeated_the_same_day_even_for_new_notifications(people):
    with clock.travel(MORNING):
        say(people["cq_liaison"], "a")
    digest(MORNING)
    assert digest(MORNING + dt.timedelta(minutes=5)) == 0
    later = MORNING + dt.timedelta(hours=10)
    with clock.travel(later):
        say(people["cq_liaison"], "b", "晚上的新通知")
    assert digest(later) == 0
    assert len(mail.outbox) == 1


def test_the_next_day_mails_only_the_new_notifications(people):
    with clock.travel(MORNING):
        say(people["cq_liaison"], "a", "昨天的通知")
    digest(MORNING)
    evening = MORNING + dt.timedelta(hours=10)
    with clock.travel(evening):
        say(people["cq_liaison"], "b", "晚上的新通知")
    next_day = MORNING + dt.timedelta(days=1)
    assert digest(next_day) == 1
    second = mail.outbox[1]
    assert "晚上的新通知" in second.body
    assert "昨天的通知" not in second.body
    assert digest(next_day + dt.timedelta(days=1)) == 0


def test_the_day_follows_shanghai_time(people):
    late = dt.datetime(2025, 6, 2, 23, 50, tzinfo=SHANGHAI)
    with clock.travel(late):
        say(people["cq_liaison"], "a")
    digest(late)
    after_midnight = dt.datetime(2025, 6, 3, 0, 10, tzinfo=SHANGHAI)  # still 6-2 in UTC
    with clock.travel(after_midnight):
        say(people["cq_liaison"], "b")
    assert digest(after_midnight) == 1


def test_read_notifications_are_not_mailed(people):
    with clock.travel(MORNING):
        say(people["cq_liaison"], "a")
    Notification.objects.update(read_at=MORNING)
    assert digest(MORNING) == 0
    assert mail.outbox == []


def test_users_without_an_address_or_inactive_get_no_mail(people, world):
    world.users["sc_liaison"].is_active = False
    world.users["sc_liaison"].save()
    with clock.travel(MORNING):
        say(world.users["cq_head"], "a")  # no e-mail address
        say(people["sc_liaison"], "a")
    assert digest(MORNING) == 0
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 0


def test_a_failing_mail_server_leaves_the_rows_for_the_next_run(people, monkeypatch):
    with clock.travel(MORNING):
        say(people["cq_liaison"], "a")

    def refuse(self, fail_silently=False):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert digest(MORNING) == 0
    assert Notification.objects.get().emailed_at is None
    monkeypatch.undo()
    assert digest(MORNING + dt.timedelta(minutes=5)) == 1
