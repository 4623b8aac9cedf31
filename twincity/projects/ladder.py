"""Monthly rounds of the joint key projects, urged with the supervision ladder's notices.

Reports for month N are due on ProjectRules.report_due_day of month N+1. For the month just
ended, each responsible unit with in-list projects whose report is missing (none, or returned)
gets, per month, one notice per rule naming those projects, numbered like every other notice:
  project-reminder:{year}-{MM}:{unit_id}    from REMIND_DAYS before the due day until it
  project-urge:{year}-{MM}:{unit_id}        after the due day
  project-supervise:{year}-{MM}:{unit_id}   the urge is older than Thresholds.supervise_after_days
The keys make `run_project_ladder` idempotent; a report submitted stops the climb (已整改).
Project notices name no items, so the item ladder's supervision step leaves them alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, StrIndex, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from twincity.audit.log import record
from twincity.lib import clock
from twincity.projects.figures import report_due
from twincity.projects.models import MonthlyReport, Project, ProjectRules, ReportStatus
from twincity.supervision.ladder import LADDER_LOCK_KEY, SYSTEM, create_numbered
from twincity.supervision.models import Notice, NoticeKind, Thresholds
from twincity.webhooks.events import emit

K = NoticeKind
REMIND_DAYS = 3
# A report counts once submitted; a returned one does not until it is submitted again.
DONE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
PREFIX = {K.REMINDER: "project-reminder", K.URGE: "project-urge", K.SUPERVISE: "project-supervise"}


def period_key(kind: str, year: int, month: int, unit_id: int) -> str:
    return f"{PREFIX[K(kind)]}:{year}-{month:02d}:{unit_id}"


def parse_period(key: str) -> tuple[int, int]:
    """(year, month) of a project notice's key."""
    year, month = key.split(":")[1].split("-")
    return int(year), int(month)


