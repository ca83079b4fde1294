"""``renstra excel``: the standard tables as an Excel workbook, one sheet per table.

Each sheet is laid out as :mod:`renstra_docs.lembar` describes: the regulation's headers
(merged as printed), the column numbers, then the rows. Figures typed in the data are
stored as numbers with display formats (never as text); the figures the document computes
(T-C.23 and T-C.24 ratios, T-C.24 growth and totals, T-C.27 programme, end-of-period and
grand totals, a default end-of-period target) are live formulas written to give what the
PDF prints (the rules of :mod:`renstra_docs.hitung`: two decimals half-up, "–" when an
operand is zero, missing or not a number). The import reads such a workbook back to the same
data (:mod:`renstra_docs.impor`).

The bytes are reproducible: the document properties carry the data's date and every entry
of the archive a fixed time, so identical data gives an identical workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from . import hitung
from .errors import cell_address
from .kerangka import Kerangka
from .lembar import JUMLAH, TABEL, Kolom, TataLetak, tata_letak
from .model import Renstra
from .model_tabel import IndikatorTarget, Nilai, Program
from .workspace import Workspace

# --- cells ---------------------------------------------------------------------------------

#: Display formats, Indonesian whatever the reader's locale: [$-421] is the Indonesian
#: locale (LibreOffice then shows 1.250.000 and 75,66 everywhere; Excel shows the separators
#: of the computer's regional settings, Indonesian on an Indonesian computer).
_ID = "[$-421]"
FORMAT_BULAT = f"{_ID}#,##0"
FORMAT_DESIMAL = f"{_ID}#,##0.00"
FORMAT_RP = f'{_ID}"Rp"#,##0'
FORMAT_RP_SEN = f'{_ID}"Rp"#,##0.00'
FORMAT_PERSEN = f'{_ID}#,##0.00"%"'
FORMAT_PERSEN_BULAT = f'{_ID}#,##0"%"'

KOSONG = '"–"'  # hitung.TANDA_KOSONG as a formula's text result


@dataclass(frozen=True)
class Alamat:
    """Cell addresses of a sheet's data rows, for the formulas."""

    tata: TataLetak
    mulai: int  # the sheet row of data row 0

    def sel(self, kunci: str, baris: int) -> str:
        return cell_address(self.mulai + baris, self.tata.indeks(kunci))

    def rentang(self, kunci: str, awal: int, akhir: int) -> str:
        return f"{self.sel(kunci, awal)}:{self.sel(kunci, akhir)}"

    def kolom_penuh(self, kunci: str, jumlah_baris: int) -> str:
        """The column's data rows as an absolute range (for SUMIF)."""
        kolom = cell_address(0, self.tata.indeks(kunci))
        return f"${kolom}${self.mulai}:${kolom}${self.mulai + max(jumlah_baris, 1) - 1}"


@dataclass(frozen=True)
class Rumus:
    """A formula, built once the cell addresses are known."""

    tulis: Callable[[Alamat], str]
    format: str = FORMAT_PERSEN


@dataclass(frozen=True)
class Sel:
    """A value (or formula) in a data row; ``tinggi`` rows are merged from this one down."""

    nilai: Any
    tinggi: int = 1


Baris = dict[str, Sel]


def _angka_sel(angka: Decimal) -> int | float | None:
    """A Decimal as the number a cell stores; None when a double cannot hold it exactly."""
    if angka == angka.to_integral_value():
        bulat = int(angka)
        return bulat if abs(bulat) < 2**53 else None
    pecahan = float(angka)
    return pecahan if Decimal(repr(pecahan)) == angka.normalize() else None


