"""Append audit events to the hash chain; the only writer of AuditEvent."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.http import HttpRequest

from twincity.audit.models import GENESIS, AuditEvent, chain_hash
from twincity.lib import bulk, clock

_local = threading.local()

# A constant key for PostgreSQL's advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 0x7C17_A0D1


def bind_request(request: HttpRequest | None) -> None:
    """Remember the current request's address for events written during it."""
    _local.ip = client_ip(request) if request is not None else ""


def client_ip(request: HttpRequest) -> str:
    """The peer address; X-Forwarded-For only as far as settings.TRUSTED_PROXIES hops."""
    hops = getattr(settings, "TRUSTED_PROXIES", 0)
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [a.strip() for a in header.split(",") if a.strip()]
    if hops and forwarded:
        return forwarded[-min(hops, len(forwarded))][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def snapshot(obj: Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe dict of a model's concrete fields, for before/after."""
    data = model_to_dict(obj, fields=fields)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))


def _lock_chain() -> str:
    """Serialise appends (PostgreSQL; SQLite writers are serial) and return the chain's head."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def record(
    action: str,
    *,
    actor: Any = None,
    target: Model | None = None,
    target_type: str = "",
    target_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_name: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction."""
    with transaction.atomic():
        prev = _lock_chain()
        user = _user(actor)
        event = AuditEvent(
            at=clock.now(),
            actor=user,
            actor_name=actor_name or (user.get_username() if user else ""),
            ip=getattr(_local, "ip", "") if ip is None else ip,
            action=action,
            target_type=target_type or (target._meta.label_lower if target is not None else ""),
            target_id=target_id or (str(target.pk) if target is not None else ""),
            target_repr=(str(target) if target is not None else "")[:255],
            before=_jsonable(before),
            after=_jsonable(after),
            prev_hash=prev,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


def record_many(
    action: str,
    *,
    actor: Any,
    target_type: str,
    targets: Sequence[tuple[Any, str, dict[str, Any] | None]],
) -> int:
    """Append one event per (target id, target text, after), chained in order, in one insert:
    for bulk verbs. The events are the ones `record` would write, one by one; each `after`
    must already be JSON-safe (as `snapshot` gives), since it is hashed and stored as it is."""
    user = _user(actor)
    at = clock.now()
    common = {
        "actor": user.pk if user else None,
        "actor_name": user.get_username() if user else "",
        "ip": getattr(_local, "ip", ""),
        "action": action,
        "target_type": target_type,
        "before": None,
    }
    stamp = at.astimezone(dt.UTC).isoformat(timespec="microseconds")  # as AuditEvent.payload
    fields = ["at", "actor_id", "actor_name", "ip", "action", "target_type"]
    fields += ["target_id", "target_repr", "before", "after", "prev_hash", "hash"]
    head = (at, common["actor"], common["actor_name"], common["ip"], action, target_type)
    with transaction.atomic():
        prev = _lock_chain()
        rows = []
        for target_id, text, after in targets:
            key, text = str(target_id), text[:255]
            payload = common | {"target_id": key, "target_repr": text, "at": stamp, "after": after}
            digest = chain_hash(prev, payload)
            rows.append((*head, key, text, None, after, prev, digest))
            prev = digest
        bulk.insert(AuditEvent, fields, rows)
    return len(rows)


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))
