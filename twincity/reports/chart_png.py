"""Bar and line charts as PNG bytes, drawn with Pillow in a CJK font so Chinese labels show.

The documents (Word and PDF) embed these images; nothing here touches the database. The font
is Noto Sans CJK (Debian's fonts-noto-cjk), found at its known path or through fc-match; with
no CJK font installed `NoCJKFont` says what to install instead of drawing tofu boxes.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from twincity.lib.charts import PALETTE, format_number

KNOWN_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
WIDTH, HEIGHT = 1200, 675
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 110, 40, 90, 120
INK, GRID, AXIS = (33, 37, 41), (222, 226, 230), (134, 142, 150)

Number = Decimal | int | float


class NoCJKFont(RuntimeError):
    """No font with Chinese glyphs is installed."""


@dataclass
class Series:
    """One named row of values over the chart's categories (None: no value)."""

    name: str
    values: Sequence[Number | None]


def _fc_match() -> str | None:
    if not shutil.which("fc-match"):
        return None
    out = subprocess.run(
        ["fc-match", "-f", "%{file}", "Noto Sans CJK SC:lang=zh-cn"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    path = out.stdout.strip()
    return path if out.returncode == 0 and "CJK" in path and Path(path).exists() else None


@functools.cache
def cjk_font_path() -> str:
    """The file of an installed CJK font; raises NoCJKFont when there is none."""
    for path in KNOWN_FONTS:
        if Path(path).exists():
            return path
    found = _fc_match()
    if found:
        return found
    raise NoCJKFont(
        "No CJK font found for chart labels: install Debian's fonts-noto-cjk "
        "(apt-get install fonts-noto-cjk)."
    )


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(cjk_font_path(), size)


def _float(value: Number | None) -> float | None:
    return None if value is None else float(value)


def _scale(series: Sequence[Series]) -> tuple[float, float]:
    values = [v for s in series for v in map(_float, s.values) if v is not None]
    low, high = min([0.0, *values]), max([0.0, *values])
    if high == low:
        high = low + 1
    return low, high + (high - low) * 0.12  # room for the value labels


def _text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, **kw) -> None:
    draw.text(xy, text, font=font(size), fill=kw.pop("fill", INK), **kw)


def _frame(draw: ImageDraw.ImageDraw, title: str, unit: str, low: float, high: float) -> None:
    _text(draw, (WIDTH / 2, 40), title, 34, anchor="mm")
    if unit:
        _text(draw, (MARGIN_LEFT - 10, MARGIN_TOP - 22), unit, 20, anchor="rm", fill=AXIS)
    bottom, top = HEIGHT - MARGIN_BOTTOM, MARGIN_TOP
    for n in range(5):
        value = low + (high - low) * n / 4
        y = bottom - (bottom - top) * n / 4
        draw.line([(MARGIN_LEFT, y), (WIDTH - MARGIN_RIGHT, y)], fill=GRID, width=1)
        label = format_number(Decimal(str(round(value, 2))))
        _text(draw, (MARGIN_LEFT - 10, y), label, 20, anchor="rm", fill=AXIS)
    draw.line([(MARGIN_LEFT, bottom), (WIDTH - MARGIN_RIGHT, bottom)], fill=AXIS, width=2)


def _y(value: float, low: float, high: float) -> float:
    bottom, top = HEIGHT - MARGIN_BOTTOM, MARGIN_TOP
    return bottom - (value - low) / (high - low) * (bottom - top)


def _category_labels(draw: ImageDraw.ImageDraw, categories: Sequence[str], step: float) -> None:
    size = 22 if len(categories) <= 8 else 16
    for n, label in enumerate(categories):
        x = MARGIN_LEFT + step * (n + 0.5)
        text = label if len(label) <= 8 else label[:7] + "…"
        _text(draw, (x, HEIGHT - MARGIN_BOTTOM + 14), text, size, anchor="ma")


def _legend(draw: ImageDraw.ImageDraw, series: Sequence[Series]) -> None:
    if len(series) < 2:
        return
    x = MARGIN_LEFT
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        draw.rectangle([x, HEIGHT - 40, x + 24, HEIGHT - 22], fill=colour)
        _text(draw, (x + 32, HEIGHT - 31), s.name, 20, anchor="lm")
        x += 60 + int(draw.textlength(s.name, font=font(20)))


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    return image, ImageDraw.Draw(image)


def bar_chart(
    title: str, categories: Sequence[str], series: Sequence[Series], unit: str = ""
) -> bytes:
    """Grouped bars, one group per category, each bar labelled with its value."""
    image, draw = _canvas()
    low, high = _scale(series)
    _frame(draw, title, unit, low, high)
    step = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / max(1, len(categories))
    bar = step * 0.7 / max(1, len(series))
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        for n, raw in enumerate(s.values):
            value = _float(raw)
            if value is None:
                continue
            x0 = MARGIN_LEFT + step * n + step * 0.15 + bar * k
            y0, y1 = sorted((_y(value, low, high), _y(0, low, high)))
            draw.rectangle([x0, y0, x0 + bar - 2, max(y1, y0 + 1)], fill=colour)
            _text(draw, (x0 + bar / 2, y0 - 6), format_number(raw), 18, anchor="md")
    _category_labels(draw, categories, step)
    _legend(draw, series)
    return _png(image)


def line_chart(
    title: str, categories: Sequence[str], series: Sequence[Series], unit: str = ""
) -> bytes:
    """One line per series over the categories, each point labelled with its value."""
    image, draw = _canvas()
    low, high = _scale(series)
    _frame(draw, title, unit, low, high)
    step = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / max(1, len(categories))
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        points = [
            (MARGIN_LEFT + step * (n + 0.5), _y(v, low, high), raw)
            for n, raw in enumerate(s.values)
            if (v := _float(raw)) is not None
        ]
        if len(points) > 1:
            draw.line([(x, y) for x, y, _ in points], fill=colour, width=4)
        for x, y, raw in points:
            draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=colour)
            _text(draw, (x, y - 12), format_number(raw), 18, anchor="md")
    _category_labels(draw, categories, step)
    _legend(draw, series)
    return _png(image)
