"""Standard tables read from an Excel workbook: ``dari_excel`` in a data file, and
``renstra impor``.

A sheet is read as :mod:`renstra_docs.lembar` lays it out (the export writes exactly that,
and so does the template workbook): the printed columns are found by position from the row
of column numbers, the helper columns by their header text. What real workbooks hold is
accepted: merged cells (a value spans the rows of its item), blank spacer rows, numbers
stored as text in Indonesian style ("1.250.000", "Rp 1.250.000,00", "75,5%"), percentages
formatted as such, formulas (their cached values; the default formulas the export writes
are read back as "not given"), hidden sheets and rows. Every cell that cannot be read is a
problem naming the sheet and the cell (``TC27!H14``) and why.

The data keeps the positions of every value, so the model's own checks also point at cells.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import hitung, teks
from .errors import DataError, Problem, cell_address
from .kerangka import Kerangka
from .lembar import (
    BANTU,
    INDUK,
    JUMLAH,
    KUNCI_DATA,
    TABEL,
    Kolom,
    TataLetak,
    label,
    tata_letak,
)
from .model import Periode
from .sources import MIB, Limits, PathKey, Position, format_path, limits_from_environment
from .workspace import Workspace

#: A workbook may hold at most this many times its file size limit once unpacked (XML
#: compresses about tenfold; a "zip bomb" a million-fold).
RASIO_BONGKAR = 20
#: Rows of one sheet read at most (a real T-C.27 has a few thousand).
BATAS_BARIS = 100_000
#: Rows searched for the row of column numbers.
BARIS_CARI_KEPALA = 40

_NEEDED_HELPERS = {
    "TC25": ("kode_tujuan", "kode_sasaran"),
    "TC26": ("kode_sasaran",),
    "TC27": ("jenis", "kode_sasaran"),
    "FaktorMisi": ("misi",),
}


@dataclass(frozen=True)
class Isi:
    """A cell as read: its value (the cached one for a formula) and its formula, if any."""

    nilai: Any
    rumus: str | None
    baris: int
    kolom: int

    @property
    def kosong(self) -> bool:
        return self.rumus is None and (
            self.nilai is None or (isinstance(self.nilai, str) and not self.nilai.strip())
        )


@dataclass
class Hasil:
    """What a workbook gave: data per key, the position of every value, the problems."""

    data: dict[str, list[Any]] = field(default_factory=dict)
    values: dict[PathKey, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


# --- opening a workbook --------------------------------------------------------------------


@dataclass
class BukuKerja:
    """A workbook opened twice: for the cells' values and for their formulas."""

    file: str
    values: Any
    formulas: Any

    @property
    def sheets(self) -> list[str]:
        return list(self.values.sheetnames)


def _problem(file: str, message: str) -> DataError:
    return DataError([Problem(file, 0, 0, "", message)])


