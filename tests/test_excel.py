"""Excel out and in (issue 7): ``renstra excel``, ``dari_excel``, ``renstra impor``.

- The round trip: the sample's tables exported and read back are the same data, and the PDF
  built from the workbook prints the same text as the one built from YAML.
- The exported workbook, recalculated by a real spreadsheet engine (LibreOffice, headless),
  gives every figure the PDF prints: each computed cell shows, under its own display format,
  the very string the document prints for it (hitung's rules, the templates' functions).
- Plan data is text: cells starting with = + - @ stay text after recalculation.

Messy and broken workbooks: tests/test_excel_impor.py.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from renstra_docs import ekspor, hitung, impor
from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.errors import cell_address
from renstra_docs.lembar import JUMLAH, TABEL, tata_letak
from renstra_docs.model import Renstra
from renstra_docs.validate import LoadedRenstra, load_renstra
from renstra_docs.workspace import Workspace

from . import lembar_kerja
from .conftest import copy_sample
from .pdfread import body_text, read
from .test_cli import run

KEYS = (
    "indikator_kinerja",
    "anggaran",
    "masalah",
    "tujuan",
    "sasaran",
    "strategi",
    "program",
    "indikator_rpjmd",
)
UNITS = ("bekasi-utara", "contoh-86-2017")


def normal(value: Any) -> Any:
    """Numbers by value (and whether typed as a percentage), everything else as it is."""
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normal(v) for v in value]
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        angka = hitung.parse_angka(value)
        if angka is not None:
            return angka.normalize(), isinstance(value, str) and value.strip().endswith("%")
    return value


def tables(model: Renstra) -> dict[str, Any]:
    """The standard tables' data, programmes in printed order (grouped by sasaran)."""
    order = {s.kode: i for i, s in enumerate(model.sasaran)}
    programs = sorted(model.program, key=lambda p: order[p.sasaran])
    dumped = model.model_copy(update={"program": programs}).model_dump(mode="python")
    out = {key: normal(dumped[key]) for key in KEYS}
    telaahan = dumped["bab_3"]["telaahan_visi_misi"]
    out["matriks"] = normal(telaahan["matriks"] if telaahan else [])
    return out


def empty_tables() -> dict[str, Any]:
    """What the import gives for a workbook with headers and no rows."""
    empty: dict[str, Any] = {}
    for key in KEYS:
        if key == "tujuan":  # the matrices of BAB III come before T-C.25
            empty["bab_3"] = {"telaahan_visi_misi": {"matriks": []}}
        empty[key] = []
    return empty


def merge(data: dict[str, Any], tables: dict[str, Any]) -> None:
    """Tables read from a workbook put into a unit's data, mappings merged key by key."""
    for key, value in tables.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            merge(data[key], value)
        else:
            data[key] = value


def from_workbook(root: Path, unit: str, workbook: str, name: str) -> Path:
    """A copy of ``unit``'s data file whose tables come from ``workbook`` (dari_excel)."""
    data = yaml.safe_load((root / "data" / f"{unit}.yaml").read_text(encoding="utf-8"))
    for key in KEYS:
        data.pop(key, None)
    data["bab_3"]["telaahan_visi_misi"].pop("matriks", None)
    data["dari_excel"] = workbook
    target = root / "data" / f"{name}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(copy_sample(tmp_path_factory.mktemp("excel")))


@pytest.fixture(scope="module")
def loaded(workspace: Workspace) -> dict[str, LoadedRenstra]:
    return {u: load_renstra(workspace, workspace.data_dir / f"{u}.yaml") for u in UNITS}


@pytest.fixture(scope="module")
def exported(workspace: Workspace, loaded: dict[str, LoadedRenstra]) -> dict[str, Path]:
    out = {}
    for unit, data in loaded.items():
        path = workspace.data_dir / f"{unit}-tabel.xlsx"
        path.write_bytes(ekspor.export_bytes(data.model, data.kerangka))
        out[unit] = path
    return out


# --- the round trip ----------------------------------------------------------------------


@pytest.mark.parametrize("unit", UNITS)
def test_round_trip_gives_the_same_tables(
    unit: str, workspace: Workspace, loaded: dict[str, LoadedRenstra], exported: dict[str, Path]
) -> None:
    source = loaded[unit]
    assert source.model.program and source.model.indikator_kinerja  # the test has data to lose
    unit_file = from_workbook(workspace.root, unit, f"data/{exported[unit].name}", f"{unit}-x")
    back = load_renstra(workspace, unit_file)
    assert tables(back.model) == tables(source.model)
    assert back.buku_kerja == (exported[unit].resolve(),)
    # Everything else is untouched, and the merged data carries the tables it printed.
    assert back.model.model_dump(exclude=set(KEYS) | {"dari_excel"}) == source.model.model_dump(
        exclude=set(KEYS) | {"dari_excel"}
    )
    assert set(KEYS) <= set(back.data)


