"""`twincity export --register NAME [--list ID] [--q TEXT] --user NAME --output FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from twincity.accounts.models import User
from twincity.imports import exports, registers
from twincity.imports.cli import find_target


class Command(BaseCommand):
    help = "Export a register to .xlsx in its import template's columns."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--register", required=True, choices=sorted(registers.REGISTERS))
        parser.add_argument("--list", dest="target", help="the list: its id or name")
        parser.add_argument("--q", default="", help="only rows whose code or name contains it")
        parser.add_argument("--user", required=True, help="whose visibility applies")
        parser.add_argument("--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        reg = registers.REGISTERS[options["register"]]
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        target = find_target(reg, user, options["target"]) if options["target"] else None
        rows = reg.queryset(user, target)
        if q := options["q"].strip():
            found = Q()
            for name in reg.search_fields:
                found |= Q(**{f"{name}__icontains": q})
            rows = rows.filter(found)
        data = exports.register_bytes(reg.name, rows, target)
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"wrote {rows.count()} rows to {options['output']}")
