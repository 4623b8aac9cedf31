"""Create one of the three administrator accounts on a fresh install (三员分立 bootstrap).

Only a security administrator can grant roles in the web interface, so the first ones are
made here, on the server: `twincity create-admin secadmin-zhang --role secadmin`.
The password comes from TWINCITY_ADMIN_PASSWORD or is asked for.
"""

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from twincity.accounts.models import ADMIN_ROLES, Membership, User
from twincity.audit.log import record


class Command(BaseCommand):
    help = "Create a system, security or audit administrator account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ADMIN_ROLES))
        parser.add_argument("--display-name", default="")

    def handle(self, *args: Any, username: str, role: str, display_name: str, **kw: Any) -> None:
        if User.objects.filter(username=username).exists():
            raise CommandError(f"account {username!r} already exists")
        password = os.environ.get("TWINCITY_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        user = User(username=username, display_name=display_name)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        with transaction.atomic():
            user.set_password(password)
            user.save()
            Membership.objects.create(user=user, role=role)
            record(
                "accounts.admin_bootstrap",
                target=user,
                actor_name="cli",
                after={"username": username, "role": role},
            )
        self.stdout.write(f"created {role} account {username}")
