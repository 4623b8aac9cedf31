"""The only code that changes accounts, roles and the organisation; every verb is audited.

Separation of the three administrators (三员分立):
- the system administrator manages accounts (create, activate, unlock, reset password) and the
  organisation, but grants no roles;
- the security administrator grants and revokes roles, never their own;
- the audit administrator only reads the audit log.
No account holds two administrator roles. An administrator account is also kept apart from
business work: an administrator role is refused to an account holding a business role, and a
business role is refused to an administrator account, so that nobody can both manage
permissions or settings and act on, or read, the business records they govern.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twincity.accounts.models import (
    ADMIN_ROLES,
    Membership,
    Party,
    Role,
    Unit,
    User,
    WorkingGroup,
)
from twincity.accounts.policy import actor_of, admin_roles_conflict, forget_actor
from twincity.audit.log import record, snapshot
from twincity.lib import clock

USER_FIELDS = ["username", "display_name", "email", "phone", "is_active"]
UNIT_ROLES = frozenset({Role.LIAISON, Role.HEAD})
GROUP_ROLES = frozenset({Role.WG_LEAD})
# An account holding one of these may have its password reset only outside the web interface:
# a system administrator who could reset them could act as the security or audit administrator.
GUARDED_ROLES = frozenset({Role.SECADMIN, Role.AUDITOR})


# --- access ----------------------------------------------------------------------------------


def _require_role(user: User, *roles: str, message: str) -> None:
    if not actor_of(user).has(*roles):
        raise PermissionDenied(message)


def _require_sysadmin(user: User) -> None:
    _require_role(user, Role.SYSADMIN, message=_("只有系统管理员可以执行此操作。"))


def _require_secadmin(user: User) -> None:
    _require_role(user, Role.SECADMIN, message=_("只有安全管理员可以授予或撤销角色。"))


def can_manage_users(user: User) -> bool:
    return actor_of(user).has(Role.SYSADMIN, Role.SECADMIN)


def can_edit_organisation(user: User) -> bool:
    return actor_of(user).has(Role.OFFICE, Role.SYSADMIN)


def require_organisation_editor(user: User) -> None:
    if not can_edit_organisation(user):
        raise PermissionDenied(_("只有联合办公室或系统管理员可以维护组织机构。"))


def _user_snapshot(user: User) -> dict[str, Any]:
    return snapshot(user, USER_FIELDS)


# --- login -----------------------------------------------------------------------------------


def local_time(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _locked_error(until: dt.datetime) -> ValidationError:
    return ValidationError(
        _("账号已被锁定，请于 %(until)s 之后再登录，或联系管理员解锁。")
        % {"until": local_time(until)},
        code="locked",
    )


def _invalid_login() -> ValidationError:
    return ValidationError(_("用户名或密码错误。"), code="invalid_login")


def _failed(username: str, user: User | None, reason: str) -> None:
    record(
        "auth.login_failed",
        actor_name=username[:150],
        target=user,
        target_type="" if user else "accounts.user",
        after={"reason": reason},
    )


@transaction.atomic
def _count_failure(user: User) -> dt.datetime | None:
    """Add one failure; lock the account at the limit. Returns the lock's end, if locked."""
    fresh = User.objects.select_for_update().get(pk=user.pk)
    fresh.failed_logins += 1
    if fresh.failed_logins >= settings.LOGIN_MAX_FAILURES:
        fresh.locked_until = clock.now() + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    fresh.save(update_fields=["failed_logins", "locked_until"])
    _failed(fresh.username, fresh, "password")
    if fresh.locked_until is None:
        return None
    record(
        "auth.locked",
        actor_name=fresh.username,
        target=fresh,
        after={"locked_until": fresh.locked_until, "failed_logins": fresh.failed_logins},
    )
    return fresh.locked_until


