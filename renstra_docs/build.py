"""The whole pipeline for one document: data → model → HTML → pages → PDF on disk.

Everything is gathered and validated first; the PDF is written last, to a temporary file in
the output folder that is renamed over the old one, so a failed build never damages it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from . import __version__, assemble, assets, render, stack, teks, templating, units
from .cache import RenderCache, remove_stale_temporaries, temporary_file
from .embedded import embed, merged_data
from .errors import BuildError, OutputError
from .model import Renstra
from .postprocess import LabelRange, finish_writer, page_label_ranges, write_pdf
from .validate import LoadedRenstra, load_renstra
from .workspace import Workspace

STYLESHEETS = ("renstra.css", "tabel-kinerja.css", "tabel-matriks.css", "tabel-program.css")


@dataclass(frozen=True)
class BuildOptions:
    """Command-line settings; ``None`` means "as the data says"."""

    kertas: str | None = None
    penomoran: str | None = None
    draf: bool = False
    keluaran: Path | None = None
    ketat: bool = False
    #: PDF/A-3b, written as ``<name>-arsip.pdf``.
    arsip: bool = False
    #: The covering letter's own data file (instead of ``surat`` in the unit file).
    naskah: Path | None = None
    #: Worker processes (``-j``); ``None``: one per core; 0: render in this process.
    paralel: int | None = None


@dataclass(frozen=True)
class BuildResult:
    unit_file: Path
    output: Path
    pages: int
    seconds: float
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class RenderedRenstra:
    """A laid-out document, before it is written anywhere."""

    pdf: bytes
    pages: int
    warnings: tuple[str, ...]
    #: The page labels it carries (the bundle shifts them behind the letter).
    labels: tuple[LabelRange, ...] = ()
    #: The workspace's own files the engine read (images, stylesheet overrides).
    files: tuple[Path, ...] = ()


def resolve_stylesheets(
    workspace: Workspace, names: tuple[str, ...] = STYLESHEETS
) -> tuple[Path, ...]:
    """Each default stylesheet, or the workspace's file of the same name when it has one."""
    chosen = []
    for name in names:
        own = workspace.styles_dir / name
        chosen.append(own if own.is_file() else assets.styles_dir() / name)
    return tuple(chosen)


def pdf_metadata(model: Renstra) -> dict[str, str]:
    date = model.penetapan.tanggal.strftime("D:%Y%m%d000000+07'00'")
    revisi = (
        f", revisi ke-{model.revisi.nomor} ({teks.date_long(model.revisi.tanggal)})"
        if model.revisi
        else ""
    )
    return {
        "/Title": model.judul,
        "/Author": model.unit.nama_lengkap,
        "/Subject": f"Rencana Strategis {model.unit.nama_lengkap}, {model.pemerintah_daerah.nama},"
        f" periode {model.periode.teks}{revisi}",
        "/Keywords": f"Renstra, Rencana Strategis, {model.unit.nama_lengkap},"
        f" {model.pemerintah_daerah.wilayah}, {model.periode.teks}",
        "/Creator": f"renstra-docs {__version__}",
        "/CreationDate": date,
        "/ModDate": date,
    }


def render_renstra(
    loaded: LoadedRenstra,
    options: BuildOptions,
    renderer: units.Renderer | None = None,
    previous: Path | None = None,
) -> RenderedRenstra:
    """Render a validated Renstra to finished PDF bytes (nothing is written), chapter by
    chapter through the workspace's cache; ``renderer`` lets a caller keep its worker
    processes (``renstra pantau``) or look at what was rendered."""
    if renderer is None:
        workers = options.paralel if options.paralel is not None else default_workers()
        with units.Renderer(RenderCache(loaded.workspace.root), workers) as own:
            return render_renstra(loaded, options, own, previous)
    model = loaded.model
    kertas = options.kertas or model.pengaturan.kertas
    penomoran = options.penomoran or model.pengaturan.penomoran
    env = templating.make_environment(loaded.workspace.templates_dir)
    context = {"versi": __version__, "penomoran": penomoran, "draf": options.draf}
    settings = render_settings(loaded, kertas, resolve_stylesheets(loaded.workspace))
    hint_name = f"{loaded.slug}-{kertas}-{penomoran}{'-draf' if options.draf else ''}"
    laid = units.lay_out_units(
        templating.body_units(loaded, env, context),
        lambda halaman, body: templating.front_unit(loaded, env, context, halaman, body),
        settings,
        renderer,
        per_chapter=penomoran == "bab",
        hint=renderer.cache.read_hint(hint_name) or labels_in(previous),
    )
    renderer.cache.write_hint(hint_name, laid.layout.anchor_labels())
    if options.ketat and laid.warnings:
        raise BuildError("mode ketat: mesin PDF memberi peringatan: " + "; ".join(laid.warnings))
    front = laid.front
    front_count = len(front.pages)
    starts, total = [], front_count
    for unit in laid.body:
        starts.append(total)
        total += len(unit.pages)
    chapters = None
    if penomoran == "bab":
        # A chapter cut into pieces is one label range, from its first piece.
        chapters, seen = [], set()
        for start, piece in zip(starts, laid.units_html, strict=True):
            if piece.chapter not in seen:
                seen.add(piece.chapter)
                chapters.append((start, piece.chapter))
    perwal = [(front.anchors["perwal"], "Lampiran Perwal")] if "perwal" in front.anchors else []
    labels = page_label_ranges(total, front.anchors["awal-depan"], front_count, chapters, perwal)
    writer = assemble.assemble(
        [front, *laid.body],
        {k + 1: overlay for k, overlay in enumerate(laid.overlays)},
        [(h.level, h.label, h.anchor) for h in laid.headings],
    )
    finish_writer(writer, labels, pdf_metadata(model))
    # The data travels with the document (``renstra beda`` compares two PDFs by it); dated
    # like the metadata, so the bytes stay identical for identical data.
    embed(writer, merged_data(loaded), model.penetapan.tanggal)
    files = {Path(f) for unit in [front, *laid.body] for f in unit.files}
    return RenderedRenstra(
        write_pdf(writer, arsip=options.arsip),
        total,
        tuple(laid.warnings),
        tuple(labels),
        _workspace_files(loaded, files),
    )


