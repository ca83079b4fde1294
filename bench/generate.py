"""A realistic large Renstra workspace for the benchmark.

``python bench/generate.py OUT_DIR [--units N] [--seed S] [--size F]`` writes ``renstra.yaml``
and ``gambar/`` copied from the repository root and ``data/<unit>.yaml`` × N: units derived
from the sample ``data/bekasi-utara.yaml`` (Permendagri 54/2010 outline) with several
paragraphs of generated Indonesian prose in every section and large standard tables (T-C.27
with 600 activities at ``--size 1``, about 160 pages a unit). Everything is deterministic
from the seed; units differ in names, people, numbers and text, so N units are N distinct
documents. The data passes ``renstra periksa``.

The two edits of the benchmark (``bench/run.py``) look for fixed lines in the written YAML:
``BAB1_LINE`` (one line of a paragraph of 1.1 Latar Belakang, reworded by each edit) and
``BAB2_ANCHOR`` (a one-line paragraph in 2.1, after which a page of text is inserted).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
SAMPLE_UNIT = REPO / "data" / "bekasi-utara.yaml"
SAMPLE_NAME = "Bekasi Utara"
SAMPLE_KELURAHAN = (
    "Harapan Jaya",
    "Kaliabang Tengah",
    "Perwira",
    "Harapan Baru",
    "Marga Mulya",
    "Teluk Pucung",
)

#: One line of the second paragraph of 1.1 (a line of its own in the YAML); the edits of case
#: (c) change one word at a time (see ``bab1_line``), so the page count stays.
BAB1_LINE = (
    "Penyusunan dokumen ini melibatkan para lurah, tokoh masyarakat, dan aparatur kecamatan."
)
BAB1_SWAPS = (
    ("tokoh", "pemuka"),
    ("aparatur", "pegawai"),
    ("dokumen", "naskah"),
    ("para", "semua"),
    ("melibatkan", "mengajak"),
)
#: A one-line paragraph of 2.1; case (d) inserts about a page of text after it.
BAB2_ANCHOR = "Rincian tugas setiap unit kerja diuraikan lebih lanjut sebagai berikut."

#: Kota Bekasi has twelve kecamatan: a batch of 12 is the region's full set.
UNIT_NAMES = (
    "Bekasi Utara",
    "Bekasi Timur",
    "Bekasi Barat",
    "Bekasi Selatan",
    "Medan Satria",
    "Rawalumbu",
    "Bantargebang",
    "Pondok Gede",
    "Jatiasih",
    "Jatisampurna",
    "Mustika Jaya",
    "Pondok Melati",
)
KELURAHAN_POOL = (
    "Jaka Mulya",
    "Jaka Setia",
    "Pekayon Jaya",
    "Margahayu",
    "Duren Jaya",
    "Aren Jaya",
    "Bintara",
    "Kranji",
    "Kota Baru",
    "Jaka Sampurna",
    "Sepanjang Jaya",
    "Pengasinan",
    "Bojong Menteng",
    "Bojong Rawalumbu",
    "Jatimulya",
    "Cikiwul",
    "Sumur Batu",
    "Ciketing Udik",
    "Jatibening",
    "Jatiwaringin",
    "Jatimakmur",
    "Jatirahayu",
    "Jatiwarna",
    "Jatiranggon",
    "Jatikarya",
    "Jatiluhur",
    "Cimuning",
    "Padurenan",
    "Harapan Mulya",
    "Pejuang",
    "Kalibaru",
    "Margajaya",
)
GIVEN_NAMES = (
    "Ahmad",
    "Budi",
    "Dedi",
    "Eko",
    "Hendra",
    "Irwan",
    "Joko",
    "Rahmat",
    "Slamet",
    "Taufik",
    "Yusuf",
    "Agus",
)
FAMILY_NAMES = (
    "Suryadi",
    "Hidayat",
    "Kurniawan",
    "Setiawan",
    "Gunawan",
    "Saputra",
    "Wibowo",
    "Nugroho",
    "Permana",
    "Firmansyah",
    "Ramadhan",
    "Santoso",
)

# --- prose -----------------------------------------------------------------------------------

SUBJECTS = (
    "Pemerintah kecamatan",
    "Aparatur kecamatan",
    "Camat beserta jajarannya",
    "Sekretariat kecamatan",
    "Seksi Pelayanan Umum",
    "Seksi Pemerintahan",
    "Seksi Ketenteraman dan Ketertiban Umum",
    "Seksi Ekonomi dan Pembangunan",
    "Seksi Kesejahteraan Sosial",
    "Para lurah",
    "Lembaga kemasyarakatan di tingkat kelurahan",
    "Forum RT dan RW",
)
PREDICATES = (
    "terus meningkatkan",
    "berupaya memperkuat",
    "secara bertahap mengembangkan",
    "mengoordinasikan",
    "memfasilitasi",
    "mengevaluasi secara berkala",
    "menyusun langkah perbaikan untuk",
    "memantau pelaksanaan",
    "mendorong peningkatan",
    "menata kembali",
)
OBJECTS = (
    "kualitas pelayanan administrasi terpadu",
    "ketertiban umum di kawasan padat penduduk",
    "partisipasi masyarakat dalam musyawarah perencanaan pembangunan",
    "pemanfaatan teknologi informasi dalam pelayanan",
    "kapasitas dan disiplin aparatur",
    "pengelolaan sarana dan prasarana kantor",
    "koordinasi dengan perangkat daerah terkait",
    "pembinaan lembaga kemasyarakatan",
    "penanganan pengaduan masyarakat",
    "pendataan penyandang masalah kesejahteraan sosial",
    "pengendalian pemanfaatan ruang",
    "kebersihan dan keindahan lingkungan",
    "pelaporan kinerja dan keuangan",
    "kesiapsiagaan menghadapi bencana banjir",
    "pembinaan usaha mikro dan kecil",
)
ADVERBIALS = (
    "agar sasaran jangka menengah dapat tercapai",
    "sesuai dengan standar pelayanan yang telah ditetapkan",
    "dengan melibatkan tokoh masyarakat dan dunia usaha",
    "di setiap kelurahan dalam wilayah kecamatan",
    "sebagaimana diamanatkan RPJMD Kota Bekasi",
    "dalam kerangka reformasi birokrasi",
    "dengan memperhatikan kemampuan keuangan daerah",
    "secara terpadu dan berkelanjutan",
    "untuk menjawab tuntutan masyarakat yang terus berkembang",
    "sejalan dengan arah kebijakan pemerintah kota",
)
CONNECTIVES = (
    "Selain itu,",
    "Di samping itu,",
    "Dengan demikian,",
    "Sejalan dengan hal tersebut,",
    "Namun demikian,",
    "Oleh karena itu,",
    "Dalam pelaksanaannya,",
    "Pada periode ini,",
)
OBSTACLES = (
    "keterbatasan jumlah petugas",
    "anggaran yang belum memadai",
    "sarana kerja yang sudah berumur",
    "koordinasi lintas sektor yang belum optimal",
    "data dasar yang belum mutakhir",
    "kesadaran masyarakat yang masih beragam",
    "kompetensi teknis aparatur yang belum merata",
)
OUTCOMES = (
    "kepuasan masyarakat terus meningkat",
    "waktu penyelesaian layanan makin singkat",
    "pelanggaran ketertiban umum berkurang",
    "usulan masyarakat lebih banyak terakomodasi",
    "akuntabilitas kinerja kecamatan membaik",
    "kelurahan makin mandiri dalam melayani warganya",
)
FIGURES = (
    ("jumlah layanan administrasi yang diselesaikan", "berkas", 4000, 20000),
    ("jumlah pengaduan masyarakat yang diterima", "pengaduan", 150, 900),
    ("jumlah peserta musyawarah perencanaan pembangunan", "orang", 300, 1500),
    ("jumlah pelaku usaha mikro yang dibina", "pelaku usaha", 80, 400),
    ("jumlah operasi penertiban yang dilaksanakan", "kegiatan", 20, 90),
    ("jumlah pos keamanan lingkungan yang aktif", "pos", 60, 260),
)


def number_id(value: float, decimals: int = 0) -> str:
    """Indonesian digits: 1.234.567 and 4,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


