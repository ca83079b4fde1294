"""The ``renstra`` command: parses flags, calls the library, maps errors to exit codes.

Every word a user sees here is Indonesian, including click's own ("Usage", "Options", …).
"""

from __future__ import annotations

import functools
import json
import logging
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from . import __version__, batch
from .build import BuildOptions, BuildResult, build_renstra, default_workers
from .errors import DataError, RenstraError, UsageError
from .interrupts import parent_handles_interrupts
from .validate import load_renstra
from .workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_BUILD, EXIT_DATA, EXIT_INTERRUPTED = 0, 1, 2, 130

# --- click in Indonesian --------------------------------------------------------------------

_CLICK_WORDS = {
    "Usage:": "Penggunaan:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Positional arguments": "Argumen",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "Error: {message}": "Galat: {message}",
    "Try '{command} {option}' for help.": "Coba '{command} {option}' untuk bantuan.",
    "No such option {name!r}.": "Opsi tidak dikenal: {name}.",
    "No such option: {name}": "Opsi tidak dikenal: {name}",
    "No such command {name!r}.": "Perintah tidak dikenal: {name}.",
    "Missing argument": "Argumen wajib diisi",
    "Missing option": "Opsi wajib diisi",
    "Missing parameter": "Parameter wajib diisi",
    "Missing command.": "Perintah belum disebut.",
    "Missing {param_type}": "{param_type} wajib diisi",
    "Invalid value for {param_hint}: {message}": "Nilai tidak valid untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak valid: {message}",
    "Got unexpected extra argument ({args})": "Argumen tambahan tidak dikenal ({args})",
    "Got unexpected extra arguments ({args})": "Argumen tambahan tidak dikenal ({args})",
    "Option {name!r} requires an argument.": "Opsi {name} memerlukan nilai.",
    "Option {name!r} requires {nargs} arguments.": "Opsi {name} memerlukan {nargs} nilai.",
    "Option {name!r} does not take a value.": "Opsi {name} tidak menerima nilai.",
    "Did you mean {possibility}?": "Maksud Anda {possibility}?",
    "(Possible options: {possibilities})": "(Opsi yang mungkin: {possibilities})",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "file": "berkas",
    "directory": "folder",
    "path": "jalur",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} tidak dalam rentang {range}.",
    "integer": "bilangan bulat",
    "Aborted!": "Dibatalkan.",
    "default: {default}": "bawaan: {default}",
    "required": "wajib",
}


def _translate(message: str) -> str:
    return _CLICK_WORDS.get(message, message)