def test_hand_given_programme_pagu_survives(
    workspace: Workspace, loaded: dict[str, LoadedRenstra], exported: dict[str, Path]
) -> None:
    """A programme's pagu typed in the data is written as figures, not the sum formula, and
    read back as the same pagu (the sample has one)."""
    given = [p for p in loaded["bekasi-utara"].model.program if p.pagu is not None]
    assert given
    unit_file = from_workbook(workspace.root, "bekasi-utara", "data/bekasi-utara-tabel.xlsx", "p")
    back = {p.kode: p for p in load_renstra(workspace, unit_file).model.program}
    for program in given:
        assert program.pagu is not None
        assert [hitung.parse_angka(v) for v in back[program.kode].pagu or []] == [
            hitung.parse_angka(v) for v in program.pagu
        ]
    others = [p for p in loaded["bekasi-utara"].model.program if p.pagu is None]
    assert others and all(back[p.kode].pagu is None for p in others)


def test_renstra_impor_yaml_round_trip(
    workspace: Workspace, loaded: dict[str, LoadedRenstra], exported: dict[str, Path]
) -> None:
    code, output = run(
        ["impor", str(exported["contoh-86-2017"]), "--data", "data/contoh-86-2017.yaml"],
        workspace.root,
    )
    assert code == 0, output
    written = workspace.output_dir / "contoh-86-2017-tabel.yaml"
    assert f"{workspace.display(written)}: tabel T-C.23, T-C.24" in output
    imported = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert list(imported) == list(empty_tables())  # the keys, in document order
    data = yaml.safe_load((workspace.data_dir / "contoh-86-2017.yaml").read_text(encoding="utf-8"))
    merge(data, imported)
    unit_file = workspace.data_dir / "dari-impor.yaml"
    unit_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    back = load_renstra(workspace, unit_file)
    assert tables(back.model) == tables(loaded["contoh-86-2017"].model)


def test_pdf_from_the_workbook_prints_the_same(
    workspace: Workspace, exported: dict[str, Path], sample_pdf: Path
) -> None:
    """The document built from the exported workbook reads exactly as the one built from YAML."""
    unit_file = from_workbook(workspace.root, "bekasi-utara", "data/bekasi-utara-tabel.xlsx", "pdf")
    result = build_renstra(workspace, unit_file, BuildOptions())
    mine, theirs = read(result.output), read(sample_pdf)
    assert len(mine.pages) == len(theirs.pages)
    for page, (a, b) in enumerate(zip(mine.pages, theirs.pages, strict=True), start=1):
        assert a.extract_text() == b.extract_text(), f"page {page} differs"


def test_export_is_reproducible(loaded: dict[str, LoadedRenstra]) -> None:
    data = loaded["bekasi-utara"]
    first = ekspor.export_bytes(data.model, data.kerangka)
    assert first == ekspor.export_bytes(data.model, data.kerangka)
    book = openpyxl.load_workbook(__import__("io").BytesIO(first))
    assert book.sheetnames == list(TABEL)
    assert book.properties.modified.date() == data.model.penetapan.tanggal


# --- the workbook as a spreadsheet engine computes it ------------------------------------------