def labels_in(pdf: Path | None) -> dict[str, str]:
    """Anchor → printed page number in an earlier PDF of the same document: a first guess
    for the page numbers the text cites when the cache has none (a wrong guess only costs
    another round, never a wrong number)."""
    if pdf is None or not pdf.is_file():
        return {}
    try:
        reader = PdfReader(pdf)
        labels = reader.page_labels
        found = {}
        for name, destination in reader.named_destinations.items():
            page = reader.get_destination_page_number(destination)
            if page is not None and 0 <= page < len(labels):
                found[str(name)] = labels[page]
        return found
    except Exception:  # any unreadable file is simply no guess
        return {}


def default_workers() -> int:
    """Worker processes for one document: the machine's cores."""
    return max(1, os.cpu_count() or 1)


def workspace_files(loaded: LoadedRenstra, settings: Any) -> tuple[Path, ...]:
    """The files of the workspace itself that the engine read (not the package's default
    styles and fonts, even where the workspace is the repository holding them), sorted."""
    return _workspace_files(loaded, settings.fetched)


def _workspace_files(loaded: LoadedRenstra, fetched: set[Path]) -> tuple[Path, ...]:
    root = loaded.workspace.root.resolve()
    defaults = (assets.styles_dir().resolve(), assets.templates_dir().resolve())
    return tuple(
        sorted(
            path
            for path in fetched
            if path.is_relative_to(root) and not any(path.is_relative_to(d) for d in defaults)
        )
    )


def render_settings(loaded: LoadedRenstra, kertas: str, stylesheets: tuple[Path, ...]) -> Any:
    """Where a document of this workspace may read from, and how it is laid out."""
    return render.RenderSettings(
        kertas=kertas,
        base_dir=loaded.workspace.root,
        # The package's styles (with its fonts), not its whole defaults folder: in a source
        # checkout that folder is the repository itself.
        allowed_roots=(loaded.workspace.root, assets.styles_dir()),
        stylesheets=stylesheets,
    )


def lay_out(html: str, settings: Any, *, ketat: bool) -> tuple[Any, bytes, list[str]]:
    """Pages and raw PDF bytes, with the engine's warnings and any rendering-stack mismatch;
    with ``ketat`` any of those warnings fails the build."""
    with render.collect_engine_warnings() as warnings:
        document = render.render_document(html, settings)
        raw = render.write_pdf(document)
    warnings.extend(stack.mismatches())
    if ketat and warnings:
        raise BuildError("mode ketat: mesin PDF memberi peringatan: " + "; ".join(warnings))
    return document, raw, warnings


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename: the old file stays
    whole until the new one is complete. Temporary copies of ``target`` left by builds that
    were killed are removed first (a running build's are kept)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target.parent, target.name)
        fd, tmp = temporary_file(target)
    except OSError as err:
        raise OutputError(target, _reason(err)) from err
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        tmp.replace(target)
    except OSError as err:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(target, _reason(err)) from err
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _reason(err: OSError) -> str:
    if err.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return "ruang disk penuh"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "tidak ada izin menulis"
    return err.strerror or str(err)


def output_path(
    workspace: Workspace, unit_file: Path, options: BuildOptions, suffix: str = ""
) -> Path:
    """``output/<unit><suffix>.pdf`` (``-arsip`` added for archival copies), or in the folder
    given by ``-o``."""
    folder = options.keluaran if options.keluaran is not None else workspace.output_dir
    arsip = "-arsip" if options.arsip else ""
    return folder / f"{unit_file.stem}{suffix}{arsip}.pdf"


def build_renstra(workspace: Workspace, unit_file: Path, options: BuildOptions) -> BuildResult:
    """Validate, render and write one Renstra PDF."""
    started = time.perf_counter()
    loaded = load_renstra(workspace, unit_file, draf=options.draf)
    target = output_path(workspace, unit_file, options)
    rendered = render_renstra(loaded, options, previous=target)
    write_atomically(target, rendered.pdf)
    return BuildResult(
        unit_file, target, rendered.pages, time.perf_counter() - started, rendered.warnings
    )
