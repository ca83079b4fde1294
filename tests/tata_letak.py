"""The layout check: every character of a rendered PDF where the page's CSS puts it.

:func:`layout_problems` reads the glyphs of every page with pdfplumber and checks that body
text lies inside the page's text area — the paper minus the ``@page`` margins of
styles/renstra.css, portrait or landscape as the page is — and that the running header and the
page number lie in their own bands (the top and bottom margins) and on the paper; and that
no table rule runs through a piece of text (a word out of its cell, into the next column).
:func:`missing_strings` checks that every string of the data can be read back from the text,
so a layout that "fits" by cutting text away does not pass.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pdfplumber
import tinycss2  # type: ignore[import-untyped]

from .conftest import REPO

STYLESHEET = REPO / "styles" / "renstra.css"

#: CSS units in PDF points.
_POINTS = {"pt": 1.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "px": 0.75, "pc": 12.0}
#: Paper sizes (portrait width × height, points) the product prints on: A4 and F4.
PAPER = {"a4": (210 * 72 / 25.4, 297 * 72 / 25.4), "f4": (215 * 72 / 25.4, 330 * 72 / 25.4)}
#: Slack for rounding in the engine and in the glyph boxes pdfplumber computes (points).
TOLERANCE = 0.5
#: What the foot of a page may print: its number (12, iv, III-4).
_PAGE_NUMBER = re.compile(r"[0-9]+|[ivxlcdm]+|[IVXL]+-[0-9]+")


@dataclass(frozen=True)
class Margins:
    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def _length(token: Any) -> float:
    if token.type == "number" and token.value == 0:
        return 0.0
    if token.type != "dimension" or token.lower_unit not in _POINTS:
        raise ValueError(f"{STYLESHEET.name}: unsupported margin value {token.serialize()!r}")
    return float(token.value) * _POINTS[token.lower_unit]


@cache
def page_margins(stylesheet: Path = STYLESHEET) -> dict[str, Margins]:
    """The ``margin`` of each ``@page`` rule that sets one, by page name ('' = every page).

    Read from the stylesheet itself, so the check follows the document's CSS; the check
    knows two kinds of page (portrait, and the landscape pages ``lanskap``/``lanskap-bab``),
    so any other named page with margins of its own is an error here, not a silent pass.
    """
    found: dict[str, Margins] = {}
    rules = tinycss2.parse_stylesheet(
        stylesheet.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
    )
    for rule in rules:
        if rule.type != "at-rule" or rule.lower_at_keyword != "page" or rule.content is None:
            continue
        name = tinycss2.serialize(rule.prelude).strip()
        for item in tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            if item.type == "declaration" and item.lower_name == "margin":
                values = [_length(t) for t in item.value if t.type not in ("whitespace",)]
                top, right, bottom, left = {
                    1: lambda v: (v[0], v[0], v[0], v[0]),
                    2: lambda v: (v[0], v[1], v[0], v[1]),
                    3: lambda v: (v[0], v[1], v[2], v[1]),
                    4: lambda v: (v[0], v[1], v[2], v[3]),
                }[len(values)](values)
                found[name] = Margins(top, right, bottom, left)
    unknown = set(found) - {"", "lanskap", "lanskap-bab"}
    if unknown or "" not in found or "lanskap" not in found:
        raise ValueError(
            f"{stylesheet.name}: @page margins the layout check does not know: {sorted(found)}"
        )
    if found.get("lanskap-bab", found["lanskap"]) != found["lanskap"]:
        raise ValueError(f"{stylesheet.name}: lanskap and lanskap-bab margins differ")
    return found


def _paper_problem(width: float, height: float) -> str | None:
    for short, long in PAPER.values():
        if abs(min(width, height) - short) < 1 and abs(max(width, height) - long) < 1:
            return None
    return f"paper {width:.1f} × {height:.1f} pt is neither A4 nor F4"


@dataclass(frozen=True, order=True)
class _Rule:
    """A vertical line (a table's cell border): x, and its top and bottom."""

    x: float
    top: float
    bottom: float


@dataclass(frozen=True)
class _Page:
    width: float
    height: float
    #: Every glyph, spaces included, in the order the engine drew them.
    chars: tuple[_Char, ...]
    #: Vertical rules, by x.
    rules: tuple[_Rule, ...]


def _read_pages(pdf: Path) -> tuple[_Page, ...]:
    """The glyphs of every page (read once per file version: pdfplumber is slow)."""
    stat = pdf.stat()
    return _read_cached(pdf.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read_cached(pdf: Path, mtime: int, size: int) -> tuple[_Page, ...]:
    del mtime, size  # the cache key: a rewritten file is read again
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            chars = tuple(
                _Char(c["text"], float(c["x0"]), float(c["x1"]), float(c["top"]),
                      float(c["bottom"]))
                for c in page.chars
            )  # fmt: skip
            rules = sorted(
                _Rule((float(e["x0"]) + float(e["x1"])) / 2, float(e["top"]), float(e["bottom"]))
                for e in page.edges
                if e["orientation"] == "v" and float(e["bottom"]) - float(e["top"]) > 2
            )
            pages.append(_Page(float(page.width), float(page.height), chars, tuple(rules)))
            page.close()
    return tuple(pages)


def _describe(page_no: int, where: str, chars: list[_Char], excess: float) -> str:
    text = "".join(c.text for c in chars)
    shown = text if len(text) <= 40 else text[:37] + "…"
    first = chars[0]
    return (
        f"page {page_no}: {where} by {excess:.1f} pt: {shown!r} ({len(chars)} characters,"
        f" first at x {first.x0:.1f}–{first.x1:.1f}, y {first.top:.1f}–{first.bottom:.1f})"
    )


def _grouped(chars: list[tuple[_Char, str, float]]) -> Iterable[tuple[str, list[_Char], float]]:
    """Offending characters as runs of the same kind of problem on the same line."""
    run: list[_Char] = []
    kind, worst, line = "", 0.0, None
    for char, what, excess in chars:
        if run and (what != kind or line is None or abs(char.top - line) > 1):
            yield kind, run, worst
            run, worst = [], 0.0
        run.append(char)
        kind, line, worst = what, char.top, max(worst, excess)
    if run:
        yield kind, run, worst


def _runs(chars: Iterable[_Char]) -> Iterable[list[_Char]]:
    """Glyphs drawn one right after the other on one line, touching: a piece of text
    (without the spaces at its ends, which may hang past the end of a line)."""
    run: list[_Char] = []
    for c in chars:
        touching = -1.5 < c.x0 - run[-1].x1 < 0.3 if run else False  # kerning: overlap
        if run and not (abs(c.top - run[-1].top) < 0.5 and touching):
            yield from _trimmed(run)
            run = []
        run.append(c)
    yield from _trimmed(run)


def _trimmed(run: list[_Char]) -> Iterable[list[_Char]]:
    start, end = 0, len(run)
    while start < end and not run[start].text.strip():
        start += 1
    while end > start and not run[end - 1].text.strip():
        end -= 1
    if start < end:
        yield run[start:end]


def _rule_across(page: _Page, run: list[_Char]) -> _Rule | None:
    """A vertical rule running through a piece of text (text out of its table cell). A
    table's text never touches a rule: the cell's padding lies between them."""
    xs = [rule.x for rule in page.rules]
    start = bisect.bisect_right(xs, run[0].x0 + TOLERANCE)
    end = bisect.bisect_left(xs, run[-1].x1 - TOLERANCE)
    top, bottom = min(c.top for c in run), max(c.bottom for c in run)
    for rule in page.rules[start:end]:
        if min(rule.bottom, bottom) - max(rule.top, top) > 1:
            return rule
    return None


def layout_problems(pdf: Path) -> list[str]:
    """Every character outside the place its page's CSS gives it, as readable lines.

    Body text must lie inside the text area and no vertical rule (a table's cell border)
    may run through it; text entirely above the text area is the running header
    and must lie in the top margin, on the paper; text entirely below it is the page number
    and must lie in the bottom margin, on the paper, and read as a page number. Text
    straddling an edge of the text area is a problem wherever it is.
    """
    margins = page_margins()
    problems: list[str] = []
    for page_no, page in enumerate(_read_pages(pdf), start=1):
        width, height = page.width, page.height
        paper = _paper_problem(width, height)
        if paper:
            problems.append(f"page {page_no}: {paper}")
        m = margins["lanskap"] if width > height else margins[""]
        left, right = m.left, width - m.right
        top, bottom = m.top, height - m.bottom
        bad: list[tuple[_Char, str, float]] = []
        footer: list[_Char] = []
        for c in page.chars:
            if not c.text.strip():
                continue
            if c.bottom <= top + TOLERANCE:  # running header band
                excess = max(-c.top, -c.x0, c.x1 - width)
                if excess > TOLERANCE:
                    bad.append((c, "header off the paper", excess))
            elif c.top >= bottom - TOLERANCE:  # page number band
                footer.append(c)
                excess = max(c.bottom - height, -c.x0, c.x1 - width)
                if excess > TOLERANCE:
                    bad.append((c, "footer off the paper", excess))
            else:
                edges = {
                    "beyond the left edge of the text area": left - c.x0,
                    "beyond the right edge of the text area": c.x1 - right,
                    "across the top edge of the text area": top - c.top,
                    "across the bottom edge of the text area": c.bottom - bottom,
                }
                where, excess = max(edges.items(), key=lambda item: item[1])
                if excess > TOLERANCE:
                    bad.append((c, where, excess))
        for run in _runs(c for c in page.chars if top < c.top and c.bottom < bottom):
            if rule := _rule_across(page, run):
                excess = min(run[-1].x1 - rule.x, rule.x - run[0].x0)
                where = f"across the table rule at x {rule.x:.1f} (out of its cell)"
                problems.append(_describe(page_no, where, run, excess))
        for where, run, excess in _grouped(bad):
            problems.append(_describe(page_no, where, run, excess))
        number = "".join(c.text for c in sorted(footer, key=lambda c: c.x0))
        if footer and not _PAGE_NUMBER.fullmatch(number):
            problems.append(
                f"page {page_no}: the foot band holds {number[:60]!r}, not a page number"
            )
    return problems


# --- the text read back ---------------------------------------------------------------------

#: Characters that print nothing (or only at a line break): soft hyphen, the hyphen the engine
#: prints at a soft-hyphen break (U+2010), zero-width spaces and joiners, direction marks, the
#: BOM, variation selectors, the grapheme joiner and other default-ignorable characters; and
#: all whitespace.
_INVISIBLE = re.compile(
    "[\\s\u00ad\u2010\u200b-\u200f\u2060-\u2064\u206a-\u206f\ufeff\ufe00-\ufe0f"
    "\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0]+"
)
#: Right-to-left letters (Hebrew, Arabic and their presentation forms) with their marks: a PDF
#: holds their glyphs in visual order, so the text reads back reversed, run by run.
_RTL_RUN = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]"
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u0300-\u036f]*"
)


