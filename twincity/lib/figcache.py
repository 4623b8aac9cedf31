"""Figures over the whole register (the home page's counts, the dashboard's charts), cached
until the data changes.

Counting 100,000 items on every view cannot stay constant as the register grows, so such
figures are computed once per *data generation* and shared by every viewer with the same
scope. The generation is:

- the newest audit event that records a change of data (its id and hash): every business
  write is audited, inside its transaction, so any committed change moves it; sign-ins,
  reading notifications, tokens and audit exports change no figure and are skipped, so they
  do not empty the cache;
- the stored-lights stamp, moved by `supervision.current.store_lights` whenever lights change
  (time alone turns a light red; `twincity remind` stores it without an audit event);
- today's date, for figures that depend on it.

The cache is Django's (the database cache by default, Redis with `CACHE_URL`), so every app
server shares it. Nothing is ever served from an older generation; an entry simply expires.
`FIGURES_CACHE_SECONDS = 0` turns the cache off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.crypto import get_random_string

from twincity.lib import clock

T = TypeVar("T")
LIGHTS_KEY = "figcache:lights"
# Audit actions that change no figure (a sign-in must not empty every viewer's cache).
NOT_DATA = ("auth.", "audit.", "notification.", "accounts.login_", "api_token.")


def generation() -> str:
    """What the cached figures were computed from: one indexed query and one cache read."""
    from twincity.audit.models import AuditEvent

    quiet = Q()
    for prefix in NOT_DATA:
        quiet |= Q(action__startswith=prefix)
    head = AuditEvent.objects.exclude(quiet).order_by("-id").values_list("id", "hash").first()
    lights = cache.get(LIGHTS_KEY, "")
    audit = f"{head[0]}.{head[1][:16]}" if head else "0"
    return f"{audit}.{lights}.{clock.today()}"


def lights_changed() -> None:
    """Called when stored lights change without an audited write."""
    cache.set(LIGHTS_KEY, get_random_string(12), None)


def cached(name: str, scope: Any, build: Callable[[], T]) -> T:
    """`build()`'s value for this scope and data generation, computed at most once per
    generation (per cache lifetime). `scope` must say everything the value depends on
    besides the data: the viewer's visibility, the filters, the language."""
    seconds = getattr(settings, "FIGURES_CACHE_SECONDS", 600)
    if not seconds:
        return build()
    digest = hashlib.sha256(repr((name, scope, generation())).encode()).hexdigest()
    key = f"figcache:{name}:{digest}"
    hit = cache.get(key)
    if hit is None:
        hit = (build(),)  # a tuple, so that a None value is cached too
        cache.set(key, hit, seconds)
    return hit[0]
