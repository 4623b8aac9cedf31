"""`seed-scale`'s build: the phases, in order, each writing its tables in bulk.

Organisation → meetings → lists → rounds → items (with sides, reports, the rounds' expected
reports, transitions, snapshots, milestones, comments; written in chunks) → notices →
projects → stored lights → planner statistics. One random stream per phase, seeded from
`--seed`: the same seed on the same day builds the same rows.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from twincity.commitments.models import Item, ItemList, ItemSide, ListKind, ProgressReport
from twincity.home import demo_data as d
from twincity.meetings.models import Decision, Meeting, MeetingSeries, MeetingStatus, Numbering
from twincity.projects.demo import allocate
from twincity.scale import names
from twincity.scale.items import ITEM_TABLES, Late, write_items
from twincity.scale.notices import build_notices
from twincity.scale.org import Org, build_org
from twincity.scale.plan import DAY, Calendar, ListInfo, Planner, Rng, Round, finish_plan
from twincity.scale.projects import build_projects
from twincity.scale.shapes import Size
from twincity.scale.writer import Writer, analyze, fast_writes, without_indexes
from twincity.supervision.models import ReportingRound, RoundStatus
from twincity.supervision.stats import lights_for

CHUNK = 2_000  # items planned and written per transaction
LIGHT_CHUNK = 10_000  # items per lights_for call: bounded memory and statement size
ROUND_KINDS: list[str] = [
    ListKind.AGREED_ITEMS,
    ListKind.KEY_TASKS,
    ListKind.REFORM,
    ListKind.ACTION_PLAN,
]
KIND_WEIGHT: dict[str, int] = {
    ListKind.AGREED_ITEMS: 5,
    ListKind.KEY_TASKS: 4,
    ListKind.REFORM: 3,
    ListKind.POLICY_NEEDS: 2,
    ListKind.ACTION_PLAN: 3,
}

SERIES_WEIGHT = {0: 6, 1: 3}  # the joint meeting's lists, then the office's, are the largest


@dataclass
class SeriesInfo:
    id: int
    index: int
    short_name: str
    # year → (meeting id, date, its decisions' ids), by date
    meetings: dict[int, list[tuple[int, dt.date, tuple[int, ...]]]]


class Build:
    """One build of a given size and seed, as of `today`; `say` prints progress."""

    def __init__(self, size: Size, seed: int, today: dt.date, say: Callable[[str], None]):
        self.size, self.seed, self.say = size, seed, say
        self.cal = Calendar(today)
        self.w = Writer()
        self.years = [today.year - 2, today.year - 1, today.year]

    def rng(self, phase: str) -> Rng:
        return Rng(f"{self.seed}:{phase}")

    def run(self) -> None:
        with fast_writes():
            org = self.phase("organisation", lambda: build_org(self.w, self.size, self.joined()))
            series = self.phase("meetings", lambda: self.meetings(org))
            lists = self.phase("lists", lambda: self.lists(series))
            rounds = self.phase("rounds", lambda: self.rounds(org))
            with without_indexes(ITEM_TABLES):
                late = self.items(org, lists, rounds)
                started = time.perf_counter()
            self.say(f"  (indexes built again: {time.perf_counter() - started:.1f} s)")
            rng = self.rng("notices")
            self.phase("notices", lambda: build_notices(self.w, org, self.cal, rng, rounds, late))
            joint = {year: m[0][0] for year, m in series[0].meetings.items()} if series else {}
            rng = self.rng("projects")
            self.phase(
                "projects", lambda: build_projects(self.w, org, self.size, self.cal, rng, joint)
            )
            self.w.finish()
        self.timed("statistics (ANALYZE)", analyze)  # before the lights' queries plan
        self.timed("lights (lights_for, stored in bulk)", self.lights)
        self.timed("statistics after the lights (ANALYZE)", analyze)

    # --- progress ------------------------------------------------------------------------------

    def phase(self, label: str, work: Callable[[], Any]) -> Any:
        before = dict(self.w.rows)
        started = time.perf_counter()
        with transaction.atomic():
            result = work()
        self.report(label, before, time.perf_counter() - started)
        return result

    def report(self, label: str, before: dict[str, int], seconds: float) -> None:
        self.say(f"{label}: {seconds:.1f} s")
        for table, count in self.w.rows.items():
            added = count - before.get(table, 0)
            if added:
                self.say(f"  {table:<40} {added:>10,} rows  {self.w.seconds[table]:7.1f} s")

    def timed(self, label: str, work: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = work()
        self.say(f"{label}: {time.perf_counter() - started:.1f} s")
        return result

    def joined(self) -> dt.datetime:
        return self.cal.at(dt.date(self.years[0], 1, 4), 9)

    # --- meetings ------------------------------------------------------------------------------

    def series_specs(self) -> list[tuple[str, str, str, str]]:
        """(code, name, short name, numbering): the demo's, one per working group, then the
        regional mechanisms'."""
        out = [(code, name, short, numbering) for code, name, short, numbering, _o in d.SERIES]
        for g in d.GROUPS:
            out.append((f"wg-{g.number:02d}", f"{g.name}工作会议", g.name, Numbering.YEARLY))
        for k, name in enumerate(names.MECHANISMS, start=1):
            out.append((f"mech-{k:02d}", f"{name}联席会议", name, Numbering.YEARLY))
        return out[: self.size.series]

    def meetings(self, org: Org) -> list[SeriesInfo]:
        rng, w = self.rng("meetings"), self.w
        specs = self.series_specs()
        ids = w.ids(MeetingSeries, len(specs))
        fields = ("id", "code", "name", "short_name", "numbering", "order")
        rows = [(pk, *spec, i) for i, (pk, spec) in enumerate(zip(ids, specs, strict=True))]
        w.write(MeetingSeries, fields, rows)
        series = [SeriesInfo(pk, i, specs[i][2], {}) for i, pk in enumerate(ids)]
        meetings: list[dict[str, Any]] = []
        decisions: list[dict[str, Any]] = []
        for info in series:
            self.series_meetings(rng, org, info, meetings, decisions)
        w.write_dicts(Meeting, meetings)
        w.write_dicts(Decision, decisions)
        return series

    def series_meetings(
        self,
        rng: Rng,
        org: Org,
        info: SeriesInfo,
        meetings: list[dict[str, Any]],
        decisions: list[dict[str, Any]],
    ) -> None:
        """The joint meeting twice a year, the others quarterly; the next joint meeting is
        announced, the past ones closed, each with its numbered decisions."""
        joint = info.index == 0
        months = (6, 12) if joint else tuple(1 + info.index % 3 + 3 * k for k in range(4))
        day = 26 if joint else 8 + (info.index * 7) % 20
        number, announced = 0, False
        for year in self.years:
            yearly = 0
            for month in months:
                date = dt.date(year, month, day)
                upcoming = date > self.cal.today - DAY * 4
                if upcoming and (announced or not joint):
                    continue
                announced = announced or upcoming
                number, yearly = number + 1, yearly + 1
                pk, host = self.w.one_id(Meeting), "cq" if (year + month // 7) % 2 else "sc"
                meetings.append(
                    {
                        "id": pk,
                        "series_id": info.id,
                        "number": number if joint else yearly,
                        "year": year,
                        "date": date.replace(day=1) if upcoming else date,
                        "date_precision": "month" if upcoming else "day",
                        "place": rng.choice(names.MEETING_PLACES[host]),
                        "host_party_id": org.parties.get(host),
                        "chair": d.CHAIRS[host] if joint else "",
                        "theme": "",
                        "summary": "",
                        "status": MeetingStatus.OPEN if upcoming else MeetingStatus.CLOSED,
                        "version": 1,
                        "is_demo": True,
                    }
                )
                if not upcoming:
                    count = rng.randint(8, 12) if joint else rng.randint(3, 6)
                    ids = self.w.ids(Decision, count)
                    decisions += [
                        dict(id=i, meeting_id=pk, number=k, title=self.decision(rng), text="")
                        for k, i in enumerate(ids, start=1)
                    ]
                    info.meetings.setdefault(year, []).append((pk, date, tuple(ids)))

    def decision(self, rng: Rng) -> str:
        _area, _group, topics = rng.choice(names.AREAS)
        a, b = rng.sample(names.DECISION_PLACES, 2)
        return rng.choice(names.DECISION_PREFIX) + rng.choice(topics).format(a=a, b=b)

    # --- lists ---------------------------------------------------------------------------------

    def list_kinds(self, index: int) -> list[str]:
        if index == 0:
            return list(KIND_WEIGHT)
        if index == 1:
            return [ListKind.AGREED_ITEMS, ListKind.KEY_TASKS]
        kinds: list[str] = [ListKind.AGREED_ITEMS]
        kinds += [ListKind.REFORM] if index % 5 == 2 else []
        kinds += [ListKind.ACTION_PLAN] if index % 7 == 3 else []
        kinds += [ListKind.POLICY_NEEDS] if index % 4 == 1 else []
        return kinds

    def lists(self, series: list[SeriesInfo]) -> list[tuple[ListInfo, int]]:
        """Each series' lists of each year, from its first meeting that year; items are
        shared out in proportion to kind and series (the joint meeting's lists are the
        largest)."""
        rows: list[dict[str, Any]] = []
        infos: list[ListInfo] = []
        weights: list[float] = []
        for info in series:
            for year in self.years:
                if not info.meetings.get(year):
                    continue
                meeting, date, decisions = info.meetings[year][0]
                day = min(date + DAY * 2, self.cal.last)
                for kind in self.list_kinds(info.index):
                    pk, public = self.w.one_id(ItemList), info.index == 0
                    rows.append(
                        {
                            "id": pk,
                            "kind": kind,
                            "name": f"{info.short_name}{year}年{names.LIST_NAMES[kind]}",
                            "period": f"{year}年",
                            "source_meeting_id": meeting,
                            "source_document": "",
                            "description": "",
                            "is_public": public,
                            "is_demo": True,
                            "created_at": self.cal.at(day, 10),
                        }
                    )
                    prefix = f"{names.CODE_PREFIX[kind]}{year}"
                    age = self.cal.today.year - year
                    infos.append(ListInfo(pk, kind, year, age, day, prefix, decisions, public))
                    weights.append(KIND_WEIGHT[kind] * SERIES_WEIGHT.get(info.index, 1))
        self.w.write_dicts(ItemList, rows)
        counts = allocate(self.size.items, weights) if weights else []
        return list(zip(infos, counts, strict=True))

    # --- rounds --------------------------------------------------------------------------------

    def rounds(self, org: Org) -> list[Round]:
        """Quarterly rounds in the past years, monthly ones this year, then this month's,
        opened 19 days ago and due 5 days ago (so that late and missing reports show)."""
        cal = self.cal
        opened_day, due = cal.today - DAY * 19, cal.today - DAY * 5
        specs: list[tuple[str, dt.date, dt.date, dt.datetime | None]] = []
        for year in self.years:
            monthly = year == cal.today.year
            for month in range(1, 13) if monthly else (3, 6, 9, 12):
                period = f"{year}年{month}月" if monthly else f"{year}年第{month // 3}季度"
                end = dt.date(year, month, 28)
                if end + DAY * 10 < opened_day:
                    specs.append(
                        (period, dt.date(year, month, 15), end, cal.at(end + DAY * 10, 17))
                    )
        specs.append((f"{due.year}年{due.month}月", opened_day, due, None))
        ids = self.w.ids(ReportingRound, len(specs))
        self.w.write_dicts(
            ReportingRound,
            [
                {
                    "id": pk,
                    "period": period,
                    "kinds": ROUND_KINDS,
                    "due": end,
                    "status": RoundStatus.CLOSED if closed else RoundStatus.OPEN,
                    "opened_at": cal.at(day, 8),
                    "opened_by_id": org.office[0],
                    "closed_at": closed,
                    "note": "",
                    "is_demo": True,
                }
                for pk, (period, day, end, closed) in zip(ids, specs, strict=True)
            ],
        )
        return [
            Round(pk, i, period, frozenset(ROUND_KINDS), cal.at(day, 8), end, closed)
            for i, (pk, (period, day, end, closed)) in enumerate(zip(ids, specs, strict=True))
        ]

    # --- items ---------------------------------------------------------------------------------

    def items(self, org: Org, lists: list[tuple[ListInfo, int]], rounds: list[Round]) -> Late:
        """Plan and write the items in chunks; returns, per (round index, unit), the items
        reported late or not at all (for the notices)."""
        planner = Planner(
            self.rng("items"), self.cal, org, rounds, lambda: self.w.one_id(ProgressReport)
        )
        late: Late = defaultdict(list)
        jobs = [(lst, n) for lst, count in lists for n in range(count)]
        ids = self.w.ids(Item, len(jobs))
        before, started, planning = dict(self.w.rows), time.perf_counter(), 0.0
        for start in range(0, len(jobs), CHUNK):
            t0 = time.perf_counter()
            stop = min(start + CHUNK, len(jobs))
            plans = [planner.plan(ids[k], *jobs[k]) for k in range(start, stop)]
            transitions = [finish_plan(p) for p in plans]
            for p in plans:
                for index, unit, day in p.late:
                    late[(index, unit)].append((p.id, day))
            planning += time.perf_counter() - t0
            with transaction.atomic():
                write_items(self.w, org, self.cal, plans, transitions, rounds)
            if (start // CHUNK) % 10 == 9:
                elapsed = time.perf_counter() - started
                self.say(f"  … {stop:,} / {len(jobs):,} items, {elapsed:.0f} s")
        self.say(f"  (planning the items' histories: {planning:.1f} s)")
        self.report("items", before, time.perf_counter() - started)
        return late

    # --- stored lights ------------------------------------------------------------------------

    def lights(self) -> None:
        """Store every item's and side's light as `lights_for` computes them: the function
        behind `current.refresh_lights`, whose bulk_update would take minutes at size L.
        A test proves that refresh_lights then finds nothing to change."""
        today = self.cal.today
        ids = list(Item.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), LIGHT_CHUNK):
            chunk = ids[start : start + LIGHT_CHUNK]
            got = lights_for(Item.objects.filter(pk__gte=chunk[0], pk__lte=chunk[-1]), today)
            items = [(lit.light, today, pk) for pk, lit in got.items()]
            sides = [(x, pk, party) for pk, lit in got.items() for party, x in lit.sides.items()]
            with transaction.atomic():
                self.w.update(Item, ["light", "light_on"], ["id"], items)
                self.w.update(ItemSide, ["light"], ["item_id", "party_id"], sides)