def check_login(username: str, password: str) -> User:
    """The user these credentials open, counting failures; raises ValidationError otherwise."""
    user = User.objects.filter(username=username).first()
    if user is None:
        User().set_password(password)  # spend the hashing time anyway: no user enumeration
        _failed(username, None, "unknown_user")
        raise _invalid_login()
    if user.is_locked():
        _failed(username, user, "locked")
        raise _locked_error(user.locked_until)  # type: ignore[arg-type]
    if user.locked_until is not None:  # the lock has run out: start counting afresh
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        user.failed_logins, user.locked_until = 0, None
    if not user.check_password(password):
        until = _count_failure(user)
        raise _locked_error(until) if until else _invalid_login()
    if not user.is_active:
        _failed(username, user, "inactive")
        raise ValidationError(_("该账号已停用，请联系系统管理员。"), code="inactive")
    return user


def logged_in(user: User) -> None:
    """Reset the failure counter after a successful login and audit it."""
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    user.failed_logins, user.locked_until = 0, None
    record("auth.login", actor=user, target=user)


def logged_out(user: User, reason: str = "") -> None:
    record("auth.logout", actor=user, target=user, after={"reason": reason} if reason else None)


def change_password(user: User, password: str) -> None:
    """The user's own password change; the caller has checked the old password."""
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = clock.now()
    user.save(update_fields=["password", "password_changed_at"])
    record("auth.password_change", actor=user, target=user)


# --- accounts (system administrator) -----------------------------------------------------------


def _check_new_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error


@transaction.atomic
def create_user(
    actor: User,
    *,
    username: str,
    display_name: str,
    password: str,
    email: str = "",
    phone: str = "",
) -> User:
    _require_sysadmin(actor)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("请填写用户名。")})
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as error:
        raise ValidationError(
            {"username": _("用户名只能包含字母、数字和 @/./+/-/_ 字符。")}
        ) from error
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("用户名“%(name)s”已被使用。") % {"name": username}})
    user = User(
        username=username,
        display_name=display_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
    )
    _check_new_password(password, user)
    user.set_password(password)
    user.save()
    record("accounts.user_create", actor=actor, target=user, after=_user_snapshot(user))
    return user


@transaction.atomic
def set_active(actor: User, user: User, active: bool) -> User:
    _require_sysadmin(actor)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("不能停用自己的账号。"), code="self")
    before = _user_snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = "accounts.user_activate" if active else "accounts.user_deactivate"
    record(action, actor=actor, target=user, before=before, after=_user_snapshot(user))
    return user


@transaction.atomic
def unlock(actor: User, user: User) -> User:
    _require_role(
        actor, Role.SYSADMIN, Role.SECADMIN, message=_("只有系统管理员或安全管理员可以解锁账号。")
    )
    before = {"failed_logins": user.failed_logins, "locked_until": user.locked_until}
    user.failed_logins, user.locked_until = 0, None
    user.save(update_fields=["failed_logins", "locked_until"])
    record(
        "accounts.user_unlock",
        actor=actor,
        target=user,
        before=before,
        after={"failed_logins": 0, "locked_until": None},
    )
    return user


@transaction.atomic
def reset_password(actor: User, user: User, password: str) -> User:
    _require_sysadmin(actor)
    if roles_of(user) & GUARDED_ROLES:
        raise PermissionDenied(_("三员分立：系统管理员不能重置安全管理员或审计管理员的密码。"))
    _check_new_password(password, user)
    user.set_password(password)
    user.password_changed_at = None  # an initial password: the user is asked to change it
    user.save(update_fields=["password", "password_changed_at"])
    record("accounts.password_reset", actor=actor, target=user)
    return user


# --- roles (security administrator) ----------------------------------------------------------


def roles_of(user: User) -> set[str]:
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def role_label(role: str) -> str:
    return str(Role(role).label)


def _check_separation(existing: set[str], role: str) -> None:
    """三员分立 and the wall between administrator and business accounts."""
    if admin_roles_conflict(existing, role):
        held = "、".join(role_label(r) for r in sorted(existing & ADMIN_ROLES))
        raise ValidationError(
            _("三员分立：该账号已是%(held)s，不能再授予%(role)s角色。")
            % {"held": held, "role": role_label(role)},
            code="separation",
        )
    business = existing - ADMIN_ROLES
    if role in ADMIN_ROLES and business:
        raise ValidationError(
            _("三员分立：管理员角色不能授予持有业务角色（%(held)s）的账号，请为其另建管理员账号。")
            % {"held": "、".join(role_label(r) for r in sorted(business))},
            code="separation",
        )
    if role not in ADMIN_ROLES and existing & ADMIN_ROLES:
        raise ValidationError(
            _("三员分立：管理员账号不能同时持有业务角色%(role)s，请为其另建业务账号。")
            % {"role": role_label(role)},
            code="separation",
        )


