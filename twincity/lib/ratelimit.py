"""Fixed-window request counters in Django's cache, shared by every worker and app server.

A window is `window` seconds long and numbered from the epoch; each (scope, key, window number)
has its own cache entry, so a new window starts from zero without waiting for the old entry
to expire, and tests can move time with `clock.travel`. A fixed window lets a client spend up
to twice its limit across a window boundary; that is the price of one counter per window.

`incr` is atomic on Redis and local memory. On the DatabaseCache it is a read then a write, so
requests racing on the same key may be counted once: counts are then a floor, not exact (see
docs/operations.md, "Rate limits").
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from twincity.lib import clock

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*s?\s*$")


@dataclass(frozen=True)
class Decision:
    """The outcome of one counted request."""

    allowed: bool
    retry_after: int  # seconds until the window ends; 0 when allowed
    count: int
    limit: int

    @property
    def first_refusal(self) -> bool:
        """True for the first refused request of a window (to report it once)."""
        return self.count == self.limit + 1


ALLOWED = Decision(allowed=True, retry_after=0, count=0, limit=0)


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/300s" (or "30/300") -> (30 requests, 300 seconds)."""
    match = _RATE.match(rate)
    if not match or int(match[1]) < 1 or int(match[2]) < 1:
        raise ImproperlyConfigured(f"A rate is written like 30/300s, not {rate!r}.")
    return int(match[1]), int(match[2])


def _cache_key(scope: str, key: str, number: int) -> str:
    # Hashed: keys hold usernames, addresses or tokens; the cache gets neither the raw value
    # nor characters that memcached-style backends refuse.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{number}:{digest}"


def hit(scope: str, key: str, limit: int, window: int) -> Decision:
    """Count one request of `key` in `scope`; refuse it past `limit` in this window."""
    now = clock.now().timestamp()
    number = int(now // window)
    cache_key = _cache_key(scope, key, number)
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the entry expired or was culled between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    if count <= limit:
        return Decision(allowed=True, retry_after=0, count=count, limit=limit)
    retry_after = max(1, math.ceil((number + 1) * window - now))
    return Decision(allowed=False, retry_after=retry_after, count=count, limit=limit)


def hit_rate(scope: str, key: str, rate: str) -> Decision:
    """`hit` with a "30/300s"-style rate (from settings)."""
    limit, window = parse_rate(rate)
    return hit(scope, key, limit, window)
