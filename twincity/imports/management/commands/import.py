"""`twincity import FILE --register NAME [--list ID] --user NAME [--dry-run]`.

Runs the same checks as the upload page, prints every error the way the preview names it,
and exits with status 1 (writing nothing) when the file or any row is refused. Without
--dry-run the rows are checked and written in one pass and one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from twincity.accounts.models import User
from twincity.imports import engine, registers, safe
from twincity.imports.cli import find_target
from twincity.imports.models import RunStatus


class Command(BaseCommand):
    help = "Import an .xlsx file into a register (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--register", required=True, choices=sorted(registers.REGISTERS))
        parser.add_argument("--list", dest="target", help="the target list: its id or name")
        parser.add_argument("--user", required=True, help="the office user who imports")
        parser.add_argument("--dry-run", action="store_true", help="check and preview only")

    def handle(self, *args: Any, **options: Any) -> None:
        reg = registers.REGISTERS[options["register"]]
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        target = find_target(reg, user, options["target"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        with path.open("rb") as handle:
            data = handle.read(safe.max_bytes() + 1)
        try:
            run = engine.start(user, reg, target, path.name, data)
            if options["dry_run"] or run.status != RunStatus.CHECKING:
                run = engine.check_all(run, user)
            else:
                run = engine.import_now(run, user)  # one pass: check and write, all or none
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from error
        self.report(run)
        if run.status not in (RunStatus.PREVIEWED, RunStatus.COMMITTED):
            raise CommandError("refused: nothing was written", returncode=1)
        if options["dry_run"]:
            self.stdout.write("dry run: nothing was written")
            return
        self.stdout.write(f"committed: added {run.rows_added}, changed {run.rows_changed}")

    def report(self, run: Any) -> None:
        if run.message:
            self.stderr.write(run.message)
        for entry in run.errors:
            self.stderr.write(engine.describe(entry))
        self.stdout.write(
            f"rows {run.rows_total}: add {run.rows_added}, change {run.rows_changed}, "
            f"unchanged {run.rows_unchanged}, refused {run.rows_refused}"
        )