def _install_click_translations() -> None:
    """click looks its words up through ``gettext`` bound per module; answer in Indonesian."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    ):
        if hasattr(module, "_"):
            module._ = _translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = lambda s, p, n: _translate(s if n == 1 else p)  # type: ignore[attr-defined]


_install_click_translations()

# --- common options -------------------------------------------------------------------------


def _fail(err: BaseException, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exception(err)
    if isinstance(err, Exception):
        code, message = batch.describe_error(err)
        click.echo(message, err=True)
        sys.exit(code)
    click.echo("Dihentikan.", err=True)
    sys.exit(EXIT_INTERRUPTED)


def debug_option(func: F) -> F:
    """Add --debug and map every error the command raises to one line and an exit code."""

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (RenstraError, KeyboardInterrupt) as err:
            _fail(err, kwargs.get("debug", False))
        except Exception as err:
            _fail(err, kwargs.get("debug", False))

    option = click.option(
        "--debug", is_flag=True, help="Tampilkan jejak galat lengkap (traceback)."
    )
    return option(guarded)  # type: ignore[return-value]


#: A data file argument. Readability is not click's to check (readable=False): an unreadable
#: file is one line from sources.read_source, not click's four-line usage error.
DATA_PATH = click.Path(path_type=Path, readable=False)
#: ``[DATA]...``: no argument means every unit file in data/.
data_files = click.argument("data", nargs=-1, type=DATA_PATH, metavar="[DATA]...")
#: ``DATA``: exactly one unit file.
data_file = click.argument("data", type=DATA_PATH, metavar="DATA")


def folder_option(func: F) -> F:
    return click.option(
        "-o",
        "--keluaran",
        type=click.Path(path_type=Path, file_okay=False),
        metavar="FOLDER",
        help="Folder hasil (bawaan: output/ di ruang kerja).",
    )(func)


def output_options(func: F) -> F:
    """-o/--keluaran and --kertas, shared by every command that writes a PDF."""
    func = click.option(
        "--kertas", type=click.Choice(["a4", "f4"]), help="Ukuran kertas (menimpa data)."
    )(func)
    return folder_option(func)


def ketat_option(func: F) -> F:
    return click.option(
        "--ketat", is_flag=True, help="Gagal bila mesin PDF memberi peringatan apa pun."
    )(func)


def arsip_option(func: F) -> F:
    return click.option(
        "--arsip", is_flag=True, help="Buat salinan arsip PDF/A-3b (<nama>-arsip.pdf)."
    )(func)


def naskah_option(func: F) -> F:
    return click.option(
        "--naskah",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="BERKAS",
        help="Data surat dari berkas tersendiri (berisi 'surat:'), bukan dari berkas unit.",
    )(func)


def _naskah(workspace: Workspace, naskah: Path | None) -> Path | None:
    """The letter file, which must lie in the workspace (it is embedded with the sources)."""
    if naskah is not None and not workspace.contains(naskah.resolve()):
        raise UsageError(f"{naskah}: berkas surat harus berada di dalam ruang kerja")
    return naskah


def paralel_option(func: F) -> F:
    return click.option(
        "-j",
        "--paralel",
        type=click.IntRange(min=1),
        metavar="N",
        help="Jumlah proses pekerja seluruhnya (bawaan: satu per inti prosesor).",
    )(func)


def penomoran_option(func: F) -> F:
    return click.option(
        "--penomoran",
        type=click.Choice(["lanjut", "bab"]),
        help="Penomoran halaman: lanjut (1, 2, …) atau bab (III-4).",
    )(func)


def draf_option(func: F) -> F:
    return click.option(
        "--draf",
        is_flag=True,
        help="Bagian yang belum diisi dicetak sebagai penanda, setiap halaman bertanda DRAF.",
    )(func)


def _warning_lines(workspace: Workspace, result: BuildResult) -> list[str]:
    return [
        f"{workspace.display(result.unit_file)}: peringatan mesin PDF: {warning}"
        for warning in result.warnings
    ]


def _report(workspace: Workspace, result: BuildResult) -> None:
    """The engine's warnings, then one line per written PDF: path, pages, seconds."""
    for line in _warning_lines(workspace, result):
        click.echo(line, err=True)
    seconds = batch.decimal(result.seconds)
    click.echo(
        f"{workspace.display(result.output)}: {result.pages} halaman, {seconds} detik", err=True
    )


def _find_workspace(data: tuple[Path, ...]) -> Workspace:
    """The workspace of the first data file named, else of the current folder."""
    first = data[0].resolve() if data else None
    return Workspace.find(first.parent if first and first.parent.exists() else None)


def _workspace_and_units(data: tuple[Path, ...]) -> tuple[Workspace, list[Path]]:
    if data:
        return _find_workspace(data), list(data)
    workspace = Workspace.find()
    units = workspace.unit_files()
    if not units:
        raise UsageError(f"{workspace.display(workspace.data_dir)}: tidak ada berkas data (*.yaml)")
    return workspace, units


# --- cetak: one document or several ---------------------------------------------------------


