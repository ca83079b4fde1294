"""Standard tables read from Excel workbooks (issue 7): ``dari_excel`` in a unit file and
``renstra impor``.

The workbooks are made here with openpyxl, the way real ones arrive: the export of
``renstra excel`` messed up by hand (numbers typed as text, percent formats, formulas,
hidden sheets and rows, other header merges) and a T-C.27 typed from scratch like the
printed table (title rows, its own merged headers, spacer rows, a total row). Formulas get
their cached values from a real engine (LibreOffice, :mod:`tests.lembar_kerja`), once per
workbook. What the import reads is compared with the YAML the sample holds.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from renstra_docs import ekspor, hitung, validate
from renstra_docs.errors import DataError, cell_address
from renstra_docs.lembar import KUNCI_DATA, TABEL, TataLetak, label, tata_letak
from renstra_docs.model import Periode, Renstra
from renstra_docs.model_tabel import IndikatorTarget, Program
from renstra_docs.sources import MIB
from renstra_docs.validate import LoadedRenstra
from renstra_docs.workspace import Workspace

from .conftest import copy_sample
from .lembar_kerja import recalculate
from .test_cli import run

UNIT = "bekasi-utara"
UNIT_FILE = f"data/{UNIT}.yaml"
#: Every data key the standard tables hold, in document order.
TABLE_KEYS = tuple(key for table in TABEL for key in KUNCI_DATA[table])
#: Where the hand-typed T-C.27 keeps its helper columns: one empty column after the printed
#: ones, then Satuan, Kode Sasaran, Jenis Baris (another order than the export's).
HELPERS = {"satuan": 23, "kode_sasaran": 24, "jenis": 25}
#: The formula whose cached value is removed from the broken workbook.
UNCACHED = "1000*2000"


# --- the unit file and the comparison -------------------------------------------------------


def _without(text: str, keys: Collection[str]) -> str:
    """A unit file's text without the blocks of ``keys``: top-level ones, and the matrix of
    3.2 (``matriks:``, nested in ``bab_3.telaahan_visi_misi``)."""
    out: list[str] = []
    skipping = False
    nested: int | None = None  # the indentation of a nested block being skipped
    for line in text.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip(" "))
        if nested is not None and line.strip() and indent <= nested:
            nested = None
        top = re.match(r"([A-Za-z_]\w*):", line)
        inner = re.match(r"( +)matriks:", line)
        if top:
            skipping = top.group(1) in keys
        elif line.strip() and not line.startswith((" ", "#")):
            skipping = False
        elif inner and "matriks" in keys:
            nested = len(inner.group(1))
            continue
        if not skipping and nested is None:
            out.append(line)
    return "".join(out)


def _use_excel(root: Path, dari_excel: str, keep: Collection[str] = ()) -> Path:
    """Rewrite the unit file: the tables (but ``keep``) dropped, ``dari_excel`` added."""
    unit = root / UNIT_FILE
    text = _without(unit.read_text(encoding="utf-8"), set(TABLE_KEYS) - set(keep))
    unit.write_text(f"{text.rstrip()}\n\ndari_excel: {dari_excel}\n", encoding="utf-8")
    return unit


def _normal(value: object) -> object:
    """Numbers by value (75, 75.0, "75", "75,0%" and Decimal 75 are one number)."""
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(item) for item in value]
    angka = hitung.parse_angka(value)
    return value if angka is None else angka


def _printed_programs(model: Renstra) -> list[Program]:
    """The programmes in the order T-C.27 prints them: by tujuan, then sasaran."""
    sasaran = _printed_sasaran(model)
    return sorted(model.program, key=lambda p: [s.kode for s in sasaran].index(p.sasaran))


def _printed_sasaran(model: Renstra) -> list[Any]:
    tujuan = [t.kode for t in model.tujuan]
    return sorted(model.sasaran, key=lambda s: tujuan.index(s.tujuan))


def _tables(model: Renstra, printed: bool = False) -> dict[str, object]:
    dumped = model.model_dump()
    if printed:
        dumped["program"] = [p.model_dump() for p in _printed_programs(model)]
    tables = {key: _normal(dumped[key]) for key in TABLE_KEYS if key != "matriks"}
    telaahan = dumped["bab_3"]["telaahan_visi_misi"]
    tables["matriks"] = _normal(telaahan["matriks"] if telaahan else [])
    return tables


def _problem_lines(err: pytest.ExceptionInfo[DataError]) -> list[str]:
    return str(err.value).splitlines()


def _layout(loaded: LoadedRenstra, table: str) -> TataLetak:
    model = loaded.model
    return tata_letak(table, loaded.kerangka, model.regulasi, model.periode)


# --- the exported workbook, messed up --------------------------------------------------------


def _first_data_row(tata: TataLetak) -> int:
    return ekspor.BARIS_KEPALA + tata.tingkat + 1


def _row_of(ws: Worksheet, tata: TataLetak, kunci: str, value: object) -> int:
    column = tata.indeks(kunci)
    rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, column).value == value]
    assert len(rows) == 1, (ws.title, kunci, value, rows)
    return rows[0]


def _at(ws: Worksheet, tata: TataLetak, kunci: str, row: int) -> Any:
    return ws.cell(row, tata.indeks(kunci))


def _percent(cell: Any, fraction: float) -> None:
    """A percentage as Excel stores one typed with %: the fraction, shown by the format."""
    cell.value = fraction
    cell.number_format = "0.0%"


def _load_export(loaded: LoadedRenstra, model: Renstra | None = None) -> Workbook:
    data = ekspor.export_bytes(model or loaded.model, loaded.kerangka)
    return openpyxl.load_workbook(io.BytesIO(data))


def _mess_up(wb: Workbook, loaded: LoadedRenstra) -> None:
    """The exported sheets as people leave them (see the assertions in the tests)."""
    t23 = _layout(loaded, "TC23")
    ws = wb["TC23"]
    r = _first_data_row(t23)
    _at(ws, t23, "target.1", r).value = "82,5%"
    _percent(_at(ws, t23, "target.3", r), 0.875)
    _at(ws, t23, "realisasi.0", r).value = "78,4"
    # Indicator 2: targets 5, 5, 4, 4, 3 as formulas.
    _at(ws, t23, "target.1", r + 1).value = f"={_at(ws, t23, 'target.0', r + 1).coordinate}"
    _at(ws, t23, "target.4", r + 1).value = f"={_at(ws, t23, 'target.2', r + 1).coordinate}-1"
    ws.row_dimensions[r + 4].hidden = True
    # One merged title over the targets and the realisations (the export merges each).
    years = (t23.indeks("target.0"), t23.indeks("realisasi.0"))
    for merged in [
        str(m)
        for m in ws.merged_cells.ranges
        if (m.min_row, m.min_col) in [(3, years[0]), (3, years[1])]
    ]:
        ws.unmerge_cells(merged)
    ws.cell(3, years[0], "Target dan Realisasi Renstra SKPD")
    ws.merge_cells(start_row=3, start_column=years[0], end_row=3, end_column=years[1] + 4)
    _at(ws, t23, "arah", r - 2).value = "Arah"  # without the export's "(naik/turun)"
    ws.sheet_state = "hidden"
    ws.sheet_view.tabSelected = False

    t24 = _layout(loaded, "TC24")
    ws = wb["TC24"]
    r = _first_data_row(t24)
    _at(ws, t24, "anggaran.0", r).value = "Rp 6.850.000.000,00"
    _at(ws, t24, "anggaran.1", r).value = "Rp7.320.000.000,-"
    _at(ws, t24, "anggaran.2", r).value = "7.915.000.000"
    row2 = r + 1
    _at(
        ws, t24, "realisasi.0", row2
    ).value = f"={_at(ws, t24, 'anggaran.0', row2).coordinate}-338579500"

    t25 = _layout(loaded, "TC25")
    ws = wb["TC25"]
    ws.row_dimensions[_row_of(ws, t25, "kode_sasaran", "S2.1")].hidden = True
    last = _row_of(ws, t25, "indikator", "Persentase lembaga kemasyarakatan yang aktif")
    _at(ws, t25, "target.4", last).value = "92,5"
    _at(ws, t25, "awal", _first_data_row(t25) - 2).value = "Kondisi Awal"  # no "(2013)"

    t26 = _layout(loaded, "TC26")
    ws = wb["TC26"]
    ws.row_dimensions[_row_of(ws, t26, "kode_sasaran", "S1.2")].hidden = True

    t27 = _layout(loaded, "TC27")
    ws = wb["TC27"]
    r = _row_of(ws, t27, "kode", "1.20.1.20.01.02.01")
    _at(ws, t27, "rp.0", r).value = "Rp 245.000.000,00"
    _at(ws, t27, "rp.1", r).value = "Rp182.500.000,-"
    _at(ws, t27, "rp.2", r).value = "268.000.000"
    r = _row_of(ws, t27, "kode", "1.20.1.20.01.02.02")
    _at(ws, t27, "target.1", r).value = f"={_at(ws, t27, 'target.0', r).coordinate}"
    _at(ws, t27, "rp.1", r).value = f"={_at(ws, t27, 'rp.0', r).coordinate}+9000000"
    ws.row_dimensions[_row_of(ws, t27, "kode", "1.20.1.20.01.02.04")].hidden = True
    _percent(_at(ws, t27, "target.4", _row_of(ws, t27, "kode", "1.20.1.20.01.15")), 0.825)

    t28 = _layout(loaded, "TC28")
    ws = wb["TC28"]
    r = _first_data_row(t28)
    _at(ws, t28, "awal", r).value = "72,5"
    _percent(_at(ws, t28, "target.1", r + 1), 0.825)
    _at(ws, t28, "target.0", r + 3).value = f"={_at(ws, t28, 'target.0', r).coordinate}+1"


def _other_sheets(wb: Workbook) -> None:
    """Sheets that are no table: a visible note first, a hidden summary, a very hidden one."""
    notes = wb.create_sheet("Catatan", 0)
    notes["A1"] = "Tabel Renstra untuk diimpor; jangan ubah susunan kolom."
    notes["A2"] = dt.date(2013, 6, 3)
    summary = wb.create_sheet("Rekap")
    summary["A1"] = "Jumlah pagu 2014"
    summary["B1"] = "=SUM(TC27!I8:I13)"
    summary.sheet_state = "hidden"
    old = wb.create_sheet("TC27 lama")
    old["A1"] = "versi lama, tidak dipakai"
    old.sheet_state = "veryHidden"
    wb.active = 0


# --- a T-C.27 typed from scratch -----------------------------------------------------------


@dataclass
class Typed:
    """Where the hand-typed sheet put things: the row of each code, the blank rows."""

    rows: dict[str, int] = field(default_factory=dict)
    spacers: list[int] = field(default_factory=list)
    first: int = 0


def _typed_value(value: int | float | str) -> int | str:
    """As a secretariat types: whole numbers as numbers, decimals as Indonesian text."""
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return value


def _rupiah(value: object) -> str:
    return "Rp " + f"{int(str(value)):,}".replace(",", ".") + ",00"


def _write_indicator(ws: Worksheet, row: int, col: dict[str, int], ind: IndikatorTarget) -> None:
    ws.cell(row, col["indikator"], ind.uraian)
    if ind.awal is not None:
        ws.cell(row, col["awal"], _typed_value(ind.awal))
    for j, value in enumerate(ind.target):
        ws.cell(row, col[f"target.{j}"], _typed_value(value))
    if ind.akhir is not None:
        ws.cell(row, col["akhir"], _typed_value(ind.akhir))
    if ind.satuan:
        ws.cell(row, col["satuan"], ind.satuan)


def _hand_typed_tc27(ws: Worksheet, model: Renstra, tata: TataLetak) -> Typed:
    """T-C.27 laid out like the printed table, typed by hand: two title rows, headers
    merged its own way (one title over every year and the end of the period), the column
    numbers partly typed as text, a line per sasaran, blank rows between the programme, its
    activities and the next programme, Rp partly as text, programme Rp as SUM formulas,
    a total row and a note under it."""
    n = len(tata.tahun)
    col = {k.kunci: i for i, k in enumerate(tata.dicetak, start=1)} | HELPERS
    ws["A1"] = "RENCANA PROGRAM, KEGIATAN, INDIKATOR KINERJA DAN PENDANAAN INDIKATIF"
    ws["A2"] = model.unit.nama_lengkap
    top, bottom = 4, 6
    for kolom in tata.dicetak:
        if len(kolom.kepala) == 1:
            c = col[kolom.kunci]
            ws.cell(top, c, kolom.kepala[0])
            ws.merge_cells(start_row=top, start_column=c, end_row=bottom, end_column=c)
    period = f"Tahun {tata.tahun[0]}–{tata.tahun[-1]}"
    ws.cell(top, col["target.0"], f"Target Kinerja Program dan Kerangka Pendanaan {period}")
    ws.merge_cells(
        start_row=top, start_column=col["target.0"], end_row=top, end_column=col["rp_akhir"]
    )
    for j, tahun in enumerate(tata.tahun):
        c = col[f"target.{j}"]
        ws.cell(top + 1, c, f"Tahun {tahun}")
        ws.merge_cells(start_row=top + 1, start_column=c, end_row=top + 1, end_column=c + 1)
        ws.cell(bottom, c, "Target")
        ws.cell(bottom, c + 1, "Rp")
    ws.cell(top + 1, col["akhir"], "Kondisi Akhir Periode")
    ws.merge_cells(
        start_row=top + 1, start_column=col["akhir"], end_row=top + 1, end_column=col["rp_akhir"]
    )
    ws.cell(bottom, col["akhir"], "Target")
    ws.cell(bottom, col["rp_akhir"], "Rp")
    ws.cell(top, HELPERS["satuan"], "Kolom bantu (tidak dicetak)")
    ws.merge_cells(
        start_row=top, start_column=HELPERS["satuan"], end_row=top + 1, end_column=HELPERS["jenis"]
    )
    ws.cell(bottom, HELPERS["satuan"], "Satuan")
    ws.cell(bottom, HELPERS["kode_sasaran"], "kode sasaran")
    ws.cell(bottom, HELPERS["jenis"], "Jenis  Baris")
    numbers = bottom + 1
    for posisi in range(1, len(tata.dicetak) + 1):
        ws.cell(numbers, posisi, posisi if posisi % 2 else str(posisi))

    typed = Typed(first=numbers + 1)
    row = typed.first + 1  # the first data row is left blank
    tujuan = {t.kode: t for t in model.tujuan}
    shown: set[str] = set()
    programs = _printed_programs(model)
    for s in _printed_sasaran(model):
        if s.tujuan not in shown:
            ws.cell(row, col["tujuan"], tujuan[s.tujuan].uraian)
            shown.add(s.tujuan)
        ws.cell(row, col["sasaran"], s.uraian)
        if "indikator_sasaran" in col:
            ws.cell(row, col["indikator_sasaran"], "\n".join(i.uraian for i in s.indikator))
        row += 1
        for p in (p for p in programs if p.sasaran == s.kode):
            program_row = typed.rows[p.kode] = row
            ws.cell(row, col["kode"], p.kode)
            ws.cell(row, col["nama"], p.nama)
            _write_indicator(ws, row, col, p.indikator[0])
            ws.cell(row, col["pj"], p.penanggung_jawab)
            ws.cell(row, col["lokasi"], p.lokasi)
            ws.cell(row, HELPERS["jenis"], "Program")
            ws.cell(row, HELPERS["kode_sasaran"], s.kode)
            row += 1
            for ind in p.indikator[1:]:
                _write_indicator(ws, row, col, ind)
                row += 1
            row += 1  # blank
            first_activity = row
            for k_index, k in enumerate(p.kegiatan):
                typed.rows[k.kode] = row
                ws.cell(row, col["kode"], k.kode)
                ws.cell(row, col["nama"], k.nama)
                _write_indicator(ws, row, col, k.indikator[0])
                for j, amount in enumerate(k.pagu):
                    shown_amount = _rupiah(amount) if k_index == 0 else amount
                    ws.cell(row, col[f"rp.{j}"], shown_amount)
                if k.penanggung_jawab:
                    ws.cell(row, col["pj"], k.penanggung_jawab)
                if k.lokasi:
                    ws.cell(row, col["lokasi"], k.lokasi)
                ws.cell(row, HELPERS["jenis"], "Kegiatan")
                row += 1
                for ind in k.indikator[1:]:
                    _write_indicator(ws, row, col, ind)
                    row += 1
            for j in range(n):
                c = col[f"rp.{j}"]
                if p.pagu is not None:
                    ws.cell(program_row, c, p.pagu[j])
                else:
                    first, last = cell_address(first_activity, c), cell_address(row - 1, c)
                    ws.cell(program_row, c, f"=SUM({first}:{last})")
            typed.spacers.append(row)
            row += 1  # blank between programmes
    ws.cell(row, col["tujuan"], "Jumlah")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=col["awal"])
    for j in range(n):
        letter = cell_address(0, col[f"rp.{j}"])
        kinds = cell_address(0, HELPERS["jenis"])
        ws.cell(
            row,
            col[f"rp.{j}"],
            f'=SUMIF({kinds}{typed.first}:{kinds}{row - 1},"kegiatan",'
            f"{letter}{typed.first}:{letter}{row - 1})",
        )
    ws.cell(row + 2, 1, "Sumber: Sekretariat Kecamatan, diketik ulang dari dokumen cetak")
    return typed


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> LoadedRenstra:
    """The sample as its YAML gives it."""
    root = copy_sample(tmp_path_factory.mktemp("sumber"))
    return validate.load_renstra(Workspace(root), root / UNIT_FILE)


@pytest.fixture(scope="module")
def exported(source: LoadedRenstra) -> bytes:
    return ekspor.export_bytes(source.model, source.kerangka)


@dataclass(frozen=True)
class Messy:
    path: Path
    typed: Typed


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory, source: LoadedRenstra) -> Messy:
    """The export messed up, plus a hand-typed T-C.27 in a sheet named "Program";
    recalculated by LibreOffice (one run)."""
    work = tmp_path_factory.mktemp("berantakan")
    wb = _load_export(source)
    _mess_up(wb, source)
    typed = _hand_typed_tc27(wb.create_sheet("Program"), source.model, _layout(source, "TC27"))
    _other_sheets(wb)
    made = work / "dibuat" / "berantakan.xlsx"
    made.parent.mkdir()
    wb.save(made)
    return Messy(recalculate(made, work), typed)


@dataclass(frozen=True)
class Broken:
    """The workbook with unreadable cells, and where the hand-typed T-C.27 has them."""

    path: Path
    other_period: Path
    cells: dict[str, str]
    spacers: tuple[int, int]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, source: LoadedRenstra) -> Broken:
    """salah.xlsx: TC24 with a column number too many, TC26 without its Kode Sasaran
    column, TC27 without its Kode Sasaran column (read by ``renstra impor`` only), and a
    hand-typed T-C.27 ("Program") full of unreadable cells; recalculated by LibreOffice,
    then one formula's cached value removed. periode-lain.xlsx: the tables exported for
    2018–2023."""
    work = tmp_path_factory.mktemp("salah")
    wb = _load_export(source)
    del wb["TC23"]
    t24 = _layout(source, "TC24")
    numbers = _first_data_row(t24) - 1
    wb["TC24"].cell(numbers, len(t24.dicetak) + 1, len(t24.dicetak) + 1)
    t26 = _layout(source, "TC26")
    wb["TC26"].cell(_first_data_row(t26) - 2, t26.indeks("kode_sasaran")).value = None
    t27 = _layout(source, "TC27")
    wb["TC27"].cell(_first_data_row(t27) - 2, t27.indeks("kode_sasaran")).value = None

    ws = wb.create_sheet("Program")
    typed = _hand_typed_tc27(ws, source.model, t27)
    col = {k.kunci: i for i, k in enumerate(t27.dicetak, start=1)} | HELPERS
    programs = _printed_programs(source.model)
    cells: dict[str, str] = {}

    def put(name: str, row: int, kunci: str, value: object) -> None:
        cell = ws.cell(row, col[kunci])
        cell.value = value
        cells[name] = cell.coordinate

    # A kegiatan before any programme, in the blank first data row.
    put("lepas", typed.first, "jenis", "kegiatan")
    ws.cell(typed.first, col["kode"], "9.99.99.01")
    ws.cell(typed.first, col["nama"], "Kegiatan yang tertulis sebelum programnya")
    # An unknown kind in the blank row after the first programme.
    between = typed.spacers[0]
    put("jenis", between, "jenis", "subkegiatan")
    ws.cell(between, col["kode"], "1.20.1.20.01.02.99")
    ws.cell(between, col["nama"], "Rincian kegiatan")
    p1, p2, p3 = programs[0], programs[1], programs[2]
    put("galat", typed.rows[p1.kegiatan[0].kode], "rp.0", "=1/0")
    put("tanggal", typed.rows[p1.kegiatan[1].kode], "target.0", dt.date(2014, 1, 2))
    put("logika", typed.rows[p1.kegiatan[2].kode], "awal", True)
    put("titik", typed.rows[p2.kode], "target.0", "75.5")
    put("rupiah", typed.rows[p2.kegiatan[0].kode], "rp.1", "dua ratus juta")
    put("tanpa_nilai", typed.rows[p3.kegiatan[0].kode], "rp.2", f"={UNCACHED}")
    made = work / "dibuat" / "salah.xlsx"
    made.parent.mkdir()
    wb.save(made)
    path = _without_cached_value(recalculate(made, work), UNCACHED)

    other = source.model.model_copy(
        update={"periode": Periode.model_validate({"awal": 2018, "akhir": 2023})}
    )
    other_period = work / "periode-lain.xlsx"
    other_period.write_bytes(ekspor.export_bytes(other, source.kerangka))
    return Broken(path, other_period, cells, (typed.first, between))


def _without_cached_value(xlsx: Path, formula: str) -> Path:
    """A copy of ``xlsx`` whose one cell with ``formula`` caches no value (as openpyxl, or
    a program that does not compute, saves it)."""
    pattern = re.compile(rf"(<f[^>]*>{re.escape(formula)}</f>)<v>[^<]*</v>")
    target = xlsx.with_name(f"{xlsx.stem}-tanpa-nilai.xlsx")
    found = 0
    with zipfile.ZipFile(xlsx) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text, count = pattern.subn(r"\1", data.decode("utf-8"))
                found += count
                data = text.encode("utf-8")
            new.writestr(item, data)
    assert found == 1, f"{formula} cached {found} times in {xlsx.name}"
    return target


def _workspace(tmp_path: Path, *books: tuple[Path | bytes, str]) -> Path:
    """A copy of the sample with the given workbooks (file or bytes → data/NAME)."""
    root = copy_sample(tmp_path / "ws")
    (root / "data" / "contoh-86-2017.yaml").unlink()  # one unit: `cetak` builds only ours
    for book, name in books:
        target = root / "data" / name
        if isinstance(book, bytes):
            target.write_bytes(book)
        else:
            shutil.copy2(book, target)
    return root


# --- 1. messy but valid ---------------------------------------------------------------------


def test_exported_workbook_reads_back_for_both_regulations(tmp_path: Path) -> None:
    """``dari_excel: FILE`` takes every TC sheet; the export of each sample reads back to
    the tables its YAML holds (54/2010 and 86/2017)."""
    root = copy_sample(tmp_path / "ws")
    ws = Workspace(root)
    for name in (UNIT, "contoh-86-2017"):
        unit = root / "data" / f"{name}.yaml"
        before = validate.load_renstra(ws, unit)
        (root / "data" / f"{name}.xlsx").write_bytes(
            ekspor.export_bytes(before.model, before.kerangka)
        )
        text = _without(unit.read_text(encoding="utf-8"), TABLE_KEYS)
        unit.write_text(f"{text.rstrip()}\n\ndari_excel: data/{name}.xlsx\n", encoding="utf-8")
        after = validate.load_renstra(ws, unit)
        assert "\nprogram:" not in unit.read_text(encoding="utf-8")
        assert after.buku_kerja == ((root / "data" / f"{name}.xlsx").resolve(),)
        assert _tables(after.model) == _tables(before.model, printed=True), name


@pytest.mark.parametrize("program_sheet", ["TC27", "Program"])
def test_messy_workbook_equals_the_yaml(
    tmp_path: Path, source: LoadedRenstra, messy: Messy, program_sheet: str
) -> None:
    """Hidden TC23, other merges, text numbers, percent formats, formulas with cached
    values, hidden rows, unrelated and hidden sheets; T-C.27 from the messed-up export or
    from the hand-typed sheet named "Program" (``lembar:``)."""
    root = _workspace(tmp_path, (messy.path, "berantakan.xlsx"))
    book = "data/berantakan.xlsx"
    tc27 = book if program_sheet == "TC27" else f"{{berkas: {book}, lembar: {program_sheet}}}"
    sheets = ", ".join(f"{t}: {book}" for t in TABEL if t != "TC27")
    unit = _use_excel(root, f"{{{sheets}, TC27: {tc27}}}")

    loaded = validate.load_renstra(Workspace(root), unit)

    assert _tables(loaded.model) == _tables(source.model, printed=True)
    assert loaded.buku_kerja == ((root / book).resolve(),)
    data = loaded.data
    kinerja = data["indikator_kinerja"]
    assert kinerja[0]["target"] == [80, "82,5%", 85, "87,5%", 90]  # text; 0.875 as "0.0%"
    assert kinerja[0]["realisasi"][0] == 78.4
    assert kinerja[1]["target"] == [5, 5, 4, 4, 3]  # two of them cached formula values
    assert kinerja[4]["indikator"].startswith("Jumlah pelanggaran")  # a hidden row
    # Helper columns headed "Arah" and "Kondisi Awal" (the export adds a note in brackets).
    assert [k["arah"] for k in kinerja] == [k.arah for k in source.model.indikator_kinerja]
    assert [k["arah"] for k in kinerja].count("turun") == 3
    assert data["sasaran"][0]["indikator"][0]["awal"] == 72.5
    assert data["anggaran"][0]["anggaran"][:3] == [
        6850000000,
        7320000000,
        7915000000,
    ]
    assert data["anggaran"][1]["realisasi"][0] == 3876420500
    assert len(data["anggaran"]) == 2  # the total row is not a row of data
    assert [s["kode"] for s in data["sasaran"]] == ["S1.1", "S1.2", "S2.1", "S2.2"]
    assert data["sasaran"][3]["indikator"][1]["target"][4] == 92.5
    assert [s["sasaran"] for s in data["strategi"]] == ["S1.1", "S1.2", "S2.1", "S2.2"]
    rpjmd = data["indikator_rpjmd"]
    assert rpjmd[0]["awal"] == 72.5
    assert rpjmd[1]["target"][1] == "82,5%"
    assert rpjmd[3]["target"][0] == 75
    assert "akhir" not in rpjmd[0]  # the export's "=H6" is the default, not a value
    assert rpjmd[2]["akhir"] == "BB"
    programs = data["program"]
    assert [p["kode"] for p in programs] == [p.kode for p in _printed_programs(source.model)]
    first = programs[0]["kegiatan"][0]
    assert first["pagu"] == [245000000, 182500000, 268000000, 195000000, 286500000]
    assert "penanggung_jawab" not in first  # "=T7" or blank: the programme's
    if program_sheet == "TC27":
        assert programs[0]["kegiatan"][1]["indikator"][0]["target"][1] == 8
        assert programs[0]["kegiatan"][1]["pagu"][1] == 159000000
        assert programs[1]["indikator"][0]["target"][4] == "82,5%"
    else:
        assert programs[1]["indikator"][0]["target"][4] == 82.5  # typed "82,5"


def test_the_messy_workbook_is_messy(source: LoadedRenstra, messy: Messy) -> None:
    """What LibreOffice saved still holds the mess the import copes with above."""
    values = openpyxl.load_workbook(messy.path, data_only=True)
    formulas = openpyxl.load_workbook(messy.path)
    assert values.sheetnames == [
        "Catatan",
        *TABEL,
        "Program",
        "Rekap",
        "TC27 lama",
    ]
    states = {ws.title: ws.sheet_state for ws in values.worksheets}
    # LibreOffice saves the "very hidden" sheet as hidden.
    assert (states["TC23"], states["Rekap"], states["TC27 lama"]) == ("hidden",) * 3
    t23 = _layout(source, "TC23")
    r = _first_data_row(t23)
    source_cell = _at(formulas["TC23"], t23, "target.2", r + 1).coordinate
    assert _at(formulas["TC23"], t23, "target.4", r + 1).value == f"={source_cell}-1"
    assert _at(values["TC23"], t23, "target.4", r + 1).value == 3
    assert _at(values["TC23"], t23, "target.3", r).value == 0.875
    assert _at(values["TC23"], t23, "target.3", r).number_format == "0.0%"
    assert _at(values["TC23"], t23, "target.1", r).value == "82,5%"
    assert values["TC23"].row_dimensions[r + 4].hidden
    top = {str(m) for m in values["TC23"].merged_cells.ranges if m.min_row == 3}
    assert "F3:O3" in top
    t24 = _layout(source, "TC24")
    assert _at(values["TC24"], t24, "anggaran.0", _first_data_row(t24)).value == (
        "Rp 6.850.000.000,00"
    )
    program = formulas["Program"]
    assert program.cell(7, 1).value == 1
    assert program.cell(7, 2).value == "2"  # column numbers typed as text
    assert program.cell(messy.typed.spacers[0], 4).value is None


def test_hand_typed_sheet_alone(tmp_path: Path, source: LoadedRenstra) -> None:
    """A workbook made from scratch, one T-C.27 typed like the printed table, no engine
    ever opened it (its SUM formulas have no cached values: programme Rp is computed)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Program dan Kegiatan"
    _hand_typed_tc27(ws, source.model, _layout(source, "TC27"))
    raw = io.BytesIO()
    wb.save(raw)
    root = _workspace(tmp_path, (raw.getvalue(), "tangan.xlsx"))
    unit = _use_excel(
        root,
        "{TC27: {berkas: data/tangan.xlsx, lembar: Program dan Kegiatan}}",
        keep=set(TABLE_KEYS) - {"program"},
    )
    loaded = validate.load_renstra(Workspace(root), unit)
    assert _tables(loaded.model) == _tables(source.model, printed=True)
    assert loaded.data["program"][0]["kegiatan"][0]["pagu"][0] == 245000000  # "Rp 245.000.000,00"


