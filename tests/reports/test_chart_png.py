"""Chart images: they open, have the set size, are not blank, and draw Chinese glyphs."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image

from twincity.reports import chart_png as c


def dark_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(image.convert("L").crop(box).histogram()[:128])


def test_bar_chart_opens_with_its_size_and_draws_the_bars():
    png = c.bar_chart("议定事项", ["重庆", "四川"], [c.Series("事项", [Decimal(3), 5])], "项")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (c.WIDTH, c.HEIGHT)
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 2  # not blank


def test_chinese_labels_are_drawn_in_the_label_area():
    png = c.bar_chart("", ["重庆"], [c.Series("x", [None])])
    image = Image.open(io.BytesIO(png))
    label_band = (c.MARGIN_LEFT, c.HEIGHT - c.MARGIN_BOTTOM + 10, c.WIDTH, c.HEIGHT - 50)
    assert dark_pixels(image, label_band) > 50
    blank = Image.open(io.BytesIO(c.bar_chart("", [""], [c.Series("x", [None])])))
    assert dark_pixels(blank, label_band) == 0


def test_the_font_is_a_cjk_font_with_real_glyphs():
    font = c.font(40)
    assert "CJK" in " ".join(font.getname())
    # A font without these glyphs draws the same notdef box for both.
    assert bytes(font.getmask("重")) != bytes(font.getmask("庆"))


def test_line_chart_with_gaps():
    series = [c.Series("全域", [1, None, 3])]
    png = c.line_chart("地区生产总值", ["2022年", "2023年", "2024年"], series)
    assert Image.open(io.BytesIO(png)).size == (c.WIDTH, c.HEIGHT)


def test_no_cjk_font_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(c, "KNOWN_FONTS", ("/nonexistent.ttc",))
    monkeypatch.setattr(c, "_fc_match", lambda: None)
    c.cjk_font_path.cache_clear()
    try:
        with pytest.raises(c.NoCJKFont, match="fonts-noto-cjk"):
            c.cjk_font_path()
    finally:
        c.cjk_font_path.cache_clear()
