"""A real local HTTP receiver that checks each delivery's signature and timestamp."""

from __future__ import annotations

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
from twincity.webhooks.models import EventKind, Subscription

TOLERANCE = 300  # seconds a receiver accepts between the timestamp and its own clock


@dataclass
class Received:
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Receiver:
    """Answers with the next of `answers` (then 200); keeps the requests it verified."""

    server: ThreadingHTTPServer
    secret: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    calls: int = 0

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/events"

    def verify(self, headers: Any, raw: bytes) -> str:
        """Why the request is not authentic, or "" — as a subscriber would check it."""
        timestamp = headers.get("X-Twincity-Timestamp", "")
        if not timestamp.isdigit() or abs(clock.now().timestamp() - int(timestamp)) > TOLERANCE:
            return "stale timestamp"
        mac = hmac.new(self.secret.encode(), timestamp.encode() + b"." + raw, hashlib.sha256)
        expected = f"sha256={mac.hexdigest()}"
        if not hmac.compare_digest(headers.get("X-Twincity-Signature", ""), expected):
            return "bad signature"
        return ""


def _handler(box: list[Receiver]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            receiver = box[0]
            receiver.calls += 1
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            problem = receiver.verify(self.headers, raw)
            status = 401 if problem else (receiver.answers.pop(0) if receiver.answers else 200)
            if problem:
                receiver.refused.append(problem)
            elif status == 200:
                receiver.received.append(Received(dict(self.headers), json.loads(raw)))
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    box: list[Receiver] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(box))
    box.append(Receiver(server))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box[0]
    server.shutdown()
    server.server_close()


def subscribe(user, url: str, events=None, **kw: Any) -> Subscription:
    """A subscription created by `user` for their first unit (straight in the database)."""
    unit = kw.pop("owner", None) or user.memberships.first().unit
    return Subscription.objects.create(
        owner=unit,
        created_by=user,
        name=kw.pop("name", "办公系统"),
        url=url,
        events=list(events if events is not None else EventKind.values),
        **kw,
    )


@pytest.fixture
def hook(world, receiver) -> Subscription:
    """The cq liaison's subscription to every event, pointing at the receiver."""
    row = subscribe(world.users["cq_liaison"], receiver.url)
    receiver.secret = row.secret
    return row