def _check_scope(role: str, unit: Unit | None, working_group: WorkingGroup | None) -> None:
    if role in UNIT_ROLES and unit is None:
        raise ValidationError(
            {"unit": _("%(role)s角色须指定所在单位。") % {"role": role_label(role)}}
        )
    if role in GROUP_ROLES and working_group is None:
        raise ValidationError(
            {"working_group": _("%(role)s角色须指定专项组。") % {"role": role_label(role)}}
        )


def _membership_data(m: Membership) -> dict[str, Any]:
    return {
        "role": m.role,
        "unit": m.unit_id,
        "working_group": m.working_group_id,
        "title": m.title,
    }


@transaction.atomic
def grant_role(
    actor: User,
    user: User,
    role: str,
    unit: Unit | None = None,
    working_group: WorkingGroup | None = None,
    title: str = "",
) -> Membership:
    _require_secadmin(actor)
    if user.pk == actor.pk:
        raise PermissionDenied(_("安全管理员不能修改自己的角色。"))
    if role not in Role.values:
        raise ValidationError({"role": _("请选择有效的角色。")})
    User.objects.select_for_update().filter(pk=user.pk).first()  # one grant at a time per user
    _check_separation(roles_of(user), role)
    _check_scope(role, unit, working_group)
    exists = Membership.objects.filter(user=user, role=role, unit=unit, working_group=working_group)
    if exists.exists():
        raise ValidationError(_("该账号已持有此角色。"), code="duplicate")
    membership = Membership.objects.create(
        user=user,
        role=role,
        unit=unit,
        working_group=working_group,
        title=(title or "").strip(),
        granted_by=actor,
        granted_at=clock.now(),
    )
    forget_actor(user)
    record("accounts.role_grant", actor=actor, target=user, after=_membership_data(membership))
    return membership


@transaction.atomic
def revoke_role(actor: User, membership: Membership) -> None:
    _require_secadmin(actor)
    user = membership.user
    if user.pk == actor.pk:
        raise PermissionDenied(_("安全管理员不能修改自己的角色。"))
    before = _membership_data(membership)
    membership.delete()
    forget_actor(user)
    record("accounts.role_revoke", actor=actor, target=user, before=before)


# --- organisation (joint office or system administrator) ---------------------------------------


def group_snapshot(group: WorkingGroup) -> dict[str, Any]:
    data = snapshot(group, ["number", "name", "description"])
    data["members"] = sorted(group.members.values_list("id", flat=True))
    data["leads"] = {code: unit for code, unit in group.leads.values_list("party__code", "unit_id")}
    return data


@transaction.atomic
def save_party(actor: User, party: Party, before: dict[str, Any] | None) -> Party:
    require_organisation_editor(actor)
    party.save()
    action = "accounts.party_create" if before is None else "accounts.party_update"
    record(action, actor=actor, target=party, before=before, after=snapshot(party))
    return party


@transaction.atomic
def save_unit(actor: User, unit: Unit, before: dict[str, Any] | None) -> Unit:
    require_organisation_editor(actor)
    unit.save()
    action = "accounts.unit_create" if before is None else "accounts.unit_update"
    record(action, actor=actor, target=unit, before=before, after=snapshot(unit))
    return unit


@transaction.atomic
def save_group(
    actor: User,
    group: WorkingGroup,
    before: dict[str, Any] | None,
    *,
    members: list[Unit],
    leads: dict[Party, Unit | None],
) -> WorkingGroup:
    require_organisation_editor(actor)
    group.save()
    group.members.set(members)
    for party, unit in leads.items():
        if unit is None:
            group.leads.filter(party=party).delete()
        else:
            group.leads.update_or_create(party=party, defaults={"unit": unit})
    action = "accounts.group_create" if before is None else "accounts.group_update"
    record(action, actor=actor, target=group, before=before, after=group_snapshot(group))
    return group