def nilai_sel(value: Nilai | None, rp: bool = False) -> tuple[Any, str | None]:
    """A typed value as a cell value and its display format.

    Numbers (also Indonesian-style text such as "1.250.000" or "75,5%") are stored as
    numbers; a percentage typed with "%" keeps it in its display format (75.5 shown 75,50%),
    so formulas compute with it as the document does. Words and grades stay text.
    """
    if value is None:
        return None, None
    angka = hitung.parse_angka(value)
    sel = None if angka is None else _angka_sel(angka)
    if angka is None or sel is None:
        return str(value), None
    bulat = isinstance(sel, int)
    if rp:
        return sel, FORMAT_RP if bulat else FORMAT_RP_SEN
    if isinstance(value, str) and value.strip().endswith("%"):
        return sel, FORMAT_PERSEN_BULAT if bulat else FORMAT_PERSEN
    return sel, FORMAT_BULAT if bulat else FORMAT_DESIMAL


# --- formulas ------------------------------------------------------------------------------


def _rasio(atas: str, bawah: str, turun: str | None = None) -> str:
    """atas ÷ bawah × 100 rounded to 2 decimals, "–" when either is not a non-zero number;
    with ``turun`` (the direction cell), bawah ÷ atas when it reads "turun"."""
    bagi = f'IF({turun}="turun",{bawah}/{atas},{atas}/{bawah})' if turun else f"{atas}/{bawah}"
    return (
        f"=IF(AND(ISNUMBER({atas}),ISNUMBER({bawah})),"
        f"IF(AND({atas}<>0,{bawah}<>0),ROUND({bagi}*100,2),{KOSONG}),{KOSONG})"
    )


def _jumlah(sel: str) -> str:
    """hitung.jumlah: the sum of the numbers, "–" when there is none."""
    return f"=IF(COUNT({sel})=0,{KOSONG},SUM({sel}))"


def _pertumbuhan(sel: Sequence[str], rentang: str) -> str:
    """hitung.rata_rata_pertumbuhan over consecutive cells."""
    n = len(sel)
    if n < 2:
        return f"={KOSONG}"
    laju = "+".join(f"({b}-{a})/{a}" for a, b in itertools.pairwise(sel))
    return (
        f"=IF(COUNT({rentang})={n},IF(COUNTIF({rentang},0)=0,"
        f"ROUND(({laju})/{n - 1}*100,2),{KOSONG}),{KOSONG})"
    )


def _rumus_sama(kunci: str, baris: int, a: Alamat) -> str:
    return f"={a.sel(kunci, baris)}"


def _sama_dengan(kunci: str, baris: int, format: str | None = None) -> Rumus:
    """The cell shows another cell of the sheet (a default the data leaves out), in that
    cell's display format."""
    return Rumus(partial(_rumus_sama, kunci, baris), format=format or "General")


def _rumus_capaian(i: int, j: int, a: Alamat) -> str:
    """T-C.23 Rasio Capaian of row i, year j, by the row's direction."""
    return _rasio(a.sel(f"realisasi.{j}", i), a.sel(f"target.{j}", i), a.sel("arah", i))


def _rumus_rasio_anggaran(i: int, j: int, a: Alamat) -> str:
    return _rasio(a.sel(f"realisasi.{j}", i), a.sel(f"anggaran.{j}", i))


def _rumus_jumlah(kunci: str, awal: int, akhir: int, a: Alamat) -> str:
    """The sum of a column's rows awal…akhir ("–" for no rows or no figure)."""
    return _jumlah(a.rentang(kunci, awal, akhir)) if akhir >= awal else f"={KOSONG}"


def _rumus_pertumbuhan(i: int, dasar: str, tahun: int, a: Alamat) -> str:
    sel = [a.sel(f"{dasar}.{j}", i) for j in range(tahun)]
    return _pertumbuhan(sel, f"{sel[0]}:{sel[-1]}" if sel else "")


# --- rows of each table ----------------------------------------------------------------------


def _baris_tc23(model: Renstra, tata: TataLetak) -> list[Baris]:
    rows: list[Baris] = []
    for i, r in enumerate(model.indikator_kinerja):
        row: Baris = {
            "no": Sel(i + 1),
            "indikator": Sel(r.indikator),
            "target_spm": Sel(r.target_spm),
            "target_ikk": Sel(r.target_ikk),
            "target_lainnya": Sel(r.target_lainnya),
            "satuan": Sel(r.satuan),
            "arah": Sel(r.arah),
        }
        for j in range(len(tata.tahun)):
            row[f"target.{j}"] = Sel(r.target[j] if j < len(r.target) else None)
            row[f"realisasi.{j}"] = Sel(r.realisasi[j] if j < len(r.realisasi) else None)
            row[f"rasio.{j}"] = Sel(Rumus(partial(_rumus_capaian, i, j)))
        rows.append(row)
    return rows


