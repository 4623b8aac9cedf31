"""The audit administrator's read-only view of the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from twincity.accounts.models import Role
from twincity.accounts.policy import actor_of, require
from twincity.audit.forms import EventFilterForm
from twincity.audit.log import record
from twincity.audit.models import AuditEvent
from twincity.audit.verify import HASH_MISMATCH, VerifyResult, verify_chain
from twincity.lib.htmx import render_page
from twincity.reports.excel import Sheet, xlsx_response

PAGE_SIZE = 50


def _require_auditor(request: HttpRequest) -> None:
    require(actor_of(request.user).has(Role.AUDITOR))


def _event_rows(request: HttpRequest) -> tuple[EventFilterForm, QuerySet[AuditEvent]]:
    """The events filter and the events it selects, newest first (the page and its export)."""
    form = EventFilterForm(request.GET)
    rows = AuditEvent.objects.select_related("actor").order_by("-id")
    # An invalid filter shows its errors and no rows, never the unfiltered log.
    return form, form.filter(rows) if form.is_valid() else rows.none()


def _events_export(request: HttpRequest, rows: QuerySet[AuditEvent]) -> HttpResponse:
    columns = [
        "#",
        _("时间"),
        _("操作人账号"),
        _("操作人姓名"),
        _("来源地址"),
        _("操作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
    ]
    lines = [
        [
            e.pk,
            e.at,
            e.actor_name,
            e.actor.display_name if e.actor else "",
            e.ip,
            e.action,
            e.target_type,
            e.target_id,
            e.target_repr,
        ]
        for e in rows
    ]
    response = xlsx_response(_("审计日志"), [Sheet(_("审计日志"), columns, lines)])
    # 等保: taking a copy of the log is itself an audited operation.
    filters = {k: request.GET[k] for k in EventFilterForm.base_fields if request.GET.get(k)}
    record("audit.export", actor=request.user, after={"filters": filters, "count": len(lines)})
    return response


@login_required
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    form, rows = _event_rows(request)
    if request.GET.get("format") == "xlsx":
        return _events_export(request, rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    return render_page(request, "audit/events.html", "audit/_events_table.html", context)


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_auditor(request)
    event = get_object_or_404(AuditEvent.objects.select_related("actor"), pk=pk)
    context = {
        "event": event,
        "diff": field_diff(event),
        "hash_ok": event.compute_hash() == event.hash,
    }
    return render(request, "audit/event_detail.html", context)


@login_required
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    result = verify_chain()
    if result.ok:
        messages.success(request, _("审计日志链完整：共 %(n)s 条事件。") % {"n": result.count})
    else:
        messages.error(request, broken_message(result))
    # 等保: the audit administrator's own operations are audited too.
    record(
        "audit.verify",
        actor=request.user,
        after={"ok": result.ok, "count": result.count, "broken_id": result.broken_id},
    )
    return redirect("audit:events")


def broken_message(result: VerifyResult) -> str:
    reason = (
        _("哈希值不符，该事件已被修改")
        if result.reason == HASH_MISMATCH
        else _("链接不符，此前有事件被删除或插入")
    )
    return _("审计日志链在事件 #%(id)s（%(action)s，%(at)s）处断裂：%(reason)s。") % {
        "id": result.broken_id,
        "action": result.broken_action,
        "at": timezone.localtime(result.broken_at).strftime("%Y-%m-%d %H:%M:%S"),
        "reason": reason,
    }


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after, formatted for reading (None: field absent)."""

    label: str
    before: str | None
    after: str | None
    changed: bool


def field_diff(event: AuditEvent) -> list[FieldChange]:
    before, after = event.before or {}, event.after or {}
    names = list(before) + [name for name in after if name not in before]
    return [
        FieldChange(
            label=_field_label(event.target_type, name),
            before=_show(before, name),
            after=_show(after, name),
            changed=before.get(name) != after.get(name) or (name in before) != (name in after),
        )
        for name in names
    ]


def _field_label(target_type: str, name: str) -> str:
    try:
        model = apps.get_model(target_type)
        return f"{model._meta.get_field(name).verbose_name}（{name}）"
    except (LookupError, ValueError, FieldDoesNotExist):
        return name


def _show(data: dict[str, Any], name: str) -> str | None:
    if name not in data:
        return None
    value = data[name]
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
