"""Events for subscriptions: `emit(kind, obj)` queues one delivery per subscriber who may see it.

The workflow calls `emit` inside its own transaction, so an event exists if and only if the
change it reports was committed (`deliver.py` posts it later). Each subscription receives the
event as its creator would see it: nothing if the creator may not see the object, and in the
payload only what the creator's pages show. Payloads are written in Chinese, whatever the
language of the request that caused them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation

from twincity.accounts.models import User
from twincity.commitments.models import Item, ProgressReport, Transition
from twincity.lib import clock
from twincity.meetings.models import Meeting, MeetingStatus
from twincity.supervision.models import Notice
from twincity.webhooks.models import PING, Delivery, EventKind, Subscription


@dataclass(frozen=True)
class Event:
    """What happened, and how each subscriber may see it."""

    kind: str
    key: str
    occurred_at: dt.datetime
    actor: User | None
    visible: Callable[[User], bool]
    data: Callable[[User], dict[str, Any]]


def emit(kind: str, obj: models.Model, actor: User | None = None) -> int:
    """Queue the event for every active subscription that wants it and whose creator may see
    it (once per subscription and event key); return for how many. An object that does not
    fit the kind (a transition that kept the item's state, an unclosed meeting) emits nothing."""
    event = DESCRIBE[kind](obj, actor)
    if event is None:
        return 0
    subscriptions = Subscription.objects.filter(active=True).select_related("created_by")
    wanting = [s for s in subscriptions if s.wants(kind)]
    rows = [_delivery(s, event) for s in wanting if event.visible(s.created_by)]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def ping(subscription: Subscription, actor: User) -> Delivery:
    """A test event for one subscription (the "send test event" button)."""
    now = clock.now()

    def data(user: User) -> dict[str, Any]:
        return {"test": True, "subscription": {"id": subscription.pk, "name": subscription.name}}

    event = Event(PING, f"ping:{secrets.token_hex(8)}", now, actor, lambda u: True, data)
    row = _delivery(subscription, event)
    row.save()
    return row


def _delivery(subscription: Subscription, event: Event) -> Delivery:
    user = subscription.created_by
    with translation.override(settings.LANGUAGE_CODE):
        payload = {
            "event": event.kind,
            "event_id": event.key,
            "occurred_at": event.occurred_at.isoformat(),
            "actor": {"name": str(event.actor)} if event.actor else None,
            "data": event.data(user),
        }
    return Delivery(
        subscription=subscription,
        event=event.kind,
        key=event.key,
        payload=payload,
        created_at=event.occurred_at,
        next_attempt_at=event.occurred_at,
    )


# --- what each kind says ------------------------------------------------------------------------


def _link(name: str, pk: int) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + reverse(name, args=[pk])


def _sees_item(user: User, item_id: int) -> bool:
    return Item.objects.visible_to(user).filter(pk=item_id).exists()


def _item(item: Item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "code": item.code,
        "title": item.title,
        "url": _link("commitments:item_detail", item.pk),
    }


def _state_changed(row: Transition, actor: User | None) -> Event | None:
    if row.from_state == row.to_state:
        return None

    def data(user: User) -> dict[str, Any]:
        return {
            "item": _item(row.item),
            "action": row.action,
            "from_state": row.from_state,
            "to_state": row.to_state,
            "to_state_label": row.get_to_state_display(),
            "party": row.party.code if row.party else None,
            "reason": row.reason,
        }

    who = actor or row.actor
    return Event(
        EventKind.ITEM_STATE_CHANGED,
        f"transition:{row.pk}",
        row.at,
        who,
        lambda u: _sees_item(u, row.item_id),
        data,
    )


def _report_submitted(report: ProgressReport, actor: User | None) -> Event | None:
    def data(user: User) -> dict[str, Any]:
        return {
            "item": _item(report.item),
            "report": {
                "id": report.pk,
                "party": report.party.code,
                "unit": str(report.unit),
                "period": report.period,
                "percent": report.percent,
                "status": report.status,
                "progress_text": report.progress_text,
                "url": _link("commitments:report_detail", report.pk),
            },
        }

    return Event(
        EventKind.REPORT_SUBMITTED,
        f"report:{report.pk}",
        report.submitted_at,
        actor or report.submitted_by,
        lambda u: _sees_item(u, report.item_id),
        data,
    )


def _notice_issued(notice: Notice, actor: User | None) -> Event | None:
    from twincity.supervision.ladder import visible_notices  # the ladder imports the workflow

    def data(user: User) -> dict[str, Any]:
        from twincity.projects.models import Project

        items = Item.objects.visible_to(user).filter(pk__in=notice.items.values("pk"))
        projects = Project.objects.visible_to(user).filter(pk__in=notice.projects.values("pk"))
        return {
            "notice": {
                "id": notice.pk,
                "number": notice.number,
                "kind": notice.kind,
                "kind_label": notice.get_kind_display(),
                "unit": str(notice.unit),
                "reason": notice.reason,
                "answer_by": notice.answer_by.isoformat() if notice.answer_by else None,
                "url": _link("supervision:notice_detail", notice.pk),
            },
            "items": [_item(item) for item in items.order_by("code", "pk")],
            "projects": [
                {"id": p.pk, "code": p.code, "name": p.name}
                for p in projects.order_by("code", "pk")
            ],
        }

    return Event(
        EventKind.NOTICE_ISSUED,
        f"notice:{notice.pk}",
        notice.issued_at,
        actor or notice.issued_by,
        lambda u: visible_notices(u).filter(pk=notice.pk).exists(),
        data,
    )


def _meeting_closed(meeting: Meeting, actor: User | None) -> Event | None:
    if meeting.status != MeetingStatus.CLOSED:
        return None

    def data(user: User) -> dict[str, Any]:
        decisions = meeting.decisions.select_related("meeting").order_by("number", "pk")
        return {
            "meeting": {
                "id": meeting.pk,
                "title": str(meeting),
                "date": meeting.date_display(),
                "place": meeting.place,
                "url": _link("meetings:detail", meeting.pk),
            },
            "decisions": [{"code": d.code, "title": d.title} for d in decisions],
        }

    return Event(
        EventKind.MEETING_CLOSED,
        f"meeting:{meeting.pk}:closed",
        clock.now(),
        actor,
        lambda u: Meeting.objects.visible_to(u).filter(pk=meeting.pk).exists(),
        data,
    )


DESCRIBE: dict[str, Callable[[Any, User | None], Event | None]] = {
    EventKind.ITEM_STATE_CHANGED: _state_changed,
    EventKind.REPORT_SUBMITTED: _report_submitted,
    EventKind.NOTICE_ISSUED: _notice_issued,
    EventKind.MEETING_CLOSED: _meeting_closed,
}