def _baris_tc24(model: Renstra, tata: TataLetak) -> list[Baris]:
    n = len(model.anggaran)
    tahun = range(len(tata.tahun))
    rows: list[Baris] = []
    for b in model.anggaran:
        row: Baris = {"uraian": Sel(b.uraian)}
        for j in tahun:
            row[f"anggaran.{j}"] = Sel(b.anggaran[j] if j < len(b.anggaran) else None)
            row[f"realisasi.{j}"] = Sel(b.realisasi[j] if j < len(b.realisasi) else None)
        rows.append(row)
    jumlah: Baris = {"uraian": Sel(JUMLAH)}
    for j in tahun:
        for kunci in (f"anggaran.{j}", f"realisasi.{j}"):
            jumlah[kunci] = Sel(Rumus(partial(_rumus_jumlah, kunci, 0, n - 1), FORMAT_RP))
    rows.append(jumlah)
    for i in range(n + 1):
        for j in tahun:
            rows[i][f"rasio.{j}"] = Sel(Rumus(partial(_rumus_rasio_anggaran, i, j)))
        for kunci, dasar in (("tumbuh_anggaran", "anggaran"), ("tumbuh_realisasi", "realisasi")):
            rows[i][kunci] = Sel(Rumus(partial(_rumus_pertumbuhan, i, dasar, len(tahun))))
    return rows


def _indikator(row: Baris, ind: IndikatorTarget, tahun: int, baris: int) -> None:
    row["indikator"] = Sel(ind.uraian)
    row["satuan"] = Sel(ind.satuan)
    row["awal"] = Sel(ind.awal)
    for j in range(tahun):
        row[f"target.{j}"] = Sel(ind.target[j] if j < len(ind.target) else None)
    row["akhir"] = _akhir(ind.akhir, ind.target, tahun, baris)


def _akhir(akhir: Nilai | None, target: Sequence[Nilai], tahun: int, baris: int) -> Sel:
    """The end-of-period condition: as given, or the last year's target (a formula)."""
    if akhir is not None:
        return Sel(akhir)
    last = target[tahun - 1] if len(target) >= tahun else None
    return Sel(_sama_dengan(f"target.{tahun - 1}", baris, nilai_sel(last)[1]))


def _baris_tc25(model: Renstra, tata: TataLetak) -> list[Baris]:
    rows: list[Baris] = []
    n = len(tata.tahun)
    for t, tj in enumerate(model.tujuan, start=1):
        awal_tujuan = len(rows)
        for s in (s for s in model.sasaran if s.tujuan == tj.kode):
            awal_sasaran = len(rows)
            for ind in s.indikator:
                row: Baris = {}
                _indikator(row, ind, n, len(rows))
                rows.append(row)
            rows[awal_sasaran]["sasaran"] = Sel(s.uraian, len(rows) - awal_sasaran)
            rows[awal_sasaran]["kode_sasaran"] = Sel(s.kode, len(rows) - awal_sasaran)
        if len(rows) == awal_tujuan:
            rows.append({})
        tinggi = len(rows) - awal_tujuan
        rows[awal_tujuan].update(
            no=Sel(t, tinggi), tujuan=Sel(tj.uraian, tinggi), kode_tujuan=Sel(tj.kode, tinggi)
        )
    return rows


