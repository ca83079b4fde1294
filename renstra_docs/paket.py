"""The bundle (``renstra paket``): the covering letter followed by the Renstra as its
lampiran, in one PDF that carries its own sources.

The two documents are rendered as usual and merged with pypdf: one outline ("Surat
Pengantar", "Lampiran: <judul>" with the Renstra's chapters beneath), page labels that name
the part ("Surat-1", then the Renstra's own "Sampul", "i", "1", …), and the named
destinations of both, so every internal link still lands. The letter's "Lampiran" line is
rendered from the number of documents really merged behind it.

Embedded as associated files (PDF/A-3 style, listed in the catalog's ``/AF``):
- the original files, under their workspace paths (``renstra.yaml``, ``data/<unit>.yaml``,
  images, the workspace's own templates and styles), relationship ``/Source``;
- ``renstra-docs/data-gabungan.yaml``, the merged data as the tool used it, ``/Data``;
- ``renstra-docs/manifes.json``: tool version, rendering stack, and a SHA-256 per file,
  ``/Supplement``.
``renstra ekstrak`` gets them back.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle

from . import __version__, assets, stack
from .build import (
    BuildOptions,
    BuildResult,
    RenderedRenstra,
    output_path,
    render_renstra,
    write_atomically,
)
from .embedded import TOOL_FOLDER, Attachment, embed, merged_data, read_attachments
from .errors import BuildError, UsageError
from .postprocess import LabelRange, finish_writer, write_pdf
from .surat import check_letter_data, render_letter
from .validate import LoadedRenstra, load_renstra
from .workspace import Workspace

MANIFEST = f"{TOOL_FOLDER}/manifes.json"
LETTER_OUTLINE = "Surat Pengantar"
LETTER_LABEL = "Surat-"


def render_bundle(loaded: LoadedRenstra, options: BuildOptions) -> RenderedRenstra:
    """The letter and its lampiran as one finished PDF (nothing is written)."""
    model = loaded.model
    check_letter_data(loaded)
    parts = replace(options, arsip=False)  # the whole bundle is made archival at the end
    renstra = render_renstra(loaded, parts)
    lampiran = [(f"Lampiran: {model.judul}", renstra)]
    letter = render_letter(loaded, parts, len(lampiran))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(letter.pdf)))
    writer.pdf_header = "%PDF-1.7"
    if "/Outlines" in writer.root_object:
        del writer.root_object["/Outlines"]
    writer.add_outline_item(title=LETTER_OUTLINE, page_number=0)
    labels = [LabelRange(0, PageLabelStyle.DECIMAL, LETTER_LABEL)]
    # append() takes the Renstra's pages, outline and destinations, not its catalog: its own
    # copy of the merged data stays behind, and the bundle embeds it once, below.
    for title, document in lampiran:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(document.pdf)), outline_item=title)
        labels += [LabelRange(start + r.start, r.style, r.prefix, r.first) for r in document.labels]
    finish_writer(writer, labels, bundle_metadata(loaded))
    date = model.surat.tanggal if model.surat else model.penetapan.tanggal
    for item in attachments(loaded, (letter, renstra)):
        embed(writer, item, date)
    return RenderedRenstra(
        write_pdf(writer, arsip=options.arsip),
        len(writer.pages),
        letter.warnings + renstra.warnings,
        tuple(labels),
        tuple(sorted(set(letter.files + renstra.files))),
    )


def bundle_metadata(loaded: LoadedRenstra) -> dict[str, str]:
    model = loaded.model
    assert model.surat is not None
    date = model.surat.tanggal.strftime("D:%Y%m%d000000+07'00'")
    kind = "Nota Dinas" if model.surat.bentuk == "nota_dinas" else "Surat"
    return {
        "/Title": f"{model.surat.hal}",
        "/Author": model.unit.nama_lengkap,
        "/Subject": f"{kind} Nomor {model.surat.nomor} beserta lampiran: {model.judul}",
        "/Keywords": f"Surat Pengantar, Renstra, {model.unit.nama_lengkap}, {model.periode.teks}",
        "/Creator": f"renstra-docs {__version__}",
        "/CreationDate": date,
        "/ModDate": date,
    }


def source_files(loaded: LoadedRenstra, rendered: tuple[RenderedRenstra, ...]) -> list[Path]:
    """The workspace files the documents were made from: the two data files, every file the
    engine read, and the workspace's own template overrides."""
    workspace = loaded.workspace
    files = {workspace.settings_file.resolve(), loaded.unit_file.resolve()}
    if loaded.naskah is not None:
        files.add(loaded.naskah.resolve())
    files.update(loaded.buku_kerja)
    for document in rendered:
        files.update(document.files)
    templates = workspace.templates_dir
    if templates.is_dir() and templates.resolve() != assets.templates_dir().resolve():
        files.update(p.resolve() for p in templates.rglob("*") if p.is_file())
    return sorted(files)