class Prose:
    """Indonesian planning prose, deterministic from its random generator."""

    def __init__(self, rng: random.Random, unit: str, years: list[int]) -> None:
        self.rng = rng
        self.unit = unit
        self.years = years

    def sentence(self) -> str:
        r = self.rng
        kind = r.randrange(7)
        subject, predicate = r.choice(SUBJECTS), r.choice(PREDICATES)
        obj, adverbial = r.choice(OBJECTS), r.choice(ADVERBIALS)
        if kind == 0:
            return f"{subject} {predicate} {obj} {adverbial}."
        if kind == 1:
            lead = subject if subject.startswith(("Seksi", "Forum")) else subject.lower()
            return f"{r.choice(CONNECTIVES)} {lead} {predicate} {obj} {adverbial}."
        if kind == 2:
            first, second = r.sample(OBSTACLES, 2)
            return (
                f"Hasil evaluasi menunjukkan bahwa {obj} masih menghadapi kendala berupa"
                f" {first} dan {second}."
            )
        if kind == 3:
            what, unit_word, low, high = r.choice(FIGURES)
            change = r.uniform(1.5, 14.0)
            trend = "meningkat" if r.random() < 0.75 else "menurun"
            return (
                f"Pada tahun {r.choice(self.years)}, {what} tercatat sebanyak"
                f" {number_id(r.randint(low, high))} {unit_word}, {trend}"
                f" {number_id(change, 1)} persen dibandingkan tahun sebelumnya."
            )
        if kind == 4:
            return (
                f"Upaya tersebut diharapkan dapat memperbaiki {obj} sehingga {r.choice(OUTCOMES)}."
            )
        if kind == 5:
            return f"Kecamatan {self.unit} juga {predicate} {obj} {adverbial}."
        return (
            f"Untuk itu diperlukan dukungan {r.choice(('anggaran', 'regulasi', 'sarana'))}"
            f" serta komitmen seluruh pemangku kepentingan terhadap {obj}."
        )

    def paragraph(self, extra_line: str | None = None) -> str:
        """Four to seven sentences, wrapped as people type them; ``extra_line`` is kept as a
        line of its own in the middle of the paragraph."""
        sentences = [self.sentence() for _ in range(self.rng.randint(4, 7))]
        if extra_line is None:
            return wrap(" ".join(sentences))
        half = len(sentences) // 2
        return "\n".join(
            [wrap(" ".join(sentences[:half])), extra_line, wrap(" ".join(sentences[half:]))]
        )

    def bullets(self) -> str:
        items = [
            f"{self.rng.choice(PREDICATES)} {self.rng.choice(OBJECTS)}"
            f" {self.rng.choice(ADVERBIALS)}"
            for _ in range(self.rng.randint(3, 5))
        ]
        lines = ["Langkah yang ditempuh antara lain:"]
        for index, item in enumerate(items):
            end = "." if index == len(items) - 1 else ";"
            lines.append(wrap(f"- {item}{end}", indent="  "))
        return "\n".join(lines)

    def section(self, paragraphs: int) -> str:
        blocks = [self.paragraph() for _ in range(paragraphs)]
        if paragraphs >= 2:
            blocks.insert(self.rng.randrange(1, paragraphs), self.bullets())
        return "\n\n".join(blocks)

    def page(self) -> str:
        """About one A4 page of text (~2,800 characters in whole paragraphs)."""
        blocks: list[str] = []
        while sum(len(b) for b in blocks) < 2800:
            blocks.append(self.paragraph())
        return "\n\n".join(blocks)


