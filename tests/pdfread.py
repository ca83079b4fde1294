"""Reading rendered PDFs back for the tests: text with positions, links, labels, fonts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader

MM = 72 / 25.4


@dataclass(frozen=True)
class Fragment:
    x: float
    y: float
    text: str


def fragments(page: PageObject) -> list[Fragment]:
    """Text pieces of a page with their start position in PDF points (origin bottom-left)."""
    found: list[Fragment] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Fragment(x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def printed_page_number(page: PageObject) -> str:
    """The number printed in the bottom margin: the lowest text of the page when it lies below
    2 cm (the smallest bottom margin), or '' when there is none."""
    bottom = [f for f in fragments(page) if f.y < 20 * MM]
    if not bottom:
        return ""
    lowest = min(f.y for f in bottom)
    return " ".join(f.text for f in bottom if f.y - lowest < 1)


def body_text(reader: PdfReader) -> str:
    """All text of the document with whitespace collapsed (for order and presence checks)."""
    text = " ".join(page.extract_text() for page in reader.pages)
    return normalize(text)


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class TocEntry:
    printed: str
    destination: str


def toc_entries(reader: PdfReader, toc_pages: list[int]) -> list[TocEntry]:
    """Each DAFTAR ISI row: the page number printed at its right, and the row's target.

    The number cell's link annotation gives its rectangle and its destination (WeasyPrint
    may emit one annotation per box of a link: duplicates are folded).
    """
    entries: list[TocEntry] = []
    seen: set[tuple[float, float, str]] = set()
    for index in toc_pages:
        page = reader.pages[index]
        frags = fragments(page)
        width = float(page.mediabox.width)
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            left, right = min(x1, x2), max(x1, x2)
            low, high = min(y1, y2), max(y1, y2)
            key = (round(right, 1), round(low, 1), str(annot["/Dest"]))
            if left < width * 0.85 or key in seen:  # a title's link, or a duplicate
                continue
            seen.add(key)
            number = " ".join(
                f.text for f in frags if left - 1 <= f.x <= right + 1 and low <= f.y <= high
            )
            entries.append(TocEntry(number, str(annot["/Dest"])))
    return entries


def destination_page(reader: PdfReader, name: str) -> int:
    page = reader.get_destination_page_number(reader.named_destinations[name])
    assert page is not None, name
    return page


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name (subset prefix removed) → whether its program is embedded."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            fonts[name] = fonts.get(name, True) and embedded
    return fonts


def outline_titles(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every outline entry, in order."""
    result: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                assert page is not None, item.title
                result.append((depth, str(item.title), page))

    walk(reader.outline, 1)
    return result


def read(path: Path) -> PdfReader:
    return PdfReader(path)
