"""The only code that writes 川渝通办 batches, items and case volumes.

Every verb is office-only, runs in one transaction and writes an audit event; editing a batch
or an item refuses a stale version.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from twincity.accounts.models import Party, Unit, User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record, snapshot
from twincity.commitments.workflow import ConflictError, WorkflowError
from twincity.services.models import CaseVolume, ServiceBatch, ServiceDepartment, ServiceItem

__all__ = ["ConflictError", "WorkflowError"]

BATCH_FIELDS = ["number", "doc_number", "date", "title"]
ITEM_FIELDS = ["batch", "code", "name", "category", "mode", "launch_date"]


def _require_office(user: User) -> None:
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以执行此操作。"))


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    keys = [k for k, v in after.items() if before.get(k) != v]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


# --- batches ---------------------------------------------------------------------------------


def _check_batch(batch: ServiceBatch) -> None:
    if ServiceBatch.objects.filter(number=batch.number).exclude(pk=batch.pk).exists():
        raise WorkflowError({"number": _("该批次号已存在。")}, code="number")


@transaction.atomic
def create_batch(user: User, data: dict[str, Any]) -> ServiceBatch:
    """Record a published batch."""
    _require_office(user)
    batch = ServiceBatch(**{k: data[k] for k in BATCH_FIELDS})
    _check_batch(batch)
    batch.save()
    record("service_batch.create", actor=user, target=batch, after=snapshot(batch, BATCH_FIELDS))
    return batch


@transaction.atomic
def update_batch(
    user: User, batch: ServiceBatch, data: dict[str, Any], expected_version: int | None
) -> ServiceBatch:
    """Edit a batch; refused if someone saved first."""
    _require_office(user)
    batch = ServiceBatch.objects.select_for_update().get(pk=batch.pk)
    if expected_version is not None and batch.version != expected_version:
        raise ConflictError()
    before = snapshot(batch, BATCH_FIELDS)
    for name in BATCH_FIELDS:
        setattr(batch, name, data[name])
    _check_batch(batch)
    batch.version += 1
    batch.save()
    old, new = _changes(before, snapshot(batch, BATCH_FIELDS))
    record("service_batch.update", actor=user, target=batch, before=old, after=new)
    return batch


# --- items -----------------------------------------------------------------------------------


def _check_item(item: ServiceItem) -> None:
    if ServiceItem.objects.filter(code=item.code).exclude(pk=item.pk).exists():
        raise WorkflowError({"code": _("该事项编号已存在。")}, code="code")


def _item_state(item: ServiceItem) -> dict[str, Any]:
    state = snapshot(item, ITEM_FIELDS)
    rows = item.departments.order_by("party_id").values_list("party_id", "unit_id")
    state["departments"] = {str(party): unit for party, unit in rows}
    return state


def _set_departments(item: ServiceItem, units: dict[Party, Unit | None]) -> None:
    item.departments.all().delete()
    ServiceDepartment.objects.bulk_create(
        ServiceDepartment(item=item, party=party, unit=unit)
        for party, unit in units.items()
        if unit is not None
    )


@transaction.atomic
def create_item(user: User, data: dict[str, Any], units: dict[Party, Unit | None]) -> ServiceItem:
    """Add a service item with its department on each side."""
    _require_office(user)
    item = ServiceItem(**{k: data[k] for k in ITEM_FIELDS})
    _check_item(item)
    item.save()
    _set_departments(item, units)
    record("service_item.create", actor=user, target=item, after=_item_state(item))
    return item


@transaction.atomic
def update_item(
    user: User,
    item: ServiceItem,
    data: dict[str, Any],
    units: dict[Party, Unit | None],
    expected_version: int | None,
) -> ServiceItem:
    """Edit an item and its departments; refused if someone saved first."""
    _require_office(user)
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    if expected_version is not None and item.version != expected_version:
        raise ConflictError()
    before = _item_state(item)
    for name in ITEM_FIELDS:
        setattr(item, name, data[name])
    _check_item(item)
    item.version += 1
    item.save()
    _set_departments(item, units)
    old, new = _changes(before, _item_state(item))
    record("service_item.update", actor=user, target=item, before=old, after=new)
    return item


# --- case volumes ----------------------------------------------------------------------------


@transaction.atomic
def record_volume(
    user: User, item: ServiceItem, party: Party, year: int, month: int, cases: int
) -> tuple[CaseVolume, bool]:
    """Enter one side's cases for a month; entering the same month again replaces the figure."""
    _require_office(user)
    volume, created = CaseVolume.objects.select_for_update().get_or_create(
        item=item, party=party, year=year, month=month, defaults={"cases": cases}
    )
    if created:
        record("service_volume.create", actor=user, target=volume, after={"cases": cases})
    elif volume.cases != cases:
        before = {"cases": volume.cases}
        volume.cases = cases
        volume.save(update_fields=["cases"])
        record(
            "service_volume.update",
            actor=user,
            target=volume,
            before=before,
            after={"cases": cases},
        )
    return volume, created
