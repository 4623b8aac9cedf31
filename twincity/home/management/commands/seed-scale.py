"""`twincity seed-scale --size S|M|L`: deterministic data at scale for the benchmark."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection

from twincity.accounts.models import Unit, User
from twincity.commitments.models import Item, ProgressReport
from twincity.lib import clock, figcache
from twincity.meetings.models import Meeting, MeetingSeries
from twincity.projects.models import MonthlyReport, Project
from twincity.scale.build import Build
from twincity.scale.shapes import LOGINS, PASSWORD, SIZES
from twincity.supervision.models import ExpectedReport, Notice

HELP = f"""Build deterministic data at scale: tiny (a few dozen items, for tests), S (~1,000
items), M (~10,000 items, ~100,000 progress reports) or L (~100,000 items, ~1,000,000
progress reports, 3,000 projects with monthly reports, 1,000 users, 50 meeting series).
The same --seed on the same day gives the same rows. Refuses a database that already holds
units or items unless --reset (which flushes it first). Every generated user's password is
{PASSWORD!r}; logins: office {LOGINS["office"]}, liaison {LOGINS["liaison"]}, unit head
{LOGINS["head"]}, leader {LOGINS["leader"]}."""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", required=True, choices=list(SIZES))
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--reset", action="store_true", help="flush the database before building"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        size = SIZES[options["size"]]
        if options["reset"]:
            self.flush()
        elif Item.objects.exists() or Unit.objects.exists():
            raise CommandError("the database already holds data; use --reset to flush it first")
        started = time.perf_counter()
        say = self.stdout.write
        say(f"seed-scale {size.name} (seed {options['seed']}) on {connection.vendor}")
        Build(size, options["seed"], clock.today(), say).run()
        figcache.lights_changed()  # unaudited rows: no cached figure may outlive them
        say(f"done in {time.perf_counter() - started:.1f} s")
        for label, count in summary():
            say(f"  {label}: {count:,}")
        say(f"password: {PASSWORD}")
        for role, username in LOGINS.items():
            say(f"login {role}: {username}")

    def flush(self) -> None:
        try:
            call_command("flush", interactive=False, verbosity=0)
        except (CommandError, DatabaseError) as exc:
            # SQLite's triggers refuse to delete audit events: such a file cannot be reset.
            raise CommandError(f"cannot flush this database ({exc}); use a fresh one") from exc


def summary() -> list[tuple[str, int]]:
    return [
        ("units", Unit.objects.count()),
        ("users", User.objects.count()),
        ("meeting series", MeetingSeries.objects.count()),
        ("meetings", Meeting.objects.count()),
        ("items", Item.objects.count()),
        ("progress reports", ProgressReport.objects.count()),
        ("expected reports", ExpectedReport.objects.count()),
        ("notices", Notice.objects.count()),
        ("projects", Project.objects.count()),
        ("monthly reports", MonthlyReport.objects.count()),
    ]
