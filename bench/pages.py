"""Measure the main pages and the API list on one database, in-process: `python -m bench.pages`.

Run by `bench.run` in a subprocess whose environment names the database (`data.env_for`).
Each page is requested as its persona (Django's test Client, `force_login`, DEBUG off) after a
warm-up; then the SELECTs of one request are captured with their parameters and re-executed
on a cursor, fetching every row, as many times: that is the page's SQL floor.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from bench.stats import ratio, summary  # noqa: E402
from twincity.accounts.models import Membership, Role, User  # noqa: E402
from twincity.commitments.models import Item, ItemSide, ProgressReport  # noqa: E402
from twincity.meetings.models import Meeting  # noqa: E402
from twincity.projects.models import MonthlyReport, Project  # noqa: E402
from twincity.reports import documents  # noqa: E402
from twincity.reports.files import file_bytes  # noqa: E402
from twincity.supervision.models import ExpectedReport, ReportingRound  # noqa: E402


@dataclass(frozen=True)
class Page:
    key: str
    persona: str
    url: str


def _scale_login(role: str) -> User | None:
    """The login seed-scale documents for the role (twincity.scale.shapes.LOGINS), if any."""
    try:
        from twincity.scale.shapes import LOGINS
    except ImportError:
        return None
    name = LOGINS.get(role)
    return User.objects.filter(username=name, is_active=True).first() if name else None


def member(role: str, env_name: str, units: list[int] | None = None) -> User:
    """A user holding `role`: the one BENCH_<ROLE> names, else seed-scale's login for it,
    else the first member (in one of `units` when given)."""
    if name := os.environ.get(env_name):
        return User.objects.get(username=name)
    if found_login := _scale_login(role):
        return found_login
    rows = Membership.objects.filter(role=role, user__is_active=True).select_related("user")
    candidates: list[int | None] = [*units] if units else [None]
    for unit in candidates:
        found = (rows.filter(unit=unit) if unit else rows).order_by("user_id").first()
        if found is not None:
            return found.user
    raise SystemExit(f"bench: no active user with the role {role}")


def personas() -> dict[str, User]:
    """The office, a liaison of the unit that leads the most items, and a leader."""
    busiest = (
        ItemSide.objects.values("lead_unit").annotate(n=Count("pk")).order_by("-n", "lead_unit")
    )
    units = [row["lead_unit"] for row in busiest[:50]]
    return {
        "office": member(Role.OFFICE, "BENCH_OFFICE"),
        "liaison": member(Role.LIAISON, "BENCH_LIAISON", units),
        "leader": member(Role.LEADER, "BENCH_LEADER"),
    }


def busiest_item() -> int:
    """The item with the most progress reports: the heaviest item page."""
    row = ProgressReport.objects.values("item").annotate(n=Count("pk")).order_by("-n").first()
    return row["item"] if row else Item.objects.order_by("pk").values_list("pk", flat=True)[0]


def busiest_round() -> int:
    row = ExpectedReport.objects.values("round").annotate(n=Count("pk")).order_by("-n").first()
    return row["round"] if row else ReportingRound.objects.latest("pk").pk


def pages() -> list[Page]:
    """What issue 8 names: home, item list filtered and sorted, item page, round page,
    dashboard, project bulletin, and the API's item list."""
    return [
        Page("home", "office", "/"),
        Page("home_liaison", "liaison", "/"),
        Page("items", "office", "/items/?state=in_progress&sort=-deadline"),
        Page("items_liaison", "liaison", "/items/?due=90&sort=deadline"),
        Page("item", "office", f"/items/{busiest_item()}/"),
        Page("round", "office", f"/supervision/rounds/{busiest_round()}/"),
        Page("dashboard", "leader", "/dashboard/"),
        Page("bulletin", "office", "/projects/bulletin/"),
        Page("api_items", "office", "/api/v1/items?state=in_progress&size=50"),
    ]


Query = tuple[str, Any, bool]


def _timed(call: Callable[[], Any], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} answered {response.status_code}")


def capture(client: Client, url: str) -> list[Query]:
    """Every statement one request runs, with its parameters, before the backend formats it."""
    seen: list[Query] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        _get(client, url)
    return seen


def is_read(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


def replay(queries: list[Query], costs: list[float] | None = None) -> None:
    """Run the SELECTs again and fetch all their rows (writes are the page's own business);
    add each statement's milliseconds to `costs` when given."""
    with connection.cursor() as cursor:
        for n, (sql, params, _many) in enumerate(queries):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            if costs is not None:
                costs[n] += (time.perf_counter() - started) * 1000


def measure(page: Page, client: Client, warmup: int, times: int) -> dict[str, Any]:
    _timed(lambda: _get(client, page.url), warmup)
    samples = _timed(lambda: _get(client, page.url), times)
    queries = capture(client, page.url)
    reads = [q for q in queries if is_read(q[0]) and not q[2]]
    costs = [0.0] * len(reads)
    floor = _timed(lambda: replay(reads, costs), times)
    result: dict[str, Any] = {"url": page.url, "persona": page.persona, "queries": len(queries)}
    result |= {"selects": len(reads), "page": summary(samples), "floor": summary(floor)}
    result["ratio"] = ratio(result["page"]["p95_ms"], result["floor"]["p95_ms"])
    result["slowest_sql"] = slowest(reads, [cost / times for cost in costs])
    return result


def slowest(reads: list[Query], mean_ms: list[float], top: int = 3) -> list[dict[str, Any]]:
    """The statements that cost the most in the floor runs: where a page's floor goes."""
    rows: list[dict[str, Any]] = [
        {"ms": round(ms, 2), "sql": q[0][:400]} for q, ms in zip(reads, mean_ms, strict=True)
    ]
    return sorted(rows, key=lambda row: -float(row["ms"]))[:top]


def briefing(times: int) -> dict[str, Any]:
    """The Word briefing pack for the latest joint meeting, as `twincity document` builds it."""
    meeting = (
        Meeting.objects.filter(series__code=documents.JOINT_SERIES, number__isnull=False)
        .order_by("-year", "-number")
        .first()
    )
    if meeting is None:
        return {}

    def build() -> None:
        file_bytes(documents.briefing(documents.joint_meeting(meeting.number)), "docx")

    return {"meeting": meeting.number, **summary(_timed(build, times))}


def counts() -> dict[str, int]:
    models: dict[str, Any] = {
        "items": Item,
        "progress_reports": ProgressReport,
        "projects": Project,
        "monthly_reports": MonthlyReport,
        "users": User,
        "meetings": Meeting,
    }
    return {name: model.objects.count() for name, model in models.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--documents", type=int, default=5)
    args = parser.parse_args()
    people = personas()
    clients = {}
    for name, user in people.items():
        clients[name] = Client()
        clients[name].force_login(user)
    result: dict[str, Any] = {"counts": counts(), "personas": {}, "pages": {}}
    result["personas"] = {name: user.username for name, user in people.items()}
    for page in pages():
        print(f"bench:   {page.key} {page.url}", flush=True)
        measured = measure(page, clients[page.persona], args.warmup, args.requests)
        result["pages"][page.key] = measured
    print("bench:   Word briefing", flush=True)
    result["briefing"] = briefing(args.documents)
    with open(args.out, "w") as handle:
        json.dump(result, handle, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
