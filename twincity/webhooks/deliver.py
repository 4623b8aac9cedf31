"""Post queued deliveries, signed, with retries and back-off; `twincity deliver-webhooks`.

Each attempt first claims the row with a conditional UPDATE (its attempt count must not have
moved), so two runs at the same moment never post the same delivery; the claim also pushes
`next_attempt_at` past the post's time-out, so a run that died mid-post is retried later
(at least once, never twice at the same time; receivers deduplicate on X-Twincity-Delivery).
Nothing here raises on a receiver's failure: the outcome is logged on the row.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import F

from twincity.supervision.notify import sign
from twincity.webhooks.models import Delivery, DeliveryState

log = logging.getLogger(__name__)

TIMEOUT = 5
# After the n-th failed attempt the next one waits BACKOFF[n - 1]; after the last, give up.
BACKOFF = [dt.timedelta(minutes=m) for m in (1, 5, 30, 120, 720)]
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = dt.timedelta(seconds=TIMEOUT * 6)
BATCH = 200


@dataclass(frozen=True)
class Outcome:
    """How one POST went."""

    status: int | None
    error: str
    ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def deliver_due(now: dt.datetime) -> tuple[int, int]:
    """Post every delivery that is due (of active subscriptions); return (sent, failed). After
    one failure a subscription's other deliveries wait for the next run."""
    due = (
        Delivery.objects.filter(
            state=DeliveryState.PENDING, next_attempt_at__lte=now, subscription__active=True
        )
        .select_related("subscription")
        .order_by("next_attempt_at", "id")[:BATCH]
    )
    sent, failed, down = 0, 0, set()
    for delivery in due:
        if delivery.subscription_id in down:
            continue
        result = attempt(delivery, now)
        if result is False:
            failed += 1
            down.add(delivery.subscription_id)
        sent += result is True
    return sent, failed


def remind_step(now: dt.datetime, write: Callable[[str], object]) -> dict[str, int]:
    """`twincity remind`'s share: post what is due; a line (and a count) only when any."""
    sent, failed = deliver_due(now)
    if sent or failed:
        write(f"event webhooks: {sent} sent, {failed} failed")
    return {"event webhooks": sent} if sent else {}


def attempt(delivery: Delivery, now: dt.datetime) -> bool | None:
    """Post one delivery; True if sent, False if it failed, None if another run took it."""
    claimed = Delivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, state=DeliveryState.PENDING
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    if not claimed:
        return None
    delivery.attempts += 1
    outcome = post(delivery, now)
    fields: dict[str, Any] = {
        "last_status": outcome.status,
        "last_error": outcome.error[:255],
        "response_ms": outcome.ms,
    }
    if outcome.ok:
        fields |= {"state": DeliveryState.SENT, "sent_at": now}
    elif delivery.attempts >= MAX_ATTEMPTS:
        fields |= {"state": DeliveryState.FAILED}
    else:
        fields |= {"next_attempt_at": now + BACKOFF[delivery.attempts - 1]}
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    if not outcome.ok:
        log.warning("webhook delivery %s failed: %s %s", delivery.pk, outcome.status, outcome.error)
    return outcome.ok


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def headers_for(delivery: Delivery, body: bytes, now: dt.datetime) -> dict[str, str]:
    timestamp = str(int(now.timestamp()))
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "twincity-webhooks/1",
        "X-Twincity-Event": delivery.event,
        "X-Twincity-Delivery": str(delivery.pk),
        "X-Twincity-Timestamp": timestamp,
        "X-Twincity-Signature": sign(delivery.subscription.secret, timestamp, body),
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is the receiver's error: it must not turn the POST into a GET elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post(delivery: Delivery, now: dt.datetime) -> Outcome:
    """POST the delivery's JSON, signed; never raises."""
    url = delivery.subscription.url
    if not url.lower().startswith(("http://", "https://")):
        return Outcome(None, "invalid url", 0)
    body = body_of(delivery)
    request = urllib.request.Request(
        url, data=body, headers=headers_for(delivery, body, now), method="POST"
    )
    start = time.monotonic()
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            return Outcome(response.status, "", _ms(start))
    except urllib.error.HTTPError as error:
        return Outcome(
            error.code, error.reason if isinstance(error.reason, str) else "", _ms(start)
        )
    except Exception as error:  # unreachable, time-out, TLS: the next attempt tries again
        return Outcome(None, f"{type(error).__name__}: {error}", _ms(start))


def _ms(start: float) -> int:
    return int((time.monotonic() - start) * 1000)