def _baris_tc26(model: Renstra, tata: TataLetak) -> list[Baris]:
    rows: list[Baris] = []
    for tj in model.tujuan:
        awal_tujuan = len(rows)
        for s in (s for s in model.sasaran if s.tujuan == tj.kode):
            awal_sasaran = len(rows)
            for st in (st for st in model.strategi if st.sasaran == s.kode):
                rows.append(
                    {
                        "strategi": Sel(list(st.strategi)),
                        "kebijakan": Sel(list(st.kebijakan)),
                        "kode_sasaran": Sel(s.kode),
                    }
                )
            if len(rows) == awal_sasaran:
                rows.append({"kode_sasaran": Sel(s.kode)})
            rows[awal_sasaran]["sasaran"] = Sel(s.uraian, len(rows) - awal_sasaran)
        if len(rows) == awal_tujuan:
            rows.append({})
        rows[awal_tujuan]["tujuan"] = Sel(tj.uraian, len(rows) - awal_tujuan)
    return rows


def _baris_tc27(model: Renstra, tata: TataLetak) -> list[Baris]:
    r54 = tata.punya("indikator_sasaran")
    n = len(tata.tahun)
    rows: list[Baris] = []
    programs: list[tuple[int, int, int]] = []  # (first row, first kegiatan row, last row)

    def item(
        jenis: str, kode: str, nama: str, indikator: Sequence[IndikatorTarget], extra: Baris
    ) -> int:
        awal = len(rows)
        for ind in indikator:
            row: Baris = {}
            _indikator(row, ind, n, len(rows))
            rows.append(row)
        tinggi = len(rows) - awal
        rows[awal].update(
            {k: Sel(v.nilai, tinggi) for k, v in extra.items()},
            jenis=Sel(jenis, tinggi),
            kode=Sel(kode, tinggi),
            nama=Sel(nama, tinggi),
        )
        return awal

    def program_rows(p: Program, kode_sasaran: str) -> None:
        awal = item(
            "program",
            p.kode,
            p.nama,
            p.indikator,
            {
                "pj": Sel(p.penanggung_jawab),
                "lokasi": Sel(p.lokasi),
                "kode_sasaran": Sel(kode_sasaran),
            },
        )
        kegiatan_awal = len(rows)
        for k in p.kegiatan:
            baris = len(rows)
            extra: Baris = {
                "pj": Sel(k.penanggung_jawab or _sama_dengan("pj", awal)),
                "lokasi": Sel(k.lokasi or _sama_dengan("lokasi", awal)),
            }
            for j in range(n):
                extra[f"rp.{j}"] = Sel(k.pagu[j] if j < len(k.pagu) else None)
            extra["rp_akhir"] = Sel(_rp_akhir(baris, n))
            item("kegiatan", k.kode, k.nama, k.indikator, extra)
        akhir = len(rows) - 1
        programs.append((awal, kegiatan_awal, akhir))
        tinggi = kegiatan_awal - awal
        for j in range(n):
            if p.pagu is not None:
                # A hand-given pagu is data: written as typed, and checked against the
                # activities when the workbook is read back.
                rows[awal][f"rp.{j}"] = Sel(p.pagu[j] if j < len(p.pagu) else None, tinggi)
                continue
            rows[awal][f"rp.{j}"] = Sel(
                Rumus(partial(_rumus_jumlah, f"rp.{j}", kegiatan_awal, akhir), FORMAT_RP),
                tinggi,
            )
        rows[awal]["rp_akhir"] = Sel(_rp_akhir(awal, n), tinggi)

    for tj in model.tujuan:
        awal_tujuan = len(rows)
        for s in (s for s in model.sasaran if s.tujuan == tj.kode):
            awal_sasaran = len(rows)
            if not r54:
                for ind in s.indikator:
                    row: Baris = {"jenis": Sel("sasaran"), "kode_sasaran": Sel(s.kode)}
                    _indikator(row, ind, n, len(rows))
                    rows.append(row)
            for p in (p for p in model.program if p.sasaran == s.kode):
                program_rows(p, s.kode)
            if len(rows) == awal_sasaran:
                rows.append({})
            tinggi = len(rows) - awal_sasaran
            rows[awal_sasaran]["sasaran"] = Sel(s.uraian, tinggi)
            if r54:
                teks = "\n".join(
                    i.uraian + (f" ({i.satuan})" if i.satuan else "") for i in s.indikator
                )
                rows[awal_sasaran]["indikator_sasaran"] = Sel(teks, tinggi)
        if len(rows) > awal_tujuan:
            rows[awal_tujuan]["tujuan"] = Sel(tj.uraian, len(rows) - awal_tujuan)
    data = len(rows)
    jumlah: Baris = {"tujuan": Sel(JUMLAH)}
    for j in range(n):
        jumlah[f"rp.{j}"] = Sel(Rumus(partial(_total_kegiatan, f"rp.{j}", data), FORMAT_RP))
    jumlah["rp_akhir"] = Sel(_rp_akhir(data, n))
    rows.append(jumlah)
    return rows