@pytest.fixture(scope="module")
def shown(exported: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The 54/2010 sample's workbook recalculated by LibreOffice: values and displayed text."""
    workdir = tmp_path_factory.mktemp("lo")
    source = exported["bekasi-utara"]
    return {
        "values": lembar_kerja.values(lembar_kerja.recalculate(source, workdir)),
        "text": lembar_kerja.displayed(source, workdir),
    }


def _first_data_row(sheet: str, data: LoadedRenstra) -> int:
    tata = tata_letak(sheet, data.kerangka, data.model.regulasi, data.model.periode)
    return ekspor.BARIS_KEPALA + tata.tingkat + 1


def _column(sheet: str, key: str, data: LoadedRenstra) -> int:
    return tata_letak(sheet, data.kerangka, data.model.regulasi, data.model.periode).indeks(key)


def _check(
    shown: dict[str, Any], sheet: str, cell: str, expected: Decimal | None, fmt: Callable[..., str]
) -> None:
    """The engine's value equals the figure the document computes, to the printed cent, and
    the cell displays exactly the string the PDF prints."""
    value = shown["values"][sheet].get(cell)
    text = shown["text"][sheet].get(cell)
    printed = fmt(expected)
    assert text == printed, f"{sheet}!{cell}: shows {text!r}, the PDF prints {printed!r}"
    if expected is None:
        assert value == hitung.TANDA_KOSONG, f"{sheet}!{cell}: {value!r}"
    else:
        assert isinstance(value, int | float), f"{sheet}!{cell}: {value!r}"
        assert abs(Decimal(repr(value)) - hitung.bulatkan(expected)) < Decimal("0.005")


def test_recalculated_ratios_equal_the_pdf(
    shown: dict[str, Any], loaded: dict[str, LoadedRenstra]
) -> None:
    data = loaded["bekasi-utara"]
    model = data.model
    checked = 0
    first = _first_data_row("TC23", data)
    for i, r in enumerate(model.indikator_kinerja):
        ratios = hitung.rasio_capaian_per_tahun(r.realisasi, r.target, r.arah)
        for j, expected in enumerate(ratios):
            cell = cell_address(first + i, _column("TC23", f"rasio.{j}", data))
            _check(shown, "TC23", cell, expected, hitung.persen)
            checked += 1
    assert any(r.arah == "turun" for r in model.indikator_kinerja)  # both directions covered
    first = _first_data_row("TC24", data)
    rows: list[tuple[list[Any], list[Any]]] = [(b.anggaran, b.realisasi) for b in model.anggaran]
    years = len(model.periode.evaluasi)
    rows.append(
        (
            [hitung.jumlah(b.anggaran[j] for b in model.anggaran) for j in range(years)],
            [hitung.jumlah(b.realisasi[j] for b in model.anggaran) for j in range(years)],
        )
    )
    for i, (anggaran, realisasi) in enumerate(rows):
        row = first + i
        for j, expected in enumerate(hitung.rasio_anggaran_per_tahun(realisasi, anggaran)):
            _check(
                shown,
                "TC24",
                cell_address(row, _column("TC24", f"rasio.{j}", data)),
                expected,
                hitung.persen,
            )
        for key, series in (("tumbuh_anggaran", anggaran), ("tumbuh_realisasi", realisasi)):
            expected = hitung.rata_rata_pertumbuhan(series)
            _check(
                shown,
                "TC24",
                cell_address(row, _column("TC24", key, data)),
                expected,
                hitung.persen,
            )
            checked += 1
    last = rows[-1]
    for j in range(years):
        cell = cell_address(first + len(rows) - 1, _column("TC24", f"anggaran.{j}", data))
        _check(shown, "TC24", cell, hitung.parse_angka(last[0][j]), hitung.rp_or_dash)
    assert checked > 40


def test_recalculated_programme_totals_equal_the_pdf(
    shown: dict[str, Any], loaded: dict[str, LoadedRenstra], sample_pdf: Path
) -> None:
    data = loaded["bekasi-utara"]
    model = data.model
    years = len(model.periode.target)
    values = shown["values"]["TC27"]
    jenis_col = _column("TC27", "jenis", data)
    kode_col = _column("TC27", "kode", data)
    rows = {}
    for row in range(_first_data_row("TC27", data), 2000):
        jenis = values.get(cell_address(row, jenis_col))
        if jenis in ("program", "kegiatan"):
            rows[values[cell_address(row, kode_col)]] = row
        if values.get(cell_address(row, 1)) == JUMLAH:
            rows[JUMLAH] = row
            break
    pdf_text = re.sub(r"\s+", "", body_text(read(sample_pdf)))
    totals = []
    for program in model.program:
        total = hitung.total_program([k.pagu for k in program.kegiatan], years)
        totals.append(total)
        for j in range(years):
            cell = cell_address(rows[program.kode], _column("TC27", f"rp.{j}", data))
            _check(shown, "TC27", cell, total.per_tahun[j], hitung.rp_or_dash)
        cell = cell_address(rows[program.kode], _column("TC27", "rp_akhir", data))
        _check(shown, "TC27", cell, total.akhir_periode, hitung.rp_or_dash)
        assert hitung.rp_or_dash(total.akhir_periode) in pdf_text
        for kegiatan in program.kegiatan:
            cell = cell_address(rows[kegiatan.kode], _column("TC27", "rp_akhir", data))
            _check(shown, "TC27", cell, hitung.jumlah(kegiatan.pagu), hitung.rp_or_dash)
    grand = hitung.total_keseluruhan(totals, years)
    for j in range(years):
        cell = cell_address(rows[JUMLAH], _column("TC27", f"rp.{j}", data))
        _check(shown, "TC27", cell, grand.per_tahun[j], hitung.rp_or_dash)
        assert hitung.rp_or_dash(grand.per_tahun[j]) in pdf_text
    cell = cell_address(rows[JUMLAH], _column("TC27", "rp_akhir", data))
    _check(shown, "TC27", cell, grand.akhir_periode, hitung.rp_or_dash)
    assert hitung.rp_or_dash(grand.akhir_periode) in pdf_text


def test_typed_figures_display_as_printed(
    shown: dict[str, Any], loaded: dict[str, LoadedRenstra]
) -> None:
    """Typed values are numbers with Indonesian display formats: a kegiatan's Rp shows as the
    PDF prints it, a decimal target with a comma."""
    data = loaded["bekasi-utara"]
    values, text = shown["values"]["TC23"], shown["text"]["TC23"]
    first = _first_data_row("TC23", data)
    decimal = 0
    for i, r in enumerate(data.model.indikator_kinerja):
        for j, v in enumerate(r.target):
            cell = cell_address(first + i, _column("TC23", f"target.{j}", data))
            if hitung.parse_angka(v) is not None:
                assert isinstance(values[cell], int | float)
                assert text[cell] == hitung.tampil_nilai(v)
                decimal += "," in text[cell]
    assert decimal


def test_formula_like_text_stays_text(workspace: Workspace, tmp_path: Path) -> None:
    """Plan data is text: names starting with = + - @ are stored as text and no spreadsheet
    engine evaluates them (SECURITY.md)."""
    root = copy_sample(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    hostile = ['=HYPERLINK("http://127.0.0.1:9/","klik")', "+1+1", "-2+3", "@SUM(1;2)"]
    for kegiatan, name in zip(data["program"][0]["kegiatan"], hostile, strict=False):
        kegiatan["nama"] = name
    unit.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded = load_renstra(Workspace(root), unit)
    path = tmp_path / "x.xlsx"
    path.write_bytes(ekspor.export_bytes(loaded.model, loaded.kerangka))
    sheet = openpyxl.load_workbook(path)["TC27"]
    found = {c.value: c for row in sheet.iter_rows() for c in row if c.value in hostile}
    assert set(found) == set(hostile)
    assert all(c.data_type == "s" and c.quotePrefix for c in found.values())
    computed = lembar_kerja.values(lembar_kerja.recalculate(path, tmp_path / "lo"))["TC27"]
    for cell in found.values():
        assert computed[cell.coordinate] == cell.value


# --- commands ------------------------------------------------------------------------------


def test_renstra_excel_and_template(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws")
    code, output = run(["excel", "data/contoh-86-2017.yaml"], root)
    assert code == 0, output
    sheets = "TC23, TC24, Masalah, FaktorMisi, TC25, TC26, TC27, TC28"
    assert f"output/contoh-86-2017.xlsx: lembar {sheets}" in output
    book = openpyxl.load_workbook(root / "output" / "contoh-86-2017.xlsx")
    tc27 = book["TC27"]
    assert tc27.freeze_panes is not None and tc27.merged_cells.ranges
    assert "Arah Kebijakan" in [c.value for c in book["TC26"][3]]  # 86/2017's header
    code, output = run(["excel", "data/contoh-86-2017.yaml", "--kosong", "-o", "hasil"], root)
    assert code == 0, output
    template = root / "hasil" / "contoh-86-2017-templat.xlsx"
    tables_read = impor.import_workbook(
        Workspace(root), template, root / "data" / "contoh-86-2017.yaml"
    )
    assert yaml.safe_load(tables_read[0]) == empty_tables()


def test_renstra_baru_puts_the_template_workbook(tmp_path: Path) -> None:
    code, output = run(["baru", str(tmp_path / "baru")], tmp_path)
    assert code == 0, output
    template = tmp_path / "baru" / "data" / "templat-tabel.xlsx"
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == list(TABEL)
    # Headers ready to fill: caption, header and column numbers, no data rows.
    sheet = book["TC27"]
    numbers = [c.value for c in sheet[ekspor.BARIS_KEPALA + 3]]
    assert numbers[:3] == [1, 2, 3]
    text, _ = impor.import_workbook(Workspace(tmp_path / "baru"), template)
    assert yaml.safe_load(text) == empty_tables()


def test_renstra_excel_refuses_bad_data(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    with unit.open("a", encoding="utf-8") as stream:
        stream.write("\nindikator_rpjmd: bukan daftar\n")
    shutil.rmtree(root / "output", ignore_errors=True)
    code, output = run(["excel", "data/bekasi-utara.yaml"], root)
    assert code == 2
    assert "Traceback" not in output
    assert re.search(r"data/bekasi-utara\.yaml:\d+:\d+: indikator_rpjmd: ", output), output
    assert not (root / "output" / "bekasi-utara.xlsx").exists()