def open_workbook(path: Path, file: str, limits: Limits | None = None) -> BukuKerja:
    """Open an .xlsx file, or raise DataError with one Indonesian line."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    limits = limits_from_environment() if limits is None else limits
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise _problem(file, "berupa folder, bukan buku kerja Excel")
        if not stat.S_ISREG(info.st_mode):
            raise _problem(
                file, "bukan berkas biasa (mis. pipa atau perangkat); tidak dapat dibaca"
            )
        if info.st_size > limits.file_bytes:
            shown = teks.number(Decimal(limits.file_bytes) / MIB, 0)
            raise _problem(
                file,
                f"berkas terlalu besar ({teks.number(Decimal(info.st_size), 0)} bita; batas"
                f" {shown} MB, dapat diubah dengan RENSTRA_BATAS_BERKAS_MB)",
            )
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise _problem(file, "berkas tidak ditemukan") from None
    except PermissionError:
        raise _problem(file, "tidak boleh dibaca (izin berkas)") from None
    except OSError as err:
        raise _problem(file, f"tidak dapat dibaca ({err.strerror or err})") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _problem(file, "buku kerja Excel lama (.xls); simpan ulang sebagai .xlsx")
    if not head.startswith(b"PK"):
        raise _problem(file, "bukan buku kerja Excel .xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
            encrypted = any(i.flag_bits & 0x1 for i in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _problem(file, "buku kerja rusak (bukan arsip .xlsx yang utuh)") from None
    if encrypted:
        raise _problem(file, "buku kerja terenkripsi; simpan ulang tanpa kata sandi")
    if unpacked > RASIO_BONGKAR * limits.file_bytes:
        raise _problem(file, "isi buku kerja terlalu besar setelah dibuka (kemungkinan arsip bom)")
    try:
        with warnings.catch_warnings():
            # openpyxl warns on stderr about parts it drops (extensions, slicers, …): what
            # is read here are cell values, which those parts never change.
            warnings.simplefilter("ignore")
            values = openpyxl.load_workbook(path, data_only=True)
            formulas = openpyxl.load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as err:
        # openpyxl wraps defusedxml's refusals (ValueErrors) in a ValueError of its own.
        cause = err.__cause__ if isinstance(err.__cause__, Exception) else err
        if type(cause).__module__.startswith(("defusedxml", "xml", "lxml")):
            raise _problem(file, "buku kerja berisi XML yang tidak sah atau tidak aman") from None
        raise _problem(file, f"buku kerja tidak dapat dibaca ({type(err).__name__})") from None
    except Exception as err:  # defusedxml's refusals and XML syntax errors
        if type(err).__module__.startswith(("defusedxml", "xml", "lxml")):
            raise _problem(file, "buku kerja berisi XML yang tidak sah atau tidak aman") from None
        raise
    return BukuKerja(file, values, formulas)


# --- reading one sheet ----------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(19|20|21)\d\d(?!\d)")
#: A span of years in a header merged over several year columns ("Tahun 2014–2018").
_YEARS = re.compile(
    r"(?<!\d)((?:19|20|21)\d\d)\s*(?:[-–—]|s\.?\s*d\.?|sampai)\s*((?:19|20|21)\d\d)(?!\d)"
)


def _plain(value: Any) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


class _Sheet:
    """One sheet of a workbook laid out as a :class:`TataLetak`."""

    def __init__(self, book: BukuKerja, name: str, tata: TataLetak) -> None:
        self.book = book
        self.name = name
        self.tata = tata
        self.values = book.values[name]
        self.formulas = book.formulas[name]
        self.problems: list[Problem] = []
        self.columns: dict[str, int] = {}
        self.first_row = 0

    def problem(self, row: int, column: int, path: str, message: str) -> None:
        self.problems.append(Problem(self.book.file, row, column, path, message, self.name))

    def isi(self, row: int, column: int) -> Isi:
        cell = self.formulas.cell(row, column)
        formula = None
        if cell.data_type == "f":
            value = cell.value
            formula = str(getattr(value, "text", value))
        return Isi(self.values.cell(row, column).value, formula, row, column)

    def locate(self) -> bool:
        """Find the row of column numbers and every column; False (with a problem) if not."""
        printed = len(self.tata.dicetak)
        last = min(self.values.max_row, BARIS_CARI_KEPALA)
        found = 0
        for row in range(1, last + 1):
            count = 0
            while (
                count < self.values.max_column
                and _nomor(self.values.cell(row, count + 1).value) == count + 1
            ):
                count += 1
            if count >= 3:
                found = row
                break
        if not found:
            self.problem(
                0,
                0,
                "",
                f"baris nomor kolom (1, 2, 3, … {printed}) di bawah judul kolom tidak ditemukan;"
                " susun lembar seperti tabel cetak (contoh: buku kerja dari 'renstra excel')",
            )
            return False
        if count != printed:
            self.problem(
                found,
                1,
                "",
                f"lembar memuat {count} kolom bernomor, seharusnya {printed} untuk"
                f" {len(self.tata.tahun)} tahun ({self.tata.tahun[0]}–{self.tata.tahun[-1]})"
                if self.tata.tahun
                else f"lembar memuat {count} kolom bernomor, seharusnya {printed}",
            )
            return False
        self.first_row = found + 1
        header = self._header(found)
        years_ok = True
        for posisi, kolom in enumerate(self.tata.dicetak, start=1):
            self.columns[kolom.kunci] = posisi
            # The first column of another period is enough to say so.
            years_ok = years_ok and self._check_year(kolom, posisi, header)
        for kolom in self.tata.bantu:
            # Typed without its note in brackets too: "Arah" for "Arah (naik/turun)".
            wanted = {_plain(kolom.kepala[-1]), _plain(re.sub(r"\s*\(.*\)$", "", kolom.kepala[-1]))}
            matches = [
                c for (r, c), text in header.items() if _plain(text) in wanted and c > printed
            ]
            if matches:
                self.columns[kolom.kunci] = min(matches)
            elif kolom.kunci in _NEEDED_HELPERS.get(self.tata.nama, ()):
                self.problem(
                    found,
                    printed + 1,
                    "",
                    f"kolom '{kolom.kepala[-1]}' ({BANTU}) tidak ditemukan di kanan tabel",
                )
        return not self.problems

    def _header(self, numbers_row: int) -> dict[tuple[int, int], Any]:
        """The header texts above the row of numbers, merged cells filled from their top-left."""
        texts: dict[tuple[int, int], Any] = {}
        for row in range(1, numbers_row):
            for column in range(1, self.values.max_column + 1):
                value = self.values.cell(row, column).value
                if value is not None:
                    texts[(row, column)] = value
        for merged in self.values.merged_cells.ranges:
            top = self.values.cell(merged.min_row, merged.min_col).value
            if merged.min_row >= numbers_row or top is None:
                continue
            for row in range(merged.min_row, min(merged.max_row, numbers_row - 1) + 1):
                for column in range(merged.min_col, merged.max_col + 1):
                    texts[(row, column)] = top
        return texts

    def _check_year(self, kolom: Kolom, posisi: int, header: dict[tuple[int, int], Any]) -> bool:
        """False (with a problem) when the column's header names other years than its own."""
        if "." not in kolom.kunci:
            return True
        index = int(kolom.kunci.rsplit(".", 1)[1])
        expected = self.tata.tahun[index]
        for (row, column), text in sorted(header.items()):
            if column != posisi or not isinstance(text, str | int):
                continue
            years = [int(m.group()) for m in _YEAR.finditer(str(text))]
            for span in _YEARS.finditer(str(text)):
                years += range(int(span.group(1)), int(span.group(2)) + 1)
            if years and expected not in years:
                self.problem(
                    row,
                    column,
                    "",
                    f"kolom untuk tahun {expected} (menurut periode data) berjudul '{text}';"
                    " lembar untuk periode lain?",
                )
                return False
        return True

    def rows(self) -> Iterator[dict[str, Isi]]:
        """The data rows with any content, as column key → cell."""
        last = self.values.max_row
        if last - self.first_row >= BATAS_BARIS:
            self.problem(
                self.first_row + BATAS_BARIS,
                1,
                "",
                f"lembar terlalu panjang (lebih dari {teks.number(Decimal(BATAS_BARIS), 0)} baris)",
            )
            last = self.first_row + BATAS_BARIS - 1
        for row in range(self.first_row, last + 1):
            cells = {kunci: self.isi(row, column) for kunci, column in self.columns.items()}
            ignored = ("nomor", "rumus", "info")
            if all(c.kosong for k, c in cells.items() if self._kind(k) not in ignored):
                continue
            yield cells

    def _kind(self, kunci: str) -> str:
        return next(k.jenis for k in self.tata.kolom if k.kunci == kunci)


