"""Event subscriptions over the API, read-only: the caller's subscriptions and their deliveries.

The same rule as the pages (`Subscription.objects.managed_by`): the office reads every
subscription, a liaison or head their own unit's; others get an empty list, and 404 on detail.
The secret is never returned.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from twincity.api import Page, PageIn, caller, paginate
from twincity.webhooks.models import Delivery, Subscription

router: Router = Router(tags=["webhooks"])


class SubscriptionOut(Schema):
    id: int
    owner: str
    owner_code: str
    name: str
    url: str
    events: list[str]
    active: bool
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime


class DeliveryOut(Schema):
    id: int
    event: str
    key: str
    state: str
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None
    attempts: int
    sent_at: dt.datetime | None
    last_status: int | None
    last_error: str
    response_ms: int | None
    payload: dict[str, Any]


def _subscription_out(row: Subscription) -> dict[str, Any]:
    return {
        **{name: getattr(row, name) for name in ("id", "name", "url", "events", "active")},
        "owner": str(row.owner),
        "owner_code": row.owner.code,
        "created_by": str(row.created_by),
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def _delivery_out(row: Delivery) -> dict[str, Any]:
    out = {name: getattr(row, name) for name in DeliveryOut.model_fields}
    out["next_attempt_at"] = row.next_attempt_at if row.state == "pending" else None
    return out


def _managed(request: HttpRequest) -> Any:
    return Subscription.objects.managed_by(caller(request)).select_related("owner", "created_by")


@router.get("", response=Page[SubscriptionOut])
def list_subscriptions(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The subscriptions the caller manages, by id."""
    return paginate(_managed(request).order_by("pk"), page, _subscription_out)


@router.get("/{subscription_id}", response=SubscriptionOut)
def get_subscription(request: HttpRequest, subscription_id: int) -> dict[str, Any]:
    return _subscription_out(get_object_or_404(_managed(request), pk=subscription_id))


@router.get("/{subscription_id}/deliveries", response=Page[DeliveryOut])
def list_deliveries(
    request: HttpRequest, subscription_id: int, page: Query[PageIn]
) -> dict[str, Any]:
    """The subscription's delivery log, newest first."""
    row = get_object_or_404(_managed(request), pk=subscription_id)
    return paginate(row.deliveries.order_by("-created_at", "-id"), page, _delivery_out)


routers = {"/webhooks": router}
