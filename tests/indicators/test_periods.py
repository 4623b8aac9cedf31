"""Period ends and labels: a year, a quarter, a month, or a running total to a date."""

from __future__ import annotations

import datetime as dt

import pytest

from twincity.indicators.forms import period_of
from twincity.indicators.models import PeriodKind, period_end, period_label, period_start

Y, Q, M, C = PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.CUMULATIVE


@pytest.mark.parametrize(
    ("kind", "year", "part", "end"),
    [
        (Y, 2024, None, dt.date(2024, 12, 31)),
        (Q, 2024, 1, dt.date(2024, 3, 31)),
        (Q, 2024, 2, dt.date(2024, 6, 30)),
        (Q, 2024, 4, dt.date(2024, 12, 31)),
        (M, 2024, 2, dt.date(2024, 2, 29)),
        (M, 2023, 2, dt.date(2023, 2, 28)),
        (M, 2024, 11, dt.date(2024, 11, 30)),
    ],
)
def test_period_end(kind, year, part, end):
    assert period_end(kind, year, part) == end


@pytest.mark.parametrize(("kind", "part"), [(Q, 5), (Q, None), (M, 13), (M, 0), (C, 1)])
def test_no_such_period(kind, part):
    with pytest.raises(ValueError):
        period_end(kind, 2024, part)


@pytest.mark.parametrize(
    ("kind", "end", "label", "start"),
    [
        (Y, dt.date(2024, 12, 31), "2024年", dt.date(2024, 1, 1)),
        (Q, dt.date(2024, 9, 30), "2024年第3季度", dt.date(2024, 7, 1)),
        (M, dt.date(2024, 6, 30), "2024年6月", dt.date(2024, 6, 1)),
        (C, dt.date(2024, 12, 31), "截至2024年12月31日", dt.date(2024, 12, 31)),
    ],
)
def test_labels_and_starts(kind, end, label, start):
    assert period_label(kind, end) == label
    assert period_start(kind, end) == start


def test_the_forms_picker():
    assert period_of("year", 2024, None) == (Y, dt.date(2024, 12, 31))
    assert period_of("q3", 2024, None) == (Q, dt.date(2024, 9, 30))
    assert period_of("m6", 2024, None) == (M, dt.date(2024, 6, 30))
    assert period_of("cumulative", None, dt.date(2025, 1, 9)) == (C, dt.date(2025, 1, 9))
