"""Chinese numerals and dates as they appear in official documents."""

import datetime as dt
import re
import unicodedata

_DIGITS = "零一二三四五六七八九"


def numeral(n: int) -> str:
    """Write 0 < n < 1000 as a Chinese numeral: 10 -> 十, 21 -> 二十一, 105 -> 一百零五."""
    if n < 0 or n >= 1000:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            return out + "零" + _DIGITS[ones]
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def ordinal(n: int) -> str:
    return f"第{numeral(n)}次"


def normalize_text(text: str) -> str:
    """Fold full-width digits and letters to ASCII and strip control characters."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if ch in "\t\n" or unicodedata.category(ch)[0] != "C")


_CN_DATE = re.compile(
    r"^\s*(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*(?:[月\-/.]\s*(\d{1,2})\s*日?)?\s*月?\s*$"
)


def parse_date(text: str) -> tuple[dt.date, str] | None:
    """Parse 2025年6月30日, 2025-06-30, 2025.6 or 2025年6月; returns (date, precision)."""
    match = _CN_DATE.match(normalize_text(text))
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), match[3]
    try:
        if day is None:
            return dt.date(year, month, 1), "month"
        return dt.date(year, month, int(day)), "day"
    except ValueError:
        return None


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－／，％＋", "0123456789.-/,%+")


def fold_digits(text: str) -> str:
    """Fold full-width digits and number punctuation (０-９．－／，％＋) to ASCII; keep the rest."""
    return text.translate(_FULL_WIDTH)


def parse_decimal_text(text: str) -> str:
    """A number as typed in a Chinese office (１，２３４．５, 1,234.5) in plain form: 1234.5."""
    return fold_digits(text).replace(",", "").replace("，", "").strip()
