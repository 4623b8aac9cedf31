"""The only code that writes subscriptions, and the hand actions on deliveries; all audited.

A subscription receives what its creator may see, so one creates subscriptions only for a
unit one belongs to (the office for the joint office); the office then manages every unit's
(edit, deactivate, test, retry) without widening what they receive. Secrets never reach the
audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from twincity.accounts.models import Unit, UnitKind, User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record, snapshot
from twincity.lib import clock
from twincity.webhooks import deliver, events
from twincity.webhooks.models import (
    MANAGER_ROLES,
    Delivery,
    DeliveryState,
    Subscription,
    new_secret,
)

FIELDS = ["owner", "name", "url", "events", "active"]


def may_manage(user: User) -> bool:
    """Whether the user manages any unit's subscriptions (the office, liaisons, heads)."""
    actor = actor_of(user)
    return actor.is_office or bool(actor.units_for(*MANAGER_ROLES))


def owner_choices(user: User) -> QuerySet[Unit]:
    """The units the user may create a subscription for: their own (the office: the office)."""
    actor = actor_of(user)
    own = Q(pk__in=actor.units_for(*MANAGER_ROLES))
    if actor.is_office:
        own |= Q(kind=UnitKind.JOINT_OFFICE)
    return Unit.objects.filter(own)


def _require_manager(user: User, subscription: Subscription) -> None:
    if not Subscription.objects.managed_by(user).filter(pk=subscription.pk).exists():
        raise PermissionDenied(_("您无权管理该订阅。"))


def _audit(action: str, user: User, row: Subscription, before: dict[str, Any] | None) -> None:
    after = snapshot(row, FIELDS)
    if before is not None:
        changed = [k for k, v in after.items() if before.get(k) != v]
        before, after = {k: before[k] for k in changed}, {k: after[k] for k in changed}
    record(action, actor=user, target=row, before=before, after=after)


@transaction.atomic
def create_subscription(user: User, data: dict[str, Any]) -> Subscription:
    """Create a subscription owned by one of the user's units; its secret is generated."""
    if not owner_choices(user).filter(pk=data["owner"].pk).exists():
        raise PermissionDenied(_("只能为本单位创建订阅。"))
    row = Subscription(created_by=user, **{k: data[k] for k in FIELDS if k in data})
    row.full_clean()
    row.save()
    _audit("webhook_subscription.create", user, row, None)
    return row


@transaction.atomic
def update_subscription(user: User, row: Subscription, data: dict[str, Any]) -> Subscription:
    """Change the name, URL, events or state; the owner and the creator stay."""
    _require_manager(user, row)
    before = snapshot(row, FIELDS)
    for name in ("name", "url", "events", "active"):
        if name in data:
            setattr(row, name, data[name])
    row.updated_at = clock.now()
    row.full_clean()
    row.save()
    _audit("webhook_subscription.update", user, row, before)
    return row


def set_active(user: User, row: Subscription, active: bool) -> Subscription:
    return update_subscription(user, row, {"active": active})


@transaction.atomic
def rotate_secret(user: User, row: Subscription) -> str:
    """A new secret, returned to be shown once; the old one stops working at once."""
    _require_manager(user, row)
    row.secret, row.updated_at = new_secret(), clock.now()
    row.save(update_fields=["secret", "updated_at"])
    record("webhook_subscription.rotate_secret", actor=user, target=row)
    return row.secret


def send_test(user: User, row: Subscription) -> Delivery:
    """Queue a test event and post it now; the delivery log shows how it went."""
    _require_manager(user, row)
    delivery = events.ping(row, user)
    record("webhook_subscription.test", actor=user, target=row, after={"delivery": delivery.pk})
    deliver.attempt(delivery, clock.now())
    return delivery


def retry_now(user: User, delivery: Delivery) -> Delivery:
    """Post a pending or given-up delivery now (one more attempt after giving up)."""
    row = delivery.subscription
    _require_manager(user, row)
    if delivery.state == DeliveryState.SENT:
        return delivery
    now = clock.now()
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.PENDING, next_attempt_at=now)
    delivery.state = DeliveryState.PENDING
    record("webhook_delivery.retry", actor=user, target=delivery, after={"key": delivery.key})
    deliver.attempt(delivery, now)
    return delivery
