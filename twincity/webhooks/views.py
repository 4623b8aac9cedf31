"""Event subscriptions: list, create, edit, (de)activate, new secret, test; the delivery log."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twincity.accounts.models import User
from twincity.lib.forms import attempt
from twincity.lib.htmx import render_page
from twincity.webhooks import workflow
from twincity.webhooks.forms import DeliveryFilterForm, SubscriptionForm
from twincity.webhooks.models import Delivery, DeliveryState, Subscription

PAGE_SIZE = 30


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require_manager(request: HttpRequest) -> None:
    if not workflow.may_manage(_user(request)):
        raise PermissionDenied(_("只有联合办公室、单位联络员或单位负责人可以管理事件订阅。"))


def _subscription(request: HttpRequest, pk: int) -> Subscription:
    """A subscription the user manages: 403 for those who manage none, 404 for other units'."""
    _require_manager(request)
    rows = Subscription.objects.managed_by(_user(request)).select_related("owner", "created_by")
    return get_object_or_404(rows, pk=pk)


def subscription_rows(user: User) -> QuerySet[Subscription]:
    """The user's subscriptions with their delivery counts, in one query."""
    return (
        Subscription.objects.managed_by(user)
        .select_related("owner", "created_by")
        .annotate(
            waiting=Count("deliveries", filter=Q(deliveries__state=DeliveryState.PENDING)),
            failed=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
            last_sent=Max("deliveries__sent_at"),
        )
        .order_by("owner__name", "name", "id")
    )


@login_required
def subscriptions(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    rows = subscription_rows(_user(request))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "hx": True}
    return render_page(
        request, "webhooks/subscriptions.html", "webhooks/_subscriptions.html", context
    )


@login_required
def subscription_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    user = _user(request)
    form = SubscriptionForm(request.POST or None, owners=workflow.owner_choices(user))
    if request.method == "POST" and form.is_valid():
        row = attempt(form, lambda: workflow.create_subscription(user, form.cleaned_data))
        if row is not None:
            messages.success(request, _("已创建订阅“%(name)s”。") % {"name": row.name})
            return _detail(request, row, secret=row.secret)
    return render(request, "webhooks/subscription_form.html", {"form": form, "row": None})


@login_required
def subscription_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = _subscription(request, pk)
    initial = {k: getattr(row, k) for k in ("name", "url", "events", "active")}
    form = SubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form, lambda: workflow.update_subscription(_user(request), row, form.cleaned_data)
        )
        if saved is not None:
            messages.success(request, _("已保存订阅“%(name)s”。") % {"name": row.name})
            return redirect("webhooks:detail", row.pk)
    return render(request, "webhooks/subscription_form.html", {"form": form, "row": row})


@login_required
def subscription_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _subscription(request, pk))


def _detail(request: HttpRequest, row: Subscription, secret: str = "") -> HttpResponse:
    form = DeliveryFilterForm(request.GET or None)
    rows = row.deliveries.order_by("-created_at", "-id")
    if form.is_valid():
        rows = form.filter(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for delivery in page:
        delivery.pretty = json.dumps(delivery.payload, ensure_ascii=False, indent=2)  # type: ignore[attr-defined]
    context: dict[str, Any] = {"row": row, "form": form, "page": page, "hx": True, "secret": secret}
    return render_page(
        request, "webhooks/subscription_detail.html", "webhooks/_deliveries.html", context
    )


@login_required
@require_POST
def subscription_active(request: HttpRequest, pk: int) -> HttpResponse:
    row = _subscription(request, pk)
    workflow.set_active(_user(request), row, not row.active)
    text = _("订阅已启用。") if row.active else _("订阅已停用，不再产生新的推送。")
    messages.success(request, text)
    return redirect("webhooks:detail", row.pk)


@login_required
@require_POST
def subscription_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    row = _subscription(request, pk)
    secret = workflow.rotate_secret(_user(request), row)
    messages.success(request, _("已生成新的签名密钥，原密钥即时失效。"))
    return _detail(request, row, secret=secret)


@login_required
@require_POST
def subscription_test(request: HttpRequest, pk: int) -> HttpResponse:
    row = _subscription(request, pk)
    delivery = workflow.send_test(_user(request), row)
    if delivery.state == DeliveryState.SENT:
        messages.success(request, _("测试事件已送达。"))
    else:
        messages.warning(request, _("测试事件未送达：%(why)s") % {"why": _why(delivery)})
    return redirect("webhooks:detail", row.pk)


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    rows = Delivery.objects.filter(subscription__in=Subscription.objects.managed_by(_user(request)))
    delivery = get_object_or_404(rows.select_related("subscription"), pk=pk)
    if not delivery.subscription.active:
        raise PermissionDenied(_("订阅已停用，不能重新推送。"))
    workflow.retry_now(_user(request), delivery)
    if delivery.state == DeliveryState.SENT:
        messages.success(request, _("已重新推送并送达。"))
    else:
        messages.warning(request, _("重新推送未成功：%(why)s") % {"why": _why(delivery)})
    return redirect("webhooks:detail", delivery.subscription_id)


def _why(delivery: Delivery) -> str:
    if delivery.last_status:
        return f"HTTP {delivery.last_status} {delivery.last_error}".strip()
    return delivery.last_error or "—"