def _rp_akhir(baris: int, tahun: int) -> Rumus:
    """End-of-period Rp: the sum of the row's yearly Rp (hitung.jumlah)."""
    return Rumus(partial(_rumus_jumlah_baris, baris, tahun), FORMAT_RP)


def _rumus_jumlah_baris(baris: int, tahun: int, a: Alamat) -> str:
    return _jumlah(",".join(a.sel(f"rp.{j}", baris) for j in range(tahun)))


def _total_kegiatan(kunci: str, baris: int, a: Alamat) -> str:
    """The grand total of a year: the activities' Rp (equal to the sum of the programmes')."""
    jenis, nilai = a.kolom_penuh("jenis", baris), a.kolom_penuh(kunci, baris)
    if not baris:
        return f"={KOSONG}"
    return (
        f'=IF(SUMPRODUCT(ISNUMBER({nilai})*({jenis}="kegiatan"))=0,{KOSONG},'
        f'SUMIF({jenis},"kegiatan",{nilai}))'
    )


def _baris_tc28(model: Renstra, tata: TataLetak) -> list[Baris]:
    rows: list[Baris] = []
    n = len(tata.tahun)
    for i, r in enumerate(model.indikator_rpjmd):
        row: Baris = {"no": Sel(i + 1), "indikator": Sel(r.indikator), "satuan": Sel(r.satuan)}
        row["awal"] = Sel(r.awal)
        for j in range(n):
            row[f"target.{j}"] = Sel(r.target[j] if j < len(r.target) else None)
        row["akhir"] = _akhir(r.akhir, r.target, n, i)
        rows.append(row)
    return rows


def _baris_masalah(model: Renstra, tata: TataLetak) -> list[Baris]:
    return [
        {
            "no": Sel(i),
            "masalah_pokok": Sel(m.masalah_pokok),
            "masalah": Sel(list(m.masalah)),
            "akar_masalah": Sel(list(m.akar_masalah)),
        }
        for i, m in enumerate(model.masalah, start=1)
    ]


def _baris_faktor_misi(model: Renstra, tata: TataLetak) -> list[Baris]:
    telaahan = model.bab_3.telaahan_visi_misi
    rows: list[Baris] = []
    for i, r in enumerate(telaahan.matriks if telaahan else [], start=1):
        # As printed: the mission by its number and title, then the programme list.
        judul = model.rpjmd.misi[r.misi - 1].judul if 0 < r.misi <= len(model.rpjmd.misi) else ""
        shown = [f"Misi {r.misi}: {judul}", *(["Program:", *r.program] if r.program else [])]
        rows.append(
            {
                "no": Sel(i),
                "misi_program": Sel(shown),
                "permasalahan": Sel(list(r.permasalahan)),
                "penghambat": Sel(list(r.penghambat)),
                "pendorong": Sel(list(r.pendorong)),
                "misi": Sel(r.misi),
                "program": Sel(list(r.program)),
            }
        )
    return rows


BARIS: dict[str, Callable[[Renstra, TataLetak], list[Baris]]] = {
    "TC23": _baris_tc23,
    "TC24": _baris_tc24,
    "Masalah": _baris_masalah,
    "FaktorMisi": _baris_faktor_misi,
    "TC25": _baris_tc25,
    "TC26": _baris_tc26,
    "TC27": _baris_tc27,
    "TC28": _baris_tc28,
}


# --- the sheet -------------------------------------------------------------------------------

