"""Turning cell values into form data: text, dates, numbers, yes/no and names of units."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from twincity.lib.chinese import fold_digits, parse_date, parse_decimal_text

YES = {"是", "yes", "y", "true", "1", "√", "✓", "对"}
NO = {"否", "no", "n", "false", "0", "×", "", "不"}
LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")


def text_of(value: Any) -> str | None:
    """A cell as text, the way the forms receive it (numbers without a spurious .0)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def code(text: str) -> str:
    return fold_digits(text).strip()


def date_text(text: str, end_of_month: bool = True) -> str:
    """2025年6月30日, 2025-06-30, ２０２５.６ -> ISO; a month alone means its last day."""
    parsed = parse_date(text)
    if parsed is None:
        raise ValidationError(
            _("日期格式不正确：“%(text)s”，请填写如 2025年6月30日 或 2025-06-30。")
            % {"text": text[:40]},
            code="date",
        )
    day, precision = parsed
    if precision == "month" and end_of_month:
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day.isoformat()


def number_text(text: str) -> str:
    return parse_decimal_text(text)


def yes_no(text: str) -> bool:
    folded = fold_digits(text).strip().lower()
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise ValidationError(_("请填写“是”或“否”。"), code="bool")


def split_names(text: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()]


class Names:
    """Look up a record by its full name or its short name; refuse none or two."""

    def __init__(self, rows: Iterable[tuple[int, str, str]], what: str) -> None:
        self.what = what
        self.by_name: dict[str, int] = {}
        self.by_short: dict[str, list[int]] = {}
        for pk, name, short in rows:
            self.by_name[name.strip()] = pk
            if short:
                self.by_short.setdefault(short.strip(), []).append(pk)

    def find(self, text: str) -> int:
        key = text.strip()
        if key in self.by_name:
            return self.by_name[key]
        found = self.by_short.get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValidationError(
                _("“%(name)s”对应多个%(what)s，请填写全称。") % {"name": key, "what": self.what},
                code="ambiguous",
            )
        raise ValidationError(
            _("找不到名为“%(name)s”的%(what)s。") % {"name": key, "what": self.what},
            code="unknown",
        )


def decimal_or_none(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
