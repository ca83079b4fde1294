"""pypdf stage for chapter-level builds: the units become one PDF.

The front matter and the chapters are appended in order (their outlines with them); each
body page gets its number from the overlay as a Form XObject drawn after the page's own
content (no content stream is parsed or rewritten); the named destinations are rebuilt from
the anchors each unit really holds (a unit's stand-ins for anchors living elsewhere are
dropped), so every link, whichever unit it is in, lands on the real target.
"""

from __future__ import annotations

import hashlib
import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    Fit,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .units import RenderedUnit

_NUMBER_FORM = NameObject("/RenstraNomorHalaman")


def assemble(
    units: list[RenderedUnit],
    overlays: dict[int, RenderedUnit],
    outline: list[tuple[int, str, str]],
) -> PdfWriter:
    """One writer holding every unit in order; ``overlays`` maps a unit's index to the
    overlay whose pages carry its page numbers; ``outline`` is (level, title, anchor) of
    every heading, in order (a chapter cut into pieces still has one tree)."""
    writer = PdfWriter()
    writer.pdf_header = "%PDF-1.7"
    destinations: list[tuple[str, int, float, float]] = []
    before, after = _wrapper_streams(writer)
    for index, unit in enumerate(units):
        reader = PdfReader(io.BytesIO(unit.pdf))
        start = len(writer.pages)
        for name, destination in reader.named_destinations.items():
            if name in unit.anchors:
                page = reader.get_destination_page_number(destination)
                assert page is not None
                destinations.append(
                    (name, start + page, float(destination.left or 0), float(destination.top or 0))
                )
        writer.append(reader, import_outline=False)
        overlay = overlays.get(index)
        if overlay is not None:
            numbers = PdfReader(io.BytesIO(overlay.pdf))
            for offset, number_page in enumerate(numbers.pages):
                _stamp(writer, writer.pages[start + offset], number_page, before, after)
    _set_destinations(writer, destinations)
    _add_outline(writer, outline, {d[0]: d[1:] for d in destinations})
    digest = hashlib.md5(b"".join(u.pdf for u in units)).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    return writer


def _wrapper_streams(writer: PdfWriter) -> tuple[IndirectObject, IndirectObject]:
    """``q`` before a page's own content and ``Q`` + the number after it, shared by all."""
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ\nq " + _NUMBER_FORM.encode() + b" Do Q\n")
    return writer._add_object(before), writer._add_object(after)


def _stamp(
    writer: PdfWriter,
    page: PageObject,
    number_page: PageObject,
    before: IndirectObject,
    after: IndirectObject,
) -> None:
    """Draw ``number_page`` over ``page`` as a Form XObject."""
    contents = number_page.get_contents()
    assert contents is not None
    form = DecodedStreamObject()
    form.set_data(contents.get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in number_page.mediabox),
            NameObject("/Resources"): _dictionary(number_page["/Resources"]).clone(writer),
        }
    )
    form_ref = writer._add_object(form.flate_encode())
    resources = DictionaryObject(_dictionary(page["/Resources"]))
    own_xobjects = resources.get("/XObject")
    xobjects = DictionaryObject(_dictionary(own_xobjects) if own_xobjects is not None else {})
    xobjects[_NUMBER_FORM] = form_ref
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    own = page.raw_get("/Contents")
    own_list = list(own.get_object()) if isinstance(own.get_object(), ArrayObject) else [own]
    page[NameObject("/Contents")] = ArrayObject([before, *own_list, after])


def _dictionary(value: object) -> DictionaryObject:
    found = value.get_object() if isinstance(value, IndirectObject) else value
    assert isinstance(found, DictionaryObject)
    return found


def _add_outline(
    writer: PdfWriter,
    outline: list[tuple[int, str, str]],
    where: dict[str, tuple[int, float, float]],
) -> None:
    """The bookmarks, nested by heading level, each pointing where its heading starts."""
    parents: dict[int, IndirectObject] = {}  # level → its latest item
    for level, title, anchor in outline:
        if anchor not in where:
            continue
        page, left, top = where[anchor]
        parent = next((parents[k] for k in range(level - 1, 0, -1) if k in parents), None)
        parents[level] = writer.add_outline_item(
            title=title, page_number=page, parent=parent, fit=Fit.xyz(left, top, 0)
        )
        for deeper in [k for k in parents if k > level]:
            del parents[deeper]


def _set_destinations(writer: PdfWriter, found: list[tuple[str, int, float, float]]) -> None:
    """The document's named destinations, sorted as a name tree must be."""
    names = ArrayObject()
    for name, page, left, top in sorted(found, key=lambda d: d[0].encode("utf-8")):
        names.append(TextStringObject(name))
        names.append(
            ArrayObject(
                [
                    writer.pages[page].indirect_reference,
                    NameObject("/XYZ"),
                    FloatObject(left),
                    FloatObject(top),
                    NumberObject(0),
                ]
            )
        )
    tree = DictionaryObject({NameObject("/Dests"): DictionaryObject({NameObject("/Names"): names})})
    writer.root_object[NameObject("/Names")] = tree
