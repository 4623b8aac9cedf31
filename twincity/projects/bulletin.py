"""The standard sentences of the monthly dispatch bulletin, filled with exact figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from twincity.projects.figures import Figures, Totals, yi


def months_label(month: int) -> str:
    return _("1月") if month == 1 else _("1—%(month)s月") % {"month": month}


def _num(value: Decimal | None) -> str:
    return "—" if value is None else f"{yi(value):f}"


def _schedule_clause(points: Decimal | None) -> str:
    if points is None:
        return ""
    if points >= 0:
        return _("，超时序进度%(points)s个百分点") % {"points": _num(points)}
    return _("，落后时序进度%(points)s个百分点") % {"points": _num(-points)}


def headline(fig: Figures) -> str:
    """ "1—8月，共建重点项目完成投资X亿元，年度投资完成率Y%，超时序进度Z个百分点。" """
    total = fig.total
    text = _("%(months)s，共建重点项目完成投资%(completed)s亿元，年度投资完成率%(rate)s%%") % {
        "months": months_label(fig.month),
        "completed": _num(total.completed),
        "rate": _num(total.rate),
    }
    return text + _schedule_clause(fig.ahead(total)) + _("。")


def part_sentence(label: str, totals: Totals, fig: Figures) -> str:
    """One area's or side's line: planned, completed, rate and points against 时序进度."""
    text = _(
        "%(label)s：%(n)s个项目，年度计划投资%(planned)s亿元，完成投资%(completed)s亿元，完成率%(rate)s%%"
    ) % {
        "label": label,
        "n": totals.projects,
        "planned": _num(totals.planned),
        "completed": _num(totals.completed),
        "rate": _num(totals.rate),
    }
    return text + _schedule_clause(fig.ahead(totals)) + _("。")


def starts_sentence(fig: Figures) -> str:
    total = fig.total
    return _(
        "计划新开工项目%(planned)s个，已开工%(started)s个；%(met)s个项目已完成年度投资计划。"
    ) % {"planned": total.new_planned, "started": total.new_started, "met": total.met_target}


def lines(figures: Figures) -> dict[str, Any]:
    """Every sentence of the bulletin: the headline, one per area and side, and the starts."""

    def side(party: Any) -> str:
        return party.short_name if party else _("川渝共建")

    return {
        "headline": headline(figures),
        "areas": [part_sentence(a.name, t, figures) for a, t in figures.by_area],
        "sides": [part_sentence(side(p), t, figures) for p, t in figures.by_side],
        "starts": starts_sentence(figures),
    }