# --- 2. every unreadable cell ---------------------------------------------------------------


def _broken_unit(tmp_path: Path, broken: Broken) -> Path:
    root = _workspace(
        tmp_path, (broken.path, "salah.xlsx"), (broken.other_period, "periode-lain.xlsx")
    )
    book = "data/salah.xlsx"
    _use_excel(
        root,
        "{"
        f"TC23: {{berkas: {book}, lembar: Kinerja}}, TC24: {book}, TC26: {book},"
        f" TC27: {{berkas: {book}, lembar: Program}}, TC28: data/periode-lain.xlsx"
        "}",
        keep=("tujuan", "sasaran"),
    )
    return root


def _expected_broken(broken: Broken, source: LoadedRenstra) -> dict[str, str]:
    """The exact line for each problem."""
    c = broken.cells
    f = "data/salah.xlsx"
    t24 = _layout(source, "TC24")
    numbers = _first_data_row(t24) - 1
    t28 = _layout(source, "TC28")
    lines = {
        "lembar": f"{f}: lembar 'Kinerja' tidak ada (yang ada: TC24, Masalah, FaktorMisi, TC25,"
        " TC26, TC27, TC28, Program)",
        "nomor": f"{f}:TC24!A{numbers}: lembar memuat 19 kolom bernomor, seharusnya 18 untuk"
        " 5 tahun (2009–2013)",
        "bantu": f"{f}:TC26!E{numbers}: kolom 'Kode Sasaran' (Kolom bantu (tidak dicetak))"
        " tidak ditemukan di kanan tabel",
        "lepas": f"{f}:Program!{c['lepas']}: kegiatan tanpa program di atasnya",
        "jenis": f"{f}:Program!{c['jenis']}: jenis baris 'subkegiatan' tidak dikenal: tulis"
        " program atau kegiatan",
        "galat": f"{f}:Program!{c['galat']}: program[1].kegiatan[1].pagu[1]: sel berisi galat"
        " Excel #DIV/0!",
        "tanggal": f"{f}:Program!{c['tanggal']}: program[1].kegiatan[2].indikator[1].target[1]:"
        " berisi tanggal/waktu, bukan angka (ubah format sel menjadi Angka)",
        "logika": f"{f}:Program!{c['logika']}: program[1].kegiatan[3].indikator[1].awal: berisi"
        " nilai logika (TRUE/FALSE), bukan angka",
        "titik": f"{f}:Program!{c['titik']}: program[2].indikator[1].target[1]: '75.5' bukan"
        " angka: tulis angka gaya Indonesia (1.250.000 atau 75,5)",
        "rupiah": f"{f}:Program!{c['rupiah']}: program[2].kegiatan[1].pagu[2]: 'dua ratus juta'"
        " bukan angka: harus berupa angka",
        "tanpa_nilai": f"{f}:Program!{c['tanpa_nilai']}: program[3].kegiatan[1].pagu[3]: rumus"
        f" ={UNCACHED} tanpa nilai tersimpan; buka dan simpan ulang buku kerja di Excel atau"
        " LibreOffice",
    }
    # A sheet made for another period: one line, at its first year column.
    tahun = t28.tahun[0]
    cell = cell_address(ekspor.BARIS_KEPALA + 1, t28.indeks("target.0"))
    lines["tahun"] = (
        f"data/periode-lain.xlsx:TC28!{cell}: kolom untuk tahun {tahun} (menurut periode"
        f" data) berjudul '{tahun + 5}'; lembar untuk periode lain?"
    )
    return lines


