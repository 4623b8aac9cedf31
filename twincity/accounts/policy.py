"""Who may see and do what: the one place for role rules (visibility lives in querysets)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from twincity.accounts.models import ADMIN_ROLES, Membership, Role, User


@dataclass(frozen=True)
class Actor:
    """A user's roles and scope, read once per request."""

    user_id: int | None
    roles: frozenset[str] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    party_ids: frozenset[int] = frozenset()
    group_ids: frozenset[int] = frozenset()
    units_by_role: dict[str, frozenset[int]] = field(default_factory=dict)

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_office(self) -> bool:
        return Role.OFFICE in self.roles

    @property
    def reads_all(self) -> bool:
        """Office and leaders read every business record."""
        return self.has(Role.OFFICE, Role.LEADER)

    def units_for(self, *roles: str) -> frozenset[int]:
        out: set[int] = set()
        for role in roles:
            out |= self.units_by_role.get(role, frozenset())
        return frozenset(out)


ANONYMOUS = Actor(user_id=None)

# What request.user may be: the scope helpers and visible_to() accept both.
AnyUser = User | AnonymousUser


def actor_of(user: User | AnonymousUser | None) -> Actor:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_twincity_actor", None)
    if cached is not None:
        return cached
    rows = list(
        Membership.objects.filter(user=user).values_list(
            "role", "unit_id", "unit__party_id", "working_group_id"
        )
    )
    by_role: dict[str, set[int]] = {}
    for role, unit_id, _party_id, _group_id in rows:
        if unit_id:
            by_role.setdefault(role, set()).add(unit_id)
    actor = Actor(
        user_id=user.pk,
        roles=frozenset(r[0] for r in rows),
        unit_ids=frozenset(r[1] for r in rows if r[1]),
        party_ids=frozenset(r[2] for r in rows if r[2]),
        group_ids=frozenset(r[3] for r in rows if r[3]),
        units_by_role={k: frozenset(v) for k, v in by_role.items()},
    )
    user._twincity_actor = actor  # type: ignore[union-attr,attr-defined]
    return actor


def forget_actor(user: User) -> None:
    """Drop the cached scope after the user's memberships change."""
    if hasattr(user, "_twincity_actor"):
        del user._twincity_actor


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def is_business_user(actor: Actor) -> bool:
    """Anyone who works with meetings and lists (the three administrators do not)."""
    return bool(actor.roles - ADMIN_ROLES)


def admin_roles_conflict(existing: set[str], new_role: str) -> bool:
    """三员分立: an account may hold at most one of the three administrator roles."""
    return new_role in ADMIN_ROLES and bool((existing & ADMIN_ROLES) - {new_role})
