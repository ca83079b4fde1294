"""The typed data of the standard tables (T-C.23 … T-C.28) and the BAB III matrices.

Only what people type is here; every derived figure (ratios, growth, totals, end-of-period
values) is computed by :mod:`renstra_docs.hitung` when the document is built. Yearly lists
hold one value per target year of the period; their length is checked in validate.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from .hitung import parse_angka

Teks = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Kode = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^\S+$")
]


#: A target or realised value: a number, or words/grades ("A", "BB", "Tersedia"). Strict, so
#: text stays text: "1.250" (Indonesian 1250) must never become the float 1.25; text is read
#: with Indonesian number style by hitung.parse_angka.
def _nilai(value: Any) -> int | float | str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("harus berupa angka atau teks (mis. 75, 75,5, atau Tersedia)")
    if isinstance(value, str) and not value.strip():
        raise ValueError("tidak boleh teks kosong (hapus, atau tulis null bila belum ada)")
    angka = parse_angka(value)
    if angka and _terlalu_panjang(angka):
        raise ValueError(
            f"angka terlalu panjang (paling banyak {DIGIT} angka sebelum koma"
            f" dan {DIGIT} sesudahnya)"
        )
    return value


#: The tables compute ratios, growth and totals with 50 significant digits and print them
#: with two decimals: a figure of more than 18 digits before the decimal comma (Rp1 triliun
#: has 13) or after it cannot be a real one, and would overflow that arithmetic (1e400, or a
#: ratio over 1e-300) when the document is built.
DIGIT = 18
BATAS_ANGKA = Decimal(10) ** DIGIT


def _terlalu_panjang(angka: Decimal) -> bool:
    exponent = angka.normalize().as_tuple().exponent  # finite: an int
    return abs(angka) >= BATAS_ANGKA or (isinstance(exponent, int) and exponent < -DIGIT)


Nilai = Annotated[
    int | float | str,
    PlainValidator(_nilai),
    WithJsonSchema({"type": ["number", "string"], "description": "Angka, atau teks/predikat."}),
]
Arah = Literal["naik", "turun"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndikatorKinerja(Model):
    """Satu baris T-C.23 Pencapaian Kinerja Pelayanan."""

    indikator: Teks = Field(description="Indikator kinerja sesuai tugas dan fungsi.")
    satuan: Teks | None = Field(default=None, description="Satuan, mis. %, dokumen, orang.")
    arah: Arah = Field(
        default="naik",
        description="naik: makin tinggi makin baik; turun: makin rendah makin baik.",
    )
    target_spm: Nilai | None = Field(
        default=None, description="Target SPM (54/2010) atau target NSPK (86/2017)."
    )
    target_ikk: Nilai | None = Field(default=None, description="Target IKK.")
    target_lainnya: Nilai | None = Field(default=None, description="Target indikator lainnya.")
    target: list[Nilai] = Field(description="Target Renstra, satu nilai per tahun target.")
    realisasi: list[Nilai | None] = Field(
        description="Realisasi capaian, satu nilai per tahun target (kosongkan: belum ada)."
    )


class BarisAnggaran(Model):
    """Satu baris T-C.24 Anggaran dan Realisasi Pendanaan Pelayanan."""

    uraian: Teks = Field(description="Uraian belanja, mis. 'Belanja Langsung'.")
    anggaran: list[Nilai] = Field(description="Anggaran (Rp) per tahun target.")
    realisasi: list[Nilai | None] = Field(description="Realisasi (Rp) per tahun target.")


class Masalah(Model):
    """Satu baris matriks permasalahan (BAB III)."""

    masalah_pokok: Teks = Field(description="Masalah pokok.")
    masalah: list[Teks] = Field(min_length=1, description="Masalah.")
    akar_masalah: list[Teks] = Field(min_length=1, description="Akar masalah.")


class FaktorMisi(Model):
    """Satu baris matriks faktor penghambat dan pendorong per misi (BAB III)."""

    misi: int = Field(strict=True, description="Nomor misi kepala daerah (rpjmd.misi).")
    program: list[Teks] = Field(default_factory=list, description="Program kepala daerah.")
    permasalahan: list[Teks] = Field(min_length=1, description="Permasalahan pelayanan.")
    penghambat: list[Teks] = Field(min_length=1, description="Faktor penghambat.")
    pendorong: list[Teks] = Field(min_length=1, description="Faktor pendorong.")


class IndikatorTarget(Model):
    """Indikator dengan kondisi awal dan target tahunan."""

    uraian: Teks = Field(description="Rumusan indikator.")
    satuan: Teks | None = Field(default=None, description="Satuan.")
    awal: Nilai | None = Field(default=None, description="Kondisi awal (tahun dasar).")
    target: list[Nilai] = Field(description="Target per tahun target.")
    akhir: Nilai | None = Field(
        default=None, description="Kondisi akhir periode; bawaan: target tahun terakhir."
    )


class Tujuan(Model):
    """Tujuan jangka menengah (T-C.25)."""

    kode: Kode = Field(description="Kode unik, dirujuk oleh sasaran, mis. T1.")
    uraian: Teks = Field(description="Rumusan tujuan.")


class Sasaran(Model):
    """Sasaran jangka menengah (T-C.25)."""

    kode: Kode = Field(description="Kode unik, dirujuk oleh strategi dan program, mis. S1.1.")
    tujuan: Kode = Field(description="Kode tujuan yang didukung.")
    uraian: Teks = Field(description="Rumusan sasaran.")
    indikator: list[IndikatorTarget] = Field(min_length=1, description="Indikator sasaran.")


class Strategi(Model):
    """Strategi dan kebijakan untuk satu sasaran (T-C.26)."""

    sasaran: Kode = Field(description="Kode sasaran.")
    strategi: list[Teks] = Field(min_length=1, description="Strategi.")
    kebijakan: list[Teks] = Field(min_length=1, description="(Arah) kebijakan.")


class Kegiatan(Model):
    """Kegiatan di bawah program (T-C.27)."""

    kode: Kode = Field(description="Kode kegiatan, unik.")
    nama: Teks = Field(description="Nama kegiatan.")
    indikator: list[IndikatorTarget] = Field(
        min_length=1, description="Indikator kinerja kegiatan (keluaran)."
    )
    pagu: list[Nilai] = Field(description="Pendanaan indikatif (Rp) per tahun target.")
    penanggung_jawab: Teks | None = Field(
        default=None, description="Unit kerja penanggung jawab; bawaan: milik program."
    )
    lokasi: Teks | None = Field(default=None, description="Lokasi; bawaan: milik program.")


class Program(Model):
    """Program (T-C.27); pendanaannya dijumlahkan dari kegiatan."""

    kode: Kode = Field(description="Kode program, unik.")
    nama: Teks = Field(description="Nama program.")
    sasaran: Kode = Field(description="Kode sasaran yang didukung.")
    indikator: list[IndikatorTarget] = Field(
        min_length=1, description="Indikator kinerja program (hasil/outcome)."
    )
    pagu: list[Nilai] | None = Field(
        default=None,
        description="Pagu program per tahun bila ditulis tangan; harus sama dengan jumlah"
        " kegiatannya (diperiksa).",
    )
    penanggung_jawab: Teks = Field(description="Unit kerja penanggung jawab.")
    lokasi: Teks = Field(description="Lokasi.")
    kegiatan: list[Kegiatan] = Field(min_length=1, description="Kegiatan.")


class IndikatorRpjmd(Model):
    """Satu baris T-C.28 Indikator Kinerja yang Mengacu pada Tujuan dan Sasaran RPJMD."""

    indikator: Teks = Field(description="Indikator kinerja.")
    satuan: Teks | None = Field(default=None, description="Satuan.")
    awal: Nilai | None = Field(default=None, description="Kondisi kinerja awal periode.")
    target: list[Nilai] = Field(description="Target per tahun target.")
    akhir: Nilai | None = Field(
        default=None, description="Kondisi kinerja akhir periode; bawaan: target tahun terakhir."
    )


class Bagian(Model):
    """Isi satu (sub)bab: teks prosa, atau tanda sengaja dihilangkan beserta alasannya."""

    teks: Teks | None = Field(default=None, description="Teks prosa (format-prosa.md).")
    dihilangkan: Teks | None = Field(
        default=None, description="Alasan bagian ini sengaja tidak diisi."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"teks": value}
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return {"teks": "\n\n".join(value)}
        return value

    @model_validator(mode="after")
    def _one_of(self) -> Bagian:
        if (self.teks is None) == (self.dihilangkan is None):
            raise ValueError("isi dengan teks, atau 'dihilangkan: alasan' (salah satu saja)")
        return self


class Gambar(Model):
    """Gambar (mis. bagan struktur organisasi) dengan judulnya."""

    kunci: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")] = Field(
        description="Kunci unik untuk rujukan [[gambar:kunci]]: huruf, angka, '-' dan '_'."
    )
    berkas: Teks = Field(description="Berkas gambar di dalam ruang kerja (.svg/.png/.jpg).")
    judul: Teks = Field(description="Judul gambar, dicetak di bawahnya.")
    bagian: Kode = Field(
        description="Kunci (sub)bab tempat gambar dicetak, mis. tugas_fungsi_struktur."
    )


class Lampiran(Model):
    """Satu lampiran di akhir dokumen."""

    judul: Teks = Field(description="Judul lampiran.")
    teks: Teks | None = Field(default=None, description="Teks prosa lampiran.")
    gambar: Teks | None = Field(default=None, description="Berkas gambar lampiran.")


class Perwal(Model):
    """Halaman pembuka lampiran Peraturan Wali Kota/Bupati (opsional)."""

    jenis: Teks = Field(default="Peraturan Wali Kota", description="Jenis peraturan.")
    nomor: Teks = Field(description="Nomor peraturan.")
    tahun: int = Field(ge=1945, le=2100, description="Tahun peraturan.")
    tanggal: Teks | None = Field(default=None, description="Tanggal penetapan, bila sudah ada.")
    tentang: Teks = Field(description="Judul peraturan (TENTANG …).")
