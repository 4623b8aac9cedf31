"""Logged-in sessions and the pages they browse, for the load test: `python -m bench.sessions`.

Sessions are written straight into the session table, as a login would leave them, so that
50 users do not cost 50 password hashes on the server being measured.
"""

from __future__ import annotations

import argparse
import json
from itertools import cycle
from typing import Any

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from bench.pages import pages, personas  # noqa: E402
from twincity.accounts.middleware import touch  # noqa: E402
from twincity.accounts.models import Membership, Role, User  # noqa: E402

# Of every ten users: four liaisons, four office staff, two leaders.
MIX = ["liaison", "office", "liaison", "office", "leader"] * 2
ROLES = {"office": Role.OFFICE, "liaison": Role.LIAISON, "leader": Role.LEADER}


def users_of(persona: str, first: User) -> list[User]:
    """Active users holding the persona's role, the measured persona first."""
    ids = Membership.objects.filter(role=ROLES[persona], user__is_active=True)
    others = User.objects.filter(pk__in=ids.values("user")).exclude(pk=first.pk).order_by("pk")
    return [first, *others[:49]]


class _Request:
    """What `touch()` needs of a request: its session."""

    def __init__(self, session: SessionStore) -> None:
        self.session = session


def session_for(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    touch(_Request(session))  # type: ignore[arg-type]
    session.create()
    return str(session.session_key)


def plan(count: int) -> dict[str, Any]:
    people = personas()
    pools = {name: cycle(users_of(name, user)) for name, user in people.items()}
    urls: dict[str, list[str]] = {name: [] for name in people}
    for page in pages():
        urls[page.persona].append(page.url)
    urls["leader"] += ["/", "/items/?state=in_progress&sort=-deadline"]
    sessions = []
    for n in range(count):
        persona = MIX[n % len(MIX)]
        sessions.append({"persona": persona, "key": session_for(next(pools[persona]))})
    return {"sessions": sessions, "urls": urls}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.out, "w") as handle:
        json.dump(plan(args.users), handle, indent=1)


if __name__ == "__main__":
    main()
