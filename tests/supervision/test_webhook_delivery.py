"""Posting to units' robots: signed JSON, one post per notification key, retries with back-off."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from twincity.lib import clock
from twincity.supervision import notify
from twincity.supervision.models import Notification, UnitWebhook, WebhookDelivery

SECRET = "robot-secret-0123456789"


@dataclass
class Robot:
    """A local HTTP server standing in for a group-chat robot; it checks the signature."""

    server: ThreadingHTTPServer
    status: int = 200
    received: list[dict[str, Any]] = field(default_factory=list)
    bad_signatures: int = 0

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hook"


def make_handler(robot_box: list[Robot]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            robot = robot_box[0]
            body = self.rfile.read(int(self.headers["Content-Length"]))
            timestamp = self.headers["X-Twincity-Timestamp"]
            mac = hmac.new(SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
            status = robot.status
            if self.headers["X-Twincity-Signature"] != f"sha256={mac.hexdigest()}":
                robot.bad_signatures += 1
                status = 401
            elif status == 200:
                robot.received.append(json.loads(body))
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b'{"errcode":0}')

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def robot() -> Iterator[Robot]:
    box: list[Robot] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(box))
    box.append(Robot(server))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box[0]
    server.shutdown()
    server.server_close()


@pytest.fixture
def hook(world, robot) -> UnitWebhook:
    return UnitWebhook.objects.create(unit=world.cq_unit, url=robot.url, secret=SECRET)


def say(users, key: str = "notice:1", title: str = "催办：催办〔2025〕1号") -> int:
    return notify.notify(users, "notice.urge", title, "请尽快报送", "/items/1/", key)


def run(at: dt.datetime | None = None) -> int:
    at = at or clock.now()
    with clock.travel(at):
        return notify.deliver_webhooks(at)


def test_posts_a_signed_json_message(world, robot, hook):
    say([world.users["cq_liaison"]])
    assert run() == 1
    assert robot.bad_signatures == 0
    [payload] = robot.received
    assert payload["msgtype"] == "text"
    assert "催办〔2025〕1号" in payload["text"]["content"]
    assert payload["notification"]["key"] == "notice:1"
    assert payload["unit"]["code"] == "cq-fgw"
    delivery = WebhookDelivery.objects.get()
    assert delivery.sent_at is not None and delivery.last_status == "HTTP 200"


def test_one_post_per_key_for_the_whole_unit(world, robot, hook):
    say([world.users["cq_liaison"], world.users["cq_head"]])
    assert run() == 1
    assert len(robot.received) == 1


def test_a_second_run_posts_nothing(world, robot, hook):
    say([world.users["cq_liaison"]])
    run()
    assert run() == 0
    assert len(robot.received) == 1


def test_only_the_units_people_are_posted(world, robot, hook):
    say([world.users["sc_liaison"], world.users["office"]])
    assert run() == 0
    assert robot.received == []


def test_inactive_robot_gets_nothing(world, robot, hook):
    hook.active = False
    hook.save()
    say([world.users["cq_liaison"]])
    assert run() == 0
    assert not WebhookDelivery.objects.exists()


def test_old_notifications_are_not_posted_to_a_new_robot(world, robot, hook):
    with clock.travel(clock.now() - dt.timedelta(days=3)):
        say([world.users["cq_liaison"]])
    assert run() == 0


def test_a_wrong_secret_is_detected_by_the_robot(world, robot, hook):
    hook.secret = "another-secret-9876543210"
    hook.save()
    say([world.users["cq_liaison"]])
    assert run() == 0
    assert robot.bad_signatures == 1
    assert WebhookDelivery.objects.get().last_status == "HTTP 401"


def test_failure_is_retried_later_and_succeeds_when_the_robot_recovers(world, robot, hook):
    start = clock.now()
    with clock.travel(start):
        say([world.users["cq_liaison"]])
    robot.status = 500
    assert run(start) == 0
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempts, delivery.last_status, delivery.sent_at) == (1, "HTTP 500", None)
    robot.status = 200
    assert run(start + dt.timedelta(seconds=10)) == 0  # backing off
    assert robot.received == []
    assert run(start + dt.timedelta(minutes=2)) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.sent_at is not None
    assert len(robot.received) == 1


def test_gives_up_after_five_attempts(world, robot, hook):
    start = clock.now()
    with clock.travel(start):
        say([world.users["cq_liaison"]])
    robot.status = 500
    for hours in range(10):
        run(start + dt.timedelta(hours=hours))
    assert WebhookDelivery.objects.get().attempts == 5
    robot.status = 200
    assert run(start + dt.timedelta(days=1)) == 0


def test_an_unreachable_robot_never_crashes(world, robot, hook):
    robot.server.shutdown()
    robot.server.server_close()
    say([world.users["cq_liaison"]])
    assert run() == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 1
    assert delivery.last_status  # the error is kept for the settings page


def test_the_signature_helper(world):
    body = b'{"a":1}'
    expected = hmac.new(b"k" * 16, b"1700000000." + body, hashlib.sha256).hexdigest()
    assert notify.sign("k" * 16, "1700000000", body) == f"sha256={expected}"


def test_notifications_stay_in_the_inbox(world, robot, hook):
    say([world.users["cq_liaison"]])
    run()
    assert Notification.objects.get().read_at is None
