"""The typed data model of one Renstra: what the YAML becomes once it has been validated.

Field names are the domain's own Indonesian words, identical in the YAML keys, this model and
the templates. Descriptions are Indonesian: they become the JSON Schema that editors show.
Cross-references between parts (a mission number that must exist) are checked in
:mod:`renstra_docs.validate`, where the error can name the exact field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from .model_tabel import (
    Bagian,
    BarisAnggaran,
    FaktorMisi,
    Gambar,
    IndikatorKinerja,
    IndikatorRpjmd,
    Lampiran,
    Masalah,
    Perwal,
    Program,
    Sasaran,
    Strategi,
    Tujuan,
)

Teks = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: The years any Renstra date or year may fall in.
TAHUN_PERTAMA, TAHUN_TERAKHIR = 1945, 2100


def _bukan_ya_tidak(value: Any) -> Any:
    """A year written ``yes``/``on`` reads as True, which int accepts as 1: refuse it here."""
    if isinstance(value, bool):
        raise ValueError("harus berupa tahun, mis. 2013")
    return value


Tahun = Annotated[int, Field(ge=TAHUN_PERTAMA, le=TAHUN_TERAKHIR), BeforeValidator(_bukan_ya_tidak)]

Kertas = Literal["a4", "f4"]
Penomoran = Literal["lanjut", "bab"]
Regulasi = Literal["54/2010", "86/2017"]


class FieldError(ValueError):
    """A check across fields whose problem belongs to one of them (``field``, below the model).

    pydantic reports a model validator's error at the model itself; validate.py appends
    ``field`` so the message points at the value to correct.
    """

    def __init__(self, field: str | tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.field: tuple[str | int, ...] = (field,) if isinstance(field, str) else field


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class PemerintahDaerah(Model):
    """Identitas pemerintah daerah, sama untuk semua perangkat daerah."""

    nama: Teks = Field(description="Nama resmi, mis. 'Pemerintah Kota Bekasi'.")
    wilayah: Teks = Field(description="Nama wilayah, mis. 'Kota Bekasi'.")
    logo: Teks | None = Field(
        default=None,
        description="Berkas gambar lambang daerah (SVG/PNG/JPEG), relatif terhadap folder ruang"
        " kerja.",
    )

    @property
    def nama_daerah(self) -> str:
        """'Kota Bekasi' → 'Bekasi' (as in 'Peraturan Wali Kota Bekasi')."""
        for prefix in ("Kota ", "Kabupaten ", "Provinsi "):
            if self.wilayah.startswith(prefix):
                return self.wilayah[len(prefix) :]
        return self.wilayah


class Pejabat(Model):
    """Kepala perangkat daerah yang menandatangani dokumen."""

    jabatan: Teks = Field(description="Jabatan, mis. 'Camat Bekasi Utara'.")
    nama: Teks = Field(description="Nama lengkap dengan gelar.")
    pangkat: Teks = Field(description="Pangkat dan golongan, mis. 'Pembina Tingkat I (IV/b)'.")
    nip: str = Field(
        description="NIP 18 angka: tanggal lahir (TTTTBBHH), TMT CPNS (TTTTBB), jenis kelamin"
        " (1/2), nomor urut (3 angka). Tulis di antara tanda kutip.",
        pattern=r"^[0-9 ]+$",
        json_schema_extra={"examples": ["197507302001121001"]},
    )

    @field_validator("nip", mode="before")
    @classmethod
    def _nip_text(cls, value: Any) -> Any:
        # An unquoted NIP is read by YAML as a number; it has no leading zero, so accept it.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("nip")
    @classmethod
    def _nip_parts(cls, value: str) -> str:
        return check_nip(value.replace(" ", ""))


def check_nip(nip: str) -> str:
    """Validate a NIP's parts (not only its length); return it without spaces."""
    if not nip.isdigit():
        raise ValueError("NIP hanya boleh berisi angka")
    if len(nip) != 18:
        raise ValueError(f"NIP harus 18 angka (tertulis {len(nip)})")
    try:
        lahir = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValueError(
            f"NIP: tanggal lahir '{nip[0:8]}' (TTTTBBHH) bukan tanggal yang sah"
        ) from None
    tmt_tahun, tmt_bulan = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_bulan <= 12:
        raise ValueError(f"NIP: bulan pengangkatan '{nip[12:14]}' tidak sah")
    if not 1940 <= lahir.year <= 2015:
        raise ValueError(f"NIP: tahun lahir {lahir.year} tidak masuk akal")
    if tmt_tahun - lahir.year < 17 or tmt_tahun > 2100:
        raise ValueError(
            f"NIP: tahun pengangkatan {tmt_tahun} tidak sesuai dengan tahun lahir {lahir.year}"
        )
    if nip[14] not in "12":
        raise ValueError(f"NIP: angka jenis kelamin harus 1 atau 2 (tertulis {nip[14]})")
    if nip[15:18] == "000":
        raise ValueError("NIP: nomor urut tidak boleh 000")
    return nip


