"""Files carried inside the tool's PDFs as associated files (PDF/A-3 style).

Every Renstra PDF (``renstra cetak``) carries the merged data it was made from
(``renstra-docs/data-gabungan.yaml``), so ``renstra beda`` can compare two PDFs; a bundle
(``renstra paket``, :mod:`renstra_docs.paket`) carries its source files and a manifest too.
Here because both the build and the bundle need it (the bundle imports the build).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from .arsip import mime_type
from .errors import UsageError
from .validate import LoadedRenstra

#: Folder name, inside the PDF, of the files the tool itself writes.
TOOL_FOLDER = "renstra-docs"
MERGED_DATA = f"{TOOL_FOLDER}/data-gabungan.yaml"


@dataclass(frozen=True)
class Attachment:
    """One file carried inside a PDF."""

    name: str
    data: bytes
    relationship: str  # "/Source", "/Data" or "/Supplement"
    description: str


def merged_data(loaded: LoadedRenstra) -> Attachment:
    """The merged data (``renstra.yaml`` + unit file) exactly as the tool used it."""
    merged = yaml.safe_dump(
        loaded.data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
    return Attachment(
        MERGED_DATA,
        merged.encode("utf-8"),
        "/Data",
        "data gabungan renstra.yaml + berkas unit, seperti dipakai alat",
    )


def embed(writer: PdfWriter, item: Attachment, date: dt.date) -> None:
    """Attach one file with the keys an archival reader wants: /UF, MIME subtype, size, dates,
    checksum, its relationship, and an entry in the catalog's /AF. ``date`` comes from the
    data, never the clock, so identical data gives identical bytes."""
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    file = writer.add_attachment(item.name, item.data)
    file.alternative_name = TextStringObject(item.name)
    file.description = TextStringObject(item.description)
    file.subtype = NameObject("/" + mime_type(item.name).replace("/", "#2F"))
    file.modification_date = stamp
    file.creation_date = stamp
    file.associated_file_relationship = NameObject(item.relationship)
    file.size = NumberObject(len(item.data))
    file.checksum = ByteStringObject(hashlib.md5(item.data).digest())
    # Stored compressed (YAML shrinks to a quarter; zlib's output is the same every time).
    files = file.pdf_object["/EF"]
    assert isinstance(files, DictionaryObject)
    reference, stream = files.raw_get("/F"), files["/F"]
    assert isinstance(reference, IndirectObject) and isinstance(stream, StreamObject)
    writer._replace_object(reference, stream.flate_encode(level=9))
    spec = file.pdf_object.indirect_reference
    assert spec is not None
    catalog = writer.root_object
    listed = catalog.setdefault(NameObject("/AF"), ArrayObject())
    assert isinstance(listed, ArrayObject)
    listed.append(spec)


def read_attachments(pdf: Path) -> dict[str, bytes]:
    """The files embedded in a PDF, by name (none: empty); UsageError when it cannot be read."""
    try:
        reader = PdfReader(pdf)
        if reader.is_encrypted:
            raise UsageError(f"{pdf}: PDF terenkripsi, berkas lampiran tidak dapat dibaca")
        return {name: contents[-1] for name, contents in reader.attachments.items()}
    except FileNotFoundError:
        raise UsageError(f"{pdf}: berkas tidak ditemukan") from None
    except (PdfReadError, OSError, ValueError) as err:
        raise UsageError(f"{pdf}: bukan PDF yang dapat dibaca ({err})") from err
