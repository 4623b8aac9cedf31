"""The open-data datasets: rows of public records for the CSV and JSON downloads.

Each dataset reads only through `portal.public`; the columns are fixed and documented on the
open-data page. Text that a spreadsheet would run as a formula is defused in the CSV.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from twincity.commitments.models import ItemSide, ResultFigure
from twincity.lib import clock
from twincity.portal import public

Row = dict[str, Any]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Dataset:
    """One download: its name in the URL, what it holds, its columns and rows."""

    name: str
    title: Promise
    fields: tuple[tuple[str, Promise], ...]
    rows: Callable[..., list[Row]]
    by_list: bool = False  # accepts ?list=<id>


def joined(values: list[str]) -> str:
    return "；".join(v for v in values if v)


def with_sides(items: Any) -> Any:
    """Items with their lead units, in one more query."""
    sides = ItemSide.objects.select_related("party", "lead_unit")
    return items.select_related("list").prefetch_related(Prefetch("sides", queryset=sides))


def lead_units(item: Any) -> str:
    return joined([f"{s.party.short_name}：{s.lead_unit.name}" for s in item.sides.all()])


def figure_text(figure: ResultFigure) -> str:
    return f"{figure.label} {figure.value.normalize():f}{figure.unit}"


def result_rows() -> list[Row]:
    items = public.public_items().order_by("code")
    results = public.public_results().select_related("meeting__series")
    results = results.prefetch_related(
        "parties", "figures", Prefetch("items", queryset=items, to_attr="public_items")
    )
    return [
        {
            "id": r.pk,
            "title": r.title,
            "type": r.type,
            "type_label": str(r.get_type_display()),
            "date": r.date,
            "parties": joined([p.name for p in r.parties.all()]),
            "description": r.description,
            "figures": joined([figure_text(f) for f in r.figures.all()]),
            "meeting": str(r.meeting) if public.meeting_shown(r.meeting) else "",
            "items": joined([i.code for i in r.public_items]),
        }
        for r in results
    ]


def list_rows() -> list[Row]:
    counted = Count("items", filter=Q(items__in=public.public_items()))
    lists = public.public_lists().select_related("source_meeting__series").annotate(n=counted)
    return [
        {
            "id": lst.pk,
            "name": lst.name,
            "kind": lst.kind,
            "kind_label": str(lst.get_kind_display()),
            "period": lst.period,
            "source_meeting": str(lst.source_meeting)
            if public.meeting_shown(lst.source_meeting)
            else "",
            "source_document": lst.source_document,
            "description": lst.description,
            "items": lst.n,
        }
        for lst in lists
    ]


def item_rows(list_id: int | None = None) -> list[Row]:
    """Every public item, or those of one public list."""
    items = public.public_items()
    if list_id is not None:
        items = items.filter(list_id=list_id)
    return [
        {
            "list_id": item.list_id,
            "list": item.list.name,
            "code": item.code,
            "title": item.title,
            "area": item.area,
            "lead_units": lead_units(item),
            "deadline": item.deadline,
            "state": item.state,
            "state_label": str(item.get_state_display()),
            "light": item.light,
            "light_label": str(item.get_light_display()),
            "progress": item.progress,
            "result_form": item.result_form,
        }
        for item in with_sides(items).order_by("list_id", "code")
    ]


def meeting_rows() -> list[Row]:
    decisions = public.public_decisions().order_by("number")
    meetings = public.public_meetings().select_related("series", "host_party")
    meetings = meetings.prefetch_related(
        Prefetch("decisions", queryset=decisions, to_attr="public_decisions")
    )
    return [
        {
            "id": m.pk,
            "series": m.series.name,
            "meeting": str(m),
            "date": m.date,
            "date_label": m.date_display(),
            "place": m.place,
            "host": m.host_party.name if m.host_party else "",
            "theme": m.theme,
            "decisions": joined([f"{d.number:02d} {d.title}" for d in m.public_decisions]),
        }
        for m in meetings
    ]


def indicator_rows() -> list[Row]:
    return [
        {
            "code": i.code,
            "name": i.name,
            "unit": i.unit,
            "area": i.area,
            "area_label": str(i.get_area_display()),
            "direction": i.direction,
            "definition": i.definition,
            "source": i.source,
        }
        for i in public.public_indicators()
    ]


def observation_rows() -> list[Row]:
    observations = public.public_observations().select_related("indicator", "region")
    observations = observations.order_by(
        "indicator__order", "indicator_id", "region__order", "period_end"
    )
    return [
        {
            "indicator": o.indicator.code,
            "indicator_name": o.indicator.name,
            "region": o.region.code,
            "region_name": o.region.name,
            "period_kind": o.period_kind,
            "period_end": o.period_end,
            "period_label": o.period_label,
            "value": o.value,
            "unit": o.indicator.unit,
        }
        for o in observations
    ]


DATASETS = {
    d.name: d
    for d in [
        Dataset(
            "results",
            _("工作成果"),
            (
                ("id", _("编号")),
                ("title", _("成果名称")),
                ("type", _("成果类型代码")),
                ("type_label", _("成果类型")),
                ("date", _("取得时间")),
                ("parties", _("参与方")),
                ("description", _("成果说明")),
                ("figures", _("成果数据")),
                ("meeting", _("发布会议")),
                ("items", _("对应公开事项编号")),
            ),
            result_rows,
        ),
        Dataset(
            "lists",
            _("公开清单"),
            (
                ("id", _("编号")),
                ("name", _("名称")),
                ("kind", _("清单类型代码")),
                ("kind_label", _("清单类型")),
                ("period", _("期间")),
                ("source_meeting", _("来源会议")),
                ("source_document", _("来源文件")),
                ("description", _("说明")),
                ("items", _("公开事项数")),
            ),
            list_rows,
        ),
        Dataset(
            "items",
            _("公开事项"),
            (
                ("list_id", _("清单编号")),
                ("list", _("清单")),
                ("code", _("事项编号")),
                ("title", _("事项名称")),
                ("area", _("领域")),
                ("lead_units", _("牵头单位")),
                ("deadline", _("完成时限")),
                ("state", _("状态代码")),
                ("state_label", _("状态")),
                ("light", _("亮灯代码")),
                ("light_label", _("亮灯")),
                ("progress", _("进度（%）")),
                ("result_form", _("成果形式")),
            ),
            item_rows,
            by_list=True,
        ),
        Dataset(
            "meetings",
            _("会议公开成果"),
            (
                ("id", _("编号")),
                ("series", _("会议系列")),
                ("meeting", _("会议")),
                ("date", _("日期")),
                ("date_label", _("日期（按精度）")),
                ("place", _("地点")),
                ("host", _("轮值主办方")),
                ("theme", _("主题")),
                ("decisions", _("公开议定事项")),
            ),
            meeting_rows,
        ),
        Dataset(
            "indicators",
            _("公开指标"),
            (
                ("code", _("代码")),
                ("name", _("名称")),
                ("unit", _("计量单位")),
                ("area", _("领域代码")),
                ("area_label", _("领域")),
                ("direction", _("方向")),
                ("definition", _("定义")),
                ("source", _("数据来源")),
            ),
            indicator_rows,
        ),
        Dataset(
            "observations",
            _("公开指标数据"),
            (
                ("indicator", _("指标代码")),
                ("indicator_name", _("指标")),
                ("region", _("地区代码")),
                ("region_name", _("地区")),
                ("period_kind", _("统计周期")),
                ("period_end", _("截止日期")),
                ("period_label", _("期间")),
                ("value", _("数值")),
                ("unit", _("计量单位")),
            ),
            observation_rows,
        ),
    ]
}


def cell(value: Any) -> Any:
    """A CSV cell: text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(dataset: Dataset, rows: list[Row]) -> bytes:
    """UTF-8 with a BOM, so that Excel reads Chinese; one header row of the column keys."""
    out = io.StringIO()
    writer = csv.writer(out)
    keys = [key for key, _label in dataset.fields]
    writer.writerow(keys)
    writer.writerows([cell(row[key]) for key in keys] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _plain(value: Any) -> Any:
    """Figures as exact decimal strings (5332.42), dates as ISO strings."""
    return f"{value.normalize():f}" if isinstance(value, Decimal) else value


def to_json(dataset: Dataset, rows: list[Row]) -> bytes:
    document = {
        "dataset": dataset.name,
        "title": str(dataset.title),
        "generated_at": timezone.localtime(clock.now()).isoformat(timespec="seconds"),
        "count": len(rows),
        "fields": [{"name": key, "label": str(label)} for key, label in dataset.fields],
        "rows": [{k: _plain(v) for k, v in row.items()} for row in rows],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()
