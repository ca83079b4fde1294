"""The whole pipeline for one document: data → model → HTML → pages → PDF on disk.

Everything is gathered and validated first; the PDF is written last, to a temporary file in
the output folder that is renamed over the old one, so a failed build never damages it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__, assets, render, stack, templating
from .errors import BuildError, OutputError
from .model import Renstra
from .postprocess import LabelRange, finish_pdf, page_label_ranges
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
    return {
        "/Title": model.judul,
        "/Author": model.unit.nama_lengkap,
        "/Subject": f"Rencana Strategis {model.unit.nama_lengkap}, {model.pemerintah_daerah.nama},"
        f" periode {model.periode.teks}",
        "/Keywords": f"Renstra, Rencana Strategis, {model.unit.nama_lengkap},"
        f" {model.pemerintah_daerah.wilayah}, {model.periode.teks}",
        "/Creator": f"renstra-docs {__version__}",
        "/CreationDate": date,
        "/ModDate": date,
    }


def render_renstra(loaded: LoadedRenstra, options: BuildOptions) -> RenderedRenstra:
    """Render a validated Renstra to finished PDF bytes (nothing is written)."""
    model = loaded.model
    kertas = options.kertas or model.pengaturan.kertas
    penomoran = options.penomoran or model.pengaturan.penomoran
    env = templating.make_environment(loaded.workspace.templates_dir)
    html, headings = templating.render_html(
        loaded, env, {"versi": __version__, "penomoran": penomoran, "draf": options.draf}
    )
    settings = render_settings(loaded, kertas, resolve_stylesheets(loaded.workspace))
    document, raw, warnings = lay_out(html, settings, ketat=options.ketat)
    anchors = render.page_anchors(document)
    front = next(i for i, a in enumerate(anchors) if "awal-depan" in a)
    body = next(i for i, a in enumerate(anchors) if "awal-isi" in a)
    chapters = None
    if penomoran == "bab":
        start_of = {anchor: i for i, page in enumerate(anchors) for anchor in page}
        chapters = [
            (start_of[h.anchor], h.chapter) for h in headings if h.level == 1 and not h.front
        ]
    unnumbered = [(i, "Lampiran Perwal") for i, page in enumerate(anchors) if "perwal" in page]
    labels = page_label_ranges(len(anchors), front, body, chapters, unnumbered)
    pdf = finish_pdf(raw, labels, pdf_metadata(model), arsip=options.arsip)
    return RenderedRenstra(
        pdf, len(anchors), tuple(warnings), tuple(labels), workspace_files(loaded, settings)
    )


def workspace_files(loaded: LoadedRenstra, settings: Any) -> tuple[Path, ...]:
    """The files of the workspace itself that the engine read (not the package's default
    styles and fonts, even where the workspace is the repository holding them), sorted."""
    root = loaded.workspace.root.resolve()
    defaults = (assets.styles_dir().resolve(), assets.templates_dir().resolve())
    return tuple(
        sorted(
            path
            for path in settings.fetched
            if path.is_relative_to(root) and not any(path.is_relative_to(d) for d in defaults)
        )
    )


def render_settings(loaded: LoadedRenstra, kertas: str, stylesheets: tuple[Path, ...]) -> Any:
    """Where a document of this workspace may read from, and how it is laid out."""
    return render.RenderSettings(
        kertas=kertas,
        base_dir=loaded.workspace.root,
        allowed_roots=(loaded.workspace.root, assets.defaults_root()),
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
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise OutputError(target, _reason(err)) from err
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(target)
    except OSError as err:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise OutputError(target, _reason(err)) from err
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
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
    rendered = render_renstra(loaded, options)
    target = output_path(workspace, unit_file, options)
    write_atomically(target, rendered.pdf)
    return BuildResult(
        unit_file, target, rendered.pages, time.perf_counter() - started, rendered.warnings
    )