#: A space before a number: kept unbroken, so no line starts with digits (``2013.`` or
#: ``1.`` at the start of a line could read as a list item).
_SPACE_BEFORE_NUMBER = re.compile(r"(?<=\S) (?=\d)")


def wrap(text: str, indent: str = "") -> str:
    """Wrap at 88 columns as people type prose, never starting a line with a number."""
    glued = _SPACE_BEFORE_NUMBER.sub("\x00", text)
    lines = textwrap.wrap(
        glued, 88, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )
    return "\n".join(lines).replace("\x00", " ")


def bab1_line(step: int) -> str:
    """``BAB1_LINE`` after ``step`` edits: consecutive steps differ by one word (a Gray code
    over ``BAB1_SWAPS``), and no wording comes back within 32 steps."""
    code = step ^ (step >> 1)
    line = BAB1_LINE
    for bit, (old, new) in enumerate(BAB1_SWAPS):
        if code >> bit & 1:
            line = re.sub(rf"\b{old}\b", new, line, count=1)
    return line


# --- tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """One field of the kecamatan's work: a sasaran, its programs and their activities."""

    sasaran: str
    indikator: tuple[tuple[str, str, float, float], ...]  # uraian, satuan, awal, step
    penanggung_jawab: str
    programs: tuple[str, ...]
    #: Activity stems: name, output indicator, unit, starting value.
    activities: tuple[tuple[str, str, str, int], ...]


TUJUAN = (
    "Meningkatkan kualitas penyelenggaraan pemerintahan dan pelayanan publik di Kecamatan {u}",
    "Mewujudkan ketenteraman, ketertiban, dan keamanan lingkungan di Kecamatan {u}",
    "Meningkatkan partisipasi dan kesejahteraan sosial masyarakat Kecamatan {u}",
    "Meningkatkan perekonomian lokal dan kualitas lingkungan hidup di Kecamatan {u}",
)

