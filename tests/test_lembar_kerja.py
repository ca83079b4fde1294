"""The spreadsheet harness (tests/lembar_kerja.py) on a tiny workbook made here: LibreOffice
computes the formulas an exported workbook uses, replaces a stale cached value, and displays
numbers Indonesian-style under a format that carries the Indonesian locale."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from .lembar_kerja import displayed, recalculate, values

SHEET = "T-C.27"
#: A ratio as the export writes it: "–" when an operand is missing, zero or not a number.
RATIO = '=IF(AND(ISNUMBER(B{r}),ISNUMBER(C{r}),B{r}<>0),ROUND(C{r}/B{r}*100,2),"–")'
ID = "[$-421]"  # LCID 0x421: Indonesian
STALE = 999


def _workbook(path: Path) -> Path:
    """The tiny workbook, then B7's cached value made stale (openpyxl writes none)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet["A1"] = "Uji Lembar Kerja"
    sheet.merge_cells("A1:D1")
    sheet.append(["Nama", "Target", "Realisasi", "Capaian"])
    rows = [("a", 100, 75.5), ("b", 0, 10), ("c", 200, "n/a"), ("d", 3, 2)]
    for r, (name, target, actual) in enumerate(rows, start=3):
        sheet.append([name, target, actual, RATIO.format(r=r)])
    sheet["B7"] = "=SUM(B3:B6)"
    sheet["C7"] = "=SUM(C3:C6)"
    sheet["D7"] = "=COUNT(D3:D6)"
    sheet["E7"] = '=COUNTIF(D3:D6,"–")'
    sheet["B8"] = "=SUMPRODUCT(B3:B6,C3:C6)"
    # Half-up, away from zero, as the PDF rounds (Decimal ROUND_HALF_UP): not banker's.
    sheet["B9"] = "=ROUND(2.675,2)"
    sheet["C9"] = "=ROUND(1.005,2)"
    sheet["D9"] = "=ROUND(-2.5,0)"
    sheet["A10"] = "=A1"  # the merged title, from its first cell
    sheet["B10"] = "=C4/B4"
    for cell in ("B3", "B4", "B5", "B6", "C3", "C4", "C6", "B7", "C7", "B8"):
        sheet[cell].number_format = f"{ID}#,##0.00"
    for r in range(3, 7):
        sheet[f"D{r}"].number_format = f"{ID}0.00"
    sheet["F3"] = sheet["F4"] = 1234567.891
    sheet["F3"].number_format = f"{ID}#,##0.00"
    sheet["F4"].number_format = "#,##0.00"
    sheet["F5"] = 1250000
    sheet["F5"].number_format = f'{ID}"Rp"#,##0'
    sheet["F6"] = 0.7566
    sheet["F6"].number_format = f"{ID}0.00%"
    sheet["F7"] = -1234.5
    sheet["F7"].number_format = f"{ID}#,##0.00"
    summary = workbook.create_sheet("Ringkasan")
    summary["A1"] = f"=SUM('{SHEET}'!B3:B6)+'{SHEET}'!C7"
    fresh = path.with_name("segar.xlsx")
    workbook.save(fresh)
    _with_cached_value(fresh, path, b"<f>SUM(B3:B6)</f><v></v>", STALE)
    return path


def _with_cached_value(source: Path, target: Path, formula: bytes, cached: int) -> None:
    """A copy of ``source`` whose first sheet caches ``cached`` as the value of ``formula``."""
    stale = formula.replace(b"<v></v>", f"<v>{cached}</v>".encode())
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert data.count(formula) == 1, data
                data = data.replace(formula, stale)
            new.writestr(item, data)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _workbook(tmp_path_factory.mktemp("lembar") / "uji.xlsx")


@pytest.fixture(scope="module")
def recalculated(workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return recalculate(workbook, tmp_path_factory.mktemp("hitung"))


def test_the_crafted_file_caches_a_stale_value(workbook: Path) -> None:
    assert values(workbook)[SHEET]["B7"] == STALE
    assert "D3" not in values(workbook)[SHEET]  # openpyxl's formulas: no cached value


def test_formulas_are_recalculated(recalculated: Path) -> None:
    found = values(recalculated)
    sheet = found[SHEET]
    assert {key: sheet[key] for key in ("D3", "D4", "D5", "D6")} == {
        "D3": 75.5,
        "D4": "–",
        "D5": "–",
        "D6": 66.67,
    }
    assert sheet["B7"] == 303  # the stale 999 replaced
    assert sheet["C7"] == 87.5  # text skipped by SUM
    assert (sheet["D7"], sheet["E7"]) == (2, 2)  # COUNT, COUNTIF of "–"
    assert sheet["B8"] == 100 * 75.5 + 3 * 2  # SUMPRODUCT: text counts as 0
    assert (sheet["B9"], sheet["C9"], sheet["D9"]) == (2.68, 1.01, -3)
    assert sheet["A1"] == sheet["A10"] == "Uji Lembar Kerja"
    assert "B1" not in sheet  # inside the merge
    assert sheet["B10"] == "#DIV/0!"
    assert found["Ringkasan"] == {"A1": 303 + 87.5}


def test_merged_cells_survive(recalculated: Path) -> None:
    workbook = openpyxl.load_workbook(recalculated)
    try:
        assert [str(r) for r in workbook[SHEET].merged_cells.ranges] == ["A1:D1"]
    finally:
        workbook.close()


def test_displayed_under_an_english_locale(workbook: Path, tmp_path: Path) -> None:
    """LibreOffice pinned to en-US: only the formats carrying [$-421] display Indonesian-style."""
    sheet = displayed(workbook, tmp_path)[SHEET]
    assert sheet["F3"] == "1.234.567,89"  # [$-421]#,##0.00
    assert sheet["F4"] == "1,234,567.89"  # #,##0.00: the machine's locale decides
    assert sheet["F5"] == "Rp1.250.000"  # [$-421]"Rp"#,##0
    assert sheet["F6"] == "75,66%"  # [$-421]0.00%
    assert sheet["F7"] == "-1.234,50"
    assert [sheet[f"D{r}"] for r in range(3, 7)] == ["75,50", "–", "–", "66,67"]
    assert sheet["B7"] == "303,00"  # recalculated, not the stale 999
    assert sheet["A1"] == "Uji Lembar Kerja" and "B1" not in sheet
    assert sheet["B10"] == "#DIV/0!"


def test_displayed_under_the_indonesian_locale(workbook: Path, tmp_path: Path) -> None:
    sheet = displayed(workbook, tmp_path, locale="id-ID")[SHEET]
    assert sheet["F3"] == sheet["F4"] == "1.234.567,89"


def test_a_missing_workbook_is_a_clear_failure(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="no such workbook"):
        recalculate(tmp_path / "tidak-ada.xlsx", tmp_path)