def test_every_unreadable_cell_is_reported_at_once(
    tmp_path: Path, source: LoadedRenstra, broken: Broken
) -> None:
    root = _broken_unit(tmp_path, broken)
    with pytest.raises(DataError) as err:
        validate.load_renstra(Workspace(root), root / UNIT_FILE)
    lines = _problem_lines(err)
    expected = _expected_broken(broken, source)
    assert sorted(lines) == sorted(expected.values())
    assert len(lines) == 12
    # The cells the hand-typed sheet holds them in, and a word of each reason.
    assert broken.cells["lepas"] == f"Y{broken.spacers[0]}"
    assert broken.cells["jenis"] == f"Y{broken.spacers[1]}"
    for name, word in {
        "galat": "#DIV/0!",
        "tanggal": "tanggal",
        "logika": "TRUE/FALSE",
        "titik": "gaya Indonesia",
        "rupiah": "bukan angka",
        "tanpa_nilai": "tanpa nilai tersimpan",
    }.items():
        line = expected[name]
        assert f"Program!{broken.cells[name]}: program[" in line
        assert word in line
        assert lines.count(line) == 1


def test_cli_stops_on_unreadable_cells(
    tmp_path: Path, source: LoadedRenstra, broken: Broken
) -> None:
    """`periksa` and `cetak` exit 2, list the same lines, and the previous PDF stays."""
    root = _broken_unit(tmp_path, broken)
    expected = set(_expected_broken(broken, source).values())
    code, out = run(["periksa", UNIT_FILE], root)
    assert code == 2, out
    assert expected <= set(out.splitlines())
    assert out.splitlines()[-1] == "12 masalah ditemukan."
    assert "Traceback" not in out

    previous = root / "output" / f"{UNIT}.pdf"
    previous.parent.mkdir()
    previous.write_bytes(b"%PDF-1.7\n% PDF sebelumnya\n")
    code, out = run(["cetak", UNIT_FILE], root)
    assert code == 2, out
    assert expected <= set(out.splitlines())
    assert "Traceback" not in out
    assert previous.read_bytes() == b"%PDF-1.7\n% PDF sebelumnya\n"
    assert sorted(p.name for p in previous.parent.iterdir()) == [f"{UNIT}.pdf"]


