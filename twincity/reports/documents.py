"""The five official documents, each gathered from the database in a fixed number of queries.

Every builder takes the thing the document is about and the reader (`user`; None for the
command line, which reads everything) and returns a `content.Document` that `word.py` and
`pdf.py` render alike. What a user cannot see on the source pages stays out of the document:
items through `Item.objects.visible_to`, results, projects and notices through theirs.

文号: the notice keeps its own number (督办〔2025〕3号); the other documents are drafts that
the office numbers when it issues them, so they carry a derived number, 川渝联办〔year〕N号,
where N is the meeting number, the round id or the month.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from twincity.accounts.policy import AnyUser
from twincity.commitments.models import (
    Item,
    ItemQuerySet,
    ItemSide,
    ItemState,
    ProgressReport,
    ReportStatus,
    Result,
    ResultType,
)
from twincity.indicators.models import Indicator, Region, RegionLevel
from twincity.indicators.queries import series_for
from twincity.lib import clock
from twincity.lib.charts import format_number
from twincity.lib.chinese import numeral
from twincity.meetings.models import Decision, Meeting, Numbering
from twincity.projects import bulletin as sentences
from twincity.projects import figures as fg
from twincity.projects.models import (
    Project,
    ProjectList,
    ProjectQuerySet,
    ProjectRules,
    SupportRequest,
)
from twincity.reports.chart_png import Series, bar_chart, line_chart
from twincity.reports.content import Chart, Document, Heading, Paragraph, Table
from twincity.supervision import ladder, stats
from twincity.supervision import rounds as r
from twincity.supervision.extensions import extended_item_ids
from twincity.supervision.models import Notice, NoticeKind, ReportingRound

JOINT_SERIES = "joint"
PREVIOUS_MEETINGS = 2  # the briefing reviews the decisions of this meeting and the two before
LATE_SHOWN = 30
KEY_CHARTS = 4


def organ() -> str:
    return _("推动成渝地区双城经济圈建设联合办公室")


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def office_number(year: int, n: int) -> str:
    return _("川渝联办〔%(year)s〕%(n)s号") % {"year": year, "n": n}


def _items(user: AnyUser | None) -> ItemQuerySet:
    return Item.objects.all() if user is None else Item.objects.visible_to(user)


def chart(
    title: str, labels: list[str], series: list[Series], unit: str = "", line: bool = False
) -> Chart:
    """A bar (or line) chart block captioned 图：title."""
    draw = line_chart if line else bar_chart
    return Chart(draw(title, labels, series, unit), _("图：%(title)s") % {"title": title})


def _ordinal_heading(n: int, text: str) -> str:
    return f"（{numeral(n)}）{text}"


# --- meetings --------------------------------------------------------------------------------


def joint_meeting(number: int) -> Meeting:
    """Meeting N of the joint series (the CLI's --meeting)."""
    found = Meeting.objects.select_related("series").filter(
        series__code=JOINT_SERIES, number=number
    )
    meeting = found.order_by("-year").first()
    if meeting is None:
        raise Http404(f"No joint meeting number {number}")
    return meeting


def meeting_name(meeting: Meeting) -> str:
    return _("%(series)s%(number)s会议") % {
        "series": meeting.series.name,
        "number": meeting.title_number,
    }


def recent_meetings(meeting: Meeting, count: int = PREVIOUS_MEETINGS + 1) -> list[Meeting]:
    """This meeting and the ones before it in its series, newest first."""
    rows = Meeting.objects.filter(series_id=meeting.series_id).select_related("series")
    if meeting.series.numbering == Numbering.YEARLY and meeting.year:
        earlier = Q(year__lt=meeting.year) | Q(year=meeting.year, number__lte=meeting.number)
        rows = rows.filter(earlier).order_by("-year", "-number")
    else:
        rows = rows.filter(number__lte=meeting.number).order_by("-number", "-year")
    return list(rows[:count])


def _decisions(meetings: list[Meeting], user: AnyUser | None) -> dict[int, list[Decision]]:
    items = _items(user).order_by("code")
    rows = Decision.objects.filter(meeting__in=meetings).prefetch_related(
        Prefetch("items", queryset=items)
    )
    out: dict[int, list[Decision]] = defaultdict(list)
    for decision in rows.order_by("number"):
        out[decision.meeting_id].append(decision)
    return out


def decision_state(items: Sequence[Item], today: dt.date) -> str:
    """How far a decision has come, from the items it created."""
    if not items:
        return _("尚未分解为事项")
    closed = sum(item.state == ItemState.CLOSED for item in items)
    if all(item.is_final for item in items):
        return _("已落实（%(n)s项事项均已办结）") % {"n": len(items)}
    late = sum(item.is_overdue(today) for item in items)
    state = _("推进中（已销号%(closed)s项/共%(n)s项）") % {"closed": closed, "n": len(items)}
    return state + (_("，%(late)s项逾期") % {"late": late} if late else "")


def _decision_rows(decisions: list[Decision], meeting: Meeting, today: dt.date) -> list[list[str]]:
    rows = []
    for decision in decisions:
        decision.meeting = meeting  # code reads meeting.number; saves a query per row
        items = list(decision.items.all())
        listed = "；".join(f"{i.code} {i.title}（{i.get_state_display()}）" for i in items)
        rows.append([decision.code, decision.title, decision_state(items, today), listed or "—"])
    return rows


def _state_chart(decisions: Iterable[Decision]) -> Chart | None:
    counts = Counter(item.get_state_display() for d in decisions for item in d.items.all())
    if not counts:
        return None
    labels = sorted(counts, key=lambda label: -counts[label])
    values = [Series(_("事项数"), [counts[x] for x in labels])]
    return chart(_("议定事项分解事项状态"), labels, values, _("项"))


def decision_blocks(meeting: Meeting, user: AnyUser | None, today: dt.date) -> list[Any]:
    meetings = recent_meetings(meeting)
    decisions = _decisions(meetings, user)
    blocks: list[Any] = [Heading(_("一、历次会议议定事项落实情况"))]
    for n, m in enumerate(meetings, start=1):
        own = decisions.get(m.pk, [])
        label = _("%(number)s会议议定事项") % {"number": m.title_number}
        blocks.append(Heading(_ordinal_heading(n, label), 2))
        if not own:
            blocks.append(Paragraph(_("本次会议未登记议定事项。")))
            continue
        blocks.append(Paragraph(_("本次会议共%(n)s项议定事项，落实情况如下。") % {"n": len(own)}))
        columns = [_("编号"), _("议定事项"), _("落实状态"), _("分解事项及状态")]
        blocks.append(Table(columns, _decision_rows(own, m, today)))
    chart = _state_chart(d for rows in decisions.values() for d in rows)
    if chart:
        blocks.append(chart)
    return blocks


# --- results ---------------------------------------------------------------------------------


def meeting_results(meeting: Meeting, user: AnyUser | None) -> list[Result]:
    """Results published at the meeting, and those obtained since the previous one."""
    previous = recent_meetings(meeting, 2)[1:]
    window = Q(meeting=meeting)
    if previous and previous[0].date and meeting.date:
        window |= Q(date__gt=previous[0].date, date__lte=meeting.date)
    rows = Result.objects.all() if user is None else Result.objects.visible_to(user)
    rows = rows.filter(pk__in=Result.objects.filter(window).values("pk"))
    return list(rows.prefetch_related("parties", "figures").order_by("type", "-date", "id"))


def _parties(result: Result) -> str:
    return "、".join(p.short_name for p in result.parties.all()) or "—"


def _figures_text(result: Result) -> str:
    return "；".join(f"{f.label}{format_number(f.value)}{f.unit}" for f in result.figures.all())


def result_blocks(results: list[Result], heading: str) -> list[Any]:
    blocks: list[Any] = [Heading(heading)]
    if not results:
        return [*blocks, Paragraph(_("本期无登记的工作成果。"))]
    blocks.append(Paragraph(_("共取得工作成果%(n)s项。") % {"n": len(results)}))
    columns = [_("成果名称"), _("成果类型"), _("取得时间"), _("参与方"), _("成果数据")]
    rows = [
        [x.title, x.get_type_display(), cn_date(x.date), _parties(x), _figures_text(x) or "—"]
        for x in results
    ]
    return [*blocks, Table(columns, rows)]


# --- late items and the units' reasons -------------------------------------------------------


def _sides_with_reasons() -> Prefetch:
    latest = (
        ProgressReport.objects.filter(item=OuterRef("item_id"), party=OuterRef("party_id"))
        .exclude(status__in=[ReportStatus.RETURNED, ReportStatus.DRAFT])
        .order_by("-submitted_at", "-id")
    )
    sides = ItemSide.objects.select_related("party", "lead_unit").annotate(
        difficulties=Subquery(latest.values("difficulties")[:1])
    )
    return Prefetch("sides", queryset=sides)


def late_blocks(user: AnyUser | None, today: dt.date, heading: str) -> list[Any]:
    late = _items(user).overdue(today)
    rows = list(late.prefetch_related(_sides_with_reasons()).order_by("deadline", "code"))
    blocks: list[Any] = [Heading(heading)]
    if not rows:
        return [*blocks, Paragraph(_("目前无逾期未完成事项。"))]
    summary = _("截至%(day)s，逾期未完成事项%(n)s项。") % {"day": cn_date(today), "n": len(rows)}
    blocks.append(Paragraph(summary))

    def reasons(item: Item) -> str:
        parts = []
        for side in item.sides.all():
            why = getattr(side, "difficulties", "") or _("未说明原因")
            parts.append(f"{side.party.short_name}·{side.lead_unit}：{why}")
        return "；".join(parts) or "—"

    table_rows = [
        [i.code, i.title, cn_date(i.deadline), str((today - i.deadline).days), reasons(i)]
        for i in rows[:LATE_SHOWN]
        if i.deadline
    ]
    columns = [_("编号"), _("事项名称"), _("完成时限"), _("逾期天数"), _("牵头单位及原因")]
    blocks.append(Table(columns, table_rows))
    if len(rows) > LATE_SHOWN:
        blocks.append(Paragraph(_("（仅列逾期最久的%(n)s项。）") % {"n": LATE_SHOWN}))
    return blocks


# --- projects ----------------------------------------------------------------------------------


def _projects(user: AnyUser | None) -> ProjectQuerySet:
    return Project.objects.all() if user is None else Project.objects.visible_to(user)


def project_list(year: int | None, user: AnyUser | None) -> ProjectList | None:
    """The year's project list (default: this year's, else the latest one)."""
    lists = ProjectList.objects.all() if user is None else ProjectList.objects.visible_to(user)
    if year is not None:
        return lists.filter(year=year).first()
    return lists.filter(year=clock.today().year).first() or lists.order_by("-year").first()


def bulletin_lines(figures: fg.Figures) -> list[str]:
    """The dispatch bulletin's sentences (projects/bulletin.py), in the page's order."""
    parts = sentences.lines(figures)
    return [parts["headline"], parts["starts"], *parts["areas"], *parts["sides"]]


def _figure_chart(figures: fg.Figures) -> Chart | None:
    rows = [(a.name, t.rate) for a, t in figures.by_area if t.rate is not None]
    if not rows:
        return None
    title = _("分领域年度投资完成率")
    series = [Series(_("完成率"), [rate for _label, rate in rows])]
    png = bar_chart(title, [label for label, _rate in rows], series, "%")
    note = _("图：%(title)s（时序进度%(schedule)s%%）") % {
        "title": title,
        "schedule": format_number(figures.schedule),
    }
    return Chart(png, note)


def investment_blocks(user: AnyUser | None, today: dt.date, heading: str) -> list[Any]:
    plist = project_list(None, user)
    blocks: list[Any] = [Heading(heading)]
    if plist is None:
        return [*blocks, Paragraph(_("暂无共建重点项目清单。"))]
    month = fg.default_month(plist.year, today)
    projects = _projects(user).filter(list=plist).in_list()
    figures = fg.figures_for(projects, plist.year, month)
    blocks += [Paragraph(line) for line in bulletin_lines(figures)[:2]]
    chart = _figure_chart(figures)
    return [*blocks, chart] if chart else blocks


# --- key indicators ----------------------------------------------------------------------------


def indicator_blocks(heading: str) -> list[Any]:
    region = Region.objects.filter(level=RegionLevel.CIRCLE).first()
    indicators = list(Indicator.objects.key().order_by("order", "code"))
    blocks: list[Any] = [Heading(heading)]
    if region is None or not indicators:
        return [*blocks, Paragraph(_("暂无重点指标数据。"))]
    found = series_for(indicators, region, last=8)
    rows = []
    for indicator in indicators:
        series = found.get(indicator.pk) or []
        latest = series[-1] if series else None
        value = format_number(latest.value) if latest else "—"
        period = latest.period_label if latest else "—"
        rows.append([indicator.name, value, indicator.unit or "—", period])
    columns = [_("指标"), _("最新值"), _("计量单位"), _("统计期")]
    blocks += [Paragraph(_("%(region)s重点指标如下。") % {"region": region.name})]
    blocks.append(Table(columns, rows))
    charted = [i for i in indicators if len(found.get(i.pk, [])) >= 2][:KEY_CHARTS]
    for indicator in charted:
        series = found[indicator.pk]
        labels = [o.period_label for o in series]
        values = [Series(region.name, [o.value for o in series])]
        blocks.append(chart(indicator.name, labels, values, indicator.unit, line=True))
    return blocks


# --- (a) the briefing pack -------------------------------------------------------------------


def briefing(meeting: Meeting, user: AnyUser | None = None) -> Document:
    """会议汇报材料 for meeting N: decisions and their state, results, late items with the
    units' reasons, project investment, key indicators with charts."""
    today = clock.today()
    name = meeting_name(meeting)
    where = _("在%(place)s") % {"place": meeting.place} if meeting.place else ""
    theme = _("，主题为“%(theme)s”") % {"theme": meeting.theme} if meeting.theme else ""
    intro = _("%(name)s于%(date)s%(where)s召开%(theme)s。") % {
        "name": name,
        "date": meeting.date_display() or _("（日期待定）"),
        "where": where,
        "theme": theme,
    }
    scope = _(
        "现将历次会议议定事项落实情况、工作成果、逾期事项、共建重点项目投资和重点指标情况"
        "汇报如下（数据截至%(day)s）。"
    ) % {"day": cn_date(today)}
    blocks: list[Any] = [Paragraph(intro + scope)]
    blocks += decision_blocks(meeting, user, today)
    blocks += result_blocks(meeting_results(meeting, user), _("二、工作成果"))
    blocks += late_blocks(user, today, _("三、逾期事项及单位说明"))
    blocks += investment_blocks(user, today, _("四、共建重点项目投资完成情况"))
    blocks += indicator_blocks(_("五、重点指标"))
    return Document(
        organ=organ(),
        number=office_number(today.year, meeting.number),
        title=_("%(name)s汇报材料") % {"name": name},
        blocks=blocks,
        signature=organ(),
        date=cn_date(today),
        filename=_("%(name)s汇报材料") % {"name": name},
    )


# --- (b) a reporting round's bulletin ----------------------------------------------------------


def _unit_list(rows: list[r.Figures], note: str, count: str) -> str:
    if not rows:
        return _("无。")
    parts = [f.label + (note % {"n": getattr(f, count)} if note else "") for f in rows]
    return "、".join(parts) + _("。")


def round_bulletin(rnd: ReportingRound, user: AnyUser | None = None) -> Document:
    """调度报送情况通报: totals, on-time, late and missing units, red items and difficulties."""
    today = clock.today()
    totals = r.round_totals(rnd)
    units = r.round_figures(rnd, "unit")
    expected = _items(user).filter(pk__in=rnd.expected.values("item_id"))
    red = stats.red_items(rnd, expected)
    sides = stats.sides_with_difficulties([item.pk for item in red], rnd)
    extended = extended_item_ids(item.pk for item in red)
    summary = _(
        "%(period)s调度于%(due)s截止报送。本轮应报送进展%(expected)s项，已报送%(submitted)s项，"
        "其中按时报送%(on_time)s项、逾期报送%(late)s项，未报送%(missing)s项。"
    ) % {
        "period": rnd.period,
        "due": cn_date(rnd.due),
        "expected": totals.expected,
        "submitted": totals.submitted,
        "on_time": totals.on_time,
        "late": totals.late,
        "missing": totals.missing,
    }
    if totals.rate is not None:
        summary += _("按时报送率为%(rate)s%%。") % {"rate": totals.rate}
    on_time = [f for f in units if not f.missing and not f.late]
    late = [f for f in units if not f.missing and f.late]
    missing = [f for f in units if f.missing]
    blocks: list[Any] = [
        Paragraph(summary),
        Heading(_("一、按时报送单位")),
        Paragraph(_unit_list(on_time, "", "")),
        Heading(_("二、逾期报送单位")),
        Paragraph(_unit_list(late, _("（逾期%(n)s项）"), "late")),
        Heading(_("三、未报送单位")),
        Paragraph(_unit_list(missing, _("（未报%(n)s项）"), "missing")),
    ]
    rated = [f for f in units if f.rate is not None]
    if rated:
        title = _("各单位按时报送率")
        values = [Series(_("按时报送率"), [f.rate for f in rated])]
        blocks.append(chart(title, [f.label for f in rated], values, "%"))
    blocks.append(Heading(_("四、红灯事项及存在困难")))
    if red:
        rows = []
        for item in red:
            deadline = cn_date(item.deadline) + (_("（已延期）") if item.pk in extended else "")
            why = _side_difficulties(sides.get(item.pk, []))
            rows.append([item.code, item.title, deadline, why])
        columns = [_("编号"), _("事项名称"), _("完成时限"), _("牵头单位及存在困难")]
        blocks.append(Table(columns, rows))
    else:
        blocks.append(Paragraph(_("本轮无红灯事项。")))
    title = _("关于%(period)s调度报送情况的通报") % {"period": rnd.period}
    return Document(
        organ=organ(),
        number=office_number(today.year, rnd.pk),
        title=title,
        blocks=blocks,
        signature=organ(),
        date=cn_date(today),
        filename=title,
    )


def _side_difficulties(sides: list[ItemSide]) -> str:
    parts = []
    for side in sides:
        if getattr(side, "difficulties", ""):
            text = side.difficulties  # type: ignore[attr-defined]
        elif getattr(side, "reported_at", None):
            text = _("未反映困难。")
        else:
            text = _("未报送进展。")
        if getattr(side, "missing_in_round", False):
            text += _("（本轮未报送）")
        parts.append(f"{side.party}·{side.lead_unit}：{text}")
    return "\n".join(parts) or "—"


# --- (c) a supervision notice ----------------------------------------------------------------


def notices_for(user: AnyUser | None) -> QuerySet[Notice]:
    rows = Notice.objects.all() if user is None else ladder.visible_notices(user)
    sides = Prefetch("sides", queryset=ItemSide.objects.select_related("party", "lead_unit"))
    items = Item.objects.select_related("list").prefetch_related(sides)
    return rows.select_related("unit", "round").prefetch_related(
        Prefetch("items", queryset=items), "projects__responsible_units"
    )


def notice_title(notice: Notice) -> str:
    if notice.kind == NoticeKind.BULLETIN:
        return _("通报")
    return _("%(kind)s通知") % {"kind": notice.get_kind_display()}


def notice_document(notice: Notice) -> Document:
    """督办单 (and the other notices of the ladder), as the notice page shows it."""
    rows = []
    for item, still_open in ladder.notice_rows(notice):
        leads = "；".join(f"{s.party}·{s.lead_unit}" for s in item.sides.all())
        state = _("未整改") if still_open else _("已整改")
        rows.append([item.code, item.title, leads or "—", cn_date(item.deadline), state])
    for project in notice.projects.all():
        units = "、".join(str(u) for u in project.responsible_units.all())
        rows.append([project.code, project.name, units or "—", "—", _("重点项目月报")])
    blocks: list[Any] = [Paragraph(f"{notice.unit.name}：")]
    blocks += [Paragraph(line) for line in notice.reason.splitlines() if line.strip()]
    columns = [_("编号"), _("事项名称"), _("牵头单位"), _("完成时限"), _("整改情况")]
    blocks.append(Table(columns, rows))
    if notice.answer_by:
        answer = _("请于%(date)s前将办理情况书面答复联合办公室。")
        blocks.append(Paragraph(answer % {"date": cn_date(notice.answer_by)}))
    if notice.round:
        blocks.append(Paragraph(_("调度轮次：%(round)s。") % {"round": notice.round}))
    return Document(
        organ=organ(),
        number=notice.number,
        title=notice_title(notice),
        blocks=blocks,
        signature=organ(),
        date=cn_date(timezone.localdate(notice.issued_at)),
        filename=notice.number,
    )


# --- (d) the monthly project dispatch bulletin ---------------------------------------------------


def _late_projects(projects: QuerySet[Project], year: int, month: int) -> list[list[str]]:
    """The red projects, with their rate and whether a start was missed (as on the page)."""
    out = []
    for row in fg.late_rows(projects, year, month, ProjectRules.current().yellow_margin):
        p = row["p"]
        why = _("未按计划开工") if row["missed"] else _("滞后时序进度")
        units = "、".join(str(u) for u in p.responsible_units.all())
        out.append([p.code, p.name, p.area.name, units or "—", format_number(row["rate"]), why])
    return out


def _figure_table(figures: fg.Figures) -> Table:
    rows = []
    for row in figures.rows(_("川渝共建")):
        t: fg.Totals = row["t"]
        label = row["label"] or _("合计")
        money = [format_number(fg.yi(t.planned)), format_number(fg.yi(t.completed))]
        rates = [format_number(row["rate"]), format_number(row["ahead"])]
        rows.append([label, str(t.projects), *money, *rates])
    columns = [
        _("领域/地区"),
        _("项目数"),
        _("年度计划投资（亿元）"),
        _("完成投资（亿元）"),
        _("完成率（%）"),
        _("超时序进度（个百分点）"),
    ]
    return Table(columns, rows)


def project_bulletin(plist: ProjectList, month: int, user: AnyUser | None = None) -> Document:
    """共建重点项目调度情况通报 for months 1–N of the list's year."""
    today = clock.today()
    projects = _projects(user).filter(list=plist).in_list()
    figures = fg.figures_for(projects, plist.year, month)
    lines = bulletin_lines(figures)
    n_areas = len(figures.by_area)
    blocks: list[Any] = [Paragraph(lines[0]), Paragraph(lines[1])]
    blocks.append(Heading(_("一、分领域推进情况")))
    blocks += [Paragraph(x) for x in lines[2 : 2 + n_areas]]
    blocks.append(Heading(_("二、分地区推进情况")))
    blocks += [Paragraph(x) for x in lines[2 + n_areas :]]
    blocks.append(_figure_table(figures))
    chart = _figure_chart(figures)
    if chart:
        blocks.append(chart)
    blocks.append(Heading(_("三、进度滞后项目")))
    late = _late_projects(projects, plist.year, month)
    if late:
        columns = [_("编号"), _("项目名称"), _("领域"), _("责任单位"), _("完成率（%）"), _("说明")]
        blocks.append(Table(columns, late))
    else:
        blocks.append(Paragraph(_("无红灯项目。")))
    missing = fg.missing_reports(plist, month).count()
    pending = fg.pending_reports(projects, plist.year, month)
    note = _("%(m)s月有%(n)s个项目未报送月报") % {"m": month, "n": missing}
    if pending:
        note += _("，%(n)s份月报待受理，未计入本通报") % {"n": pending}
    blocks.append(Paragraph(note + _("。")))
    blocks.append(Heading(_("四、待协调的要素保障诉求")))
    supports = fg.open_supports(projects, plist.year, month)

    def when(s: SupportRequest) -> str:
        return _("%(m)s月") % {"m": s.report.month}

    support_rows = [
        [s.report.project.name, s.get_kind_display(), s.text, str(s.to_unit), when(s)]
        for s in supports
    ]
    if support_rows:
        columns = [_("项目"), _("要素类型"), _("诉求内容"), _("协调单位"), _("提出月份")]
        blocks.append(Table(columns, support_rows))
    else:
        blocks.append(Paragraph(_("无待协调诉求。")))
    title = _("%(year)s年%(months)s成渝地区双城经济圈共建重点项目调度情况通报") % {
        "year": plist.year,
        "months": sentences.months_label(month),
    }
    return Document(
        organ=organ(),
        number=office_number(today.year, month),
        title=title,
        blocks=blocks,
        signature=organ(),
        date=cn_date(today),
        filename=title,
    )


# --- (e) the results communiqué ------------------------------------------------------------------


def communique(meeting: Meeting, user: AnyUser | None = None) -> Document:
    """成果通报 (draft) for meeting N: its results by type, with their figures."""
    today = clock.today()
    results = meeting_results(meeting, user)
    name = meeting_name(meeting)
    by_type: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_type[result.type].append(result)
    kinds = [k for k in ResultType if k in by_type]
    count = _("%(type)s%(n)s项")
    counts = "、".join(count % {"type": ResultType(k).label, "n": len(by_type[k])} for k in kinds)
    intro = _("%(name)s以来，川渝两省市协同推进双城经济圈建设，共取得工作成果%(n)s项") % {
        "name": name,
        "n": len(results),
    }
    intro += (_("，其中%(counts)s") % {"counts": counts} if counts else "") + _("。")
    blocks: list[Any] = [Paragraph(intro)]
    if kinds:
        labels = [str(ResultType(k).label) for k in kinds]
        values = [Series(_("成果数"), [len(by_type[k]) for k in kinds])]
        blocks.append(chart(_("工作成果分类统计"), labels, values, _("项")))
    for n, kind in enumerate(kinds, start=1):
        blocks.append(Heading(f"{numeral(n)}、{ResultType(kind).label}"))
        for k, result in enumerate(by_type[kind], start=1):
            text = f"{k}. {result.title}（{cn_date(result.date)}，{_parties(result)}）"
            if result.description:
                text += f"：{result.description}"
            if figures := _figures_text(result):
                text += _("（%(figures)s）") % {"figures": figures}
            blocks.append(Paragraph(text))
    if not results:
        blocks.append(Paragraph(_("本期无登记的工作成果。")))
    title = _("%(name)s工作成果通报（草稿）") % {"name": name}
    return Document(
        organ=organ(),
        number=office_number(today.year, meeting.number),
        title=title,
        blocks=blocks,
        signature=organ(),
        date=cn_date(today),
        filename=title,
    )
