"""`twincity demo`: load the demo organisation, meetings, lists and items, once.

Items move through the real workflow verbs, acted by the demo users, with the clock set back
so that every item has a timeline and an audit trail spread over the past months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from twincity.accounts.models import (
    Membership,
    Party,
    Unit,
    User,
    WorkingGroup,
    WorkingGroupLead,
)
from twincity.audit.log import record, snapshot
from twincity.audit.models import AuditEvent
from twincity.commitments import workflow as wf
from twincity.commitments.models import (
    Answer,
    Comment,
    Item,
    ItemList,
    ItemState,
    ListKind,
    Milestone,
    ProgressReport,
    Result,
    ResultFigure,
    ResultType,
)
from twincity.commitments.versions import snapshot_version
from twincity.home import demo_data as d
from twincity.indicators import demo as indicators_demo
from twincity.lib import clock
from twincity.meetings.models import (
    Attendance,
    DatePrecision,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingSeries,
    MeetingStatus,
)
from twincity.platforms import demo as platforms_demo
from twincity.platforms.models import Agreement, Platform
from twincity.portal.demo import mark_public
from twincity.projects import demo as projects_demo
from twincity.projects.models import Project
from twincity.services import demo as services_demo
from twincity.services.models import ServiceItem
from twincity.supervision import current, extensions, rounds
from twincity.supervision.ladder import run_ladder

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = -700  # days before today when the platform went live and past records were entered
DEMO = "demo"  # the audit actor name of records the command itself writes
MAIN_UNITS = {"cq": "cq-fgw", "sc": "sc-fgw"}  # the units of the persona liaisons and heads

FRESH = {d.DRAFT, d.ASSIGNED, d.ASSIGNED_CQ, d.ASSIGNED_SC, d.PROPOSED}
CLOSING = {d.HALF_CLOSURE, d.CLOSURE, d.RETURNED, d.CLOSED}
NEEDS = {
    d.PROPOSED,
    d.AGREED,
    d.SUBMITTED,
    d.ANSWERED,
    d.NEED_CLOSED,
    d.NEED_SUSPENDED,
    d.NEED_CANCELLED,
}


class Timeline:
    """Steps to run in time order, each with the clock set to its moment."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.steps: list[tuple[dt.datetime, int, Callable[[], Any]]] = []
        self.current = self.when(START, 8)

    def when(self, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
        """A moment `day` days from today (never today or later)."""
        date = self.today + dt.timedelta(days=min(day, -1))
        return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=SHANGHAI)

    def add(self, when: dt.datetime, step: Callable[[], Any]) -> None:
        self.steps.append((when, len(self.steps), step))

    def run(self) -> None:
        for when, _seq, step in sorted(self.steps, key=lambda s: (s[0], s[1])):
            self.current = when
            with clock.travel(when):
                step()


