"""The shipped fonts: which characters they cover and the metrics the styles derive from them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from .assets import fonts_dir

#: Body text, letters, and the wide-coverage fallback (order = fallback order).
BODY_FONT = "texgyrebonum-regular.otf"
LETTER_FONT = "LiberationSans-Regular.ttf"
FALLBACK_FONT = "DejaVuSans.ttf"

#: Characters that never need a glyph (line breaks and spaces Pango handles itself).
_LAYOUT_CHARS = frozenset("\n\r\t\u00ad\u200b\u200c\u200d\u2060\ufeff")


def font_files() -> list[Path]:
    return sorted(p for p in fonts_dir().iterdir() if p.suffix in {".otf", ".ttf"})


@cache
def covered_codepoints() -> frozenset[int]:
    """Every code point at least one shipped font has a glyph for."""
    covered: set[int] = set()
    for path in font_files():
        with TTFont(path, lazy=True) as font:
            covered.update(font.getBestCmap() or {})
    return frozenset(covered)


def uncovered_characters(text: str) -> list[str]:
    """Characters of ``text`` no shipped font can print, in order of first appearance."""
    covered = covered_codepoints()
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in _LAYOUT_CHARS and ord(ch) not in covered:
            seen.setdefault(ch, None)
    return list(seen)


@cache
def word_line_height(font_file: str = BODY_FONT) -> Decimal:
    """A word processor's single line height as a multiple of the font size.

    Word measures a line as the font's Windows ascent plus descent (OS/2 usWinAscent +
    usWinDescent) over its units per em; "1.5 lines" is 1.5 times that.
    """
    with TTFont(fonts_dir() / font_file, lazy=True) as font:
        os2 = font["OS/2"]
        units = Decimal(font["head"].unitsPerEm)
        ratio = Decimal(os2.usWinAscent + os2.usWinDescent) / units
    return ratio.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