_TIPIS = Side(style="thin", color="808080")
_BINGKAI = Border(left=_TIPIS, right=_TIPIS, top=_TIPIS, bottom=_TIPIS)
_ISI_KEPALA = PatternFill("solid", fgColor="D9E2F3")
_ISI_BANTU = PatternFill("solid", fgColor="FFF2CC")
_ISI_RUMUS = PatternFill("solid", fgColor="F2F2F2")
_TENGAH = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TEKS = Alignment(vertical="top", wrap_text=True)
_ANGKA = Alignment(horizontal="right", vertical="top")
_TEBAL = Font(bold=True)

#: Rows above the header: the caption, then one empty row.
BARIS_KEPALA = 3


def header_cells(tata: TataLetak) -> list[tuple[str, int, int, int, int]]:
    """The header as (text, first row, first column, last row, last column), rows counted
    from 0 at the top header row; equal neighbouring texts of one parent are merged, and a
    header with fewer levels spans down as in the printed table (its last text sits on the
    bottom row, the one before it fills the rows between)."""
    levels = tata.tingkat
    placed: list[list[tuple[tuple[str, ...], int, int]]] = []
    for kolom in tata.kolom:
        k = len(kolom.kepala)
        entries = []
        for idx in range(k):
            key = kolom.kepala[: idx + 1]
            if k == 1:
                entries.append((key, 0, levels - 1))
            elif idx == k - 1:
                entries.append((key, levels - 1, levels - 1))
            elif idx == k - 2:
                entries.append((key, idx, levels - 2))
            else:
                entries.append((key, idx, idx))
        placed.append(entries)
    cells = []
    for level in range(levels):
        col = 0
        while col < len(placed):
            entry = next((e for e in placed[col] if e[1] == level), None)
            if entry is None:
                col += 1
                continue
            end = col
            while end + 1 < len(placed) and entry in placed[end + 1]:
                end += 1
            key, top, bottom = entry
            cells.append((key[-1], top, col, bottom, end))
            col = end + 1
    return cells


def write_sheet(ws: Worksheet, tata: TataLetak, rows: list[Baris], caption: str) -> None:
    """Lay out one table: caption, header, column numbers, rows, formats, widths."""
    title = ws.cell(1, 1, caption)
    title.font = Font(bold=True, size=12)
    title.alignment = Alignment(vertical="top", wrap_text=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(tata.dicetak), 1))
    width = sum(k.lebar for k in tata.dicetak)
    ws.row_dimensions[1].height = 16 * math.ceil(_lines(caption, width * 0.9, bold=True))
    nomor = _write_header(ws, tata)
    alamat = Alamat(tata, nomor + 1)
    for i, lines in enumerate(_row_lines(tata, rows)):
        ws.row_dimensions[alamat.mulai + i].height = _TINGGI_BARIS * math.ceil(lines)
    for i, baris in enumerate(rows):
        _write_row(ws, tata, alamat, alamat.mulai + i, baris, last=i == len(rows) - 1)
    ws.freeze_panes = f"A{alamat.mulai}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{BARIS_KEPALA}:{nomor}"
    _pilihan(ws, tata, alamat.mulai)


def _write_header(ws: Worksheet, tata: TataLetak) -> int:
    """The header rows and the row of column numbers; returns that row."""
    header_lines = [1.0] * tata.tingkat
    for text, top, left, bottom, right in header_cells(tata):
        width = sum(k.lebar for k in tata.kolom[left : right + 1])
        spread = _lines(text, width, bold=True) / (bottom - top + 1)
        for level in range(top, bottom + 1):
            header_lines[level] = max(header_lines[level], spread)
        fill = _ISI_BANTU if tata.kolom[left].bantu else _ISI_KEPALA
        for r in range(BARIS_KEPALA + top, BARIS_KEPALA + bottom + 1):
            for c in range(left + 1, right + 2):
                ws.cell(r, c).border = _BINGKAI
                ws.cell(r, c).fill = fill
        cell = ws.cell(BARIS_KEPALA + top, left + 1, text)
        cell.font = _TEBAL
        cell.alignment = _TENGAH
        if bottom > top or right > left:
            ws.merge_cells(
                start_row=BARIS_KEPALA + top,
                start_column=left + 1,
                end_row=BARIS_KEPALA + bottom,
                end_column=right + 1,
            )
    for level, lines in enumerate(header_lines):
        ws.row_dimensions[BARIS_KEPALA + level].height = _TINGGI_BARIS * math.ceil(lines)
    nomor = BARIS_KEPALA + tata.tingkat
    for posisi, kolom in enumerate(tata.kolom, start=1):
        cell = ws.cell(nomor, posisi, None if kolom.bantu else posisi)
        cell.alignment = _TENGAH
        cell.border = _BINGKAI
        cell.fill = _ISI_BANTU if kolom.bantu else _ISI_KEPALA
        dimension = ws.column_dimensions[cell_address(0, posisi)]
        dimension.width = kolom.lebar
        if kolom.jenis in ("kode", "teks", "daftar", "jenis", "arah"):
            # Typed there, "1.20" stays the code it is, not the number 1.2.
            dimension.number_format = "@"
    return nomor


