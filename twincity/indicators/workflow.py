"""The only code that writes indicators and their observations.

Every verb is office-only, runs in one transaction and writes an audit event. Editing refuses
a stale version; every save of an observation also writes an ObservationRevision row, so the
history holds every value the observation has had.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record, snapshot
from twincity.commitments.workflow import ConflictError, WorkflowError
from twincity.indicators.models import (
    Indicator,
    Observation,
    ObservationRevision,
    Region,
    RegionLevel,
)
from twincity.lib import clock

__all__ = ["ConflictError", "WorkflowError"]

INDICATOR_FIELDS = [
    "code",
    "name",
    "unit",
    "area",
    "definition",
    "source",
    "direction",
    "levels",
    "is_key",
    "is_public",
    "order",
]
OBSERVATION_FIELDS = ["value", "source_document", "source_url", "note"]
RESERVED_CODES = {"new", "observations"}  # path segments of the indicator pages
PLACES = Decimal("0.0001")  # Observation.value keeps four decimal places


def _require_office(user: User) -> None:
    if not actor_of(user).is_office:
        raise PermissionDenied(_("只有联合办公室可以执行此操作。"))


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    keys = [k for k, v in after.items() if before.get(k) != v]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


# --- indicators ------------------------------------------------------------------------------


def _check_indicator(indicator: Indicator) -> None:
    if indicator.code in RESERVED_CODES:
        raise WorkflowError({"code": _("该代码为系统保留，请换一个。")}, code="code")
    if Indicator.objects.filter(code=indicator.code).exclude(pk=indicator.pk).exists():
        raise WorkflowError({"code": _("该指标代码已存在。")}, code="code")
    if not indicator.levels or not set(indicator.levels) <= set(RegionLevel.values):
        raise WorkflowError({"levels": _("请至少选择一个适用层级。")}, code="levels")
    if indicator.pk is None:
        return
    used = (
        Region.objects.filter(observations__indicator=indicator)
        .exclude(level__in=indicator.levels)
        .values_list("level", flat=True)
        .distinct()
    )
    if dropped := sorted(set(used)):
        labels = "、".join(str(RegionLevel(level).label) for level in dropped)
        message = _("已有%(levels)s层级的数据，不能取消该层级。") % {"levels": labels}
        raise WorkflowError({"levels": message}, code="levels")


@transaction.atomic
def create_indicator(user: User, data: dict[str, Any], is_demo: bool = False) -> Indicator:
    """Add an indicator to the catalogue."""
    _require_office(user)
    indicator = Indicator(**{k: data[k] for k in INDICATOR_FIELDS}, is_demo=is_demo)
    _check_indicator(indicator)
    indicator.save()
    after = snapshot(indicator, INDICATOR_FIELDS)
    record("indicator.create", actor=user, target=indicator, after=after)
    return indicator


@transaction.atomic
def update_indicator(
    user: User, indicator: Indicator, data: dict[str, Any], expected_version: int | None
) -> Indicator:
    """Edit an indicator; refused if someone saved first or a level in use is dropped."""
    _require_office(user)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if expected_version is not None and indicator.version != expected_version:
        raise ConflictError()
    before = snapshot(indicator, INDICATOR_FIELDS)
    for name in INDICATOR_FIELDS:
        setattr(indicator, name, data[name])
    _check_indicator(indicator)
    indicator.version += 1
    indicator.save()
    old, new = _changes(before, snapshot(indicator, INDICATOR_FIELDS))
    record("indicator.update", actor=user, target=indicator, before=old, after=new)
    return indicator


# --- observations ----------------------------------------------------------------------------


def _check_level(indicator: Indicator, region: Region) -> None:
    if not indicator.applies_to(region):
        message = _(
            "所选地区“%(region)s”属于“%(level)s”层级，指标“%(indicator)s”只适用于%(levels)s层级。"
        ) % {
            "region": region.name,
            "level": region.get_level_display(),
            "indicator": indicator.name,
            "levels": "、".join(indicator.level_labels) or _("（未设置）"),
        }
        raise WorkflowError({"region": message}, code="level")


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    """The observation's editable fields from `data`, the value at its stored precision."""
    fields = {k: data.get(k) or "" for k in OBSERVATION_FIELDS}
    fields["value"] = Decimal(data["value"]).quantize(PLACES)
    return fields


def _revise(observation: Observation, user: User, reason: str) -> ObservationRevision:
    last = observation.revisions.order_by("-number").values_list("number", flat=True).first()
    return ObservationRevision.objects.create(
        observation=observation,
        number=(last or 0) + 1,
        reason=reason,
        changed_by=user,
        changed_at=observation.updated_at,
        **{k: getattr(observation, k) for k in OBSERVATION_FIELDS},
    )


@transaction.atomic
def record_observation(
    user: User,
    indicator: Indicator,
    region: Region,
    period_kind: str,
    period_end: Any,
    data: dict[str, Any],
    is_demo: bool = False,
) -> Observation:
    """Enter a new value for one region and period; a period already entered is refused
    (revise that observation instead)."""
    _require_office(user)
    _check_level(indicator, region)
    same = Observation.objects.filter(
        indicator=indicator, region=region, period_kind=period_kind, period_end=period_end
    )
    if same.exists():
        message = _("该地区该时期的数值已录入，如需更正请修改已有数据。")
        raise WorkflowError({"period": message}, code="duplicate")
    now = clock.now()
    observation = Observation.objects.create(
        indicator=indicator,
        region=region,
        period_kind=period_kind,
        period_end=period_end,
        is_demo=is_demo,
        created_by=user,
        created_at=now,
        updated_by=user,
        updated_at=now,
        **_fields(data),
    )
    _revise(observation, user, "")
    after = snapshot(observation, ["region", "period_kind", "period_end", *OBSERVATION_FIELDS])
    record("observation.create", actor=user, target=observation, after=after)
    return observation


@transaction.atomic
def revise_observation(
    user: User,
    observation: Observation,
    data: dict[str, Any],
    reason: str,
    expected_version: int | None,
) -> Observation:
    """Correct an observation's value or source, with a reason; refused if someone saved
    first. Writes a revision row and an audit event."""
    _require_office(user)
    if not (reason or "").strip():
        raise WorkflowError({"reason": _("请填写修改原因。")}, code="reason")
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if expected_version is not None and observation.version != expected_version:
        raise ConflictError()
    before = snapshot(observation, OBSERVATION_FIELDS)
    for name, value in _fields(data).items():
        setattr(observation, name, value)
    observation.version += 1
    observation.updated_by, observation.updated_at = user, clock.now()
    observation.save()
    revision = _revise(observation, user, reason.strip())
    old, new = _changes(before, snapshot(observation, OBSERVATION_FIELDS))
    new["reason"] = revision.reason
    record("observation.revise", actor=user, target=observation, before=old, after=new)
    return observation