TOPICS = (
    Topic(
        "Meningkatnya kualitas pelayanan publik di kecamatan",
        (
            ("Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan", "indeks", 72.5, 2.0),
            ("Persentase layanan PATEN yang diselesaikan tepat waktu", "%", 78, 2.5),
        ),
        "Seksi Pelayanan Umum",
        (
            "Peningkatan Kualitas Pelayanan Publik",
            "Pengembangan Pelayanan Administrasi Terpadu Kecamatan",
            "Pengembangan Sistem Informasi Pelayanan Kecamatan",
            "Peningkatan Pelayanan Administrasi Kependudukan",
        ),
        (
            ("Pengembangan jenis layanan PATEN", "Jumlah jenis layanan PATEN", "jenis", 12),
            ("Survei Indeks Kepuasan Masyarakat", "Jumlah laporan survei IKM", "dokumen", 1),
            (
                "Penanganan pengaduan masyarakat",
                "Jumlah pengaduan yang ditindaklanjuti",
                "pengaduan",
                150,
            ),
            (
                "Fasilitasi pelayanan administrasi kependudukan",
                "Jumlah dokumen kependudukan yang difasilitasi",
                "dokumen",
                18000,
            ),
            (
                "Pemeliharaan aplikasi layanan kecamatan",
                "Jumlah aplikasi yang beroperasi",
                "aplikasi",
                1,
            ),
            (
                "Penyusunan standar operasional prosedur pelayanan",
                "Jumlah SOP yang tersusun",
                "SOP",
                8,
            ),
            (
                "Pelayanan keliling administrasi kecamatan",
                "Jumlah kegiatan layanan keliling",
                "kali",
                6,
            ),
            ("Penyediaan loket pelayanan terpadu", "Jumlah loket yang beroperasi", "loket", 4),
        ),
    ),
    Topic(
        "Meningkatnya akuntabilitas kinerja dan kapasitas aparatur kecamatan",
        (
            ("Persentase aparatur yang telah mengikuti diklat sesuai kompetensi", "%", 40, 8),
            (
                "Persentase keterlambatan kehadiran pegawai (semakin kecil semakin baik)",
                "%",
                12.5,
                -1.5,
            ),
        ),
        "Subbagian Umum dan Kepegawaian",
        (
            "Peningkatan Kapasitas Sumber Daya Aparatur",
            "Peningkatan Disiplin Aparatur",
            "Peningkatan Pengembangan Sistem Pelaporan Capaian Kinerja dan Keuangan",
            "Pelayanan Administrasi Perkantoran",
        ),
        (
            (
                "Pendidikan dan pelatihan formal aparatur",
                "Jumlah aparatur yang mengikuti diklat",
                "orang",
                8,
            ),
            ("Bimbingan teknis pelayanan publik", "Jumlah peserta bimbingan teknis", "orang", 20),
            ("Pembinaan disiplin aparatur", "Jumlah apel dan pembinaan disiplin", "kali", 48),
            (
                "Penyusunan laporan capaian kinerja",
                "Jumlah laporan kinerja yang tersusun",
                "dokumen",
                2,
            ),
            (
                "Penyusunan laporan keuangan semesteran",
                "Jumlah laporan keuangan semesteran",
                "dokumen",
                1,
            ),
            (
                "Penyediaan jasa komunikasi, sumber daya air dan listrik",
                "Jumlah bulan layanan komunikasi, air dan listrik",
                "bulan",
                12,
            ),
            (
                "Penyediaan alat tulis kantor",
                "Jumlah bulan ketersediaan alat tulis kantor",
                "bulan",
                12,
            ),
            (
                "Penyediaan jasa tenaga pendukung administrasi",
                "Jumlah tenaga pendukung yang terbayar honorariumnya",
                "orang",
                18,
            ),
        ),
    ),
    Topic(
        "Meningkatnya kualitas sarana dan prasarana aparatur",
        (("Persentase sarana dan prasarana aparatur dalam kondisi baik", "%", 70, 4),),
        "Sekretariat Kecamatan",
        (
            "Peningkatan Sarana dan Prasarana Aparatur",
            "Pemeliharaan Sarana dan Prasarana Kantor",
            "Penataan Aset Kecamatan dan Kelurahan",
        ),
        (
            ("Pengadaan kendaraan dinas operasional", "Jumlah kendaraan yang diadakan", "unit", 0),
            (
                "Pengadaan peralatan gedung kantor",
                "Jumlah jenis peralatan yang diadakan",
                "jenis",
                6,
            ),
            ("Pemeliharaan rutin gedung kantor", "Luas gedung yang terpelihara", "m²", 1250),
            (
                "Pemeliharaan kendaraan dinas operasional",
                "Jumlah kendaraan yang terpelihara",
                "unit",
                15,
            ),
            (
                "Rehabilitasi sedang gedung kantor kelurahan",
                "Jumlah gedung yang direhabilitasi",
                "unit",
                0,
            ),
            ("Inventarisasi barang milik daerah", "Jumlah laporan inventarisasi", "dokumen", 1),
        ),
    ),
    Topic(
        "Meningkatnya ketenteraman dan ketertiban umum",
        (("Persentase gangguan ketertiban umum yang tertangani", "%", 70, 5),),
        "Seksi Ketenteraman dan Ketertiban Umum",
        (
            "Peningkatan Keamanan dan Kenyamanan Lingkungan",
            "Penegakan Peraturan Daerah tentang Ketertiban Umum",
            "Penataan Pedagang Kaki Lima",
        ),
        (
            ("Penertiban pelanggaran peraturan daerah", "Jumlah operasi penertiban", "kali", 20),
            ("Patroli wilayah terpadu", "Jumlah patroli wilayah", "kali", 36),
            (
                "Penataan dan pembinaan pedagang kaki lima",
                "Jumlah pedagang yang dibina",
                "orang",
                300,
            ),
            (
                "Pengamanan hari besar dan kegiatan masyarakat",
                "Jumlah kegiatan yang diamankan",
                "kali",
                10,
            ),
            (
                "Penertiban bangunan liar di sempadan sungai",
                "Jumlah bangunan yang ditertibkan",
                "bangunan",
                15,
            ),
            (
                "Sosialisasi peraturan daerah tentang ketertiban umum",
                "Jumlah peserta sosialisasi",
                "orang",
                120,
            ),
        ),
    ),
    Topic(
        "Meningkatnya kesiapsiagaan masyarakat menghadapi bencana",
        (("Persentase kejadian bencana yang tertangani dalam 24 jam", "%", 85, 3),),
        "Seksi Ketenteraman dan Ketertiban Umum",
        (
            "Pencegahan Dini dan Penanggulangan Korban Bencana Alam",
            "Peningkatan Kesiapsiagaan Masyarakat terhadap Bencana",
        ),
        (
            ("Pembentukan kelompok siaga bencana", "Jumlah kelompok siaga bencana", "kelompok", 2),
            ("Simulasi penanganan banjir", "Jumlah simulasi yang dilaksanakan", "kali", 1),
            ("Pengadaan perlengkapan penanganan bencana", "Jumlah paket perlengkapan", "paket", 2),
            ("Pemetaan kawasan rawan genangan", "Jumlah peta kawasan rawan", "dokumen", 1),
            (
                "Pelatihan relawan penanggulangan kebakaran",
                "Jumlah relawan yang dilatih",
                "orang",
                20,
            ),
        ),
    ),
    Topic(
        "Meningkatnya peran masyarakat dalam menjaga keamanan lingkungan",
        (("Persentase RW yang memiliki sistem keamanan lingkungan aktif", "%", 55, 5),),
        "Seksi Ketenteraman dan Ketertiban Umum",
        (
            "Pemberdayaan Masyarakat untuk Menjaga Ketertiban dan Keamanan",
            "Pembinaan Satuan Perlindungan Masyarakat",
        ),
        (
            (
                "Pelatihan Satuan Perlindungan Masyarakat",
                "Jumlah anggota Linmas yang dilatih",
                "orang",
                40,
            ),
            ("Pembinaan sistem keamanan lingkungan", "Jumlah pos kamling yang dibina", "pos", 120),
            ("Fasilitasi Forum Kewaspadaan Dini Masyarakat", "Jumlah pertemuan forum", "kali", 4),
            ("Sosialisasi wawasan kebangsaan", "Jumlah kegiatan sosialisasi", "kali", 1),
            ("Fasilitasi Forum Kerukunan Umat Beragama", "Jumlah pertemuan forum", "kali", 2),
        ),
    ),
    Topic(
        "Meningkatnya partisipasi masyarakat dalam pembangunan kelurahan",
        (("Persentase usulan musrenbang kelurahan yang terakomodasi dalam RKPD", "%", 35, 3),),
        "Seksi Ekonomi dan Pembangunan",
        (
            "Peningkatan Partisipasi Masyarakat dalam Membangun Kelurahan",
            "Peningkatan Kualitas Perencanaan Pembangunan Partisipatif",
            "Pengendalian dan Evaluasi Pembangunan Kelurahan",
        ),
        (
            (
                "Penyelenggaraan musyawarah perencanaan pembangunan kecamatan",
                "Jumlah musrenbang yang terselenggara",
                "kali",
                1,
            ),
            (
                "Fasilitasi musyawarah perencanaan pembangunan kelurahan",
                "Jumlah kelurahan yang difasilitasi",
                "kelurahan",
                6,
            ),
            (
                "Monitoring dan evaluasi pembangunan di kelurahan",
                "Jumlah laporan monitoring",
                "laporan",
                2,
            ),
            ("Penyusunan profil pembangunan kecamatan", "Jumlah dokumen profil", "dokumen", 1),
            (
                "Pendampingan pembangunan fisik swadaya",
                "Jumlah lokasi yang didampingi",
                "lokasi",
                6,
            ),
        ),
    ),
    Topic(
        "Meningkatnya peran lembaga kemasyarakatan",
        (("Persentase lembaga kemasyarakatan yang aktif", "%", 70, 4),),
        "Seksi Pemerintahan",
        (
            "Pembinaan Lembaga Kemasyarakatan",
            "Peningkatan Kapasitas Rukun Tetangga dan Rukun Warga",
        ),
        (
            (
                "Pembinaan lembaga kemasyarakatan (LPM, RT, dan RW)",
                "Jumlah pengurus yang dibina",
                "orang",
                400,
            ),
            (
                "Penyelenggaraan lomba kelurahan tingkat kecamatan",
                "Jumlah lomba terselenggara",
                "kali",
                1,
            ),
            (
                "Fasilitasi kegiatan Pemberdayaan dan Kesejahteraan Keluarga",
                "Jumlah kegiatan PKK yang difasilitasi",
                "kegiatan",
                10,
            ),
            (
                "Bimbingan administrasi RT dan RW",
                "Jumlah pengurus RT dan RW yang dibimbing",
                "orang",
                200,
            ),
            (
                "Fasilitasi pemilihan ketua RT dan RW",
                "Jumlah pemilihan yang difasilitasi",
                "kali",
                10,
            ),
        ),
    ),
    Topic(
        "Meningkatnya pelayanan kesejahteraan sosial",
        (("Persentase penyandang masalah kesejahteraan sosial yang terlayani", "%", 60, 5),),
        "Seksi Kesejahteraan Sosial",
        (
            "Pembinaan Kesejahteraan Sosial Masyarakat",
            "Pelayanan dan Rehabilitasi Kesejahteraan Sosial",
            "Pembinaan Kepemudaan dan Olahraga",
        ),
        (
            (
                "Pendataan penyandang masalah kesejahteraan sosial",
                "Jumlah kelurahan yang datanya dimutakhirkan",
                "kelurahan",
                6,
            ),
            (
                "Fasilitasi kegiatan keagamaan tingkat kecamatan",
                "Jumlah kegiatan keagamaan difasilitasi",
                "kali",
                2,
            ),
            (
                "Fasilitasi kegiatan kepemudaan dan olahraga",
                "Jumlah kegiatan kepemudaan",
                "kegiatan",
                2,
            ),
            ("Peringatan hari besar nasional", "Jumlah peringatan hari besar", "kali", 3),
            (
                "Penyaluran bantuan sosial bagi warga rentan",
                "Jumlah penerima bantuan",
                "orang",
                150,
            ),
        ),
    ),
    Topic(
        "Meningkatnya daya saing usaha mikro dan kecil",
        (("Persentase pelaku usaha mikro binaan yang meningkat omzetnya", "%", 20, 4),),
        "Seksi Ekonomi dan Pembangunan",
        (
            "Pengembangan Usaha Mikro, Kecil, dan Menengah",
            "Pengembangan Ekonomi Kreatif Kecamatan",
        ),
        (
            (
                "Pembinaan usaha mikro, kecil, dan menengah",
                "Jumlah pelaku UMKM yang dibina",
                "orang",
                100,
            ),
            ("Pelatihan kewirausahaan bagi pemuda", "Jumlah peserta pelatihan", "orang", 40),
            (
                "Fasilitasi pameran produk unggulan kecamatan",
                "Jumlah pameran yang diikuti",
                "kali",
                1,
            ),
            ("Pendataan pelaku usaha mikro", "Jumlah laporan pendataan", "dokumen", 1),
            (
                "Fasilitasi akses permodalan usaha mikro",
                "Jumlah pelaku usaha yang difasilitasi",
                "orang",
                30,
            ),
        ),
    ),
    Topic(
        "Meningkatnya kebersihan dan kualitas lingkungan permukiman",
        (("Persentase RW yang bebas dari tempat pembuangan sampah liar", "%", 60, 6),),
        "Seksi Ekonomi dan Pembangunan",
        (
            "Pengembangan Kinerja Pengelolaan Persampahan",
            "Peningkatan Kualitas Lingkungan Permukiman",
        ),
        (
            ("Pembinaan bank sampah", "Jumlah bank sampah yang dibina", "unit", 5),
            ("Gerakan kebersihan lingkungan", "Jumlah kegiatan kerja bakti", "kali", 12),
            ("Penghijauan lingkungan permukiman", "Jumlah pohon yang ditanam", "pohon", 500),
            ("Normalisasi saluran lingkungan", "Panjang saluran yang dinormalisasi", "meter", 800),
            ("Lomba kampung bersih dan hijau", "Jumlah RW peserta lomba", "RW", 20),
        ),
    ),
    Topic(
        "Meningkatnya ketertiban pemanfaatan ruang",
        (("Persentase pelanggaran pemanfaatan ruang yang dilaporkan", "%", 50, 6),),
        "Seksi Pemerintahan",
        (
            "Pengendalian Pemanfaatan Ruang Kecamatan",
            "Sosialisasi Rencana Tata Ruang Wilayah",
        ),
        (
            ("Sosialisasi rencana tata ruang wilayah", "Jumlah peserta sosialisasi", "orang", 80),
            ("Pengawasan pemanfaatan ruang", "Jumlah laporan pengawasan", "laporan", 4),
            (
                "Pendataan bangunan di sempadan sungai",
                "Jumlah bangunan yang terdata",
                "bangunan",
                100,
            ),
            ("Koordinasi penanganan genangan", "Jumlah rapat koordinasi", "kali", 4),
        ),
    ),
)