# --- 3. hostile and broken files ------------------------------------------------------------


def _laughs(exported: bytes) -> bytes:
    """The export with a "billion laughs" entity expansion in its first sheet."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(exported)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                body = text[text.index("<worksheet") :]
                body = body.replace("<v>", "<v>&lol9;", 1)
                data = f'<?xml version="1.0"?>\n<!DOCTYPE lolz [{entities}]>\n{body}'.encode()
            new.writestr(item, data)
    return out.getvalue()


def _bomb() -> bytes:
    """A small zip whose one member unpacks to 30 MB of zeros (over 20 × the 1 MB limit)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(30 * MIB))
    return out.getvalue()


@dataclass(frozen=True)
class Hostile:
    make: Callable[[bytes], bytes]
    message: str
    limit_mb: int | None = None
    cli: bool = False


HOSTILE = {
    "teks": Hostile(
        lambda _: b"Ini bukan buku kerja, hanya teks.\n",
        "bukan buku kerja Excel .xlsx",
        cli=True,
    ),
    "xls": Hostile(
        lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
        "buku kerja Excel lama (.xls); simpan ulang sebagai .xlsx",
    ),
    "terpotong": Hostile(
        lambda b: b[: len(b) // 2], "buku kerja rusak (bukan arsip .xlsx yang utuh)"
    ),
    "terlalu_besar": Hostile(
        lambda _: b"PK\x03\x04" + bytes(MIB + 100_000),
        "berkas terlalu besar (1.148.580 bita; batas 1 MB, dapat diubah dengan"
        " RENSTRA_BATAS_BERKAS_MB)",
        limit_mb=1,
    ),
    "bom": Hostile(
        lambda _: _bomb(),
        "isi buku kerja terlalu besar setelah dibuka (kemungkinan arsip bom)",
        limit_mb=1,
        cli=True,
    ),
    "tawa": Hostile(_laughs, "buku kerja berisi XML yang tidak sah atau tidak aman", cli=True),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_workbook_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exported: bytes, case: str
) -> None:
    hostile = HOSTILE[case]
    if hostile.limit_mb is not None:
        monkeypatch.setenv("RENSTRA_BATAS_BERKAS_MB", str(hostile.limit_mb))
    root = _workspace(tmp_path, (hostile.make(exported), "x.xlsx"))
    _use_excel(root, "{TC27: data/x.xlsx}", keep=set(TABLE_KEYS) - {"program"})
    line = f"data/x.xlsx: {hostile.message}"
    with pytest.raises(DataError) as err:
        validate.load_renstra(Workspace(root), root / UNIT_FILE)
    assert _problem_lines(err) == [line]
    if hostile.cli:
        done = subprocess.run(
            [sys.executable, "-m", "renstra_docs", "periksa", UNIT_FILE],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == [line, "1 masalah ditemukan."]
        assert done.stdout == ""


@pytest.mark.parametrize("where", ["../luar.xlsx", "mutlak"])
def test_workbook_outside_the_workspace(tmp_path: Path, exported: bytes, where: str) -> None:
    root = _workspace(tmp_path)
    outside = tmp_path / "luar.xlsx"
    outside.write_bytes(exported)
    written = str(outside) if where == "mutlak" else where
    unit = _use_excel(root, f"{{TC27: {written}}}", keep=set(TABLE_KEYS) - {"program"})
    last = unit.read_text(encoding="utf-8").splitlines()
    line_no = len(last)
    column = last[-1].index(written) + 1
    with pytest.raises(DataError) as err:
        validate.load_renstra(Workspace(root), unit)
    assert _problem_lines(err) == [
        f"{UNIT_FILE}:{line_no}:{column}: dari_excel.TC27: buku kerja harus berada di dalam"
        " folder ruang kerja"
    ]


def test_table_both_in_yaml_and_in_a_workbook(tmp_path: Path, exported: bytes) -> None:
    root = _workspace(tmp_path, (exported, "tabel.xlsx"))
    unit = _use_excel(root, "{TC27: data/tabel.xlsx}", keep=TABLE_KEYS)
    # The problem points at the key "program:" itself.
    line_no = unit.read_text(encoding="utf-8").splitlines().index("program:") + 1
    with pytest.raises(DataError) as err:
        validate.load_renstra(Workspace(root), unit)
    assert _problem_lines(err) == [
        f"{UNIT_FILE}:{line_no}:1: program: sudah diambil dari Excel (dari_excel.TC27);"
        " hapus salah satu"
    ]
    code, out = run(["periksa", UNIT_FILE], root)
    assert code == 2
    assert out.splitlines() == [_problem_lines(err)[0], "1 masalah ditemukan."]


# --- 4. renstra impor -----------------------------------------------------------------------


def _paste(root: Path, yaml_text: str) -> Path:
    """The unit file with its tables replaced by what `renstra impor` wrote, as its header
    says: the top-level tables pasted at the end, the matrix of 3.2 moved under
    bab_3 › telaahan_visi_misi."""
    unit = root / UNIT_FILE
    imported = yaml.safe_load(yaml_text)
    matriks = imported.pop("bab_3")["telaahan_visi_misi"]["matriks"]
    data = yaml.safe_load(_without(unit.read_text(encoding="utf-8"), TABLE_KEYS))
    data["bab_3"]["telaahan_visi_misi"]["matriks"] = matriks
    data.update(imported)
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return unit


def test_parts_openpyxl_drops_are_not_warned_about(tmp_path: Path, exported: bytes) -> None:
    """A workbook with an Excel extension openpyxl does not keep (here: data validation
    lists of Excel 2010) is read without Python's warnings on the user's terminal."""
    extension = (
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"'
        ' xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:dataValidations count="0"'
        ' xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/></ext></extLst>'
    )
    source, target = io.BytesIO(exported), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", extension.encode() + b"</worksheet>")
            new.writestr(item, data)
    root = _workspace(tmp_path, (target.getvalue(), "x.xlsx"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        openpyxl.load_workbook(root / "data" / "x.xlsx")
    assert caught, "the workbook no longer makes openpyxl warn: the test proves nothing"
    with warnings.catch_warnings(record=True) as during:
        warnings.simplefilter("always")
        code, out = run(["impor", "data/x.xlsx"], root)
    assert code == 0, out
    assert [str(w.message) for w in during] == []
    assert out.splitlines() == [f"output/x.yaml: tabel {', '.join(label(t) for t in TABEL)}"]


def test_impor_the_exported_workbook(tmp_path: Path, source: LoadedRenstra) -> None:
    root = _workspace(tmp_path)
    code, out = run(["excel", UNIT_FILE], root)
    assert code == 0, out
    code, out = run(["impor", f"output/{UNIT}.xlsx"], root)
    assert code == 0, out
    tables = "T-C.23, T-C.24, Masalah, FaktorMisi, T-C.25, T-C.26, T-C.27, T-C.28"
    assert out.splitlines() == [f"output/{UNIT}.yaml: tabel {tables}"]
    text = (root / "output" / f"{UNIT}.yaml").read_text(encoding="utf-8")
    tables = "T-C.23, T-C.24, Masalah, FaktorMisi, T-C.25, T-C.26, T-C.27, T-C.28"
    assert text.startswith(f"# Tabel {tables} dari {UNIT}")
    loaded = validate.load_renstra(Workspace(root), _paste(root, text))
    assert _tables(loaded.model) == _tables(source.model, printed=True)


def test_impor_a_messy_workbook(tmp_path: Path, source: LoadedRenstra, messy: Messy) -> None:
    root = _workspace(tmp_path, (messy.path, "berantakan.xlsx"))
    code, out = run(["impor", "data/berantakan.xlsx", "--data", UNIT_FILE], root)
    assert code == 0, out
    tables = "T-C.23, T-C.24, Masalah, FaktorMisi, T-C.25, T-C.26, T-C.27, T-C.28"
    assert out.splitlines() == [f"output/berantakan.yaml: tabel {tables}"]
    text = (root / "output" / "berantakan.yaml").read_text(encoding="utf-8")
    assert "82,5%" in text
    loaded = validate.load_renstra(Workspace(root), _paste(root, text))
    assert _tables(loaded.model) == _tables(source.model, printed=True)


def test_impor_a_broken_workbook(tmp_path: Path, source: LoadedRenstra, broken: Broken) -> None:
    root = _workspace(tmp_path, (broken.path, "salah.xlsx"))
    code, out = run(["impor", "data/salah.xlsx"], root)
    assert code == 2, out
    expected = _expected_broken(broken, source)
    t27 = _layout(source, "TC27")
    numbers = _first_data_row(t27) - 1
    missing = cell_address(numbers, len(t27.dicetak) + 1)
    assert out.splitlines() == [
        expected["nomor"],
        expected["bantu"],
        f"data/salah.xlsx:TC27!{missing}: kolom 'Kode Sasaran' (Kolom bantu (tidak dicetak))"
        " tidak ditemukan di kanan tabel",
    ]
    assert not (root / "output" / "salah.yaml").exists()