def attachments(loaded: LoadedRenstra, rendered: tuple[RenderedRenstra, ...]) -> list[Attachment]:
    """What the bundle carries, sources first, then the tool's own two files."""
    root = loaded.workspace.root.resolve()
    items = []
    for path in source_files(loaded, rendered):
        name = path.relative_to(root).as_posix()
        if name.split("/", 1)[0] == TOOL_FOLDER:
            raise BuildError(
                f"{name}: folder '{TOOL_FOLDER}/' di ruang kerja bentrok dengan berkas paket"
            )
        items.append(Attachment(name, path.read_bytes(), "/Source", "berkas sumber"))
    items.append(merged_data(loaded))
    items.append(
        Attachment(
            MANIFEST,
            manifest(loaded, items).encode("utf-8"),
            "/Supplement",
            "versi alat dan sidik SHA-256 setiap berkas",
        )
    )
    return items


def manifest(loaded: LoadedRenstra, items: list[Attachment]) -> str:
    """Tool version, rendering stack and one SHA-256 per embedded file, as JSON."""
    content: dict[str, Any] = {
        "alat": "renstra-docs",
        "versi": __version__,
        "tumpukan": stack.machine_stack(),
        "ruang_kerja": {
            "pengaturan": loaded.workspace.settings_file.name,
            "unit": loaded.unit_file.resolve()
            .relative_to(loaded.workspace.root.resolve())
            .as_posix(),
        },
        "berkas": [
            {"nama": i.name, "ukuran": len(i.data), "sha256": hashlib.sha256(i.data).hexdigest()}
            for i in items
        ],
    }
    return json.dumps(content, ensure_ascii=False, indent=2) + "\n"


def build_bundle(workspace: Workspace, unit_file: Path, options: BuildOptions) -> BuildResult:
    """Validate the data and write ``<unit>-paket.pdf``."""
    started = time.perf_counter()
    loaded = load_renstra(workspace, unit_file, draf=options.draf, naskah=options.naskah)
    rendered = render_bundle(loaded, options)
    target = output_path(workspace, unit_file, options, "-paket")
    write_atomically(target, rendered.pdf)
    return BuildResult(
        unit_file, target, rendered.pages, time.perf_counter() - started, rendered.warnings
    )


@dataclass(frozen=True)
class Extracted:
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]


def embedded_files(pdf: Path) -> dict[str, bytes]:
    """The files embedded in a PDF, by name; UsageError when it cannot be read or has none."""
    found = read_attachments(pdf)
    if not found:
        raise UsageError(f"{pdf}: tidak ada berkas tersemat (bukan hasil 'renstra paket'?)")
    return found


def safe_relative(name: str) -> PurePosixPath | None:
    """The name as a relative path inside the target folder, or None when it would escape
    it (absolute, drive letters, '..', empty or control characters)."""
    if not name or "\\" in name or any(ord(c) < 32 for c in name) or ":" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", ".", "..") for part in path.parts):
        return None
    return path


def extract_sources(pdf: Path, folder: Path, *, overwrite: bool = False) -> Extracted:
    """Write the embedded files under ``folder`` with their workspace paths; each is checked
    against the manifest's SHA-256 first. Existing different files are kept unless
    ``overwrite``; nothing is written when any check fails."""
    files = embedded_files(pdf)
    plan: list[tuple[Path, bytes]] = []
    problems: list[str] = []
    expected = _manifest_digests(files.get(MANIFEST))
    for name, data in sorted(files.items()):
        relative = safe_relative(name)
        if relative is None:
            problems.append(f"{pdf}: {name!r}: nama berkas tersemat tidak aman, dilewati")
            continue
        digest = expected.get(name)
        if digest is not None and hashlib.sha256(data).hexdigest() != digest:
            problems.append(f"{pdf}: {name}: isi tidak cocok dengan sidik di {MANIFEST}")
        plan.append((folder.joinpath(*relative.parts), data))
    if problems:
        raise BuildError("\n".join(problems))
    written, unchanged = [], []
    for target, data in plan:
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(target)
            continue
        if target.exists() and not overwrite:
            raise UsageError(f"{target}: sudah ada dan berbeda; pakai --timpa untuk menimpanya")
    for target, data in plan:
        if target not in unchanged:
            write_atomically(target, data)
            written.append(target)
    return Extracted(tuple(written), tuple(unchanged))


def _manifest_digests(manifest_bytes: bytes | None) -> dict[str, str]:
    if manifest_bytes is None:
        return {}
    try:
        content = json.loads(manifest_bytes)
        return {str(f["nama"]): str(f["sha256"]) for f in content["berkas"]}
    except (ValueError, KeyError, TypeError):
        raise BuildError(f"{MANIFEST}: manifes rusak") from None