class _Progress:
    """A one-line bar on stderr, redrawn in place as documents finish; other lines are
    printed above it. Nothing is drawn when stderr is not a terminal (logs, pipes)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.shown = sys.stderr.isatty()
        self._draw()

    def _draw(self) -> None:
        if self.shown:
            click.echo("\r" + batch.progress_bar(self.done, self.total), err=True, nl=False)

    def _clear(self) -> None:
        if self.shown:
            blank = " " * len(batch.progress_bar(self.total, self.total))
            click.echo(f"\r{blank}\r", err=True, nl=False)

    def echo(self, text: str) -> None:
        self._clear()
        click.echo(text, err=True)
        self._draw()

    def advance(self) -> None:
        self.done += 1
        self._draw()

    def finish(self) -> None:
        self._clear()


def _outcome_text(workspace: Workspace, outcome: batch.Outcome, debug: bool) -> str:
    """A finished document's engine warnings, or its whole error (traceback first)."""
    if outcome.result is not None:
        return "\n".join(_warning_lines(workspace, outcome.result))
    return outcome.trace + outcome.message if debug else outcome.message


def _build_one(workspace: Workspace, unit: Path, options: BuildOptions, debug: bool) -> int:
    """One document, its chapters in parallel; one line for it. The exit code."""
    try:
        result = build_renstra(workspace, unit, options)
    except RenstraError as err:
        if debug:
            traceback.print_exception(err)
        click.echo(str(err), err=True)
        return err.exit_code
    _report(workspace, result)
    return EXIT_OK


def _build_several(
    workspace: Workspace, units: list[Path], options: BuildOptions, processes: int, debug: bool
) -> int:
    """Documents in parallel with a progress bar, then a table of them all. The exit code:
    the worst failure's."""
    started = time.perf_counter()
    progress = _Progress(len(units))

    def finished(outcome: batch.Outcome) -> None:
        text = _outcome_text(workspace, outcome, debug)
        if text:
            progress.echo(text)
        progress.advance()

    try:
        outcomes = batch.build_documents(
            workspace, units, options, processes, finished, debug=debug
        )
    finally:
        progress.finish()
    rows = [(workspace.display(outcome.unit_file), outcome) for outcome in outcomes]
    for line in batch.summary_table(rows):
        click.echo(line, err=True)
    click.echo(batch.totals_line(outcomes, time.perf_counter() - started), err=True)
    return max((o.exit_code for o in outcomes if not o.ok), default=EXIT_OK)


def _distinct(units: list[Path]) -> list[Path]:
    """The unit files in order, each once (however it was spelled)."""
    seen: set[Path] = set()
    kept = []
    for unit in units:
        if unit.resolve() not in seen:
            seen.add(unit.resolve())
            kept.append(unit)
    return kept


# --- commands -------------------------------------------------------------------------------


@click.group(
    name="renstra",
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPSI]",
    subcommand_metavar="PERINTAH [ARGUMEN]...",
)
@click.version_option(__version__, "--version", prog_name="renstra", message="%(prog)s %(version)s")
def cli() -> None:
    """Renstra perangkat daerah: dari data YAML menjadi PDF resmi.

    Jalankan di dalam ruang kerja (folder berisi renstra.yaml).
    """
    logging.basicConfig(level=logging.ERROR, format="%(message)s")


@cli.command(options_metavar="[OPSI]")
@data_files
@output_options
@penomoran_option
@ketat_option
@arsip_option
@draf_option
@paralel_option
@debug_option
def cetak(
    data: tuple[Path, ...],
    keluaran: Path | None,
    kertas: str | None,
    penomoran: str | None,
    ketat: bool,
    arsip: bool,
    draf: bool,
    paralel: int | None,
    debug: bool,
) -> None:
    """Buat PDF Renstra dari DATA (tanpa argumen: semua berkas di data/).

    Beberapa dokumen dibuat bersamaan (-j N proses seluruhnya), lalu diringkas dalam tabel.
    """
    workspace, units = _workspace_and_units(data)
    units = _distinct(units)
    options = BuildOptions(
        kertas=kertas,
        penomoran=penomoran,
        keluaran=keluaran,
        ketat=ketat,
        draf=draf,
        arsip=arsip,
        paralel=paralel,
    )
    with parent_handles_interrupts():
        if len(units) == 1:
            code = _build_one(workspace, units[0], options, debug)
        else:
            processes = paralel or default_workers()
            code = _build_several(workspace, units, options, processes, debug)
    if code != EXIT_OK:
        sys.exit(code)


