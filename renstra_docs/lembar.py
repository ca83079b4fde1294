"""The worksheet layout of the standard tables T-C.23 … T-C.28, shared by the export
(:mod:`renstra_docs.ekspor`), the import (:mod:`renstra_docs.impor`) and the template
workbook of ``renstra baru``.

A sheet is laid out like the printed table: a caption, the regulation's header rows (merged
as printed), the row of column numbers (1, 2, 3, …), then the data, one row per printed line.
Columns the printed table folds into another (a unit printed after its indicator, the
indicator's direction) or does not show (codes, the kind of a T-C.27 row) follow the printed
ones under a "Kolom bantu" header: the import needs them to rebuild the data exactly.

The header texts depend on the regulation and the period (one column per year); the import
finds the printed columns by position (counted from the row of column numbers) and checks
the years in their headers, and finds the helper columns by their header text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .kerangka import Kerangka
from .model import Periode

#: The sheets, by the table they hold, in document order: the standard tables, and the two
#: matrices of BAB III.
TABEL = ("TC23", "TC24", "Masalah", "FaktorMisi", "TC25", "TC26", "TC27", "TC28")

#: The data keys each table's sheet provides (under INDUK's mapping, if any).
KUNCI_DATA: dict[str, tuple[str, ...]] = {
    "TC23": ("indikator_kinerja",),
    "TC24": ("anggaran",),
    "Masalah": ("masalah",),
    "FaktorMisi": ("matriks",),
    "TC25": ("tujuan", "sasaran"),
    "TC26": ("strategi",),
    "TC27": ("program",),
    "TC28": ("indikator_rpjmd",),
}

#: Where a table's keys live when not at the top of the data.
INDUK: dict[str, tuple[str, ...]] = {"FaktorMisi": ("bab_3", "telaahan_visi_misi")}

#: The table's name as the regulation writes it ("" for the matrices, named by title only).
NAMA_RESMI = {nama: f"T-C.{nama[2:]}" if nama.startswith("TC") else "" for nama in TABEL}

#: The table's key in the kerangka (templates/kerangka/*.yaml).
KUNCI_KERANGKA = {nama: "faktor_misi" if nama == "FaktorMisi" else nama.lower() for nama in TABEL}


def label(nama: str) -> str:
    """How messages name a table: "T-C.27", "Masalah"."""
    return NAMA_RESMI[nama] or nama


BANTU = "Kolom bantu (tidak dicetak)"
JUMLAH = "Jumlah"

#: What a column holds:
#: nomor – the row number the table prints (written, ignored on import);
#: teks – text; daftar – a list of texts, one per line of the cell;
#: nilai – a target or value (number, or a word/grade); rp – an amount of money;
#: rumus – computed by a formula (never read back);
#: info – printed for reading (a tujuan or sasaran repeated from T-C.25), ignored on import;
#: kode – a code; arah – naik/turun; jenis – the kind of a T-C.27 row.
#: bilangan – a whole number (a mission's number).
Jenis = Literal[
    "nomor", "teks", "daftar", "nilai", "rp", "rumus", "info", "kode", "arah", "jenis", "bilangan"
]

#: The kinds of T-C.27 rows, as the "Jenis Baris" column writes them.
JENIS_BARIS = ("sasaran", "program", "kegiatan")


@dataclass(frozen=True)
class Kolom:
    """One column: its key (``target.2`` is the third year's target), its header texts from
    the top level down, what it holds and its width in characters."""

    kunci: str
    kepala: tuple[str, ...]
    jenis: Jenis
    lebar: float
    bantu: bool = False


@dataclass(frozen=True)
class TataLetak:
    """The layout of one table's sheet."""

    nama: str
    judul: str
    tahun: tuple[int, ...]
    kolom: tuple[Kolom, ...]

    @property
    def tingkat(self) -> int:
        """The number of header rows."""
        return max(len(k.kepala) for k in self.kolom)

    @property
    def dicetak(self) -> tuple[Kolom, ...]:
        return tuple(k for k in self.kolom if not k.bantu)

    @property
    def bantu(self) -> tuple[Kolom, ...]:
        return tuple(k for k in self.kolom if k.bantu)

    def indeks(self, kunci: str) -> int:
        """The 1-based column of ``kunci``."""
        for posisi, kolom in enumerate(self.kolom, start=1):
            if kolom.kunci == kunci:
                return posisi
        raise KeyError(kunci)

    def punya(self, kunci: str) -> bool:
        return any(k.kunci == kunci for k in self.kolom)


def tahun_tabel(nama: str, periode: Periode) -> tuple[int, ...]:
    """The years a table covers: T-C.23 and T-C.24 evaluate the previous period; the
    matrices have no year columns."""
    if not nama.startswith("TC"):
        return ()
    return tuple(periode.evaluasi if nama in ("TC23", "TC24") else periode.target)


def _per_tahun(
    kunci: str,
    induk: tuple[str, ...],
    tahun: tuple[int, ...],
    label: str,
    jenis: Jenis,
    lebar: float,
) -> list[Kolom]:
    return [
        Kolom(f"{kunci}.{i}", (*induk, label.format(ke=i + 1, t=t)), jenis, lebar)
        for i, t in enumerate(tahun)
    ]


def _bantu(kunci: str, judul: str, jenis: Jenis, lebar: float) -> Kolom:
    return Kolom(kunci, (BANTU, judul), jenis, lebar, bantu=True)


def tata_letak(nama: str, kerangka: Kerangka, regulasi: str, periode: Periode) -> TataLetak:
    """The layout of ``nama``'s sheet (``TC23`` … ``TC28``) for a regulation and a period."""
    tahun = tahun_tabel(nama, periode)
    sebutan = kerangka.sebutan_unit
    r54 = regulasi == "54/2010"
    kolom: list[Kolom] = []
    if nama == "TC23":
        acuan = "SPM" if r54 else "NSPK"
        kolom += [
            Kolom("no", ("No",), "nomor", 5),
            Kolom(
                "indikator", (f"Indikator Kinerja sesuai Tugas dan Fungsi {sebutan}",), "teks", 40
            ),
            Kolom("target_spm", (f"Target {acuan}",), "nilai", 10),
            Kolom("target_ikk", ("Target IKK",), "nilai", 10),
            Kolom("target_lainnya", ("Target Indikator Lainnya",), "nilai", 10),
        ]
        baris_tahun = "ke-{ke} ({t})"
        kolom += _per_tahun(
            "target", (f"Target Renstra {sebutan} Tahun",), tahun, baris_tahun, "nilai", 11
        )
        kolom += _per_tahun(
            "realisasi", ("Realisasi Capaian Tahun",), tahun, baris_tahun, "nilai", 11
        )
        kolom += _per_tahun("rasio", ("Rasio Capaian pada Tahun",), tahun, baris_tahun, "rumus", 11)
        kolom += [
            _bantu("satuan", "Satuan", "teks", 10),
            _bantu("arah", "Arah (naik/turun)", "arah", 10),
        ]
    elif nama == "TC24":
        baris_tahun = "ke-{ke} ({t})"
        kolom.append(Kolom("uraian", ("Uraian",), "teks", 32))
        kolom += _per_tahun("anggaran", ("Anggaran pada Tahun",), tahun, baris_tahun, "rp", 17)
        kolom += _per_tahun(
            "realisasi", ("Realisasi Anggaran pada Tahun",), tahun, baris_tahun, "rp", 17
        )
        kolom += _per_tahun(
            "rasio", ("Rasio antara Realisasi dan Anggaran Tahun",), tahun, baris_tahun, "rumus", 11
        )
        kolom += [
            Kolom("tumbuh_anggaran", ("Rata-rata Pertumbuhan", "Anggaran"), "rumus", 12),
            Kolom("tumbuh_realisasi", ("Rata-rata Pertumbuhan", "Realisasi"), "rumus", 12),
        ]
    elif nama == "Masalah":
        kolom += [
            Kolom("no", ("No",), "nomor", 5),
            Kolom("masalah_pokok", ("Masalah Pokok",), "teks", 32),
            Kolom("masalah", ("Masalah",), "daftar", 45),
            Kolom("akar_masalah", ("Akar Masalah",), "daftar", 45),
        ]
    elif nama == "FaktorMisi":
        kolom += [
            Kolom("no", ("No",), "nomor", 5),
            Kolom("misi_program", ("Misi dan Program Kepala Daerah Terpilih",), "info", 40),
            Kolom("permasalahan", ("Permasalahan Pelayanan",), "daftar", 36),
            Kolom("penghambat", ("Faktor Penghambat",), "daftar", 36),
            Kolom("pendorong", ("Faktor Pendorong",), "daftar", 36),
            _bantu("misi", "Nomor Misi", "bilangan", 10),
            _bantu("program", "Program Kepala Daerah", "daftar", 36),
        ]
    elif nama == "TC25":
        kolom += [
            Kolom("no", ("No",), "nomor", 5),
            Kolom("tujuan", ("Tujuan",), "teks", 30),
            Kolom("sasaran", ("Sasaran",), "teks", 30),
            Kolom("indikator", ("Indikator Sasaran",), "teks", 30),
        ]
        kolom += _per_tahun(
            "target", ("Target Kinerja Sasaran pada Tahun ke-",), tahun, "{ke} ({t})", "nilai", 11
        )
        kolom += [
            _bantu("kode_tujuan", "Kode Tujuan", "kode", 10),
            _bantu("kode_sasaran", "Kode Sasaran", "kode", 10),
            _bantu("satuan", "Satuan", "teks", 10),
            _bantu("awal", f"Kondisi Awal ({periode.dasar})", "nilai", 11),
            _bantu("akhir", "Kondisi Akhir", "nilai", 11),
        ]
    elif nama == "TC26":
        kolom += [
            Kolom("tujuan", ("Tujuan",), "info", 28),
            Kolom("sasaran", ("Sasaran",), "info", 28),
            Kolom("strategi", ("Strategi",), "daftar", 40),
            Kolom("kebijakan", ("Kebijakan" if r54 else "Arah Kebijakan",), "daftar", 40),
            _bantu("kode_sasaran", "Kode Sasaran", "kode", 10),
        ]
    elif nama == "TC27":
        induk = "Target Kinerja Program dan Kerangka Pendanaan"
        akhir = f"Kondisi Kinerja pada Akhir Periode Renstra {sebutan}"
        indikator = (
            "Indikator Kinerja Program (outcome) dan Kegiatan (output)"
            if r54
            else "Indikator Kinerja Tujuan, Sasaran, Program (outcome) dan Kegiatan (output)"
        )
        kolom += [
            Kolom("tujuan", ("Tujuan",), "info", 22),
            Kolom("sasaran", ("Sasaran",), "info", 22),
        ]
        if r54:
            kolom.append(Kolom("indikator_sasaran", ("Indikator Sasaran",), "info", 22))
        kolom += [
            Kolom("kode", ("Kode",), "kode", 17),
            Kolom("nama", ("Program dan Kegiatan",), "teks", 32),
            Kolom("indikator", (indikator,), "teks", 32),
            Kolom(
                "awal",
                (f"Data Capaian pada Tahun Awal Perencanaan ({periode.dasar})",),
                "nilai",
                11,
            ),
        ]
        for i, t in enumerate(tahun):
            label = f"Tahun-{i + 1} ({t})"
            kolom += [
                Kolom(f"target.{i}", (induk, label, "Target"), "nilai", 11),
                Kolom(f"rp.{i}", (induk, label, "Rp"), "rp", 17),
            ]
        kepala_akhir = (akhir,) if r54 else (induk, akhir)
        kolom += [
            Kolom("akhir", (*kepala_akhir, "Target"), "nilai", 11),
            Kolom("rp_akhir", (*kepala_akhir, "Rp"), "rumus", 18),
            Kolom("pj", (f"Unit Kerja {sebutan} Penanggung Jawab",), "teks", 20),
            Kolom("lokasi", ("Lokasi",), "teks", 16),
            _bantu("jenis", "Jenis Baris", "jenis", 11),
            _bantu("kode_sasaran", "Kode Sasaran", "kode", 10),
            _bantu("satuan", "Satuan", "teks", 10),
        ]
    elif nama == "TC28":
        kolom += [
            Kolom("no", ("No",), "nomor", 5),
            Kolom("indikator", ("Indikator",), "teks", 40),
            Kolom(
                "awal", (f"Kondisi Kinerja pada Awal Periode RPJMD ({periode.dasar})",), "nilai", 14
            ),
        ]
        kolom += _per_tahun("target", ("Target Capaian Setiap Tahun",), tahun, "{t}", "nilai", 11)
        kolom += [
            Kolom("akhir", ("Kondisi Kinerja pada Akhir Periode RPJMD",), "nilai", 14),
            _bantu("satuan", "Satuan", "teks", 10),
        ]
    else:
        raise KeyError(nama)
    judul_resmi = next(
        (
            t.judul
            for bab in kerangka.bab
            for t in [*bab.tabel, *(t for b in bab.bagian for t in b.tabel)]
            if t.kunci == KUNCI_KERANGKA[nama]
        ),
        "",
    )
    judul = " ".join(part for part in ("Tabel", NAMA_RESMI[nama], judul_resmi) if part)
    return TataLetak(nama, judul, tahun, tuple(kolom))
