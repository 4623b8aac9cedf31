"""The one source of "now" and "today", so that tests and the demo can move time.

Model fields use `default=clock.now`; that keeps this function object, so time is moved
with `travel()` (which this function reads), not by replacing the function.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def travel(to: dt.datetime) -> Iterator[None]:
    """Freeze now() at an aware datetime for the block (nests; restores on exit)."""
    global _frozen
    previous, _frozen = _frozen, to
    try:
        yield
    finally:
        _frozen = previous
