"""pypdf stage: page labels that match the printed numbers, and the final metadata."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import NameObject, TextStringObject


@dataclass(frozen=True)
class LabelRange:
    """Pages ``start``.. (0-based, up to the next range) labelled ``prefix`` + number."""

    start: int
    style: PageLabelStyle | None
    prefix: str | None = None
    first: int = 1


def page_label_ranges(
    page_count: int,
    front_start: int,
    body_start: int,
    chapter_starts: list[tuple[int, str]] | None,
    unnumbered: list[tuple[int, str]] | None = None,
) -> list[LabelRange]:
    """Labels for cover (``Sampul``), front matter (i, ii, …) and body (1, 2, … or III-1, …).

    ``chapter_starts`` (page index, chapter roman numeral) switches the body to per-chapter
    numbering; the CSS numbers the pages the same way, from the same page groups.
    """
    ranges = [LabelRange(0, None, "Sampul")]
    # Pages before the front matter that print no number (the Perwal opening page).
    ranges += [LabelRange(i, None, text) for i, text in unnumbered or [] if 0 < i < front_start]
    if front_start > 0:
        ranges.append(LabelRange(front_start, PageLabelStyle.LOWERCASE_ROMAN))
    if chapter_starts:
        if chapter_starts[0][0] > body_start:
            ranges.append(LabelRange(body_start, PageLabelStyle.DECIMAL))
        ranges.extend(
            LabelRange(index, PageLabelStyle.DECIMAL, f"{numeral}-")
            for index, numeral in chapter_starts
        )
    elif body_start < page_count:
        ranges.append(LabelRange(body_start, PageLabelStyle.DECIMAL))
    return [r for r in ranges if r.start < page_count]


def finish_pdf(pdf: bytes, labels: list[LabelRange], metadata: dict[str, str]) -> bytes:
    """Add page labels and metadata; keep everything WeasyPrint wrote (outline, links, fonts)."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    for index, label in enumerate(labels):
        end = labels[index + 1].start - 1 if index + 1 < len(labels) else len(writer.pages) - 1
        writer.set_page_label(
            label.start, end, style=label.style, prefix=label.prefix, start=label.first
        )
    writer.add_metadata(metadata)
    writer.root_object[NameObject("/Lang")] = TextStringObject("id")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