#: T-C.23 indicators whose lower values are better.
DECREASING = (
    ("Rata-rata waktu penyelesaian pelayanan non-perizinan", "hari", 6),
    ("Jumlah pelanggaran peraturan daerah tentang ketertiban umum", "kasus", 134),
    ("Persentase keterlambatan kehadiran pegawai", "%", 12.5),
    ("Jumlah titik genangan di permukiman", "titik", 18),
    ("Jumlah pengaduan pelayanan yang melewati batas waktu", "pengaduan", 45),
)
BUDGET_TYPES = ("Belanja Pegawai", "Belanja Barang dan Jasa", "Belanja Modal")


def years_of(settings: dict[str, Any]) -> tuple[list[int], list[int]]:
    """Target years and evaluation years, as the workspace settings define them."""
    periode = settings["periode"]
    dasar = periode.get("tahun_dasar", periode["awal"])
    target = periode.get("tahun_target") or list(range(dasar + 1, periode["akhir"] + 1))
    evaluasi = periode.get("tahun_evaluasi") or list(range(dasar - len(target) + 1, dasar + 1))
    return list(target), list(evaluasi)


def rupiah_series(rng: random.Random, start: int, years: int, scale: float) -> list[int]:
    """Yearly Rupiah amounts in multiples of 500.000, growing 3–8 % a year."""
    value = start * scale
    series = []
    for _ in range(years):
        series.append(max(1, round(value / 500_000)) * 500_000)
        value *= 1 + rng.uniform(0.03, 0.08)
    return series


