"""Login, passwords, users and roles (三员分立), and the organisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from twincity.accounts import tokens, workflow
from twincity.accounts.forms import (
    GrantRoleForm,
    LoginForm,
    NewPasswordForm,
    PartyForm,
    PasswordChangeForm,
    UnitFilterForm,
    UnitForm,
    UserCreateForm,
    UserFilterForm,
    WorkingGroupForm,
)
from twincity.accounts.middleware import IDLE_FLAG, touch
from twincity.accounts.models import (
    ApiToken,
    Membership,
    Party,
    Role,
    TokenScope,
    Unit,
    User,
    WorkingGroup,
    WorkingGroupLead,
)
from twincity.accounts.policy import actor_of, is_business_user
from twincity.audit.log import client_ip, record, snapshot
from twincity.imports import exports
from twincity.lib import clock, ratelimit
from twincity.lib.htmx import render_page

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    """The signed-in user (every caller sits behind login_required)."""
    return request.user  # type: ignore[return-value]


def _posted(request: HttpRequest) -> Any:
    """The POST data to bind a form to (even when empty), or None on GET."""
    return request.POST if request.method == "POST" else None


# --- login, logout, own password ---------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else resolve_url("home:index")


def _login_refusal(request: HttpRequest) -> ratelimit.Decision | None:
    """Count this attempt per address, then per submitted username; the refusal, if any.
    The first refusal of a window is audited, the rest only answered."""
    username = request.POST.get("username", "")[:150]
    limits = [
        ("address", client_ip(request), settings.LOGIN_RATE_ADDRESS),
        ("account", username.strip().casefold(), settings.LOGIN_RATE_ACCOUNT),
    ]
    for scope, key, rate in limits:
        decision = ratelimit.hit_rate(f"login-{scope}", key, rate) if key else None
        if decision is None or decision.allowed:
            continue
        if decision.first_refusal:
            after = {"limit": scope, "rate": rate, "retry_after": decision.retry_after}
            record("accounts.login_throttled", actor_name=username, after=after)
        return decision
    return None


def _login_page(request: HttpRequest, form: LoginForm, idle: bool) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return render(request, "accounts/login.html", {"form": form, "idle": idle, "next": next_url})


def _too_many(request: HttpRequest, form: LoginForm, refusal: ratelimit.Decision) -> HttpResponse:
    seconds = refusal.retry_after
    form.add_error(None, _("登录尝试过于频繁，请于 %(seconds)s 秒后再试。") % {"seconds": seconds})
    response = _login_page(request, form, idle=False)
    response.status_code = 429
    response["Retry-After"] = str(seconds)
    return response


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    idle = request.session.pop(IDLE_FLAG, False)
    form = LoginForm(_posted(request))
    refusal = _login_refusal(request) if request.method == "POST" else None
    if refusal is not None:  # refused before the password is looked at
        return _too_many(request, form, refusal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = workflow.check_login(data["username"], data["password"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user)
            touch(request)
            workflow.logged_in(user)
            if user.password_changed_at is None:
                messages.warning(request, _("您仍在使用初始密码，请尽快修改密码。"))
            return redirect(_next_url(request))
    return _login_page(request, form, idle)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        workflow.logged_out(_user(request))
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("accounts:login")


@sensitive_post_parameters()
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PasswordChangeForm(user, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.change_password(user, form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改。"))
            return redirect("home:index")
    return render(request, "accounts/password_change.html", {"form": form})


# --- users and roles -------------------------------------------------------------------------


def _require_user_admin(user: Any) -> None:
    if not workflow.can_manage_users(user):
        raise PermissionDenied(_("只有系统管理员或安全管理员可以查看用户。"))


def _memberships() -> Prefetch:
    rows = Membership.objects.select_related("unit", "working_group")
    return Prefetch("memberships", queryset=rows)


@login_required
def users(request: HttpRequest) -> HttpResponse:
    _require_user_admin(request.user)
    form = UserFilterForm(request.GET or None)
    rows = User.objects.order_by("username").prefetch_related(_memberships())
    if form.is_valid():
        rows = form.filter(rows)
    if exports.wants_xlsx(request):
        return _users_xlsx(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_create": actor_of(request.user).has(Role.SYSADMIN),
    }
    return render_page(request, "accounts/users.html", "accounts/_users.html", context)


def _users_xlsx(rows: QuerySet[User]) -> HttpResponse:
    columns = [_("用户名"), _("姓名"), _("角色"), _("状态"), _("最近登录")]
    table = [
        [
            u.username,
            u.display_name,
            "；".join(_role_text(m) for m in u.memberships.all()),
            _("启用") if u.is_active else _("停用"),
            u.last_login,
        ]
        for u in rows
    ]
    return exports.table_response(_("用户与角色"), columns, table)


def _role_text(m: Any) -> str:
    parts = [m.get_role_display(), str(m.unit or ""), str(m.working_group or "")]
    return " · ".join(p for p in parts if p)


@sensitive_post_parameters()
@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    if not actor_of(request.user).has(Role.SYSADMIN):
        raise PermissionDenied(_("只有系统管理员可以新建用户。"))
    form = UserCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("username", "display_name", "email", "phone")}
        try:
            user = workflow.create_user(
                _user(request),
                password=form.cleaned_data["password"],
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已新建用户“%(name)s”。") % {"name": user})
            return redirect("accounts:user_detail", pk=user.pk)
    context = {"form": form, "title": _("新建用户"), "back": reverse("accounts:users")}
    return render(request, "accounts/form.html", context)


def _detail(request: HttpRequest, account: User, **forms: BaseForm) -> HttpResponse:
    actor = actor_of(request.user)
    memberships = account.memberships.select_related("unit", "working_group", "granted_by")
    context = {
        "account": account,
        "memberships": memberships,
        "is_sysadmin": actor.has(Role.SYSADMIN),
        "is_secadmin": actor.has(Role.SECADMIN),
        "is_self": account.pk == request.user.pk,
        "guarded": bool(workflow.roles_of(account) & workflow.GUARDED_ROLES),
        "grant_form": forms.get("grant_form") or GrantRoleForm(),
        "password_form": forms.get("password_form") or NewPasswordForm(),
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user_admin(request.user)
    return _detail(request, get_object_or_404(User, pk=pk))


def _user_action(
    request: HttpRequest, pk: int, act: Callable[[User], object], done: str
) -> HttpResponse:
    """Run one POSTed action on an account; a refused one comes back as a message."""
    _require_user_admin(request.user)
    account = get_object_or_404(User, pk=pk)
    try:
        act(account)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("accounts:user_detail", pk=account.pk)


@require_POST
@login_required
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    done = _("账号已启用。") if active else _("账号已停用。")
    return _user_action(
        request,
        pk,
        lambda u: workflow.set_active(_user(request), u, active),
        done,
    )


@require_POST
@login_required
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _user_action(
        request,
        pk,
        lambda u: workflow.unlock(_user(request), u),
        _("账号已解锁。"),
    )


@sensitive_post_parameters()
@require_POST
@login_required
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user_admin(request.user)
    account = get_object_or_404(User, pk=pk)
    form = NewPasswordForm(request.POST)
    if form.is_valid():
        try:
            workflow.reset_password(_user(request), account, form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("密码已重置，请通知用户登录后修改。"))
            return redirect("accounts:user_detail", pk=account.pk)
    return _detail(request, account, password_form=form)


@require_POST
@login_required
def user_grant(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user_admin(request.user)
    account = get_object_or_404(User, pk=pk)
    form = GrantRoleForm(request.POST)
    if form.is_valid():
        try:
            workflow.grant_role(_user(request), account, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("角色已授予。"))
            return redirect("accounts:user_detail", pk=account.pk)
    return _detail(request, account, grant_form=form)


@require_POST
@login_required
def user_revoke(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    _require_user_admin(request.user)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, user_id=pk
    )
    workflow.revoke_role(_user(request), membership)
    messages.success(request, _("角色已撤销。"))
    return redirect("accounts:user_detail", pk=pk)


# --- organisation ----------------------------------------------------------------------------


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    workflow.require_organisation_editor(_user(request))
    form = UnitFilterForm(request.GET or None)
    units = Unit.objects.select_related("party", "parent")
    if form.is_valid():
        units = form.filter(units)
    if exports.wants_xlsx(request):
        return exports.register_response("units", units)
    leads = WorkingGroupLead.objects.select_related("party", "unit")
    groups = WorkingGroup.objects.prefetch_related(Prefetch("leads", queryset=leads), "members")
    context = {
        "parties": Party.objects.all(),
        "form": form,
        "page": Paginator(units, PAGE_SIZE).get_page(request.GET.get("page")),
        "groups": groups,
    }
    return render_page(request, "accounts/organisation.html", "accounts/_units.html", context)


def _edit(
    request: HttpRequest, form: BaseForm, save: Callable[[], object], title: str
) -> HttpResponse:
    """The shared tail of the organisation editors: save when valid, else show the form."""
    if request.method == "POST" and form.is_valid():
        save()
        messages.success(request, _("已保存。"))
        return redirect("accounts:organisation")
    context = {"form": form, "title": title, "back": reverse("accounts:organisation")}
    return render(request, "accounts/form.html", context)


@login_required
def party_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    workflow.require_organisation_editor(_user(request))
    party = get_object_or_404(Party, pk=pk) if pk else Party()
    before = snapshot(party) if pk else None
    form = PartyForm(_posted(request), instance=party)
    title = _("编辑参与方") if pk else _("新建参与方")
    return _edit(
        request,
        form,
        lambda: workflow.save_party(_user(request), form.save(commit=False), before),
        title,
    )


@login_required
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    workflow.require_organisation_editor(_user(request))
    unit = get_object_or_404(Unit, pk=pk) if pk else Unit()
    before = snapshot(unit) if pk else None
    form = UnitForm(_posted(request), instance=unit)
    title = _("编辑单位") if pk else _("新建单位")
    return _edit(
        request,
        form,
        lambda: workflow.save_unit(_user(request), form.save(commit=False), before),
        title,
    )


@login_required
def group_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    workflow.require_organisation_editor(_user(request))
    group = get_object_or_404(WorkingGroup, pk=pk) if pk else WorkingGroup()
    before = workflow.group_snapshot(group) if pk else None
    form = WorkingGroupForm(_posted(request), instance=group, parties=list(Party.objects.all()))

    def save() -> WorkingGroup:
        return workflow.save_group(
            _user(request),
            form.save(commit=False),
            before,
            members=list(form.cleaned_data["members"]),
            leads=form.leads(),
        )

    return _edit(request, form, save, _("编辑专项组") if pk else _("新建专项组"))


# --- personal API tokens -----------------------------------------------------------------------


class TokenForm(forms.Form):
    name = forms.CharField(label=_lazy("名称"), max_length=64)
    scope = forms.ChoiceField(
        label=_lazy("权限范围"), choices=TokenScope.choices, initial=TokenScope.READ
    )
    days = forms.IntegerField(
        label=_lazy("有效期（天）"),
        min_value=1,
        max_value=tokens.MAX_DAYS,
        initial=tokens.DEFAULT_DAYS,
    )


def _token_owner(request: HttpRequest) -> User:
    """Tokens are for integrations: business users only; the three administrators get 404."""
    user = _user(request)
    if not is_business_user(actor_of(user)):
        raise Http404
    return user


@login_required
@never_cache
def token_list(request: HttpRequest) -> HttpResponse:
    user = _token_owner(request)
    form = TokenForm(_posted(request))
    secret, created = "", None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created, secret = tokens.create_token(user, data["name"], data["scope"], data["days"])
        form = TokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=user),
        "created": created,
        "secret": secret,
        "now": clock.now(),
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _token_owner(request)
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    tokens.revoke_token(user, token)
    messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": token.name})
    return redirect("accounts:tokens")
