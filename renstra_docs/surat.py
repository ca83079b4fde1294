"""The covering letter (``renstra surat``): a nota dinas or surat dinas from the head of the
unit, with the kop written once in the workspace's data."""

from __future__ import annotations

import time
from pathlib import Path

from pypdf.constants import PageLabelStyle

from . import __version__, render, templating
from .build import (
    BuildOptions,
    BuildResult,
    RenderedRenstra,
    lay_out,
    output_path,
    render_settings,
    resolve_stylesheets,
    workspace_files,
    write_atomically,
)
from .errors import DataError, Problem
from .postprocess import LabelRange, finish_pdf
from .validate import LoadedRenstra, load_renstra
from .workspace import Workspace

#: How many files a letter covers when it goes on its own: the Renstra it announces.
LAMPIRAN_RENSTRA = 1


def check_letter_data(loaded: LoadedRenstra) -> None:
    """The letter needs its own data and the unit's address for the kop."""
    file = loaded.workspace.display(loaded.unit_file)
    problems = []
    if loaded.model.surat is None:
        problems.append(Problem(file, 1, 1, "surat", "wajib diisi untuk membuat surat pengantar"))
    if loaded.model.unit.kontak is None:
        problems.append(
            Problem(file, 1, 1, "unit.kontak", "wajib diisi untuk kop surat (alamat, telepon, …)")
        )
    if problems:
        raise DataError(problems)


def render_letter(loaded: LoadedRenstra, options: BuildOptions, lampiran: int) -> RenderedRenstra:
    """The letter as finished PDF bytes; ``lampiran`` is the number of files it covers."""
    check_letter_data(loaded)
    model = loaded.model
    assert model.surat is not None
    env = templating.make_environment(loaded.workspace.templates_dir)
    html = templating.render_template(
        env, "surat.html", {"renstra": model, "surat": model.surat, "lampiran": lampiran}
    )
    stylesheets = resolve_stylesheets(loaded.workspace, ("surat.css",))
    settings = render_settings(loaded, options.kertas or model.pengaturan.kertas, stylesheets)
    document, raw, warnings = lay_out(html, settings, ketat=options.ketat)
    date = model.surat.tanggal.strftime("D:%Y%m%d000000+07'00'")
    metadata = {
        "/Title": f"Surat Pengantar {model.judul}",
        "/Author": model.unit.nama_lengkap,
        "/Subject": model.surat.hal,
        "/Creator": f"renstra-docs {__version__}",
        "/CreationDate": date,
        "/ModDate": date,
    }
    space = render.element_rect(document, "ruang-tanda-tangan")
    labels = [LabelRange(0, PageLabelStyle.DECIMAL)]
    pdf = finish_pdf(raw, labels, metadata, space, arsip=options.arsip)
    return RenderedRenstra(
        pdf, len(document.pages), tuple(warnings), tuple(labels), workspace_files(loaded, settings)
    )


def build_letter(workspace: Workspace, unit_file: Path, options: BuildOptions) -> BuildResult:
    """Validate the data and write ``<unit>-surat.pdf``."""
    started = time.perf_counter()
    loaded = load_renstra(workspace, unit_file, draf=options.draf, naskah=options.naskah)
    rendered = render_letter(loaded, options, LAMPIRAN_RENSTRA)
    target = output_path(workspace, unit_file, options, "-surat")
    write_atomically(target, rendered.pdf)
    return BuildResult(
        unit_file, target, rendered.pages, time.perf_counter() - started, rendered.warnings
    )