def _nomor(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


# --- values --------------------------------------------------------------------------------


def _percent_format(fmt: str) -> tuple[bool, bool]:
    """(shown with %, the % is Excel's own, which multiplies by 100) for a number format."""
    unquoted = re.sub(r'"[^"]*"|\\.', "", fmt)
    own = "%" in unquoted
    return own or "%" in fmt, own


def _angka(angka: Decimal) -> int | float | str:
    """A number as YAML writes it: an int, a float that holds it exactly, or else its
    Indonesian text (more digits than a double holds)."""
    angka = angka.normalize()
    if angka == angka.to_integral_value():
        return int(angka)
    pecahan = float(angka)
    if Decimal(repr(pecahan)) == angka:
        return pecahan
    return teks.number(angka, _places(angka))


def _places(angka: Decimal) -> int:
    exponent = angka.normalize().as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def _persen_teks(angka: Decimal) -> str:
    return teks.number(angka, _places(angka)) + "%"


class _Reader:
    """Turns cells into data values, recording positions and problems."""

    def __init__(self, sheet: _Sheet, hasil: Hasil) -> None:
        self.sheet = sheet
        self.hasil = hasil

    def where(self, path: PathKey, cell: Isi) -> None:
        self.hasil.values[path] = Position(
            self.sheet.book.file, cell.baris, cell.kolom, self.sheet.name
        )

    def bad(self, cell: Isi, path: PathKey, message: str) -> None:
        self.sheet.problem(cell.baris, cell.kolom, format_path(path), message)

    def raw(self, cell: Isi, path: PathKey, default_formula: str | None = None) -> Any:
        """The cell's value: cached for a formula; ``_DEFAULT`` for the default formula."""
        if cell.rumus is not None:
            if default_formula is not None and _same_formula(cell.rumus, default_formula):
                return _DEFAULT
            if cell.nilai is None:
                self.bad(
                    cell,
                    path,
                    f"rumus {cell.rumus[:40]} tanpa nilai tersimpan; buka dan simpan ulang"
                    " buku kerja di Excel atau LibreOffice",
                )
                return _INVALID
        value = cell.nilai
        if isinstance(value, str) and value.startswith("#") and self._is_error(cell):
            self.bad(cell, path, f"sel berisi galat Excel {value}")
            return _INVALID
        return value

    def _is_error(self, cell: Isi) -> bool:
        return bool(self.sheet.values.cell(cell.baris, cell.kolom).data_type == "e")

    def text(self, cell: Isi | None, path: PathKey, default_formula: str | None = None) -> Any:
        if cell is None:
            return None
        self.where(path, cell)
        value = self.raw(cell, path, default_formula)
        if value is _DEFAULT or value is _INVALID:
            return value
        if value is None:
            return None
        if isinstance(value, bool):
            self.bad(cell, path, "berisi nilai logika (TRUE/FALSE), bukan teks")
            return _INVALID
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            self.bad(cell, path, "berisi tanggal/waktu, bukan teks")
            return _INVALID
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    def lines(self, cell: Isi | None, path: PathKey) -> list[str] | None:
        text = self.text(cell, path)
        if not isinstance(text, str):
            return None
        return [line.strip() for line in text.splitlines() if line.strip()]

    def number(
        self, cell: Isi | None, path: PathKey, rp: bool = False, default_formula: str | None = None
    ) -> Any:
        """A target, value or amount: a number, a percentage text ("75,5%"), or a word."""
        if cell is None:
            return None
        self.where(path, cell)
        value = self.raw(cell, path, default_formula)
        if value is _DEFAULT or value is _INVALID or value is None:
            return value
        if isinstance(value, bool):
            self.bad(cell, path, "berisi nilai logika (TRUE/FALSE), bukan angka")
            return _INVALID
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            self.bad(
                cell, path, "berisi tanggal/waktu, bukan angka (ubah format sel menjadi Angka)"
            )
            return _INVALID
        if isinstance(value, int | float):
            angka = hitung.parse_angka(value)
            if angka is None:
                self.bad(cell, path, "angka tidak sah")
                return _INVALID
            fmt = self.sheet.values.cell(cell.baris, cell.kolom).number_format or ""
            shown, own = _percent_format(fmt)
            if shown and not rp:
                return _persen_teks(angka * 100 if own else angka)
            return _angka(angka)
        text = str(value).strip()
        if not text or text == hitung.TANDA_KOSONG:
            return None
        angka = hitung.parse_angka(text)
        if angka is None:
            if rp or hitung.angka_salah_format(text):
                hint = (
                    "tulis angka gaya Indonesia (1.250.000 atau 75,5)"
                    if hitung.angka_salah_format(text)
                    else "harus berupa angka"
                )
                self.bad(cell, path, f"'{text[:40]}' bukan angka: {hint}")
                return _INVALID
            return text
        if text.endswith("%") and not rp:
            return _persen_teks(angka)
        return _angka(angka)


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: The cell holds the export's default formula (a value computed from others).
_DEFAULT = _Marker("DEFAULT")
#: The cell could not be read; its problem is recorded.
_INVALID = _Marker("INVALID")


def _same_formula(found: str, expected: str) -> bool:
    def norm(text: str) -> str:
        return text.replace("$", "").replace(" ", "").upper()

    return norm(found) == norm(expected)


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    """Set a field unless the value is absent (the model's default applies)."""
    if value is not None and value is not _DEFAULT and value is not _INVALID:
        target[key] = value


def _yearly(values: list[Any]) -> list[Any]:
    # An unreadable cell stands as 0, which every check accepts: its own problem stops the
    # load, and a None would be reported a second time ("wajib diisi") in a required list.
    return [None if v is _DEFAULT else 0 if v is _INVALID else v for v in values]


# --- the tables ----------------------------------------------------------------------------


def _indicator(
    r: _Reader, cells: dict[str, Isi], path: PathKey, years: int, key: str = "uraian"
) -> dict[str, Any]:
    ind: dict[str, Any] = {}
    _put(ind, key, r.text(cells.get("indikator"), (*path, key)))
    _put(ind, "satuan", r.text(cells.get("satuan"), (*path, "satuan")))
    _put(ind, "awal", r.number(cells.get("awal"), (*path, "awal")))
    ind["target"] = _yearly(
        [r.number(cells[f"target.{j}"], (*path, "target", j)) for j in range(years)]
    )
    if "akhir" in cells:
        last = cell_address(cells[f"target.{years - 1}"].baris, cells[f"target.{years - 1}"].kolom)
        _put(ind, "akhir", r.number(cells["akhir"], (*path, "akhir"), default_formula=f"={last}"))
    return ind


def _read_tc23(r: _Reader, rows: list[dict[str, Isi]], years: int) -> dict[str, list[Any]]:
    out = []
    for i, cells in enumerate(rows):
        path: PathKey = ("indikator_kinerja", i)
        r.where(path, cells["indikator"])
        item: dict[str, Any] = {}
        _put(item, "indikator", r.text(cells["indikator"], (*path, "indikator")))
        _put(item, "satuan", r.text(cells.get("satuan"), (*path, "satuan")))
        _put(item, "arah", r.text(cells.get("arah"), (*path, "arah")))
        for key in ("target_spm", "target_ikk", "target_lainnya"):
            _put(item, key, r.number(cells[key], (*path, key)))
        item["target"] = _yearly(
            [r.number(cells[f"target.{j}"], (*path, "target", j)) for j in range(years)]
        )
        item["realisasi"] = _yearly(
            [r.number(cells[f"realisasi.{j}"], (*path, "realisasi", j)) for j in range(years)]
        )
        out.append(item)
    return {"indikator_kinerja": out}


def _read_tc24(r: _Reader, rows: list[dict[str, Isi]], years: int) -> dict[str, list[Any]]:
    if rows and _plain(rows[-1]["uraian"].nilai) == _plain(JUMLAH):
        rows = rows[:-1]  # the computed total
    out = []
    for i, cells in enumerate(rows):
        path: PathKey = ("anggaran", i)
        r.where(path, cells["uraian"])
        item: dict[str, Any] = {}
        _put(item, "uraian", r.text(cells["uraian"], (*path, "uraian")))
        for key in ("anggaran", "realisasi"):
            item[key] = _yearly(
                [r.number(cells[f"{key}.{j}"], (*path, key, j), rp=True) for j in range(years)]
            )
        out.append(item)
    return {"anggaran": out}


def _read_tc25(r: _Reader, rows: list[dict[str, Isi]], years: int) -> dict[str, list[Any]]:
    tujuan: list[dict[str, Any]] = []
    sasaran: list[dict[str, Any]] = []
    for cells in rows:
        if not (cells["tujuan"].kosong and cells["kode_tujuan"].kosong):
            path: PathKey = ("tujuan", len(tujuan))
            r.where(path, cells["tujuan"])
            item: dict[str, Any] = {}
            _put(item, "kode", r.text(cells["kode_tujuan"], (*path, "kode")))
            _put(item, "uraian", r.text(cells["tujuan"], (*path, "uraian")))
            tujuan.append(item)
        if not (cells["sasaran"].kosong and cells["kode_sasaran"].kosong):
            path = ("sasaran", len(sasaran))
            r.where(path, cells["sasaran"])
            item = {}
            _put(item, "kode", r.text(cells["kode_sasaran"], (*path, "kode")))
            if tujuan:
                _put(item, "tujuan", tujuan[-1].get("kode"))
            else:
                r.bad(cells["sasaran"], path, "sasaran tanpa tujuan di atasnya")
            _put(item, "uraian", r.text(cells["sasaran"], (*path, "uraian")))
            item["indikator"] = []
            sasaran.append(item)
        if not _indicator_empty(cells, years):
            if not sasaran:
                r.bad(cells["indikator"], ("sasaran",), "indikator tanpa sasaran di atasnya")
                continue
            path = ("sasaran", len(sasaran) - 1, "indikator", len(sasaran[-1]["indikator"]))
            r.where(path, cells["indikator"])
            sasaran[-1]["indikator"].append(_indicator(r, cells, path, years))
    return {"tujuan": tujuan, "sasaran": sasaran}


def _indicator_empty(cells: dict[str, Isi], years: int) -> bool:
    keys = ["indikator", "satuan", "awal", *(f"target.{j}" for j in range(years))]
    return all(cells[k].kosong for k in keys if k in cells)


def _read_tc26(r: _Reader, rows: list[dict[str, Isi]], years: int) -> dict[str, list[Any]]:
    out: list[dict[str, Any]] = []
    kode: Any = None
    for cells in rows:
        if not cells["kode_sasaran"].kosong:
            kode = r.text(cells["kode_sasaran"], ("strategi", len(out), "sasaran"))
        if cells["strategi"].kosong and cells["kebijakan"].kosong:
            continue
        path: PathKey = ("strategi", len(out))
        r.where(path, cells["strategi"])
        r.where((*path, "sasaran"), cells["kode_sasaran"])
        item: dict[str, Any] = {}
        _put(item, "sasaran", kode)
        item["strategi"] = r.lines(cells["strategi"], (*path, "strategi")) or []
        item["kebijakan"] = r.lines(cells["kebijakan"], (*path, "kebijakan")) or []
        out.append(item)
    return {"strategi": out}


def _read_tc27(r: _Reader, rows: list[dict[str, Isi]], years: int) -> dict[str, list[Any]]:
    programs: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None  # the item further indicator rows belong to
    current_path: PathKey = ()
    program_row = 0
    for cells in rows:
        path: PathKey
        nilai_jenis = cells["jenis"].nilai
        jenis = None if cells["jenis"].kosong or nilai_jenis is None else str(nilai_jenis).strip()
        if not jenis:
            if _plain(cells["tujuan"].nilai) == _plain(JUMLAH):
                break  # the computed grand total
            if cells["indikator"].kosong or current is None:
                continue  # a tujuan/sasaran line without programmes
            path = (*current_path, "indikator", len(current["indikator"]))
            r.where(path, cells["indikator"])
            current["indikator"].append(_indicator(r, cells, path, years))
            continue
        jenis = jenis.casefold()
        if jenis == "sasaran":
            current = None  # printed from T-C.25; read there
            continue
        if jenis not in ("program", "kegiatan"):
            r.bad(
                cells["jenis"],
                (),
                f"jenis baris '{jenis}' tidak dikenal: tulis program atau kegiatan",
            )
            current = None
            continue
        if jenis == "kegiatan" and not programs:
            r.bad(cells["jenis"], (), "kegiatan tanpa program di atasnya")
            current = None
            continue
        if jenis == "program":
            path = ("program", len(programs))
            program_row = cells["kode"].baris
        else:
            path = ("program", len(programs) - 1, "kegiatan", len(programs[-1]["kegiatan"]))
        r.where(path, cells["kode"])
        item: dict[str, Any] = {}
        _put(item, "kode", r.text(cells["kode"], (*path, "kode")))
        _put(item, "nama", r.text(cells["nama"], (*path, "nama")))
        if jenis == "program":
            _put(item, "sasaran", r.text(cells["kode_sasaran"], (*path, "sasaran")))
        item["indikator"] = []
        if not _indicator_empty(cells, years):
            item["indikator"].append(_indicator(r, cells, (*path, "indikator", 0), years))
            r.where((*path, "indikator", 0), cells["indikator"])
        if jenis == "program":
            # The export writes a programme's Rp as formulas (the sum of its activities);
            # figures typed there are a hand-given pagu, which the model checks.
            rp = [cells[f"rp.{j}"] for j in range(years)]
            if any(not c.kosong and c.rumus is None for c in rp):
                item["pagu"] = _yearly(
                    [r.number(c, (*path, "pagu", j), rp=True) for j, c in enumerate(rp)]
                )
            _put(item, "penanggung_jawab", r.text(cells["pj"], (*path, "penanggung_jawab")))
            _put(item, "lokasi", r.text(cells["lokasi"], (*path, "lokasi")))
            item["kegiatan"] = []
            programs.append(item)
        else:
            item["pagu"] = _yearly(
                [r.number(cells[f"rp.{j}"], (*path, "pagu", j), rp=True) for j in range(years)]
            )
            pj_cell = cell_address(program_row, r.sheet.columns["pj"])
            lokasi_cell = cell_address(program_row, r.sheet.columns["lokasi"])
            _put(
                item,
                "penanggung_jawab",
                r.text(cells["pj"], (*path, "penanggung_jawab"), f"={pj_cell}"),
            )
            _put(item, "lokasi", r.text(cells["lokasi"], (*path, "lokasi"), f"={lokasi_cell}"))
            programs[-1]["kegiatan"].append(item)
        current, current_path = item, path
    return {"program": programs}


def _read_tc28(r: _Reader, rows: list[dict[str, Isi]], years: int) -> dict[str, list[Any]]:
    out = []
    for i, cells in enumerate(rows):
        path: PathKey = ("indikator_rpjmd", i)
        r.where(path, cells["indikator"])
        out.append(_indicator(r, cells, path, years, key="indikator"))
    return {"indikator_rpjmd": out}


def _read_masalah(r: _Reader, rows: list[dict[str, Isi]], years: int) -> dict[str, list[Any]]:
    out = []
    for i, cells in enumerate(rows):
        path: PathKey = ("masalah", i)
        r.where(path, cells["masalah_pokok"])
        item: dict[str, Any] = {}
        _put(item, "masalah_pokok", r.text(cells["masalah_pokok"], (*path, "masalah_pokok")))
        for key in ("masalah", "akar_masalah"):
            item[key] = r.lines(cells[key], (*path, key)) or []
        out.append(item)
    return {"masalah": out}


def _read_faktor_misi(r: _Reader, rows: list[dict[str, Isi]], years: int) -> dict[str, list[Any]]:
    out = []
    for i, cells in enumerate(rows):
        path: PathKey = ("bab_3", "telaahan_visi_misi", "matriks", i)
        r.where(path, cells["permasalahan"])
        item: dict[str, Any] = {}
        misi = r.number(cells.get("misi"), (*path, "misi"))
        _put(item, "misi", int(misi) if isinstance(misi, float) and misi.is_integer() else misi)
        program = r.lines(cells.get("program"), (*path, "program"))
        if program:
            item["program"] = program
        for key in ("permasalahan", "penghambat", "pendorong"):
            item[key] = r.lines(cells[key], (*path, key)) or []
        out.append(item)
    return {"matriks": out}


_READERS: dict[str, Callable[[_Reader, list[dict[str, Isi]], int], dict[str, list[Any]]]] = {
    "TC23": _read_tc23,
    "TC24": _read_tc24,
    "Masalah": _read_masalah,
    "FaktorMisi": _read_faktor_misi,
    "TC25": _read_tc25,
    "TC26": _read_tc26,
    "TC27": _read_tc27,
    "TC28": _read_tc28,
}


def read_table(
    book: BukuKerja, table: str, sheet: str, kerangka: Kerangka, regulasi: str, periode: Periode
) -> Hasil:
    """The data of one table from ``sheet`` of an open workbook."""
    hasil = Hasil()
    if sheet not in book.sheets:
        shown = ", ".join(book.sheets[:8])
        hasil.problems.append(
            Problem(book.file, 0, 0, "", f"lembar '{sheet}' tidak ada (yang ada: {shown})")
        )
        return hasil
    tata = tata_letak(table, kerangka, regulasi, periode)
    reader = _Sheet(book, sheet, tata)
    if reader.locate():
        rows = list(reader.rows())
        hasil.data = _READERS[table](_Reader(reader, hasil), rows, len(tata.tahun))
    hasil.problems += reader.problems
    return hasil


def tables_in(book: BukuKerja) -> list[str]:
    """The standard tables a workbook has sheets for, in document order."""
    return [name for name in TABEL if name in book.sheets]


__all__ = ["KUNCI_DATA", "BukuKerja", "Hasil", "open_workbook", "read_table", "tables_in"]


# --- ``dari_excel`` in a data file ------------------------------------------------------------


@dataclass(frozen=True)
class Sumber:
    """One table to take from a workbook: the table, the file as written, the sheet."""

    tabel: str
    berkas: str
    lembar: str | None
    where: Position


def _sources(spec: Any, position: Callable[[PathKey, bool], Position]) -> list[Sumber] | None:
    """The tables ``dari_excel`` names, or None when it is malformed (the model reports it)."""
    here = position(("dari_excel",), False)
    if isinstance(spec, str):
        return [Sumber("", spec, None, here)]
    if not isinstance(spec, dict):
        return None
    found = []
    for table, value in spec.items():
        where = position(("dari_excel", table), False)
        if table not in TABEL:
            return None
        if isinstance(value, str):
            found.append(Sumber(table, value, None, where))
        elif isinstance(value, dict) and isinstance(value.get("berkas"), str):
            lembar = value.get("lembar")
            found.append(
                Sumber(table, value["berkas"], lembar if isinstance(lembar, str) else None, where)
            )
        else:
            return None
    return found


@dataclass
class Diimpor:
    """What ``dari_excel`` added: the workbooks read, the values' positions, the problems."""

    workbooks: list[Path] = field(default_factory=list)
    values: dict[PathKey, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def import_into(
    merged: dict[str, Any],
    root: Path,
    display: Callable[[Path], str],
    contains: Callable[[Path], bool],
    position: Callable[[PathKey, bool], Position],
    layout: Callable[[], tuple[Kerangka, str, Periode] | None],
) -> Diimpor:
    """Replace ``dari_excel``'s tables in ``merged`` by what the workbooks hold.

    ``layout`` gives the kerangka, regulation and period the sheets are laid out for, or None
    when the data's own are invalid (the model then reports them and nothing is read)."""
    out = Diimpor()
    sources = _sources(merged.get("dari_excel"), position)
    if not sources:
        return out
    context = layout()
    if context is None:
        return out
    kerangka, regulasi, periode = context
    books: dict[Path, BukuKerja] = {}

    def fail(where: Position, path: str, message: str) -> None:
        out.problems.append(Problem(where.file, where.line, where.column, path, message))

    for source in sources:
        asal = f"dari_excel.{source.tabel}" if source.tabel else "dari_excel"
        target = root / source.berkas
        if Path(source.berkas).is_absolute() or not contains(target):
            fail(source.where, asal, "buku kerja harus berada di dalam folder ruang kerja")
            continue
        if target.suffix.lower() not in (".xlsx", ".xlsm"):
            fail(source.where, asal, "buku kerja harus berupa berkas .xlsx")
            continue
        path = target.resolve()
        if path not in books:
            try:
                books[path] = open_workbook(path, display(target))
            except DataError as err:
                out.problems += err.problems
                continue
            out.workbooks.append(path)
        book = books[path]
        tables = [source.tabel] if source.tabel else tables_in(book)
        if not tables:
            fail(source.where, asal, f"{source.berkas} tidak memuat lembar {', '.join(TABEL)}")
        for table in tables:
            parent = INDUK.get(table, ())
            container = _container(merged, parent)
            for key in KUNCI_DATA[table]:
                if isinstance(container, dict) and key in container:
                    where = position((*parent, key), True)
                    shown = format_path((*parent, key))
                    fail(where, shown, f"sudah diambil dari Excel ({asal}); hapus salah satu")
            hasil = read_table(book, table, source.lembar or table, kerangka, regulasi, periode)
            out.problems += hasil.problems
            if isinstance(container, dict):
                container.update(hasil.data)
            out.values.update(hasil.values)
    return out


def _container(data: dict[str, Any], parent: tuple[str, ...]) -> Any:
    """The mapping at ``parent`` inside ``data``, made when missing; whatever stands there
    when it is not a mapping (the model reports it)."""
    here: Any = data
    for key in parent:
        if not isinstance(here, dict):
            return here
        if here.get(key) is None:
            here[key] = {}
        here = here[key]
    return here


# --- ``renstra impor`` -------------------------------------------------------------------------


def import_workbook(
    workspace: Workspace, xlsx: Path, unit_file: Path | None = None
) -> tuple[str, list[str]]:
    """``renstra impor``: every standard table of ``xlsx`` as YAML text to paste into a unit
    file, and the tables read. The sheets are read for the regulation and period of the
    workspace (``renstra.yaml``, with ``unit_file`` over it when given). DataError lists
    every cell that cannot be read and every value the data format refuses."""
    import yaml

    from . import validate

    kerangka, regulasi, periode = validate.read_layout(workspace, unit_file)
    book = open_workbook(xlsx, workspace.display(xlsx) if workspace.contains(xlsx) else str(xlsx))
    tables = tables_in(book)
    if not tables:
        raise _problem(book.file, f"tidak ada lembar tabel ({', '.join(TABEL)})")
    data: dict[str, Any] = {}
    positions: dict[PathKey, Position] = {}
    problems: list[Problem] = []
    for table in tables:
        hasil = read_table(book, table, table, kerangka, regulasi, periode)
        _container(data, INDUK.get(table, ())).update(hasil.data)
        positions.update(hasil.values)
        problems += hasil.problems
    problems += validate.table_problems(data, positions, Position(book.file, 0, 0))
    if problems:
        raise DataError(problems)
    names = ", ".join(label(t) for t in tables)
    parts = [
        f"# Tabel {names} dari {xlsx.name} (renstra impor).\n"
        "# Salin ke berkas unit di data/, menggantikan kunci yang sama.\n"
    ]
    for key, value in data.items():
        if key == "bab_3":
            parts.append(
                "# Matriks faktor per misi (3.2): pindahkan 'matriks' di bawah ini ke dalam\n"
                "# bab_3 > telaahan_visi_misi berkas unit (jangan menulis 'bab_3:' dua kali).\n"
            )
        parts.append(yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=100))
    return "".join(parts), tables
