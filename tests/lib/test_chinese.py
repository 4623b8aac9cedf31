import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twincity.lib.chinese import normalize_text, numeral, ordinal, parse_date


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (999, "九百九十九"),
    ],
)
def test_numerals(n, text):
    assert numeral(n) == text


def test_ordinal():
    assert ordinal(10) == "第十次"


@given(st.integers(min_value=1, max_value=999))
def test_numerals_are_distinct_and_chinese(n):
    text = numeral(n)
    assert text and all(ch in "零一二三四五六七八九十百" for ch in text)
    assert numeral(n) != numeral(n + 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年6月30日", (dt.date(2025, 6, 30), "day")),
        ("2025-06-30", (dt.date(2025, 6, 30), "day")),
        ("２０２５年６月３０日", (dt.date(2025, 6, 30), "day")),
        ("2020年12月", (dt.date(2020, 12, 1), "month")),
        ("2025.6", (dt.date(2025, 6, 1), "month")),
        ("2025年2月30日", None),
        ("明年", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_normalize_folds_full_width_and_strips_controls():
    assert normalize_text("ＡＢ１２\x07\u200b高铁") == "AB12高铁"