class Kontak(Model):
    """Alamat dan kontak perangkat daerah, dicetak di kop surat."""

    alamat: Teks = Field(description="Alamat kantor, mis. 'Jalan Raya Perjuangan No. 1'.")
    kode_pos: Teks | None = Field(default=None, description="Kode pos.")
    telepon: Teks | None = Field(default=None, description="Nomor telepon.")
    email: Teks | None = Field(default=None, description="Alamat surel.")
    laman: Teks | None = Field(default=None, description="Alamat laman (situs web).")


class Unit(Model):
    """Perangkat daerah pemilik Renstra."""

    jenis: Teks = Field(description="Jenis perangkat daerah: Kecamatan, Dinas, Badan, Kantor, …")
    nama: Teks = Field(description="Nama tanpa jenisnya, mis. 'Bekasi Utara'.")
    kepala: Pejabat = Field(description="Kepala perangkat daerah.")
    kontak: Kontak | None = Field(
        default=None, description="Alamat dan kontak untuk kop surat (wajib untuk renstra surat)."
    )

    @property
    def nama_lengkap(self) -> str:
        return f"{self.jenis} {self.nama}"


class Periode(Model):
    """Periode Renstra, tahun dasar (kondisi awal) dan tahun-tahun target."""

    awal: Tahun = Field(description="Tahun pertama periode, mis. 2013.")
    akhir: Tahun = Field(description="Tahun terakhir periode, mis. 2018.")
    tahun_dasar: Tahun | None = Field(
        default=None,
        description="Tahun kondisi awal; bawaan: tahun pertama periode. Boleh setahun sebelum"
        " periode (mis. 2022 untuk RPD 2023–2026 bertarget 2023…2026).",
    )
    tahun_target: list[Tahun] | None = Field(
        default=None,
        description="Tahun-tahun target; bawaan: tahun sesudah tahun dasar sampai tahun terakhir.",
    )

    tahun_evaluasi: list[Tahun] | None = Field(
        default=None,
        description="Tahun-tahun periode lalu yang dievaluasi di T-C.23 dan T-C.24; bawaan:"
        " sebanyak tahun target, berakhir di tahun dasar (mis. 2009–2013).",
    )

    @model_validator(mode="after")
    def _years_in_order(self) -> Periode:
        if self.akhir <= self.awal:
            raise FieldError(
                "akhir", f"tahun akhir ({self.akhir}) harus sesudah tahun awal ({self.awal})"
            )
        periode = f"{self.awal}–{self.akhir}"
        dasar = self.dasar
        if not self.awal - 1 <= dasar <= self.akhir:
            raise FieldError(
                "tahun_dasar",
                f"tahun dasar {dasar} harus di dalam periode {periode} atau setahun sebelumnya",
            )
        if self.tahun_target is None and dasar == self.akhir:
            raise FieldError(
                "tahun_dasar",
                f"tidak ada tahun target sesudah tahun dasar {dasar}; isi tahun_target",
            )
        if self.tahun_target is not None:
            if not self.tahun_target:
                raise FieldError("tahun_target", "tidak boleh kosong")
            for index, tahun in enumerate(self.tahun_target):
                where = ("tahun_target", index)
                if not self.awal <= tahun <= self.akhir:
                    raise FieldError(where, f"tahun target {tahun} di luar periode {periode}")
                if tahun <= dasar:
                    raise FieldError(
                        where, f"tahun target {tahun} harus sesudah tahun dasar {dasar}"
                    )
                if index and tahun <= self.tahun_target[index - 1]:
                    raise FieldError(where, "tahun target harus berurutan naik dan tidak berulang")
        if self.tahun_evaluasi is not None:
            if not self.tahun_evaluasi:
                raise FieldError("tahun_evaluasi", "tidak boleh kosong")
            for index, tahun in enumerate(self.tahun_evaluasi):
                where = ("tahun_evaluasi", index)
                if tahun > dasar:
                    raise FieldError(
                        where, f"tahun evaluasi {tahun} tidak boleh sesudah tahun dasar {dasar}"
                    )
                if index and tahun <= self.tahun_evaluasi[index - 1]:
                    raise FieldError(
                        where, "tahun evaluasi harus berurutan naik dan tidak berulang"
                    )
        return self

    @property
    def evaluasi(self) -> list[int]:
        """Years of the previous period that T-C.23 and T-C.24 evaluate."""
        if self.tahun_evaluasi is not None:
            return list(self.tahun_evaluasi)
        count = len(self.target)
        return list(range(self.dasar - count + 1, self.dasar + 1))

    @property
    def dasar(self) -> int:
        return self.tahun_dasar if self.tahun_dasar is not None else self.awal

    @property
    def target(self) -> list[int]:
        if self.tahun_target is not None:
            return list(self.tahun_target)
        return list(range(self.dasar + 1, self.akhir + 1))

    @property
    def teks(self) -> str:
        return f"{self.awal}–{self.akhir}"


