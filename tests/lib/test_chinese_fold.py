from twincity.lib.chinese import fold_digits, parse_decimal_text


def test_fold_digits_keeps_chinese_punctuation():
    assert fold_digits("第２０２５号（川渝）") == "第2025号（川渝）"


def test_parse_decimal_text():
    assert parse_decimal_text("１，２３４．５") == "1234.5"
    assert parse_decimal_text(" 1,234 ") == "1234"