def squash(text: str) -> str:
    """Text compared without what layout changes: compatibility forms (ligatures), case
    (headings and the cover print in capitals), whitespace, hyphenation at line ends and
    invisible characters."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).casefold())


def _visual(squashed: str) -> str:
    """A squashed string as its glyphs stand on the line: each right-to-left run reversed,
    glyph by glyph (a mark's glyph comes before its letter's), then normalised again."""
    reversed_runs = _RTL_RUN.sub(lambda m: m.group(0)[::-1], squashed)
    return unicodedata.normalize("NFKC", reversed_runs)


#: List markers (outside the text, drawn by the engine after a page's text, each followed by a
#: space): bullets, and numbers or letters with a dot or parenthesis.
_MARKERS_AT_END = re.compile(r"(?:(?:[•◦▪‣]|(?:[0-9]+|[a-zA-Z]{1,4})[.)]) )+$")


def _without_markers(chars: list[_Char]) -> list[_Char]:
    """A page's glyphs without the list markers the engine drew after all its text: a run of
    markers at the end of the page that starts back above (or left of) the last text."""
    starts, offset = {}, 0  # a glyph may stand for several characters (ligatures)
    for index, char in enumerate(chars):
        starts[offset] = index
        offset += len(char.text)
    found = _MARKERS_AT_END.search("".join(c.text for c in chars))
    if found is None or not found.start() or found.start() not in starts:
        return chars
    cut = starts[found.start()]
    first, last_text = chars[cut], chars[cut - 1]
    above = first.top < last_text.top - 1
    left = abs(first.top - last_text.top) <= 1 and first.x0 < last_text.x0
    return chars[:cut] if above or left else chars


def body_text(pdf: Path) -> str:
    """The squashed text of every page's text area, page after page, in the order the engine
    drew it (a table cell's lines stay together), without list markers and without running
    headers and page numbers, which would interrupt a text continued on the next page."""
    margins = page_margins()
    parts: list[str] = []
    for page in _read_pages(pdf):
        m = margins["lanskap"] if page.width > page.height else margins[""]
        top, bottom = m.top, page.height - m.bottom
        body = [c for c in page.chars if not (c.bottom <= top + TOLERANCE or c.top >= bottom)]
        parts.extend(c.text for c in _without_markers(body))
    return squash("".join(parts))


def missing_strings(pdf: Path, strings: Iterable[str], text: str | None = None) -> list[str]:
    """The strings (of the data) that cannot be read back from the PDF's body text.

    Case, whitespace and line breaks, hyphens at soft-hyphen breaks and invisible characters
    do not count; right-to-left words may read back in visual order. ``text``: the PDF's
    :func:`body_text`, when the caller already has it.
    """
    found = body_text(pdf) if text is None else text
    missing = []
    for string in strings:
        wanted = squash(string)
        if wanted and wanted not in found and _visual(wanted) not in found:
            missing.append(string)
    return missing