def rising(rng: random.Random, start: float, step: float, count: int) -> list[int | float]:
    """Targets that move by about ``step`` a year from ``start``: integers stay integers."""
    values: list[int | float] = []
    value = start
    for _ in range(count):
        value += step * rng.uniform(0.6, 1.4)
        if float(start).is_integer() and abs(step) >= 1:
            values.append(max(0, round(value)))
        else:
            values.append(max(0.0, round(value * 2) / 2))
    return values


def clamp_percent(values: list[int | float], satuan: str) -> list[int | float]:
    return [min(v, 100) for v in values] if satuan == "%" else values


def program_table(
    rng: random.Random,
    sasaran_codes: list[str],
    kelurahan: list[str],
    unit: str,
    activities: int,
    years: int,
    scale: float,
) -> list[dict[str, Any]]:
    """T-C.27: programs grouped by sasaran, about ``activities`` activities in all."""
    plan: list[tuple[int, str]] = []  # (topic index, program name)
    for round_no in range(8):
        for index, topic in enumerate(TOPICS):
            if round_no < len(topic.programs):
                plan.append((index, topic.programs[round_no]))
    per_program = 14
    wanted = max(1, -(-activities // per_program))
    while len(plan) < wanted:  # beyond the stock names: numbered follow-up programs
        index, name = plan[len(plan) % len(TOPICS)]
        plan.append((index, f"{name} Tahap {len(plan) // len(TOPICS) + 1}"))
    plan = sorted(plan[:wanted], key=lambda item: item[0])
    programs = []
    remaining = activities
    for number, (index, name) in enumerate(plan, 1):
        topic = TOPICS[index]
        count = remaining // (len(plan) - number + 1)
        count = max(1, count + rng.randint(-2, 2)) if number < len(plan) else max(1, remaining)
        remaining -= count
        code = f"1.20.1.20.01.{number:02d}"
        outcome, satuan, awal, step = topic.indikator[0]
        kegiatan = []
        for k in range(count):
            stem, indicator, unit_word, start = topic.activities[k % len(topic.activities)]
            lurah = kelurahan[(k // len(topic.activities) + number) % len(kelurahan)]
            nama = stem if k < len(topic.activities) else f"{stem} di Kelurahan {lurah}"
            row: dict[str, Any] = {
                "kode": f"{code}.{k + 1:02d}",
                "nama": nama,
                "indikator": [
                    {
                        "uraian": indicator,
                        "satuan": unit_word,
                        "awal": start,
                        "target": rising(rng, start, max(1, start * 0.08), years),
                    }
                ],
                "pagu": rupiah_series(rng, rng.randint(30, 400) * 1_000_000, years, scale),
            }
            if k >= len(topic.activities):
                row["lokasi"] = f"Kelurahan {lurah}"
            kegiatan.append(row)
        program: dict[str, Any] = {
            "kode": code,
            "nama": f"Program {name}",
            "sasaran": sasaran_codes[index],
            "indikator": [
                {
                    "uraian": outcome,
                    "satuan": satuan,
                    "awal": awal,
                    "target": clamp_percent(rising(rng, awal, step, years), satuan),
                }
            ],
        }
        if number % 3 == 0:  # some programs carry the hand-written pagu, checked by periksa
            program["pagu"] = [sum(k["pagu"][y] for k in kegiatan) for y in range(years)]
        program["penanggung_jawab"] = topic.penanggung_jawab
        program["lokasi"] = f"Kecamatan {unit}"
        program["kegiatan"] = kegiatan
        programs.append(program)
    return programs


# --- a unit ----------------------------------------------------------------------------------


def unit_name(index: int) -> str:
    base = UNIT_NAMES[index % len(UNIT_NAMES)]
    return base if index < len(UNIT_NAMES) else f"{base} {index // len(UNIT_NAMES) + 1}"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def renamed(value: Any, replacements: list[tuple[str, str]]) -> Any:
    """Every string in ``value`` with the sample's names replaced."""
    if isinstance(value, str):
        for old, new in replacements:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [renamed(v, replacements) for v in value]
    if isinstance(value, dict):
        return {k: renamed(v, replacements) for k, v in value.items()}
    return value


def extended(original: Any, prose: Prose, paragraphs: int) -> str:
    """A section's sample text followed by ``paragraphs`` generated paragraphs."""
    if isinstance(original, list):
        text = "\n\n".join(v if "\n" in v else wrap(v) for v in map(str, original))
    else:
        text = str(original)
    if not paragraphs:
        return text.rstrip("\n") + "\n"
    return text.rstrip("\n") + "\n\n" + prose.section(paragraphs) + "\n"


def make_unit(
    sample: dict[str, Any], settings: dict[str, Any], index: int, seed: int, size: float
) -> tuple[str, dict[str, Any]]:
    """One unit's data: (file stem, data)."""
    rng = random.Random(f"{seed}:{index}")
    name = unit_name(index)
    target_years, eval_years = years_of(settings)
    n_target, n_eval = len(target_years), len(eval_years)
    kelurahan = list(SAMPLE_KELURAHAN) if name == SAMPLE_NAME else rng.sample(KELURAHAN_POOL, 6)
    replacements = [(SAMPLE_NAME, name), ("bekasiutara", slug(name).replace("-", ""))]
    replacements += list(zip(SAMPLE_KELURAHAN, kelurahan, strict=True))
    data: dict[str, Any] = renamed(sample, replacements)
    prose = Prose(rng, name, target_years)
    paragraphs = round(2 * size)  # below size 0.25: the sample's own text only

    birth = rng.randint(1965, 1980)
    data["unit"]["kepala"].update(
        nama=f"Drs. {rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}, M.Si.",
        nip=f"{birth}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"{birth + rng.randint(22, 28)}{rng.randint(1, 12):02d}1{rng.randint(1, 999):03d}",
    )
    data["surat"]["nomor"] = f"050/{rng.randint(100, 999)}/Kec/XII/2013"

    data["kata_pengantar"] = extended(data["kata_pengantar"], prose, paragraphs // 2)
    for bab in ("bab_1", "bab_2", "bab_3", "bab_4", "bab_5", "bab_6", "bab_7"):
        for key, value in data[bab].items():
            if isinstance(value, str | list) and not (bab == "bab_3" and key == "matriks"):
                data[bab][key] = extended(value, prose, paragraphs)
    # The fixed lines that the benchmark's edits look for.
    latar = data["bab_1"]["latar_belakang"].split("\n\n")
    latar.insert(1, prose.paragraph(extra_line=BAB1_LINE))
    data["bab_1"]["latar_belakang"] = "\n\n".join(latar)
    tugas = data["bab_2"]["tugas_fungsi_struktur"].split("\n\n")
    tugas.insert(1, BAB2_ANCHOR)
    data["bab_2"]["tugas_fungsi_struktur"] = "\n\n".join(tugas)

    # T-C.25 and T-C.26: four tujuan, one sasaran per topic.
    n_tujuan = len(TUJUAN)
    data["tujuan"] = [
        {"kode": f"T{t + 1}", "uraian": text.format(u=name)} for t, text in enumerate(TUJUAN)
    ]
    sasaran_codes: list[str] = []
    data["sasaran"] = []
    data["strategi"] = []
    for t in range(n_tujuan):
        topics = [topic for i, topic in enumerate(TOPICS) if i * n_tujuan // len(TOPICS) == t]
        for s, topic in enumerate(topics, 1):
            code = f"S{t + 1}.{s}"
            sasaran_codes.append(code)
            data["sasaran"].append(
                {
                    "kode": code,
                    "tujuan": f"T{t + 1}",
                    "uraian": topic.sasaran,
                    "indikator": [
                        {
                            "uraian": uraian,
                            "satuan": satuan,
                            "awal": awal,
                            "target": clamp_percent(rising(rng, awal, step, n_target), satuan),
                        }
                        for uraian, satuan, awal, step in topic.indikator
                    ],
                }
            )
            data["strategi"].append(
                {
                    "sasaran": code,
                    "strategi": [
                        f"{upper_first(p)} {o}"
                        for p, o in zip(
                            rng.sample(PREDICATES, 3), rng.sample(OBJECTS, 3), strict=True
                        )
                    ],
                    "kebijakan": [
                        f"Mengutamakan {o} {a}"
                        for o, a in zip(
                            rng.sample(OBJECTS, 2), rng.sample(ADVERBIALS, 2), strict=True
                        )
                    ],
                }
            )
    data["bab_4"]["tujuan_sasaran"] = data["bab_4"]["tujuan_sasaran"].replace(
        "dua tujuan dan empat sasaran", f"empat tujuan dan {len(sasaran_codes)} sasaran"
    )

    # T-C.27: the bulk of the document.
    scale = rng.uniform(0.8, 1.3)
    data["program"] = program_table(
        rng, sasaran_codes, kelurahan, name, max(1, round(600 * size)), n_target, scale
    )

    # T-C.23 and T-C.24, over the evaluation years.
    kinerja = []
    for number in range(max(2, round(30 * size))):
        if number % 6 == 5:
            uraian, satuan, start = DECREASING[(number // 6) % len(DECREASING)]
            target = rising(rng, start, -max(0.5, start * 0.06), n_eval)
            arah = "turun"
        else:
            topic = TOPICS[number % len(TOPICS)]
            _, uraian, satuan, whole = topic.activities[number % len(topic.activities)]
            start = whole
            target = rising(rng, start, max(1, start * 0.07), n_eval)
            arah = "naik"
        realisasi: list[int | float | None] = [
            round(v * rng.uniform(0.9, 1.08), 2)
            if isinstance(v, float)
            else round(v * rng.uniform(0.9, 1.08))
            for v in target
        ]
        if number % 7 == 3:
            realisasi[-1] = None
        row: dict[str, Any] = {"indikator": uraian, "satuan": satuan, "arah": arah}
        if satuan == "%" and number % 2 == 0:
            row["target_spm"] = 100
        row.update(target=target, realisasi=realisasi)
        kinerja.append(row)
    data["indikator_kinerja"] = kinerja
    anggaran: list[dict[str, Any]] = []
    for program in data["program"][: max(2, round(16 * size))]:
        kind = BUDGET_TYPES[len(anggaran) % len(BUDGET_TYPES)]
        budget = rupiah_series(rng, rng.randint(300, 2500) * 1_000_000, n_eval, scale)
        anggaran.append(
            {
                "uraian": f"{kind}: {program['nama']}",
                "anggaran": budget,
                "realisasi": [round(b * rng.uniform(0.82, 0.99)) for b in budget],
            }
        )
    data["anggaran"] = anggaran

    # Matriks permasalahan and T-C.28.
    data["masalah"] = [
        {
            "masalah_pokok": f"{upper_first(topic.sasaran.removeprefix('Meningkatnya '))}"
            " belum optimal",
            "masalah": [
                f"{upper_first(o)} belum memenuhi harapan masyarakat"
                for o in rng.sample(OBJECTS, 2)
            ],
            "akar_masalah": [upper_first(o) for o in rng.sample(OBSTACLES, 3)],
        }
        for topic in TOPICS[: max(2, round(len(TOPICS) * min(size, 1.0)))]
    ]
    data["indikator_rpjmd"] = [
        {
            "indikator": indicator["uraian"],
            **({"satuan": indicator["satuan"]} if indicator.get("satuan") else {}),
            "awal": indicator["awal"],
            "target": indicator["target"],
        }
        for sasaran in data["sasaran"]
        for indicator in sasaran["indikator"]
    ]

    data["lampiran"].append(
        {
            "judul": f"Rukun Warga di Kecamatan {name}",
            "teks": "\n".join(
                f"{i}. Kelurahan {k}: {rng.randint(12, 40)} RW dan {rng.randint(90, 300)} RT;"
                for i, k in enumerate(kelurahan, 1)
            )
            + "\n",
        }
    )
    return slug(name), data


# --- writing ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Multi-line text as YAML literal blocks (``|``), the way people write prose."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    """Lists of plain values in flow style, ``[74, 76, 78]``, as the sample writes them."""
    flow = bool(value) and not any(isinstance(v, dict | list) for v in value)
    flow = flow and not any(isinstance(v, str) and len(v) > 24 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_unit(data: dict[str, Any], header: str) -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=96)
    if yaml.safe_load(text) != data:
        raise AssertionError("the generated YAML does not read back as written")
    return header + text


def generate_workspace(out: Path, units: int = 1, seed: int = 1, size: float = 1.0) -> list[Path]:
    """Write the workspace and return its unit files, in name order of generation."""
    sample = yaml.safe_load(SAMPLE_UNIT.read_text(encoding="utf-8"))
    settings = yaml.safe_load((REPO / "renstra.yaml").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "renstra.yaml", out / "renstra.yaml")
    shutil.copytree(REPO / "gambar", out / "gambar", dirs_exist_ok=True)
    (out / "data").mkdir(exist_ok=True)
    written = []
    for index in range(units):
        stem, data = make_unit(sample, settings, index, seed, size)
        header = (
            f"# Generated by bench/generate.py (seed {seed}, size {size:g}, unit {index + 1}):"
            " benchmark data derived from data/bekasi-utara.yaml, not real figures.\n"
        )
        path = out / "data" / f"{stem}.yaml"
        path.write_text(dump_unit(data, header), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, metavar="OUT_DIR")
    parser.add_argument("--units", type=int, default=1, help="number of unit files (default 1)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--size", type=float, default=1.0, help="scale; 1 ≈ 160 pages a unit (default 1)"
    )
    args = parser.parse_args(argv)
    for path in generate_workspace(args.out, args.units, args.seed, args.size):
        print(path, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
