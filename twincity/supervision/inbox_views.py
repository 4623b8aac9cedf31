"""The inbox (a person's notifications) and the units' robot webhooks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from twincity.accounts.forms import BootstrapForm, BootstrapModelForm
from twincity.accounts.models import Role, Unit, User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record, snapshot
from twincity.lib import clock
from twincity.lib.htmx import is_fragment_request, render_page
from twincity.supervision.models import Notification, UnitWebhook
from twincity.supervision.notify import kind_label

PAGE_SIZE = 30
SECRET_MIN = 16


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- inbox ---------------------------------------------------------------------------------------


class InboxFilterForm(BootstrapForm):
    show = forms.ChoiceField(
        label=gettext_lazy("显示"),
        required=False,
        choices=[("", gettext_lazy("全部通知")), ("unread", gettext_lazy("仅未读"))],
    )


def inbox_rows(user: User, show: str = "") -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first."""
    rows = Notification.objects.filter(recipient=user)
    if show == "unread":
        rows = rows.filter(read_at__isnull=True)
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1))
    return rows.order_by(unread_first, "-created_at", "-id")


def _inbox_context(request: HttpRequest) -> dict[str, Any]:
    form = InboxFilterForm(request.GET or None)
    show = form.cleaned_data["show"] if form.is_valid() else ""
    page = Paginator(inbox_rows(_user(request), show), PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row.kind_label = kind_label(row.kind)  # type: ignore[attr-defined]
    actor = actor_of(request.user)
    can_webhooks = actor.is_office or actor.has(Role.LIAISON)
    return {"form": form, "page": page, "hx": True, "can_webhooks": can_webhooks}


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    context = _inbox_context(request)
    return render_page(request, "supervision/inbox.html", "supervision/_inbox.html", context)


@login_required
@require_POST
def inbox_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; with `open`, go on to what it points at."""
    row = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if row.read_at is None:
        row.read_at = clock.now()
        row.save(update_fields=["read_at"])
        record("notification.read", actor=request.user, target=row)
    if request.POST.get("open") and _safe(request, row.url):
        return redirect(row.url)
    if is_fragment_request(request):
        row.kind_label = kind_label(row.kind)  # type: ignore[attr-defined]
        return render(request, "supervision/_inbox_row.html", {"row": row, "oob": True})
    return redirect(_back(request))


@login_required
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    unread = Notification.objects.filter(recipient=_user(request), read_at__isnull=True)
    count = unread.update(read_at=clock.now())
    if count:
        record("notification.read_all", actor=request.user, after={"count": count})
    if is_fragment_request(request):
        context = _inbox_context(request) | {"oob": True}
        return render(request, "supervision/_inbox.html", context)
    messages.success(request, _("已将 %(count)d 条通知标为已读。") % {"count": count})
    return redirect(_back(request))


def _safe(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    return target if _safe(request, target) else reverse("supervision:inbox")


# --- unit webhooks -------------------------------------------------------------------------------


WEBHOOK_STATES = [
    ("", gettext_lazy("全部单位")),
    ("active", gettext_lazy("已启用")),
    ("inactive", gettext_lazy("已停用")),
    ("none", gettext_lazy("未设置")),
]


class WebhookFilterForm(BootstrapForm):
    q = forms.CharField(label=gettext_lazy("单位名称"), required=False, max_length=100)
    state = forms.ChoiceField(label=gettext_lazy("状态"), required=False, choices=WEBHOOK_STATES)

    def filter(self, units: QuerySet[Unit]) -> QuerySet[Unit]:
        data = self.cleaned_data
        if data.get("q"):
            units = units.filter(Q(name__icontains=data["q"]) | Q(short_name__icontains=data["q"]))
        state = data.get("state")
        if state == "none":
            units = units.filter(webhook__isnull=True)
        elif state:
            units = units.filter(webhook__active=state == "active")
        return units


class WebhookForm(BootstrapModelForm):
    url = forms.URLField(
        label=gettext_lazy("回调地址"),
        max_length=200,
        assume_scheme="https",
        error_messages={
            "required": gettext_lazy("请填写回调地址。"),
            "invalid": gettext_lazy("回调地址格式不正确，须以 http:// 或 https:// 开头。"),
        },
    )
    secret = forms.CharField(
        label=gettext_lazy("签名密钥"),
        required=False,
        strip=True,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = UnitWebhook
        fields = ["url", "secret", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.old_secret = self.instance.secret if self.instance.pk else ""
        self.fields["secret"].help_text = (
            _("留空则保留原密钥。") if self.old_secret else _("至少 16 个字符，用于校验签名。")
        )

    def clean_secret(self) -> str:
        secret = self.cleaned_data.get("secret") or ""
        if not secret and self.old_secret:
            return self.old_secret
        if len(secret) < SECRET_MIN:
            raise forms.ValidationError(
                _("签名密钥至少需要 %(n)d 个字符。") % {"n": SECRET_MIN}, code="short"
            )
        return secret


def editable_units(user: User) -> QuerySet[Unit]:
    """The office sets every unit's robot; a liaison sets their own unit's."""
    actor = actor_of(user)
    units = Unit.objects.select_related("party", "webhook")
    if actor.is_office:
        return units
    return units.filter(pk__in=actor.units_for(Role.LIAISON))


def _require_webhook_editor(user: User) -> None:
    actor = actor_of(user)
    if not (actor.is_office or actor.has(Role.LIAISON)):
        raise PermissionDenied(_("只有联合办公室或单位联络员可以设置单位机器人。"))


@login_required
def webhooks(request: HttpRequest) -> HttpResponse:
    _require_webhook_editor(_user(request))
    form = WebhookFilterForm(request.GET or None)
    units = editable_units(_user(request)).order_by("party__order", "name")
    if form.is_valid():
        units = form.filter(units)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "hx": True}
    return render_page(request, "supervision/webhooks.html", "supervision/_webhooks.html", context)


@login_required
def webhook_edit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_pk)
    _require_webhook_editor(_user(request))
    if not editable_units(_user(request)).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("您只能设置本单位的机器人。"))
    webhook = UnitWebhook.objects.filter(unit=unit).first() or UnitWebhook(unit=unit)
    before = _webhook_snapshot(webhook) if webhook.pk else None
    form = WebhookForm(request.POST or None, instance=webhook)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        after = _webhook_snapshot(saved) | {"secret_changed": saved.secret != form.old_secret}
        action = "webhook.update" if before else "webhook.create"
        record(action, actor=request.user, target=saved, before=before, after=after)
        messages.success(request, _("已保存“%(unit)s”的机器人设置。") % {"unit": unit})
        return redirect("supervision:webhooks")
    deliveries = webhook.deliveries.order_by("-created_at", "-id")[:10] if webhook.pk else []
    context = {"form": form, "unit": unit, "webhook": webhook, "deliveries": deliveries}
    return render(request, "supervision/webhook_form.html", context)


def _webhook_snapshot(webhook: UnitWebhook) -> dict[str, Any]:
    return snapshot(webhook, ["unit", "url", "active"])