@cli.command(options_metavar="[OPSI]")
@data_files
@output_options
@penomoran_option
@ketat_option
@arsip_option
@draf_option
@paralel_option
@debug_option
def pantau(
    data: tuple[Path, ...],
    keluaran: Path | None,
    kertas: str | None,
    penomoran: str | None,
    ketat: bool,
    arsip: bool,
    draf: bool,
    paralel: int | None,
    debug: bool,
) -> None:
    """Pantau DATA dan buat ulang PDF setiap kali berkas disimpan (tanpa argumen: semua
    berkas di data/).

    Yang dipantau: renstra.yaml, berkas unit, templates/, styles/ dan gambar di ruang kerja.
    Data yang salah dilaporkan dan PDF lama dipertahankan. Hentikan dengan Ctrl+C.
    """
    from . import pantau as watcher

    workspace = _find_workspace(data)
    options = BuildOptions(
        kertas=kertas,
        penomoran=penomoran,
        keluaran=keluaran,
        ketat=ketat,
        draf=draf,
        arsip=arsip,
        paralel=paralel,
    )
    try:
        watcher.run(
            workspace,
            data or None,
            options,
            lambda line: click.echo(line, err=True),
            debug=debug,
        )
    except KeyboardInterrupt:
        click.echo("Pemantauan dihentikan.", err=True)
        sys.exit(EXIT_INTERRUPTED)


@cli.command(options_metavar="[OPSI]")
@data_file
@output_options
@ketat_option
@arsip_option
@naskah_option
@debug_option
def surat(
    data: Path,
    keluaran: Path | None,
    kertas: str | None,
    ketat: bool,
    arsip: bool,
    naskah: Path | None,
    debug: bool,
) -> None:
    """Buat surat pengantar Renstra dari DATA (bagian 'surat' di berkas unit)."""
    from .surat import build_letter

    workspace, units = _workspace_and_units((data,))
    options = BuildOptions(
        kertas=kertas,
        keluaran=keluaran,
        ketat=ketat,
        arsip=arsip,
        naskah=_naskah(workspace, naskah),
    )
    result = build_letter(workspace, units[0], options)
    _report(workspace, result)


@cli.command(options_metavar="[OPSI]")
@data_file
@output_options
@penomoran_option
@ketat_option
@arsip_option
@naskah_option
@draf_option
@debug_option
def paket(
    data: Path,
    keluaran: Path | None,
    kertas: str | None,
    penomoran: str | None,
    ketat: bool,
    arsip: bool,
    naskah: Path | None,
    draf: bool,
    debug: bool,
) -> None:
    """Buat paket: surat pengantar + Renstra sebagai lampirannya, data sumber tersemat."""
    from .paket import build_bundle

    workspace, units = _workspace_and_units((data,))
    options = BuildOptions(
        kertas=kertas,
        penomoran=penomoran,
        keluaran=keluaran,
        ketat=ketat,
        draf=draf,
        arsip=arsip,
        naskah=_naskah(workspace, naskah),
    )
    _report(workspace, build_bundle(workspace, units[0], options))


@cli.command(options_metavar="[OPSI]")
@click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False), metavar="PDF")
@click.option(
    "-o",
    "--keluaran",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="FOLDER",
    help="Folder tujuan (bawaan: <nama PDF>-sumber di samping PDF).",
)
@click.option("--timpa", is_flag=True, help="Timpa berkas yang sudah ada dan berbeda.")
@debug_option
def ekstrak(pdf: Path, keluaran: Path | None, timpa: bool, debug: bool) -> None:
    """Keluarkan berkas sumber yang tersemat di PDF paket (data, gambar, manifes)."""
    from .paket import extract_sources

    folder = keluaran if keluaran is not None else pdf.with_name(f"{pdf.stem}-sumber")
    result = extract_sources(pdf, folder, overwrite=timpa)
    for path in result.written:
        click.echo(str(path))
    unchanged = f", {len(result.unchanged)} sudah sama" if result.unchanged else ""
    click.echo(f"{folder}: {len(result.written)} berkas ditulis{unchanged}", err=True)


