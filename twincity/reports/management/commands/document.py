"""`twincity document KIND --output FILE`: write an official document as Word or PDF.

KIND is briefing, round-bulletin, notice, project-bulletin or communique. The command reads
everything (no user scope): it is for the office's scripts, run by whoever runs the server.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import translation

from twincity.lib import clock
from twincity.projects import figures as fg
from twincity.reports import documents
from twincity.reports.content import Document
from twincity.reports.files import FORMATS, file_bytes
from twincity.supervision.models import NOTICE_PREFIX, Notice, ReportingRound

KINDS = ["briefing", "round-bulletin", "notice", "project-bulletin", "communique"]
NOTICE_NUMBER = re.compile(r"^(\w+)〔(\d{4})〕(\d+)号$")


def find_notice(value: str) -> Notice:
    """A notice by id or by its number (督办〔2025〕3号)."""
    rows = documents.notices_for(None)
    if value.isdigit():
        found = rows.filter(pk=int(value)).first()
    elif match := NOTICE_NUMBER.match(value.strip()):
        kinds = [kind for kind, prefix in NOTICE_PREFIX.items() if prefix == match[1]]
        found = rows.filter(kind__in=kinds, year=int(match[2]), seq=int(match[3])).first()
    else:
        found = None
    if found is None:
        raise CommandError(f"No notice {value!r} (give its id or number, e.g. 督办〔2025〕3号).")
    return found


class Command(BaseCommand):
    help = "Write an official document (GB/T 9704 style) as .docx or .pdf."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--meeting", type=int, help="joint meeting number")
        parser.add_argument("--round", type=int, help="reporting round id (round-bulletin)")
        parser.add_argument("--notice", help="notice id or number, e.g. 督办〔2025〕3号")
        parser.add_argument("--year", type=int, help="project list year (project-bulletin)")
        parser.add_argument("--month", type=int, help="month 1–12 (project-bulletin)")
        parser.add_argument("--format", choices=sorted(FORMATS), help="default: from --output")
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        fmt = options["format"] or output.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError("Give --format docx|pdf or an --output ending in .docx or .pdf.")
        with translation.override(settings.LANGUAGE_CODE):
            document = self.build(options["kind"], options)
            data = file_bytes(document, fmt)
        output.write_bytes(data)
        self.stdout.write(f"{output}: {document.title} ({len(data)} bytes)")

    def build(self, kind: str, options: dict[str, Any]) -> Document:
        try:
            if kind in ("briefing", "communique"):
                meeting = documents.joint_meeting(self.need(options, "meeting"))
                build = documents.briefing if kind == "briefing" else documents.communique
                return build(meeting)
            if kind == "round-bulletin":
                rnd = ReportingRound.objects.filter(pk=self.need(options, "round")).first()
                if rnd is None:
                    raise CommandError(f"No reporting round {options['round']}.")
                return documents.round_bulletin(rnd)
            if kind == "notice":
                return documents.notice_document(find_notice(self.need(options, "notice")))
            return self.project_bulletin(options)
        except Http404 as error:
            raise CommandError(str(error)) from error

    def project_bulletin(self, options: dict[str, Any]) -> Document:
        plist = documents.project_list(options["year"], None)
        if plist is None:
            raise CommandError("No project list for that year.")
        month = options["month"] or fg.default_month(plist.year, clock.today())
        if not 1 <= month <= 12:
            raise CommandError("--month must be 1–12.")
        return documents.project_bulletin(plist, month)

    def need(self, options: dict[str, Any], name: str) -> Any:
        if options[name] is None:
            raise CommandError(f"This document needs --{name}.")
        return options[name]