def month_just_ended(today: dt.date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def missing_by_unit(year: int, month: int) -> dict[int, list[int]]:
    """Responsible unit → its in-list projects of the year's list without a report for month."""
    done = MonthlyReport.objects.filter(
        project=OuterRef("project_id"), year=year, month=month, status__in=DONE
    )
    rows = (
        Project.responsible_units.through.objects.filter(
            project__list__year=year, project__withdrawn=False
        )
        .exclude(Exists(done))
        .order_by("unit_id", "project_id")
        .values_list("unit_id", "project_id")
    )
    out: dict[int, list[int]] = defaultdict(list)
    for unit_id, project_id in rows:
        out[unit_id].append(project_id)
    return dict(out)


def _reason(kind: str, year: int, month: int, due: dt.date, codes: list[str]) -> str:
    values = {"year": year, "month": month, "date": f"{due:%Y-%m-%d}", "codes": "、".join(codes)}
    if kind == K.REMINDER:
        text = _("%(year)s年%(month)s月重点项目月报将于%(date)s截止，请按时报送：%(codes)s。")
    elif kind == K.URGE:
        text = _("%(year)s年%(month)s月重点项目月报已于%(date)s截止，以下项目仍未报送：%(codes)s。")
    else:
        text = _("%(year)s年%(month)s月重点项目月报经催办后仍未报送，现予督办：%(codes)s。")
    return text % values


def _issue(
    kind: str, unit_id: int, project_ids: list[int], reason: str, now: dt.datetime, **kw: object
) -> Notice:
    notice = Notice(
        kind=kind,
        year=timezone.localdate(now).year,
        unit_id=unit_id,
        reason=reason,
        issued_at=now,
        **kw,
    )
    create_numbered(notice)
    notice.projects.set(project_ids)
    after = {"number": notice.number, "unit": unit_id, "projects": project_ids, "key": notice.key}
    after["reason"] = reason
    record(f"notice.{kind}", actor_name=SYSTEM, target=notice, after=after)
    emit("notice.issued", notice)
    return notice


def _codes(project_ids: list[int]) -> dict[int, str]:
    return dict(Project.objects.filter(pk__in=project_ids).values_list("pk", "code"))


def _write(
    kind: str, year: int, month: int, due: dt.date, now: dt.datetime, answer_days: int
) -> list[Notice]:
    """One notice of this kind per unit still missing reports for the month, unless issued."""
    missing = missing_by_unit(year, month)
    keys = {u: period_key(kind, year, month, u) for u in missing}
    taken = set(Notice.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    codes = _codes([p for ids in missing.values() for p in ids])
    answer_by = timezone.localdate(now) + dt.timedelta(answer_days) if kind != K.REMINDER else None
    out = []
    for unit_id, project_ids in missing.items():
        if keys[unit_id] in taken:
            continue
        reason = _reason(kind, year, month, due, [codes[p] for p in project_ids])
        out.append(
            _issue(kind, unit_id, project_ids, reason, now, key=keys[unit_id], answer_by=answer_by)
        )
    return out


def _supervise(now: dt.datetime, thresholds: Thresholds, due_day: int) -> list[Notice]:
    """Project urges older than M days whose reports are still missing become 督办."""
    cutoff = timezone.localdate(now) - dt.timedelta(thresholds.supervise_after_days)
    urges = Notice.objects.filter(
        kind=K.URGE, key__startswith=f"{PREFIX[K.URGE]}:", issued_at__date__lte=cutoff
    ).prefetch_related("projects")
    out = []
    for urge in urges:
        year, month = parse_period(urge.key)
        key = period_key(K.SUPERVISE, year, month, urge.unit_id)
        if Notice.objects.filter(key=key).exists():
            continue
        still = set(missing_by_unit(year, month).get(urge.unit_id, []))
        ids = [p.pk for p in urge.projects.all() if p.pk in still]
        if not ids:
            continue
        answer_by = timezone.localdate(now) + dt.timedelta(thresholds.answer_days)
        codes = _codes(ids)
        reason = _reason(
            K.SUPERVISE, year, month, report_due(year, month, due_day), [codes[p] for p in ids]
        )
        out.append(
            _issue(K.SUPERVISE, urge.unit_id, ids, reason, now, key=key, answer_by=answer_by)
        )
    return out


@transaction.atomic
def run_project_ladder(now: dt.datetime | None = None) -> list[Notice]:
    """Issue the project notices due at `now`; a second run at the same time issues none."""
    now = now or clock.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LADDER_LOCK_KEY])
    thresholds = Thresholds.current()
    due_day = ProjectRules.current().report_due_day
    today = timezone.localdate(now)
    year, month = month_just_ended(today)
    due = report_due(year, month, due_day)
    out: list[Notice] = []
    if due - dt.timedelta(REMIND_DAYS) <= today <= due:
        out += _write(K.REMINDER, year, month, due, now, thresholds.answer_days)
    elif today > due:
        out += _write(K.URGE, year, month, due, now, thresholds.answer_days)
    out += _supervise(now, thresholds, due_day)
    return out


def history() -> QuerySet[Notice]:
    """Project notices with `remedied`: every project they name has since reported its month.

    For prefetching a project's `notices`; the period is read from the key (…:YYYY-MM:…).
    """
    pos = StrIndex("key", Value(":")) + 1
    qs = Notice.objects.filter(key__startswith="project-").annotate(
        period_year=Cast(Substr("key", pos, 4), IntegerField()),
        period_month=Cast(Substr("key", pos + 5, 2), IntegerField()),
    )
    done = MonthlyReport.objects.filter(
        project=OuterRef("project_id"),
        year=OuterRef(OuterRef("period_year")),
        month=OuterRef(OuterRef("period_month")),
        status__in=DONE,
    )
    open_rows = Notice.projects.through.objects.filter(notice=OuterRef("pk")).exclude(Exists(done))
    return (
        qs.annotate(remedied=~Exists(open_rows)).select_related("unit").order_by("issued_at", "id")
    )
