"""What the import and export commands share."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from twincity.accounts.models import User
from twincity.imports import registers


def find_target(reg: registers.Register, user: User, given: str | None) -> Any:
    targets = reg.targets(user)
    if targets is None:
        return None
    if not given:
        raise CommandError(f"--list is required for {reg.name}")
    found = targets.filter(pk=int(given)) if given.isdigit() else targets.filter(name=given)
    if found.count() != 1:
        raise CommandError(f"--list {given!r} matches {found.count()} records")
    return found.get()