class UnsurVisi(Model):
    """Satu unsur visi beserta penjelasannya."""

    nama: Teks = Field(description="Unsur visi, mis. 'Bekasi Maju'.")
    makna: Teks = Field(description="Penjelasan, dimulai dengan kata kerja: 'menggambarkan …'.")


class Visi(Model):
    """Visi kepala daerah (RPJMD)."""

    pernyataan: Teks = Field(description="Rumusan visi, mis. 'Bekasi Maju, Sejahtera dan Ihsan'.")
    unsur: list[UnsurVisi] = Field(
        default_factory=list, description="Penjelasan setiap unsur visi, berurutan."
    )


class Paragraf(Model):
    """Paragraf; boleh diikuti daftar bernomor sebaris: '(1) …; (2) …'."""

    teks: Teks = Field(description="Isi paragraf.")
    daftar: list[Teks] = Field(
        default_factory=list,
        description="Butir daftar bernomor yang dicetak sebaris sesudah teks: (1) …; (2) ….",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"teks": value}
        if value is not None and not isinstance(value, dict):
            raise ValueError(
                "harus berupa teks paragraf, atau pemetaan dengan kunci teks (dan daftar)"
            )
        return value


class Misi(Model):
    """Satu misi kepala daerah."""

    judul: Teks = Field(
        description="Rumusan misi, ditulis sekali; dokumen merujuknya dengan nomor."
    )
    makna: list[Paragraf] = Field(
        min_length=1,
        description="Paragraf makna misi. Tiap paragraf berupa teks, atau {teks, daftar} bila"
        " memuat daftar bernomor sebaris.",
    )


class Rpjmd(Model):
    """Visi dan misi kepala daerah terpilih dari RPJMD, sama untuk semua perangkat daerah."""

    kepala_daerah: Teks = Field(
        default="Kepala Daerah dan Wakil Kepala Daerah",
        description="Sebutan kepala daerah dalam teks.",
    )
    visi: Visi
    misi: list[Misi] = Field(min_length=1, description="Misi, berurutan (misi pertama = nomor 1).")