@cli.command(options_metavar="[OPSI]")
@data_file
@folder_option
@click.option(
    "--kosong", is_flag=True, help="Hanya judul kolom (templat untuk diisi), tanpa isi tabel."
)
@debug_option
def excel(data: Path, keluaran: Path | None, kosong: bool, debug: bool) -> None:
    """Tulis tabel standar T-C.23 … T-C.28 dan matriks BAB III dari DATA ke buku kerja Excel."""
    from .ekspor import export_workbook

    workspace, units = _workspace_and_units((data,))
    target, sheets = export_workbook(workspace, units[0], keluaran, kosong=kosong)
    click.echo(f"{workspace.display(target)}: lembar {', '.join(sheets)}", err=True)


@cli.command(options_metavar="[OPSI]")
@click.argument("xlsx", type=click.Path(path_type=Path, dir_okay=False), metavar="XLSX")
@click.option(
    "--data",
    "unit",
    type=DATA_PATH,
    metavar="DATA",
    help="Periode dan regulasi lembar menurut berkas unit ini (bawaan: renstra.yaml).",
)
@folder_option
@debug_option
def impor(xlsx: Path, unit: Path | None, keluaran: Path | None, debug: bool) -> None:
    """Ubah tabel di buku kerja XLSX menjadi YAML (output/<nama>.yaml)."""
    from .build import write_atomically
    from .impor import import_workbook
    from .lembar import label

    workspace = _find_workspace((unit,) if unit else ())
    text, tables = import_workbook(workspace, xlsx, unit)
    folder = keluaran if keluaran is not None else workspace.output_dir
    target = folder / f"{xlsx.stem}.yaml"
    write_atomically(target, text.encode("utf-8"))
    shown = ", ".join(label(t) for t in tables)
    click.echo(f"{workspace.display(target)}: tabel {shown}", err=True)


@cli.command(options_metavar="[OPSI]")
@data_files
@click.option("--draf", is_flag=True, help="Periksa seperti 'cetak --draf': bagian kosong boleh.")
@debug_option
def periksa(data: tuple[Path, ...], draf: bool, debug: bool) -> None:
    """Periksa DATA tanpa membuat PDF; tampilkan semua masalah."""
    workspace, units = _workspace_and_units(data)
    problems = 0
    for unit in units:
        try:
            load_renstra(workspace, unit, draf=draf)
        except DataError as err:
            click.echo(str(err), err=True)
            problems += len(err.problems)
            continue
        click.echo(f"{workspace.display(unit)}: baik", err=True)
    if problems:
        click.echo(f"{problems} masalah ditemukan.", err=True)
        sys.exit(EXIT_DATA)


@cli.command(options_metavar="[OPSI]")
def skema() -> None:
    """Cetak JSON Schema format data (untuk editor, mis. VS Code) ke stdout."""
    from .schema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@cli.command(options_metavar="[OPSI]")
@click.argument("folder", type=click.Path(path_type=Path))
@debug_option
def baru(folder: Path, debug: bool) -> None:
    """Buat ruang kerja baru di FOLDER, berisi data contoh."""
    from .scaffold import create_workspace

    created = create_workspace(folder)
    click.echo(
        f"Ruang kerja dibuat: {created}. Lanjutkan: masuk ke folder itu, sunting berkas di data/,"
        " lalu jalankan 'renstra cetak'.",
        err=True,
    )