def _row_lines(tata: TataLetak, rows: list[Baris]) -> list[float]:
    """About how many lines each data row needs; a merged cell shares its lines among the
    rows it spans."""
    jenis = {k.kunci: k for k in tata.kolom}
    lines = [1.0] * len(rows)
    for i, baris in enumerate(rows):
        for kunci, sel in baris.items():
            if isinstance(sel.nilai, str | list) and jenis[kunci].jenis != "nomor":
                text = "\n".join(sel.nilai) if isinstance(sel.nilai, list) else sel.nilai
                spread = _lines(text, jenis[kunci].lebar) / sel.tinggi
                for r in range(i, min(i + sel.tinggi, len(rows))):
                    lines[r] = max(lines[r], spread)
    return lines


def _write_row(
    ws: Worksheet, tata: TataLetak, alamat: Alamat, sheet_row: int, baris: Baris, last: bool
) -> None:
    for posisi in range(1, len(tata.kolom) + 1):
        ws.cell(sheet_row, posisi).border = _BINGKAI
    for kunci, sel in baris.items():
        col = tata.indeks(kunci)
        _isi(ws.cell(sheet_row, col), tata.kolom[col - 1], sel.nilai, alamat)
        if sel.tinggi > 1:
            ws.merge_cells(
                start_row=sheet_row,
                start_column=col,
                end_row=sheet_row + sel.tinggi - 1,
                end_column=col,
            )
    label = baris.get("uraian", baris.get("tujuan"))
    if last and label is not None and label.nilai == JUMLAH:
        for posisi in range(1, len(tata.kolom) + 1):
            ws.cell(sheet_row, posisi).font = _TEBAL
        if tata.nama == "TC27":
            ws.merge_cells(
                start_row=sheet_row,
                start_column=1,
                end_row=sheet_row,
                end_column=tata.indeks("awal"),
            )
            ws.cell(sheet_row, 1).alignment = _TENGAH


def _pilihan(ws: Worksheet, tata: TataLetak, mulai: int) -> None:
    """Drop-down lists for the columns that take one of a few words."""
    for kunci, pilihan in (("arah", "naik,turun"), ("jenis", "sasaran,program,kegiatan")):
        if tata.punya(kunci):
            kolom = cell_address(0, tata.indeks(kunci))
            dv = DataValidation(type="list", formula1=f'"{pilihan}"', allow_blank=True)
            dv.error = f"Isi dengan salah satu: {pilihan.replace(',', ', ')}"
            dv.errorTitle = "Nilai tidak dikenal"
            dv.add(f"{kolom}{mulai}:{kolom}{mulai + 5000}")
            ws.add_data_validation(dv)


#: The height of one line of text in points (the default 11-point font), and how many
#: characters of it fit in a column of width 1 (Excel measures widths in characters).
_TINGGI_BARIS = 15
_HURUF_PER_LEBAR = 1.15
_HURUF_PER_LEBAR_TEBAL = 0.9


