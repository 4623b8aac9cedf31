"""Posting event deliveries to a real local receiver: signed, retried with back-off, once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command

from tests.webhooks.conftest import subscribe
from twincity.commitments import workflow as wf
from twincity.lib import clock
from twincity.webhooks import deliver
from twincity.webhooks.models import Delivery, DeliveryState


def assign(world):
    """One workflow change the cq liaison may see: a draft item is assigned."""
    return wf.assign(world.users["office"], world.item())


def run(at: dt.datetime) -> tuple[int, int]:
    with clock.travel(at):
        return deliver.deliver_due(at)


def test_a_failure_is_logged_retried_after_back_off_and_delivered_exactly_once(
    world, receiver, hook
):
    start = clock.now()
    with clock.travel(start):
        item = assign(world)
    receiver.answers = [500]

    assert run(start) == (0, 1)
    row = Delivery.objects.get()
    assert (row.state, row.attempts, row.last_status, row.sent_at) == ("pending", 1, 500, None)
    assert row.next_attempt_at == start + dt.timedelta(minutes=1)
    assert row.response_ms is not None and receiver.received == []

    assert run(start + dt.timedelta(seconds=30)) == (0, 0)  # still backing off
    assert receiver.calls == 1

    later = start + dt.timedelta(minutes=1, seconds=5)
    assert run(later) == (1, 0)
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_status, row.sent_at) == ("sent", 2, 200, later)
    [got] = receiver.received
    assert receiver.refused == []  # signature and timestamp verified with the secret
    assert got.headers["X-Twincity-Event"] == "item.state_changed"
    assert got.headers["X-Twincity-Delivery"] == str(row.pk)
    assert got.headers["X-Twincity-Timestamp"] == str(int(later.timestamp()))
    assert got.body["data"]["item"]["code"] == item.code

    assert run(start + dt.timedelta(days=1)) == (0, 0)
    assert receiver.calls == 2


def test_back_off_grows_then_gives_up(world, receiver, hook):
    start = clock.now()
    with clock.travel(start):
        assign(world)
    receiver.answers = [503] * 10
    at, waits = start, []
    for _ in range(deliver.MAX_ATTEMPTS):
        assert run(at) == (0, 1)
        row = Delivery.objects.get()
        waits.append(row.next_attempt_at - at)
        at = row.next_attempt_at
    assert waits[:-1] == deliver.BACKOFF
    assert row.state == DeliveryState.FAILED and row.attempts == deliver.MAX_ATTEMPTS
    assert run(at + dt.timedelta(days=2)) == (0, 0)
    assert receiver.calls == deliver.MAX_ATTEMPTS


def test_two_runs_never_post_the_same_attempt(world, receiver, hook):
    assign(world)
    first, second = Delivery.objects.get(), Delivery.objects.get()  # both runs read it due
    receiver.answers = [500]
    now = clock.now()
    assert deliver.attempt(first, now) is False  # still pending: it will be retried later
    assert deliver.attempt(second, now) is None  # its claim finds the attempt taken
    assert receiver.calls == 1
    assert deliver.attempt(first, now + deliver.BACKOFF[0]) is True
    assert deliver.attempt(second, now + deliver.BACKOFF[0]) is None
    assert receiver.calls == 2


def test_a_wrong_secret_is_refused_by_the_receiver_and_logged(world, receiver, hook):
    receiver.secret = "not-the-secret"
    assign(world)
    assert run(clock.now()) == (0, 1)
    assert receiver.refused == ["bad signature"]
    assert Delivery.objects.get().last_status == 401


def test_an_unreachable_receiver_never_raises(world, receiver, hook):
    receiver.server.shutdown()
    receiver.server.server_close()
    assign(world)
    assert run(clock.now()) == (0, 1)
    row = Delivery.objects.get()
    assert row.last_status is None and "Error" in row.last_error
    assert row.state == DeliveryState.PENDING


def test_after_a_failure_the_subscriptions_other_deliveries_wait(world, receiver, hook):
    other = subscribe(world.users["sc_liaison"], receiver.url)
    assign(world)
    assign(world)
    assert Delivery.objects.count() == 4
    receiver.answers = [500]
    run(clock.now())
    attempted = Delivery.objects.filter(attempts__gt=0)
    assert attempted.filter(subscription=hook).count() == 1
    # The other subscription (another secret, so refused) was still tried, once.
    assert attempted.filter(subscription=other).count() == 1


def test_an_inactive_subscriptions_deliveries_wait(world, receiver, hook):
    assign(world)
    hook.active = False
    hook.save()
    assert run(clock.now()) == (0, 0)
    assert receiver.calls == 0


def test_the_command_posts_and_reports(world, receiver, hook):
    assign(world)
    out = StringIO()
    call_command("deliver-webhooks", stdout=out)
    assert out.getvalue().splitlines()[-1] == "deliveries sent: 1, failed: 0"
    assert len(receiver.received) == 1


def test_the_command_reports_retries_waiting(world, receiver, hook):
    assign(world)
    receiver.answers = [500]
    out = StringIO()
    call_command("deliver-webhooks", stdout=out)
    assert out.getvalue().splitlines() == [
        "deliveries waiting for retry: 1",
        "deliveries sent: 0, failed: 1",
    ]


def test_remind_delivers_too(world, receiver, hook):
    assign(world)
    out = StringIO()
    call_command("remind", stdout=out)
    lines = out.getvalue().splitlines()
    assert "event webhooks: 1 sent, 0 failed" in lines
    assert len(receiver.received) == 1