@cli.command(options_metavar="[OPSI]")
@click.argument("pdf", type=click.Path(path_type=Path), metavar="PDF")
@click.option(
    "--sertifikat",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="BERKAS.p12",
    help="Sertifikat elektronik dengan kuncinya (PKCS#12: .p12/.pfx).",
)
@click.option("--layanan", metavar="URL", help="Atau: alamat layanan tanda tangan jarak jauh.")
@click.option("--pengguna", metavar="ID", help="ID pengguna pada layanan (bersama --layanan).")
@click.option(
    "-o",
    "--keluaran",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="FOLDER",
    help="Folder hasil (bawaan: di samping PDF).",
)
@debug_option
def tandatangani(
    pdf: Path,
    sertifikat: Path | None,
    layanan: str | None,
    pengguna: str | None,
    keluaran: Path | None,
    debug: bool,
) -> None:
    """Tandatangani PDF secara elektronik (PAdES); hasilnya <nama>-ttd.pdf.

    Kata sandi sertifikat dibaca dari RENSTRA_SANDI atau ditanyakan tanpa ditampilkan.
    """
    from .tandatangan import choose_key, passphrase_source, sign_pdf

    key = choose_key(sertifikat, layanan, pengguna)
    passphrase = passphrase_source(
        lambda: str(click.prompt("Kata sandi sertifikat", hide_input=True, err=True))
    )
    result = sign_pdf(pdf, key, passphrase, keluaran)
    where = (
        f"kotak {result.field.name} di halaman {result.field.page + 1}"
        if result.field
        else "tanpa kotak tampak"
    )
    click.echo(f"{result.output}: ditandatangani oleh {result.signer}, {where}", err=True)
    if not result.footnote:
        click.echo(
            f"{result.output}: catatan kaki tidak ditambahkan (berkas sudah bertanda tangan)",
            err=True,
        )


@cli.command(options_metavar="[OPSI]")
@click.argument("pdf", type=click.Path(path_type=Path), metavar="PDF")
@click.option(
    "--akar",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="SERTIFIKAT",
    help="Sertifikat akar tepercaya (PEM atau DER); tanpa ini kepercayaan tidak diperiksa.",
)
@debug_option
def verifikasi(pdf: Path, akar: Path | None, debug: bool) -> None:
    """Periksa tanda tangan elektronik PDF: keutuhan, penanda tangan, waktu, cakupan."""
    from .tandatangan import verify_pdf

    checks = verify_pdf(pdf, akar)
    for number, check in enumerate(checks, 1):
        click.echo(f"{pdf}: tanda tangan {number} dari {len(checks)} ({check.field})")
        for line in check.lines():
            click.echo(line)
    good = all(check.ok for check in checks)
    click.echo(f"{pdf}: " + ("semua tanda tangan sah" if good else "ADA TANDA TANGAN YANG GAGAL"))
    sys.exit(EXIT_OK if good else EXIT_BUILD)


@cli.command(options_metavar="[OPSI]")
@click.argument("lama", type=DATA_PATH, metavar="LAMA")
@click.argument("baru", type=DATA_PATH, metavar="BARU")
@click.option(
    "--pdf",
    is_flag=True,
    help="Buat juga PDF DAFTAR PERUBAHAN (<unit>-perubahan.pdf) untuk dilampirkan pada"
    " Renstra revisi.",
)
@output_options
@debug_option
def beda(
    lama: Path, baru: Path, pdf: bool, keluaran: Path | None, kertas: str | None, debug: bool
) -> None:
    """Tampilkan perubahan dari versi LAMA ke versi BARU sebuah Renstra.

    LAMA dan BARU berupa berkas data unit atau PDF hasil 'renstra cetak'/'renstra paket'
    (data yang tersemat di dalamnya dipakai). Kode keluar: 0 tidak ada perubahan, 1 ada
    perubahan, 2 kesalahan data.
    """
    from . import beda as perubahan

    comparison = perubahan.compare_files(lama, baru)
    for line in comparison.lines():
        click.echo(line)
    click.echo(comparison.summary(), err=True)
    if pdf and comparison.changes:
        written = perubahan.write_changes(comparison, keluaran, kertas)
        workspace = comparison.new.workspace
        shown = workspace.display(written.output) if workspace else str(written.output)
        for warning in written.warnings:
            click.echo(f"{shown}: peringatan mesin PDF: {warning}", err=True)
        click.echo(f"{shown}: {written.pages} halaman", err=True)
    elif pdf:
        click.echo("PDF daftar perubahan tidak dibuat: tidak ada perubahan.", err=True)
    sys.exit(EXIT_BUILD if comparison.changes else EXIT_OK)


def main() -> None:
    """Console entry point: always present the program as ``renstra``."""
    cli.main(prog_name="renstra")