def _lines(text: str, width: float, bold: bool = False) -> float:
    """About how many lines ``text`` wraps to in a column ``width`` characters wide: the
    workbook stores row heights, and no engine grows a row for wrapped text on opening."""
    per_line = max(width * (_HURUF_PER_LEBAR_TEBAL if bold else _HURUF_PER_LEBAR) - 1, 1)
    return float(sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n")))


def _isi(cell: Any, kolom: Kolom, value: Any, alamat: Alamat) -> None:
    if isinstance(value, Rumus):
        cell.value = value.tulis(alamat)
        cell.number_format = value.format
        cell.alignment = _ANGKA if value.format != "General" else _TEKS
        cell.fill = _ISI_RUMUS
        return
    if value is None:
        return
    if kolom.jenis in ("nilai", "rp"):
        stored, fmt = nilai_sel(value, rp=kolom.jenis == "rp")
        if fmt is not None:
            cell.value = stored
            cell.number_format = fmt
            cell.alignment = _ANGKA
            return
        value = stored
    if kolom.jenis in ("nomor", "bilangan"):
        cell.value = value
        cell.alignment = Alignment(horizontal="center", vertical="top")
        return
    text = "\n".join(value) if isinstance(value, list) else str(value)
    # Plan data is text: a value starting with "=" stays text, never a formula.
    cell.value = text
    cell.data_type = "s"
    cell.number_format = "@"
    if text[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True
    cell.alignment = _TEKS


# --- the workbook --------------------------------------------------------------------------


def build_workbook(model: Renstra, kerangka: Kerangka, tables: Iterable[str] = TABEL) -> Workbook:
    """A workbook with one sheet per standard table."""
    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    for nama in tables:
        tata = tata_letak(nama, kerangka, model.regulasi, model.periode)
        ws = wb.create_sheet(nama)
        caption = f"{tata.judul} {model.unit.nama_lengkap}"
        write_sheet(ws, tata, BARIS[nama](model, tata), caption)
    tanggal = dt.datetime.combine(model.penetapan.tanggal, dt.time())
    wb.properties.creator = "renstra-docs"
    wb.properties.title = f"Tabel {model.judul}"
    wb.properties.created = tanggal
    wb.properties.modified = tanggal
    return wb


def workbook_bytes(wb: Workbook, tanggal: dt.date) -> bytes:
    """The workbook as .xlsx bytes, reproducible: fixed entry times, the data's date."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    stamp = (max(tanggal.year, 1980), tanggal.month, tanggal.day, 0, 0, 0)
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def export_bytes(model: Renstra, kerangka: Kerangka) -> bytes:
    """``renstra excel``: every standard table of the document as .xlsx bytes."""
    return workbook_bytes(build_workbook(model, kerangka), model.penetapan.tanggal)


def template_bytes(model: Renstra, kerangka: Kerangka) -> bytes:
    """The template workbook of ``renstra baru``: the tables' headers for the workspace's
    regulation and period, ready to fill."""
    kosong = model.model_copy(
        update={
            "indikator_kinerja": [],
            "anggaran": [],
            "tujuan": [],
            "sasaran": [],
            "strategi": [],
            "program": [],
            "indikator_rpjmd": [],
            "masalah": [],
            "bab_3": model.bab_3.model_copy(update={"telaahan_visi_misi": None}),
        }
    )
    return export_bytes(kosong, kerangka)


def export_workbook(
    workspace: Workspace, unit_file: Path, keluaran: Path | None = None, *, kosong: bool = False
) -> tuple[Path, list[str]]:
    """``renstra excel``: write ``output/<unit>.xlsx`` (``<unit>-templat.xlsx`` with
    ``kosong``: the headers for the data's regulation and period, no rows); returns the file
    and its sheets. Unwritten sections do not matter here: the data is read as a draft."""
    from .build import write_atomically
    from .validate import load_renstra

    loaded = load_renstra(workspace, unit_file, draf=True)
    make = template_bytes if kosong else export_bytes
    folder = keluaran if keluaran is not None else workspace.output_dir
    target = folder / f"{unit_file.stem}{'-templat' if kosong else ''}.xlsx"
    write_atomically(target, make(loaded.model, loaded.kerangka))
    return target, list(TABEL)