def _tanggal(value: Any) -> Any:
    """YAML reads 2013-11-28 as a date; "2013-11-28" in quotes (as editors following the JSON
    Schema may write it) is the same date. Nothing else is: no numbers, no times."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"tanggal '{value.strip()}' tidak ada di kalender") from None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError("harus berupa tanggal TTTT-BB-HH, mis. 2013-11-28")
    if not TAHUN_PERTAMA <= value.year <= TAHUN_TERAKHIR:
        raise ValueError(
            f"tahun {value.year} tidak masuk akal (harus {TAHUN_PERTAMA}–{TAHUN_TERAKHIR})"
        )
    return value


Tanggal = Annotated[dt.date, BeforeValidator(_tanggal)]


class Penetapan(Model):
    """Tempat dan tanggal dokumen."""

    tempat: Teks = Field(description="Tempat, mis. 'Bekasi'.")
    tanggal: Tanggal = Field(description="Tanggal dokumen (TTTT-BB-HH); juga tanggal metadata PDF.")


class Revisi(Model):
    """Revisi dokumen yang sudah pernah diterbitkan; nomor dan tanggalnya tercetak di sampul."""

    nomor: int = Field(
        ge=1,
        strict=True,
        description="Nomor revisi: 1 untuk revisi pertama, 2 untuk revisi kedua, …",
    )
    tanggal: Tanggal = Field(description="Tanggal revisi (TTTT-BB-HH).")
    keterangan: Teks | None = Field(
        default=None,
        max_length=60,
        description="Keterangan singkat (paling banyak 60 karakter), mis. 'perbaikan hasil"
        " verifikasi Bappeda'; tercetak di bawah baris revisi di sampul.",
    )


class TelaahanVisiMisi(Model):
    """Subbab 3.2: telaahan visi, misi, dan program kepala daerah.

    Faktor penghambat dan pendorong ditulis sebagai dua daftar (seperti naskah asal), atau
    sebagai matriks per misi, atau keduanya.
    """

    pengantar_visi: Teks = Field(
        default="Visi ini dijelaskan sebagai berikut:",
        description="Kalimat sebelum penjelasan unsur visi.",
    )
    pengantar_misi: Teks = Field(
        default="Dalam mewujudkan pencapaian visi tersebut, maka misi yang dilaksanakan adalah"
        " sebagai berikut:",
        description="Kalimat sebelum daftar misi.",
    )
    pengantar_keterkaitan: Teks = Field(
        description="Awal kalimat keterkaitan; sambungannya ('misi pertama yaitu …') dibuat"
        " otomatis dari misi_terkait."
    )
    misi_terkait: list[Annotated[int, Field(strict=True)]] = Field(
        min_length=1, description="Nomor misi yang terkait langsung dengan tugas dan fungsi unit."
    )
    pengantar_faktor: Teks = Field(description="Paragraf sebelum daftar faktor.")
    faktor_penghambat: list[Teks] = Field(default_factory=list, description="Faktor penghambat.")
    faktor_pendorong: list[Teks] = Field(default_factory=list, description="Faktor pendorong.")
    matriks: list[FaktorMisi] = Field(
        default_factory=list,
        description="Matriks faktor penghambat dan pendorong per misi (bentuk tabel).",
    )

    @model_validator(mode="after")
    def _one_form_at_least(self) -> TelaahanVisiMisi:
        if not self.matriks and not (self.faktor_penghambat and self.faktor_pendorong):
            raise FieldError(
                "faktor_penghambat",
                "isi faktor_penghambat dan faktor_pendorong, atau matriks per misi",
            )
        return self


def _bagian(description: str) -> Any:
    return Field(default=None, description=description)


class Bab1(Model):
    """BAB I Pendahuluan."""

    pengantar: Bagian | None = _bagian("Teks di bawah judul bab, sebelum subbab pertama.")
    latar_belakang: Bagian | None = _bagian("1.1 Latar Belakang.")
    landasan_hukum: Bagian | None = _bagian("1.2 Landasan Hukum.")
    maksud_tujuan: Bagian | None = _bagian("1.3 Maksud dan Tujuan.")
    sistematika: Bagian | None = _bagian("1.4 Sistematika Penulisan.")


class Bab2(Model):
    """BAB II Gambaran Pelayanan."""

    pengantar: Bagian | None = _bagian("Teks di bawah judul bab, sebelum subbab pertama.")
    tugas_fungsi_struktur: Bagian | None = _bagian("2.1 Tugas, Fungsi, dan Struktur Organisasi.")
    sumber_daya: Bagian | None = _bagian("2.2 Sumber Daya.")
    kinerja_pelayanan: Bagian | None = _bagian(
        "2.3 Kinerja Pelayanan; diikuti tabel T-C.23 dan T-C.24."
    )
    tantangan_peluang: Bagian | None = _bagian("2.4 Tantangan dan Peluang Pengembangan Pelayanan.")


class Bab3(Model):
    """BAB III Isu-isu strategis / permasalahan dan isu-isu strategis."""

    pengantar: Bagian | None = _bagian("Teks di bawah judul bab, sebelum subbab pertama.")
    permasalahan: Bagian | None = _bagian("3.1 Identifikasi Permasalahan; diikuti matriks.")
    telaahan_visi_misi: TelaahanVisiMisi | None = Field(
        default=None, description="3.2 Telaahan Visi, Misi, dan Program Kepala Daerah."
    )
    telaahan_renstra_kl: Bagian | None = _bagian("3.3 Telaahan Renstra K/L dan Provinsi.")
    telaahan_rtrw_klhs: Bagian | None = _bagian("3.4 Telaahan RTRW dan KLHS.")
    isu_strategis: Bagian | None = _bagian("3.5 Penentuan Isu-Isu Strategis.")


class Bab4(Model):
    """BAB IV (54/2010: visi, misi, tujuan, sasaran, strategi, kebijakan; 86/2017: tujuan dan
    sasaran)."""

    pengantar: Bagian | None = _bagian("Teks di bawah judul bab, sebelum subbab pertama.")
    visi_misi: Bagian | None = _bagian("4.1 Visi dan Misi SKPD (54/2010).")
    tujuan_sasaran: Bagian | None = _bagian("Tujuan dan sasaran; diikuti tabel T-C.25.")
    strategi_kebijakan: Bagian | None = _bagian(
        "4.3 Strategi dan Kebijakan (54/2010); diikuti tabel T-C.26."
    )


class BabTanpaSubbab(Model):
    """Bab tanpa subbab: teksnya, dan tabel standar bab itu bila ada."""

    pengantar: Bagian | None = _bagian("Teks bab.")


class Surat(Model):
    """Surat pengantar Renstra: nota dinas (di dalam pemda) atau surat dinas (ke luar)."""

    bentuk: Literal["nota_dinas", "surat_dinas"] = Field(
        default="nota_dinas",
        description="nota_dinas: antarperangkat daerah satu pemda (mis. ke Bappeda);"
        " surat_dinas: ke luar pemda.",
    )
    nomor: Teks = Field(description="Nomor surat, mis. '050/123/Kec.BU'.")
    sifat: Teks = Field(default="Biasa", description="Sifat surat: Biasa, Segera, Penting, …")
    hal: Teks = Field(description="Hal (perihal) surat.")
    tanggal: Tanggal = Field(description="Tanggal surat (TTTT-BB-HH).")
    tempat: Teks | None = Field(
        default=None, description="Tempat penandatanganan; bawaan: penetapan.tempat."
    )
    kepada: list[Teks] = Field(min_length=1, description="Yth. penerima, satu per baris.")
    di: Teks = Field(default="Tempat", description="Baris sesudah 'di-' (surat dinas).")
    isi: Bagian = Field(description="Isi surat (teks prosa).")
    tembusan: list[Teks] = Field(default_factory=list, description="Tembusan, bernomor.")


class Pengaturan(Model):
    """Pengaturan cetak; bisa ditimpa dari baris perintah."""

    kertas: Kertas = Field(
        default="a4", description="Ukuran kertas: a4 (210×297 mm) atau f4 (215×330 mm)."
    )
    penomoran: Penomoran = Field(
        default="lanjut", description="Penomoran halaman: lanjut (1, 2, …) atau bab (III-4)."
    )

    @field_validator("kertas", "penomoran", mode="before")
    @classmethod
    def _any_case(cls, value: Any) -> Any:
        # "A4" and "F4" are how people write paper sizes.
        return value.strip().lower() if isinstance(value, str) else value


TabelExcel = Literal["TC23", "TC24", "Masalah", "FaktorMisi", "TC25", "TC26", "TC27", "TC28"]


class SumberExcel(Model):
    """Satu tabel standar dari buku kerja Excel."""

    berkas: Teks = Field(description="Buku kerja .xlsx di dalam ruang kerja.")
    lembar: Teks | None = Field(
        default=None, description="Nama lembar; bawaan: nama tabel (mis. TC27)."
    )


class Renstra(Model):
    """Data satu Renstra: gabungan renstra.yaml (data bersama) dan berkas unit di data/."""

    pemerintah_daerah: PemerintahDaerah
    unit: Unit
    regulasi: Regulasi = Field(
        default="54/2010", description="Dasar format: Permendagri 54/2010 atau 86/2017."
    )
    periode: Periode
    penetapan: Penetapan
    revisi: Revisi | None = Field(
        default=None,
        description="Nomor dan tanggal revisi dokumen, tercetak di sampul (opsional; tanpa"
        " revisi: sampul tanpa baris revisi).",
    )
    rpjmd: Rpjmd
    pengaturan: Pengaturan = Field(default_factory=Pengaturan)
    perwal: Perwal | None = Field(
        default=None, description="Halaman pembuka lampiran peraturan kepala daerah (opsional)."
    )
    surat: Surat | None = Field(
        default=None, description="Surat pengantar Renstra (untuk renstra surat dan paket)."
    )
    kata_pengantar: Bagian | None = Field(default=None, description="Teks KATA PENGANTAR.")
    bab_1: Bab1 = Field(default_factory=Bab1, description="BAB I.")
    bab_2: Bab2 = Field(default_factory=Bab2, description="BAB II.")
    bab_3: Bab3 = Field(default_factory=Bab3, description="BAB III.")
    bab_4: Bab4 = Field(default_factory=Bab4, description="BAB IV.")
    bab_5: BabTanpaSubbab = Field(default_factory=BabTanpaSubbab, description="BAB V.")
    bab_6: BabTanpaSubbab = Field(default_factory=BabTanpaSubbab, description="BAB VI.")
    bab_7: BabTanpaSubbab = Field(default_factory=BabTanpaSubbab, description="BAB VII.")
    bab_8: BabTanpaSubbab = Field(
        default_factory=BabTanpaSubbab, description="BAB VIII (hanya 86/2017)."
    )
    gambar: list[Gambar] = Field(default_factory=list, description="Gambar dan judulnya.")
    lampiran: list[Lampiran] = Field(default_factory=list, description="Lampiran dokumen.")
    indikator_kinerja: list[IndikatorKinerja] = Field(
        default_factory=list, description="T-C.23 Pencapaian Kinerja Pelayanan."
    )
    anggaran: list[BarisAnggaran] = Field(
        default_factory=list, description="T-C.24 Anggaran dan Realisasi Pendanaan Pelayanan."
    )
    masalah: list[Masalah] = Field(default_factory=list, description="Matriks permasalahan.")
    tujuan: list[Tujuan] = Field(default_factory=list, description="Tujuan (T-C.25).")
    sasaran: list[Sasaran] = Field(default_factory=list, description="Sasaran (T-C.25).")
    strategi: list[Strategi] = Field(
        default_factory=list, description="Strategi dan kebijakan (T-C.26)."
    )
    program: list[Program] = Field(
        default_factory=list, description="Program dan kegiatan (T-C.27)."
    )
    indikator_rpjmd: list[IndikatorRpjmd] = Field(
        default_factory=list, description="T-C.28 Indikator kinerja mengacu RPJMD."
    )
    dari_excel: Teks | dict[TabelExcel, Teks | SumberExcel] | None = Field(
        default=None,
        description="Tabel yang diambil dari buku kerja Excel (.xlsx) di ruang kerja: satu"
        " berkas untuk semua lembar tabel yang ada di dalamnya (TC23, TC24, Masalah,"
        " FaktorMisi, TC25 … TC28), atau per tabel (TC27: data/program.xlsx, atau"
        " TC27: {berkas: …, lembar: …}).",
    )

    @property
    def judul(self) -> str:
        return f"Rencana Strategis {self.unit.nama_lengkap} Tahun {self.periode.teks}"

    @property
    def judul_singkat(self) -> str:
        return f"Renstra {self.unit.nama_lengkap} Tahun {self.periode.teks}"