class Script:
    """One record's steps; each comes strictly after the one before."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.last: dt.datetime | None = None

    def at(self, day: int, hour: int, step: Callable[[], Any], minute: int = 0) -> None:
        when = self.timeline.when(day, hour, minute)
        if self.last is not None and when <= self.last:
            when = self.last + dt.timedelta(minutes=5)
        self.last = when
        self.timeline.add(when, step)


def day_of(today: dt.date, date: dt.date) -> int:
    return (date - today).days


def quarter_ends(today: dt.date, after: int, before: int) -> list[int]:
    """The reporting days (the 25th of each quarter's last month) strictly between two days."""
    days = [
        day_of(today, dt.date(year, month, 25))
        for year in range(today.year - 3, today.year + 1)
        for month in (3, 6, 9, 12)
    ]
    return [day for day in days if after < day < before]


class Command(BaseCommand):
    help = "载入演示数据：川渝合作机制的组织、会议、清单、事项和成果；已载入时不重复。"

    def handle(self, *args: Any, **options: Any) -> None:
        if MeetingSeries.objects.filter(code="joint").exists():
            self.stdout.write("demo data already present")
            return
        with transaction.atomic():
            Builder(clock.today()).build()
            mark_public()  # what the public portal shows
        self.stdout.write("demo data loaded:")
        for label, count in summary():
            self.stdout.write(f"  {label}: {count}")


def summary() -> list[tuple[str, int]]:
    return [
        ("parties", Party.objects.count()),
        ("units", Unit.objects.count()),
        ("working groups", WorkingGroup.objects.count()),
        ("users", User.objects.count()),
        ("meetings", Meeting.objects.count()),
        ("decisions", Decision.objects.count()),
        ("lists", ItemList.objects.count()),
        ("items", Item.objects.count()),
        ("progress reports", ProgressReport.objects.count()),
        ("results", Result.objects.count()),
        ("projects", Project.objects.count()),
        ("通办 service items", ServiceItem.objects.count()),
        ("platforms", Platform.objects.count()),
        ("agreements", Agreement.objects.count()),
        ("audit events", AuditEvent.objects.count()),
    ]


class Builder:
    """Builds the demo: organisation and accounts first, then everything on a timeline."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.timeline = Timeline(today)
        self.parties: dict[str, Party] = {}
        self.units: dict[str, Unit] = {}
        self.groups: dict[int, WorkingGroup] = {}
        self.users: dict[str, User] = {}
        self.liaisons: dict[str, User] = {}
        self.heads: dict[str, User] = {}
        self.series: dict[str, MeetingSeries] = {}
        self.joint: dict[int, Meeting] = {}
        self.results = {row.title: row for row in d.RESULTS}
        self.items_planned = 0

    @property
    def office(self) -> User:
        return self.users["office"]

    def build(self) -> None:
        with clock.travel(self.timeline.current):
            self.organisation()
            self.accounts()
            self.meeting_series()
            self.joint_meetings()
            self.other_meetings()
            self.standalone_results()
            for row in d.LISTS:
                self.schedule_list(row)
            self.supervision()
            with current.paused():  # one refresh at the end instead of one per step
                self.timeline.run()
        # The registers of projects, services and platforms are built at today's date.
        for build in (
            projects_demo.build_demo,
            services_demo.build_demo,
            platforms_demo.build_demo,
            indicators_demo.build_demo,  # after the places the platforms add: tiles link to them
        ):
            build(self.office)
        current.refresh_lights(Item.objects.all(), self.today)

    # --- supervision: rounds, the urging ladder, extensions ---------------------------------

    def supervision(self) -> None:
        """Two past quarterly rounds around the demo's quarter-end reports, and a current
        monthly round with units on time, late and missing; the ladder and two extensions."""
        add, when = self.timeline.add, self.timeline.when
        for year, month, quarter in self.past_quarters():
            end = dt.date(year, month, 30)
            period = f"{year}年第{quarter}季度"
            box: dict[str, Any] = {}
            add(when(day_of(self.today, end) - 15, 8), partial(self.open_round, box, period, end))
            add(when(day_of(self.today, end) + 10, 17), partial(self.close_round, box))
        current: dict[str, Any] = {}
        due = self.today - dt.timedelta(days=5)
        add(when(-19, 8), partial(self.open_round, current, f"{due.year}年{due.month}月", due))
        add(when(-12, 10), partial(self.round_reports, current, 0, 6))
        add(when(-2, 10), partial(self.round_reports, current, 6, 8))
        add(when(-4, 7), partial(run_ladder, None))
        add(when(-11, 9), partial(self.extension, 0, True))
        add(when(-8, 9), partial(self.extension, 1, False))
        add(when(-1, 7), partial(run_ladder, None))

    def past_quarters(self) -> list[tuple[int, int, int]]:
        ends = [(self.today.year, m) for m in (3, 6, 9)] + [(self.today.year - 1, 12)]
        past = sorted((y, m) for y, m in ends if dt.date(y, m, 30) < self.today - dt.timedelta(30))
        return [(y, m, m // 3) for y, m in past[-2:]]

    def open_round(self, box: dict[str, Any], period: str, due: dt.date) -> None:
        kinds: list[str] = [ListKind.AGREED_ITEMS, ListKind.KEY_TASKS, ListKind.REFORM]
        box["round"] = rounds.open_round(self.office, period, kinds, due, is_demo=True)

    def close_round(self, box: dict[str, Any]) -> None:
        rounds.close_round(self.office, box["round"])

    def round_reports(self, box: dict[str, Any], start: int, stop: int) -> None:
        """Of every ten expected reports, those numbered start..stop-1 come in now."""
        expected = (
            box["round"]
            .expected.filter(submitted_at__isnull=True)
            .select_related("item", "unit", "party")
        )
        for k, row in enumerate(expected.order_by("item__code", "party__order")):
            if start <= k % 10 < stop and row.item.state in wf.WORKING_STATES:
                data = {
                    "progress_text": d.PROGRESS_TEXTS[2],
                    "percent": 60,
                    "difficulties": d.DIFFICULTIES[k % 3],
                    "next_steps": d.NEXT_STEPS[k % 3],
                }
                wf.submit_report(self.liaisons[row.unit.code], row.item, data, row.party)

    def extension(self, index: int, approve: bool) -> None:
        """An overdue item's Chongqing side asks for more time; the office decides next day."""
        overdue = Item.objects.overdue(self.today).filter(state=ItemState.IN_PROGRESS)
        item = overdue.order_by("code")[index]
        side = item.sides.select_related("lead_unit", "party").get(party__code="cq")
        new_date = self.today + dt.timedelta(days=60)
        ext = extensions.request_extension(
            self.liaisons[side.lead_unit.code], item, side.party, new_date, d.EXTENSION_REASON
        )
        reason = d.EXTENSION_APPROVED if approve else d.EXTENSION_REFUSED
        with clock.travel(clock.now() + dt.timedelta(days=1)):
            extensions.decide_extension(self.office, ext, approve, reason)
            if approve:  # caught up: red at the round's opening, now back on track
                self.catch_up(item)

    def catch_up(self, item: Item) -> None:
        data = {"progress_text": d.PROGRESS_TEXTS[-1], "percent": 80, "next_steps": d.NEXT_STEPS[0]}
        for side in item.sides.select_related("lead_unit", "party"):
            wf.submit_report(self.liaisons[side.lead_unit.code], item, dict(data), side.party)

    # --- organisation and accounts ------------------------------------------------------------

    def organisation(self) -> None:
        for code, short, name, order in d.PARTIES:
            party = Party.objects.create(code=code, short_name=short, name=name, order=order)
            self.parties[code] = party
            record("accounts.party_create", actor_name=DEMO, target=party, after=snapshot(party))
        for row in d.UNITS:
            unit = Unit.objects.create(
                code=row.code,
                name=row.name,
                short_name=row.short_name,
                kind=row.kind,
                party=self.parties.get(row.party),
                is_demo=True,
            )
            self.units[row.code] = unit
            record("accounts.unit_create", actor_name=DEMO, target=unit, after=snapshot(unit))
        for group_row in d.GROUPS:
            self.groups[group_row.number] = self.group(group_row)

    def group(self, row: d.GroupRow) -> WorkingGroup:
        group = WorkingGroup.objects.create(
            number=row.number, name=row.name, description=row.description, is_demo=True
        )
        group.members.set([self.units[code] for code in row.members])
        for party_code, unit_code in (("cq", row.cq_lead), ("sc", row.sc_lead)):
            WorkingGroupLead.objects.create(
                group=group, party=self.parties[party_code], unit=self.units[unit_code]
            )
        after = snapshot(group, ["number", "name", "description"]) | {
            "members": list(row.members),
            "leads": {"cq": row.cq_lead, "sc": row.sc_lead},
        }
        record("accounts.group_create", actor_name=DEMO, target=group, after=after)
        return group

    def accounts(self) -> None:
        password = make_password(d.PASSWORD)  # one public demo password: hashed once, for speed
        for row in d.ACCOUNTS:
            group = self.groups.get(row.group)
            self.users[row.username] = self.user(row.username, row.display_name, password)
            self.grant(self.users[row.username], row.role, self.units[row.unit], group, row.title)
        for party_code, unit_code in MAIN_UNITS.items():
            self.liaisons[unit_code] = self.users[f"{party_code}_liaison"]
            self.heads[unit_code] = self.users[f"{party_code}_head"]
        for code in sorted(self.lead_units() - set(MAIN_UNITS.values())):
            unit = self.units[code]
            name = unit.short_name or unit.name
            self.liaisons[code] = self.user(f"{code}-liaison", f"{name}联络员", password)
            self.grant(self.liaisons[code], "liaison", unit, None, "联络员")
            self.heads[code] = self.user(f"{code}-head", f"{name}负责人", password)
            self.grant(self.heads[code], "head", unit, None, "分管负责人")

    def lead_units(self) -> set[str]:
        groups = {row.number: row for row in d.GROUPS}
        used = {item.group for lst in d.LISTS for item in lst.items}
        return {code for n in used for code in (groups[n].cq_lead, groups[n].sc_lead)}

    def user(self, username: str, display_name: str, password: str) -> User:
        user = User.objects.create(
            username=username,
            display_name=display_name,
            password=password,
            password_changed_at=clock.now(),
        )
        after = snapshot(user, ["username", "display_name", "is_active"])
        record("accounts.user_create", actor_name=DEMO, target=user, after=after)
        return user

    def grant(
        self, user: User, role: str, unit: Unit, group: WorkingGroup | None, title: str
    ) -> None:
        Membership.objects.create(user=user, role=role, unit=unit, working_group=group, title=title)
        after = {
            "role": role,
            "unit": unit.pk,
            "working_group": group.pk if group else None,
            "title": title,
        }
        record("accounts.role_grant", actor_name=DEMO, target=user, after=after)

    # --- meetings ------------------------------------------------------------------------------

    def meeting_series(self) -> None:
        for code, name, short, numbering, order in d.SERIES:
            self.series[code] = MeetingSeries.objects.create(
                code=code, name=name, short_name=short, numbering=numbering, order=order
            )

    def entered(self, date: dt.date | None) -> int:
        """The day a meeting was recorded: at go-live for old ones, else two days after."""
        if date is None:
            return START
        return max(START, day_of(self.today, date) + 2)

    def joint_meetings(self) -> None:
        for row in d.JOINT_MEETINGS:
            self.add_joint(row, MeetingStatus.CLOSED)
        for row in self.later_meetings():
            upcoming = row.precision == DatePrecision.MONTH
            self.add_joint(row, MeetingStatus.OPEN if upcoming else MeetingStatus.CLOSED)

    def later_meetings(self) -> Iterator[d.MeetingRow]:
        """Demo joint meetings every June and December after the tenth, up to the next one."""
        number = len(d.JOINT_MEETINGS)
        for year in range(2025, self.today.year + 2):
            for month, day in ((6, 26), (12, 28)):
                number += 1
                date, host = dt.date(year, month, day), self.host_of(dt.date(year, month, day))
                upcoming = date >= self.today
                june = (number - len(d.JOINT_MEETINGS)) // 2 % len(d.JUNE_THEMES)
                yield d.MeetingRow(
                    number,
                    date.replace(day=1) if upcoming else date,
                    DatePrecision.MONTH if upcoming else DatePrecision.DAY,
                    "重庆" if host == "cq" else "四川",
                    host,
                    d.JUNE_THEMES[june] if month == 6 else d.DECEMBER_THEME,
                    d.JUNE_SUMMARY if month == 6 else d.DECEMBER_SUMMARY,
                )
                if upcoming:
                    return

    def host_of(self, date: dt.date) -> str:
        """Since late 2023 each side hosts for a year: Sichuan from 2023-H2, Chongqing 2024-H2."""
        half_years = (date.year - 2024) * 2 + (date.month > 6) - 1
        return "cq" if (half_years // 2) % 2 == 0 else "sc"

    def add_joint(self, row: d.MeetingRow, status: str) -> None:
        day = self.entered(row.date) if status == MeetingStatus.CLOSED else -3
        self.timeline.add(self.timeline.when(day, 8, 30), partial(self.create_joint, row, status))

    def create_joint(self, row: d.MeetingRow, status: str) -> None:
        meeting = self.meeting(
            "joint",
            row.number,
            date=row.date,
            date_precision=row.precision,
            place=row.place,
            host_party=self.parties.get(row.host),
            chair=d.CHAIRS.get(row.host, ""),
            theme=row.theme,
            summary=row.summary,
            status=status,
        )
        for order, title in enumerate(row.documents, 1):
            self.part(
                MeetingDocument(meeting=meeting, title=title, order=order),
                "document",
                ["title", "doc_number", "approved"],
            )
        attendees = d.MEETING_10_ATTENDEES if row.number == 10 else []
        for order, (title, party) in enumerate(attendees, 1):
            attendee = Attendance(
                meeting=meeting,
                name="（演示）",
                title=title,
                party=self.parties.get(party),
                order=order,
            )
            self.part(attendee, "attendee", ["name", "title", "party"])
        decisions = {9: d.MEETING_9_DECISIONS, 10: d.MEETING_10_DECISIONS}.get(row.number, [])
        for number, (title, text) in enumerate(decisions, 1):
            decision = Decision(meeting=meeting, number=number, title=title, text=text)
            self.part(decision, "decision", ["number", "title", "text"])
        self.joint[row.number] = meeting

    def part(
        self, part: Attendance | MeetingDocument | Decision, kind: str, fields: list[str]
    ) -> None:
        part.save()
        after = snapshot(part, fields) | {"meeting": part.meeting_id}
        record(f"meeting.{kind}.add", actor=self.office, target=part, after=after)

    def meeting(self, series: str, number: int, **fields: Any) -> Meeting:
        meeting = Meeting.objects.create(
            series=self.series[series], number=number, is_demo=True, **fields
        )
        record("meeting.create", actor=self.office, target=meeting, after=snapshot(meeting))
        return meeting

    def other_meetings(self) -> None:
        for year, number, date in self.dispatch_dates():
            upcoming = date >= self.today
            fields = {
                "year": year,
                "date": date,
                "place": "视频会议",
                "chair": "联合办公室主任",
                "theme": d.DISPATCH_THEME,
                "status": MeetingStatus.OPEN if upcoming else MeetingStatus.CLOSED,
            }
            day = -3 if upcoming else self.entered(date)
            step = partial(self.meeting, "office-dispatch", number, **fields)
            self.timeline.add(self.timeline.when(day, 8, 40), step)
        for number, date, place, host, theme in d.SPECIAL_MEETINGS:
            upcoming = date >= self.today
            fields = {
                "date": date,
                "place": place,
                "host_party": self.parties[host],
                "theme": theme,
                "status": MeetingStatus.OPEN if upcoming else MeetingStatus.CLOSED,
            }
            day = -3 if upcoming else self.entered(date)
            step = partial(self.meeting, "special", number, **fields)
            self.timeline.add(self.timeline.when(day, 8, 50), step)

    def dispatch_dates(self) -> Iterator[tuple[int, int, dt.date]]:
        """Quarterly dispatch meetings from last year's third one to the next to come."""
        year = self.today.year - 1
        for number in range(3, 4 * 3):
            y, n = year + (number - 1) // 4, (number - 1) % 4 + 1
            date = dt.date(y, n * 3, 20)
            yield y, n, date
            if date >= self.today:
                return

    # --- results not tied to an item ---------------------------------------------------------

    def standalone_results(self) -> None:
        named = {item.result for lst in d.LISTS for item in lst.items}
        for row in d.RESULTS:
            if row.title not in named and row.date is not None:
                step = partial(self.create_result, row, self.office, row.date)
                self.timeline.add(self.timeline.when(self.entered(row.date), 9, 30), step)

    def create_result(self, row: d.ResultRow, user: User, date: dt.date) -> Result:
        """A result; the items it closes are linked when their liaisons ask to close them."""
        meeting = self.joint.get(row.meeting)
        result = Result.objects.create(
            title=row.title,
            type=row.type,
            date=row.date or date,
            description=row.description,
            meeting=meeting,
            is_public=row.public,
            is_demo=True,
            created_by=user,
        )
        result.parties.set(self.parties.values())
        for figure in row.figures:
            ResultFigure.objects.create(
                result=result, label=figure.label, value=figure.value, unit=figure.unit
            )
        after = snapshot(result) | {
            "figures": [[f.label, str(f.value), f.unit] for f in row.figures]
        }
        record("result.create", actor=user, target=result, after=after)
        return result

    # --- lists -------------------------------------------------------------------------------

    def schedule_list(self, row: d.ListRow) -> None:
        meeting_date = d.JOINT_MEETINGS[row.meeting - 1].date
        day = max(START, day_of(self.today, meeting_date) + 4) if meeting_date else START
        box: dict[str, Any] = {}
        self.timeline.add(self.timeline.when(day, 8, 55), partial(self.create_list, box, row))
        for i, item in enumerate(row.items):
            self.schedule_item(box, item, i, day)
        version = partial(self.version, box, d.VERSION_NOTES[0], row.meeting)
        self.timeline.add(self.timeline.when(day + 7, 18), version)
        if row.kind == "key_tasks":
            version = partial(self.version, box, d.VERSION_NOTES[1], 0)
            self.timeline.add(self.timeline.when(day + 190, 18), version)

    def create_list(self, box: dict[str, Any], row: d.ListRow) -> None:
        meeting = self.joint[row.meeting]
        box["list"] = ItemList.objects.create(
            kind=row.kind,
            name=row.name,
            period=row.period,
            source_meeting=meeting,
            source_document=row.document,
            is_demo=True,
            description=f"{meeting}确定的{row.name}。",
        )
        wf.audit_model_change(self.office, "list.create", box["list"], None)

    def version(self, box: dict[str, Any], note: str, meeting: int) -> None:
        snapshot_version(self.office, box["list"], note, self.joint.get(meeting))

    # --- items -------------------------------------------------------------------------------

    def schedule_item(self, lst: dict[str, Any], row: d.ItemRow, i: int, list_day: int) -> None:
        fresh = row.scenario in FRESH
        created = -(4 + (i * 5) % 14) if fresh else list_day + i // 5
        end = self.end_day(row, i, list_day, created)
        self.items_planned += 1  # varies deadlines across lists, not only within one
        spread = self.deadline_day(row, self.items_planned, created, end)
        deadline = self.today + dt.timedelta(days=spread)
        item = ItemScript(self, lst, row, i, Script(self.timeline))
        item.create(created, deadline)
        if row.scenario in NEEDS:
            item.need_flow(created)
        else:
            item.flow(created, end, deadline)

    def end_day(self, row: d.ItemRow, i: int, list_day: int, created: int) -> int:
        """The day of the scenario's last step (0 for items still being worked on)."""
        if row.scenario in (d.HALF_CLOSURE, d.CLOSURE):
            return -(2 + i % 6)
        if row.scenario == d.RETURNED:
            return -(12 + i % 8)
        if row.scenario == d.SUSPENDED:
            return -(50 + i % 20)
        if row.scenario == d.CANCELLED:
            return created + 120 + i % 30
        if row.scenario == d.CLOSED:
            end = min(list_day + 150 + (i * 37) % 300, -15)
            fact = self.results.get(row.result)
            if fact is not None and fact.date is not None:
                end = max(end, day_of(self.today, fact.date) + 3)
            return end
        return 0

    def deadline_day(self, row: d.ItemRow, i: int, created: int, end: int) -> int:
        s = row.scenario
        if s == d.WORKING:
            return 30 + (i * 17) % 150
        if s == d.LATE:
            return -(10 + (i * 7) % 80)
        if s in (d.HALF_CLOSURE, d.CLOSURE, d.RETURNED):
            return 5 + (i * 11) % 60
        if s == d.CLOSED:
            return end + 10 + i % 30
        if s in (d.SUSPENDED, d.CANCELLED):
            return max(created + 300, 120 + i)
        if s in (d.ANSWERED, d.NEED_CLOSED):
            return created + 240
        return 60 + (i * 13) % 120


class ItemScript:
    """The steps of one demo item, from creation to the state its scenario names."""

    def __init__(
        self, builder: Builder, lst: dict[str, Any], row: d.ItemRow, i: int, script: Script
    ) -> None:
        self.b, self.lst, self.row, self.i, self.script = builder, lst, row, i, script
        group = next(g for g in d.GROUPS if g.number == row.group)
        self.lead_codes = {"cq": group.cq_lead, "sc": group.sc_lead}
        self.members = list(group.members[:2])
        self._item: Item | None = None
        self.reports: dict[str, ProgressReport] = {}
        self.result: Result | None = None

    @property
    def office(self) -> User:
        return self.b.office

    def party(self, code: str) -> Party:
        return self.b.parties[code]

    def liaison(self, code: str) -> User:
        return self.b.liaisons[self.lead_codes[code]]

    def head(self, code: str) -> User:
        return self.b.heads[self.lead_codes[code]]

    def at(self, day: int, hour: int, step: Callable[[], Any]) -> None:
        self.script.at(day, hour, step, minute=(self.i * 7) % 60)

    @property
    def item(self) -> Item:
        assert self._item is not None, "an item's first step creates it"
        return self._item

    def keep(self, item: Item) -> None:
        self._item = item

    def by_office(self, day: int, hour: int, verb: Callable[..., Item], *args: Any) -> None:
        """Schedule a workflow verb that the joint office performs on this item."""
        self.at(day, hour, partial(self._by_office, verb, *args))

    def _by_office(self, verb: Callable[..., Item], *args: Any) -> None:
        self.keep(verb(self.office, self.item, *args))

    # --- creation ----------------------------------------------------------------------------

    def create(self, day: int, deadline: dt.date) -> None:
        self.at(day, 9 + self.i % 3, partial(self._create, deadline))

    def _create(self, deadline: dt.date) -> None:
        row, lst = self.row, self.lst["list"]
        decisions = {dec.number: dec for dec in lst.source_meeting.decisions.all()}
        data = {
            "code": row.code,
            "title": row.title,
            "area": row.area,
            "description": f"围绕“{row.title}”，两省市牵头单位细化分工，按节点推进并定期报送进展。",
            "source_decision": decisions.get(row.decision),
            "working_group": self.b.groups[row.group],
            "cooperating_units": [self.b.units[code] for code in self.members],
            "target_unit": self.b.units.get(row.target),
            "deadline": deadline,
            "result_form": d.RESULT_FORMS.get(row.area, ""),
            "is_major": row.major,
            "is_public": row.major,
            "is_demo": True,
        }
        leads = {self.party(p): self.b.units[code] for p, code in self.lead_codes.items()}
        self.keep(wf.create_item(self.office, lst, data, leads))

    # --- the agreed-item loop ----------------------------------------------------------------

    def flow(self, created: int, end: int, deadline: dt.date) -> None:
        s = self.row.scenario
        plan = self.milestone_plan(created, deadline)
        self.at(created, 11, partial(self._milestones, plan))
        self.milestones_done(plan, created, end)
        if s == d.DRAFT:
            return
        self.by_office(created + 2, 10, wf.assign)
        first_sign = created + 3 + self.i % 3
        if s in (d.ASSIGNED_CQ, d.ASSIGNED_SC):
            self.at(first_sign, 14, partial(self._sign, "cq" if s == d.ASSIGNED_CQ else "sc"))
        if s in FRESH:
            return
        if s == d.CANCELLED:
            self.by_office(end, 16, wf.cancel, d.CANCEL_REASON)
            return
        self.at(first_sign, 14, partial(self._sign, "cq"))
        self.at(first_sign + 1 + self.i % 4, 15, partial(self._sign, "sc"))
        self.comments(created)
        self.reports_until(first_sign + 20, end)
        self.finish(end)

    def _sign(self, party: str) -> None:
        self.keep(wf.sign(self.liaison(party), self.item, self.party(party)))

    def milestone_plan(self, created: int, deadline: dt.date) -> list[tuple[str, dt.date]]:
        start = self.b.today + dt.timedelta(days=created)
        middle = start + (deadline - start) / 2
        dues = (start + dt.timedelta(days=30), middle, deadline)
        return list(zip(d.MILESTONES, dues, strict=True))

    def _milestones(self, plan: list[tuple[str, dt.date]]) -> None:
        for title, due in plan:
            milestone = Milestone.objects.create(item=self.item, title=title, due=due)
            wf.audit_model_change(self.office, "milestone.create", milestone, None)

    def milestones_done(self, plan: list[tuple[str, dt.date]], created: int, end: int) -> None:
        """Mark milestones done as the scenario gets past them."""
        s = self.row.scenario
        if s in FRESH or s == d.CANCELLED:
            return
        for index, (_title, due) in enumerate(plan):
            due_day = day_of(self.b.today, due)
            if s in CLOSING and s != d.HALF_CLOSURE:
                done = min(due_day - 3, end - 1)
            elif due_day < -30 and (s != d.LATE or index == 0):
                done = due_day - 3
            else:
                continue
            step = partial(self._milestone_done, index)
            self.b.timeline.add(self.b.timeline.when(max(done, created + 1), 17, 30), step)

    def _milestone_done(self, index: int) -> None:
        milestone = self.item.milestones.order_by("due", "id")[index]
        milestone.done_at = clock.today()
        milestone.save(update_fields=["done_at"])
        wf.audit_model_change(self.office, "milestone.update", milestone, {"done_at": None})

    def comments(self, created: int) -> None:
        if self.row.major:
            self.at(
                created + 45,
                17,
                partial(self._comment, self.b.users["leader"], d.INSTRUCTION, True),
            )
        if self.row.scenario == d.LATE:
            self.b.timeline.add(
                self.b.timeline.when(-6, 10, self.i),
                partial(self._comment, self.office, d.URGE, False),
            )
            self.b.timeline.add(
                self.b.timeline.when(-5, 15, self.i),
                partial(self._comment, self.liaison("cq"), d.REPLY, False),
            )

    def _comment(self, author: User, text: str, instruction: bool) -> None:
        comment = Comment.objects.create(
            item=self.item, author=author, text=text, is_instruction=instruction
        )
        action = "comment.instruction" if instruction else "comment.create"
        wf.audit_model_change(author, action, comment, None)

    # --- reports -----------------------------------------------------------------------------

    def reports_until(self, after: int, end: int) -> None:
        """Both sides report in the last two quarterly rounds; a closing item in one, then 100%."""
        closing = self.row.scenario in CLOSING
        last_day = end - 15 if closing else -5
        rounds = quarter_ends(self.b.today, after, last_day)[-1 if closing else -2 :]
        late = self.row.scenario == d.LATE
        for k, day in enumerate(rounds, 1):
            percent = (10 + 40 * k // len(rounds)) if late else (20 + 55 * k // len(rounds))
            final_round = k == len(rounds) and not closing
            for party, offset in (("cq", 0), ("sc", 1)):
                outcome = self.last_outcome(party) if final_round else d.ACCEPTED
                self.report_round(party, day + offset, percent, outcome, k)
        if closing:
            for party, offset in (("cq", -10), ("sc", -9)):
                self.report_round(party, end + offset, 100, d.ACCEPTED, 4)

    def last_outcome(self, party: str) -> str:
        chosen = self.row.last[0 if party == "cq" else 1]
        if chosen:
            return chosen
        return d.ROTATION[(self.i + (3 if party == "sc" else 0)) % len(d.ROTATION)]

    def report_round(self, party: str, day: int, percent: int, outcome: str, k: int) -> None:
        if outcome == d.NO_REPORT:
            return
        text = d.FINAL_TEXT if percent == 100 else d.PROGRESS_TEXTS[min(k, 4) - 1]
        data = {
            "progress_text": text,
            "difficulties": d.DIFFICULTIES[(self.i + k) % 3] if percent < 100 else "",
            "next_steps": d.NEXT_STEPS[(self.i + k) % 3],
            "percent": percent,
        }
        self.at(day, 10, partial(self._submit, party, data))
        if outcome == d.REPORT_RETURNED:
            self.at(day + 1, 11, partial(self._return_report, party))
        if outcome in (d.APPROVED, d.ACCEPTED):
            self.at(day + 1, 11, partial(self._approve, party))
        if outcome == d.ACCEPTED:
            self.at(day + 3, 16, partial(self._accept, party))

    def _submit(self, party: str, data: dict[str, Any]) -> None:
        self.reports[party] = wf.submit_report(
            self.liaison(party), self.item, dict(data), self.party(party)
        )

    def _approve(self, party: str) -> None:
        wf.approve_report(self.head(party), self.reports[party])

    def _accept(self, party: str) -> None:
        wf.accept_report(self.office, self.reports[party])

    def _return_report(self, party: str) -> None:
        wf.return_report(self.head(party), self.reports[party], d.REPORT_RETURN)

    # --- closing, returning, suspending ------------------------------------------------------

    def finish(self, end: int) -> None:
        s = self.row.scenario
        if s == d.SUSPENDED:
            self.by_office(end, 16, wf.suspend, d.SUSPEND_REASON)
        if s not in CLOSING:
            return
        self.at(end, 9, self._result)
        self.at(end, 10, partial(self._request_closure, "cq"))
        if s == d.HALF_CLOSURE:
            return
        self.at(end, 15, partial(self._request_closure, "sc"))
        if s == d.CLOSED:
            self.by_office(end + 3, 16, wf.close, d.CLOSE_REASON)
        if s == d.RETURNED:
            self.by_office(end + 3, 16, wf.return_item, d.ITEM_RETURN)
            self.at(end + 4, 10, partial(self._comment, self.liaison("cq"), d.RETURN_REPLY, False))

    def _result(self) -> None:
        row = self.b.results.get(self.row.result) or d.ResultRow(
            title=self.row.result,
            type=d.RESULT_TYPES.get(d.RESULT_FORMS.get(self.row.area, ""), ResultType.MECHANISM),
            date=None,
            description=f"（演示）“{self.row.title}”的工作成果。",
            public=self.row.major,
        )
        self.result = self.b.create_result(row, self.liaison("cq"), clock.today())

    def _request_closure(self, party: str) -> None:
        note = f"已完成“{self.row.title}”，成果“{self.row.result}”及佐证材料已提交。"
        self.keep(
            wf.request_closure(
                self.liaison(party), self.item, note, self.party(party), result=self.result
            )
        )

    # --- policy needs ------------------------------------------------------------------------

    def need_flow(self, created: int) -> None:
        s = self.row.scenario
        if s == d.NEED_CANCELLED:
            self.by_office(created + 30, 16, wf.cancel, d.CANCEL_REASON)
        if s in (d.PROPOSED, d.NEED_CANCELLED):
            return
        self.by_office(created + 20, 15, wf.agree, d.AGREE_REASON)
        if s == d.NEED_SUSPENDED:
            self.by_office(created + 100, 16, wf.suspend, d.SUSPEND_REASON)
        if s in (d.AGREED, d.NEED_SUSPENDED):
            return
        self.by_office(created + 45, 15, wf.submit_need, d.SUBMIT_REASON)
        if s == d.SUBMITTED:
            return
        self.at(created + 150, 15, self._answer)
        if s == d.NEED_CLOSED:
            self.by_office(created + 160, 16, wf.close, d.NEED_CLOSE_REASON)

    def _answer(self) -> None:
        answer = Answer(self.row.answer)
        self.keep(wf.record_answer(self.office, self.item, answer, d.ANSWERS[self.row.answer]))
