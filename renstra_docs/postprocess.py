"""pypdf stage: page labels that match the printed numbers, and the final metadata."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .arsip import make_pdfa3b

#: The empty signature field a letter carries over its signature space; ``renstra
#: tandatangani`` (and any PDF signing tool) signs into it.
SIGNATURE_FIELD = "TandaTangan"
#: Annotation flag "Print": the widget shows on paper (PDF/A requires it).
_PRINT_FLAG = 4

Rect = tuple[float, float, float, float]


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


def finish_pdf(
    pdf: bytes,
    labels: list[LabelRange],
    metadata: dict[str, str],
    signature_space: tuple[int, Rect] | None = None,
    *,
    arsip: bool = False,
) -> bytes:
    """Add page labels and metadata, and an empty signature field over ``signature_space``
    (page index, rectangle); keep everything WeasyPrint wrote (outline, links, fonts).
    With ``arsip`` the result is PDF/A-3b."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    finish_writer(writer, labels, metadata)
    if signature_space is not None:
        add_signature_field(writer, *signature_space)
    return write_pdf(writer, arsip=arsip)


def finish_writer(writer: PdfWriter, labels: list[LabelRange], metadata: dict[str, str]) -> None:
    """Page labels (replacing any), metadata and the document language."""
    if "/PageLabels" in writer.root_object:
        del writer.root_object["/PageLabels"]
    for index, label in enumerate(labels):
        end = labels[index + 1].start - 1 if index + 1 < len(labels) else len(writer.pages) - 1
        writer.set_page_label(
            label.start, end, style=label.style, prefix=label.prefix, start=label.first
        )
    writer.add_metadata(metadata)
    writer.root_object[NameObject("/Lang")] = TextStringObject("id")


def write_pdf(writer: PdfWriter, *, arsip: bool = False) -> bytes:
    """The writer's PDF bytes; with ``arsip``, made PDF/A-3b as the very last step."""
    if arsip:
        make_pdfa3b(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_signature_field(writer: PdfWriter, page_index: int, rect: Rect) -> None:
    """An unsigned signature field whose widget covers ``rect`` on the page, with an empty
    appearance (so the page looks the same until it is signed)."""
    x1, y1, x2, y2 = rect
    appearance = DecodedStreamObject()
    appearance.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(x2 - x1), FloatObject(y2 - y1)]
            ),
            NameObject("/Resources"): DictionaryObject(),
        }
    )
    page = writer.pages[page_index]
    widget = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/T"): TextStringObject(SIGNATURE_FIELD),
            NameObject("/Rect"): ArrayObject([FloatObject(round(v, 2)) for v in rect]),
            NameObject("/F"): NumberObject(_PRINT_FLAG),
            NameObject("/P"): page.indirect_reference,
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(appearance)}),
        }
    )
    widget_ref = writer._add_object(widget)
    annots = page.get("/Annots")
    if annots is None:
        page[NameObject("/Annots")] = ArrayObject([widget_ref])
    else:
        annots.get_object().append(widget_ref)
    form = writer.root_object.get("/AcroForm")
    if form is None:
        form = DictionaryObject({NameObject("/Fields"): ArrayObject()})
        writer.root_object[NameObject("/AcroForm")] = writer._add_object(form)
    fields = form.get_object()["/Fields"]  # type: ignore[index]
    fields.append(widget_ref)
