"""The portrait matrices and tables: masalah, faktor_misi, T-C.25 and T-C.26.

Each build is a copy of the sample workspace whose unit file gets this module's own rows
(yaml.safe_load → modify → yaml.safe_dump), rendered for real and read back with pypdf.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.errors import DataError
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import SAMPLE_UNIT, copy_sample
from .pdfread import MM, Fragment, body_text, destination_page, fragments, read

pytestmark = pytest.mark.slow

MASALAH: list[dict[str, Any]] = [
    {
        "masalah_pokok": "Pelayanan administrasi kependudukan di kecamatan belum optimal",
        "masalah": [
            "Waktu penyelesaian surat keterangan masih melebihi standar pelayanan",
            "Antrean pemohon di loket pelayanan belum tertata",
        ],
        "akar_masalah": [
            "Jumlah petugas loket pelayanan terbatas",
            "Prosedur pelayanan belum dibakukan dalam standar operasional prosedur",
            "Sarana antrean elektronik belum tersedia",
        ],
    },
    {
        "masalah_pokok": "Partisipasi masyarakat dalam musyawarah perencanaan pembangunan rendah",
        "masalah": ["Kehadiran unsur masyarakat dalam musrenbang kelurahan menurun"],
        "akar_masalah": ["Informasi jadwal musrenbang tidak sampai ke tingkat RT dan RW"],
    },
    {
        "masalah_pokok": "Ketenteraman dan ketertiban umum di wilayah kecamatan belum terjaga",
        "masalah": [
            "Pedagang kaki lima menempati trotoar di sekitar pasar",
            "Penertiban bangunan liar belum berkelanjutan",
        ],
        "akar_masalah": [
            "Koordinasi dengan satuan polisi pamong praja kota belum terpadu",
            "Lahan relokasi pedagang belum tersedia",
        ],
    },
]

MATRIKS: list[dict[str, Any]] = [
    {
        "misi": 1,
        "program": [
            "Program Peningkatan Kualitas Pelayanan Publik",
            "Program Peningkatan Kapasitas Sumber Daya Aparatur",
        ],
        "permasalahan": [
            "Standar pelayanan kecamatan belum dipublikasikan kepada masyarakat",
            "Survei kepuasan masyarakat belum dilaksanakan secara berkala",
        ],
        "penghambat": ["Kompetensi teknis aparatur pelayanan belum merata"],
        "pendorong": [
            "Komitmen pimpinan terhadap reformasi birokrasi",
            "Tersedianya aplikasi pelayanan perizinan kota",
        ],
    },
    {
        "misi": 5,
        "program": ["Program Pemeliharaan Ketenteraman, Ketertiban, dan Perlindungan Masyarakat"],
        "permasalahan": ["Gangguan ketertiban umum di kawasan pasar dan terminal"],
        "penghambat": [
            "Jumlah personel ketenteraman dan ketertiban kecamatan terbatas",
            "Kesadaran hukum sebagian warga masih rendah",
        ],
        "pendorong": ["Aktifnya forum kewaspadaan dini masyarakat di setiap kelurahan"],
    },
]

TUJUAN: list[dict[str, Any]] = [
    {"kode": "T1", "uraian": "Meningkatkan kualitas pelayanan publik di tingkat kecamatan"},
    {"kode": "T2", "uraian": "Mewujudkan ketenteraman dan ketertiban umum wilayah kecamatan"},
]


def _sasaran(tahun: int) -> list[dict[str, Any]]:
    """Sasaran with one target per target year; numbers, decimals and words mixed."""

    def deret(*values: Any) -> list[Any]:
        return list(values[:tahun])

    return [
        {
            "kode": "S1.1",
            "tujuan": "T1",
            "uraian": "Meningkatnya kepuasan masyarakat terhadap pelayanan kecamatan",
            "indikator": [
                {
                    "uraian": "Indeks kepuasan masyarakat",
                    "satuan": "indeks",
                    "target": deret(76, 77.5, 79, 80.25, 82),
                },
                {
                    "uraian": "Persentase layanan yang selesai tepat waktu",
                    "satuan": "%",
                    "target": deret(85, 88, 90, 93, 95),
                },
            ],
        },
        {
            "kode": "S1.2",
            "tujuan": "T1",
            "uraian": "Meningkatnya akuntabilitas kinerja kecamatan",
            "indikator": [
                {
                    "uraian": "Nilai evaluasi akuntabilitas kinerja",
                    "target": deret("CC", "B", "B", "BB", "BB"),
                },
            ],
        },
        {
            "kode": "S2.1",
            "tujuan": "T2",
            "uraian": "Menurunnya pelanggaran ketertiban umum",
            "indikator": [
                {
                    "uraian": "Jumlah pelanggaran peraturan daerah yang ditangani",
                    "satuan": "kasus",
                    "target": deret(1250, 1100, 950, 800, 700),
                },
                {
                    "uraian": "Ketersediaan peta rawan ketertiban",
                    "target": deret("Tersedia", "Tersedia", "Tersedia", "Tersedia", "Tersedia"),
                },
            ],
        },
    ]


#: The targets as printed: Indonesian numbers, words as written.
TAMPIL_S11 = ["76", "77,50", "79", "80,25", "82"]
TAMPIL_S21 = ["1.250", "1.100", "950", "800", "700"]

STRATEGI: list[dict[str, Any]] = [
    {
        "sasaran": "S1.1",
        "strategi": [
            "Menerapkan standar pelayanan di setiap loket",
            "Melaksanakan survei kepuasan masyarakat setiap semester",
        ],
        "kebijakan": ["Pelayanan terpadu satu pintu di kantor kecamatan"],
    },
    {
        "sasaran": "S1.1",
        "strategi": ["Mengembangkan pelayanan daring surat keterangan"],
        "kebijakan": [
            "Pemanfaatan aplikasi pelayanan kota",
            "Penjadwalan layanan keliling ke kelurahan",
        ],
    },
    {
        "sasaran": "S1.2",
        "strategi": ["Menyusun perjanjian kinerja berjenjang"],
        "kebijakan": ["Evaluasi capaian kinerja triwulanan"],
    },
    {
        "sasaran": "S2.1",
        "strategi": ["Memperkuat patroli terpadu bersama tiga pilar kelurahan"],
        "kebijakan": ["Penertiban bertahap disertai relokasi pedagang"],
    },
]

PERMASALAHAN_TEKS = "Permasalahan pelayanan kecamatan diidentifikasi dalam matriks berikut."
TUJUAN_TEKS = "Tujuan dan sasaran jangka menengah kecamatan disajikan pada tabel berikut."
STRATEGI_TEKS = "Strategi dan kebijakan untuk mencapai setiap sasaran disajikan berikut ini."

#: A run of column-number labels "(1) (2) …"; a year label "(2014)" has four digits.
NOMOR_KOLOM = re.compile(r"\(\d{1,2}\)(?:\s+\(\d{1,2}\))*")


def squash(text: str) -> str:
    """Compare words only: cell lines break anywhere, justified lines stretch spaces."""
    return re.sub(r"\s+", "", text)


def _sample_complete(root: Path) -> bool:
    try:
        load_renstra(Workspace(root), root / "data" / f"{SAMPLE_UNIT}.yaml")
    except DataError:
        return False
    return True


#: Keys of the yearly lists (one value per target year) anywhere in the data.
TAHUNAN = {"target", "realisasi", "anggaran", "pagu"}


def _nilai(value: Any) -> bool:
    """A list of values (not of rows)."""
    return isinstance(value, list) and not any(isinstance(v, dict) for v in value)


def _potong_tahunan(value: Any, tahun: int) -> Any:
    """The data with every yearly list cut to ``tahun`` values (other tables' rows too)."""
    if isinstance(value, dict):
        return {
            key: sub[:tahun] if key in TAHUNAN and _nilai(sub) else _potong_tahunan(sub, tahun)
            for key, sub in value.items()
        }
    if isinstance(value, list):
        return [_potong_tahunan(v, tahun) for v in value]
    return value


def _ke_86_2017(data: dict[str, Any]) -> None:
    """The sample's chapters moved to the 86/2017 outline: BAB IV holds tujuan and sasaran
    only, BAB V strategi (T-C.26); programmes, RPJMD indicators and the closing chapter
    move one chapter down."""
    data["bab_4"] = {"tujuan_sasaran": TUJUAN_TEKS}
    data["bab_8"] = data.pop("bab_7", {"pengantar": "Penutup."})
    data["bab_7"] = data.pop("bab_6", {"pengantar": "Kinerja."})
    data["bab_6"] = data.pop("bab_5", {"pengantar": "Program."})
    data["bab_5"] = {"pengantar": STRATEGI_TEKS}


def build(
    root: Path,
    change: dict[str, Any] | None = None,
    *,
    regulasi: str = "54/2010",
    tahun: int = 5,
) -> PdfReader:
    """Build the copied sample with this module's rows (plus ``change``), read back.

    The sample's own programmes are pointed at this module's sasaran. While the sample is
    incomplete the build is a draf (missing sections tolerated, a DRAF watermark on every
    page); once it validates, a final build.
    """
    copy_sample(root)
    unit = root / "data" / f"{SAMPLE_UNIT}.yaml"
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    data["regulasi"] = regulasi
    data["masalah"] = MASALAH
    data.setdefault("bab_3", {})["permasalahan"] = PERMASALAHAN_TEKS
    data["bab_3"].setdefault("telaahan_visi_misi", {})["matriks"] = MATRIKS
    data["tujuan"] = TUJUAN
    data["sasaran"] = _sasaran(5)
    data["strategi"] = STRATEGI
    data.setdefault("bab_4", {}).update(
        tujuan_sasaran=TUJUAN_TEKS, strategi_kebijakan=STRATEGI_TEKS
    )
    data.update(change or {})
    codes = [s["kode"] for s in data["sasaran"]]
    for program in data.get("program", []):
        if program.get("sasaran") not in codes:
            program["sasaran"] = codes[-1]
    if regulasi == "86/2017":
        _ke_86_2017(data)
    if tahun != 5:
        assert tahun == 4
        data["periode"] = {"awal": 2023, "akhir": 2026, "tahun_dasar": 2022}
        data = _potong_tahunan(data, tahun)
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    options = BuildOptions(draf=not _sample_complete(root))
    result = build_renstra(Workspace(root), unit, options)
    return read(result.output)


@pytest.fixture(scope="module")
def pdf54(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    return build(tmp_path_factory.mktemp("matriks54"))


@pytest.fixture(scope="module")
def pdf86_4tahun(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    return build(tmp_path_factory.mktemp("matriks86"), regulasi="86/2017", tahun=4)


# --- reading tables back ------------------------------------------------------------------------


def table_pages(reader: PdfReader, anchor: str, last_text: str) -> list[int]:
    """Indices of the pages a table occupies: from its caption to the page with its last
    cell (``last_text``, which must occur once after the caption)."""
    first = destination_page(reader, anchor)
    for index in range(first, len(reader.pages)):
        if squash(last_text) in squash(reader.pages[index].extract_text()):
            return list(range(first, index + 1))
    raise AssertionError(f"{last_text!r} not found after {anchor}")


def table_text(reader: PdfReader, pages: list[int], caption: str, after: str | None) -> str:
    """The text of a table: from its caption up to ``after`` (the next thing printed)."""
    text = body_text_of(reader, pages)
    start = text.find(caption)
    assert start >= 0, caption
    end = text.find(after, start) if after else -1
    return text[start : end if end >= 0 else None]


def body_text_of(reader: PdfReader, pages: list[int]) -> str:
    return re.sub(r"\s+", " ", " ".join(reader.pages[i].extract_text() for i in pages))


def column_number_rows(page_fragments: list[Fragment]) -> list[list[int]]:
    """Each line of "(1) (2) …" labels on a page, its numbers left to right (pypdf may give
    a line as one piece of text or as several)."""
    lines: dict[int, list[Fragment]] = {}
    for f in page_fragments:
        if NOMOR_KOLOM.fullmatch(f.text):
            lines.setdefault(round(f.y), []).append(f)
    return [
        [int(n) for f in sorted(row, key=lambda f: f.x) for n in re.findall(r"\((\d+)\)", f.text)]
        for _, row in sorted(lines.items(), reverse=True)
    ]


# --- tests ----------------------------------------------------------------------------------


def test_captions_number_the_tables_per_chapter(pdf54: PdfReader) -> None:
    text = body_text(pdf54)
    unit = "Kecamatan Bekasi Utara"
    for caption in (
        f"Tabel 3.1 Identifikasi Permasalahan Berdasarkan Tugas dan Fungsi Pelayanan {unit}",
        "Tabel 3.2 Faktor Penghambat dan Pendorong Pelayanan terhadap Pencapaian Visi, Misi,"
        f" dan Program Kepala Daerah dan Wakil Kepala Daerah {unit}",
        f"Tabel 4.1 Tujuan dan Sasaran Jangka Menengah Pelayanan {unit}",
        f"Tabel 4.2 Tujuan, Sasaran, Strategi, dan Kebijakan {unit}",
    ):
        assert squash(caption) in squash(text), caption
    # Each caption sits on the page its anchor (DAFTAR TABEL's link target) points at.
    for anchor, label in (
        ("tabel-masalah", "Tabel 3.1"),
        ("tabel-faktor_misi", "Tabel 3.2"),
        ("tabel-tc25", "Tabel 4.1"),
        ("tabel-tc26", "Tabel 4.2"),
    ):
        assert label in pdf54.pages[destination_page(pdf54, anchor)].extract_text()


def test_masalah_matrix_prints_every_text_numbered(pdf54: PdfReader) -> None:
    pages = table_pages(pdf54, "tabel-masalah", MASALAH[-1]["akar_masalah"][-1])
    text = squash(table_text(pdf54, pages, "Tabel 3.1", "3.2 Telaahan"))
    heads = ["No", "Masalah Pokok", "Masalah", "Akar Masalah", "(1)", "(2)", "(3)", "(4)"]
    assert squash(" ".join(heads)) in text
    for number, row in enumerate(MASALAH, start=1):
        # The row number, then the masalah pokok in the next cell.
        assert squash(f"{number} {row['masalah_pokok']}") in text
        for item in [*row["masalah"], *row["akar_masalah"]]:
            assert squash(item) in text, item
    assert "(5)" not in text


def test_faktor_misi_takes_mission_titles_from_rpjmd(pdf54: PdfReader) -> None:
    renstra = yaml.safe_load((Path(__file__).parent.parent / "renstra.yaml").read_text("utf-8"))
    judul = [m["judul"] for m in renstra["rpjmd"]["misi"]]
    pages = table_pages(pdf54, "tabel-faktor_misi", MATRIKS[-1]["pendorong"][-1])
    text = table_text(pdf54, pages, "Tabel 3.2", None)
    assert squash("(1) (2) (3) (4) (5)") in squash(text)
    titles = re.findall(r"Misi (\d): (.*?) Program:", text)
    assert [int(no) for no, _ in titles] == [row["misi"] for row in MATRIKS]
    for no, printed in titles:
        assert printed.strip() == re.sub(r"\s+", " ", judul[int(no) - 1])
    for row in MATRIKS:
        for item in [*row["program"], *row["permasalahan"], *row["penghambat"], *row["pendorong"]]:
            assert squash(item) in squash(text), item


def test_tc25_groups_sasaran_under_tujuan_with_targets(pdf54: PdfReader) -> None:
    sasaran = _sasaran(5)
    pages = table_pages(pdf54, "tabel-tc25", sasaran[-1]["indikator"][-1]["uraian"])
    text = squash(table_text(pdf54, pages, "Tabel 4.1", "4.3"))
    header = "No Tujuan Sasaran Indikator Sasaran Target Kinerja Sasaran pada Tahun ke-"
    header += " " + " ".join(f"{i} ({y})" for i, y in enumerate(range(2014, 2019), start=1))
    header += " " + " ".join(f"({i})" for i in range(1, 10))
    assert squash(header) in text
    assert "(10)" not in text
    # Tujuan 1 spans sasaran 1.1 and 1.2; tujuan 2 spans 2.1, in the order of the data.
    order = [
        "1 " + TUJUAN[0]["uraian"],
        "1.1 " + sasaran[0]["uraian"],
        "1.2 " + sasaran[1]["uraian"],
        "2 " + TUJUAN[1]["uraian"],
        "2.1 " + sasaran[2]["uraian"],
    ]
    found = [text.find(squash(s)) for s in order]
    assert all(i >= 0 for i in found), order
    assert found == sorted(found)
    for s in sasaran:
        for ind in s["indikator"]:
            satuan = f" ({ind['satuan']})" if "satuan" in ind else ""
            assert squash(ind["uraian"] + satuan) in text, ind["uraian"]
    # Each indicator with its satuan, then its targets as printed (numbers Indonesian style).
    ind = sasaran[0]["indikator"][0]
    assert squash(f"{ind['uraian']} ({ind['satuan']}) " + " ".join(TAMPIL_S11)) in text
    ind = sasaran[2]["indikator"][0]
    assert squash(f"{ind['uraian']} ({ind['satuan']}) " + " ".join(TAMPIL_S21)) in text
    assert squash("Nilai evaluasi akuntabilitas kinerja CC B B BB BB") in text
    assert squash("Ketersediaan peta rawan ketertiban" + " Tersedia" * 5) in text


def test_tc25_no_column_numbers_the_tujuan(pdf54: PdfReader) -> None:
    frags = fragments(pdf54.pages[destination_page(pdf54, "tabel-tc25")])
    # The "(1)" label sits in the No column; what starts there below it is a row's No.
    label = next(f for f in frags if f.text.startswith("(1) (2) (3)"))
    starts = [f.text.split()[0] for f in frags if abs(f.x - label.x) < 4 * MM and f.y < label.y]
    numbers = [t for t in starts if t.isdigit()]
    assert numbers == ["1", "2"]
    # Tujuan 1's second sasaran repeats the tujuan, marked, in the Tujuan column; not numbered.
    text = squash(" ".join(f.text for f in frags))
    assert squash(TUJUAN[0]["uraian"] + " (lanjutan) 1.2") in text
    assert text.count(squash(TUJUAN[0]["uraian"])) == 2


def test_tc26_visi_misi_rows_and_every_strategi(pdf54: PdfReader) -> None:
    renstra = yaml.safe_load((Path(__file__).parent.parent / "renstra.yaml").read_text("utf-8"))
    rpjmd = renstra["rpjmd"]
    pages = table_pages(pdf54, "tabel-tc26", STRATEGI[-1]["kebijakan"][-1])
    text = squash(table_text(pdf54, pages, "Tabel 4.2", None))
    # VISI, then one MISI block with the missions of 3.2 (misi_terkait: 1 and 5), then the
    # column headings and their numbers.
    head = [
        f"VISI: {rpjmd['visi']['pernyataan']}",
        f"MISI 1: {rpjmd['misi'][0]['judul']}",
        f"MISI 5: {rpjmd['misi'][4]['judul']}",
        "Tujuan Sasaran Strategi Kebijakan (1) (2) (3) (4)",
    ]
    found = [text.find(squash(s)) for s in head]
    assert all(i >= 0 for i in found), head
    assert found == sorted(found)
    assert "MISI2" not in text and "ArahKebijakan" not in text
    sasaran = _sasaran(5)
    for item in [t["uraian"] for t in TUJUAN] + [s["uraian"] for s in sasaran]:
        assert squash(item) in text, item
    for row in STRATEGI:
        for item in [*row["strategi"], *row["kebijakan"]]:
            assert squash(item) in text, item
    # A sasaran with two strategi entries is printed once, spanning both.
    assert text.count(squash(sasaran[0]["uraian"])) == 1


def test_86_2017_says_arah_kebijakan_and_4_years_give_8_columns(pdf86_4tahun: PdfReader) -> None:
    reader = pdf86_4tahun
    sasaran = _sasaran(4)
    pages = table_pages(reader, "tabel-tc25", sasaran[-1]["indikator"][-1]["uraian"])
    text = squash(table_text(reader, pages, "Tabel 4.1", "BAB V"))
    years = " ".join(f"{i} ({y})" for i, y in enumerate(range(2023, 2027), start=1))
    assert squash(f"Target Kinerja Sasaran pada Tahun ke- {years}") in text
    assert squash(" ".join(f"({i})" for i in range(1, 9))) in text
    assert "(9)" not in text and "(2027)" not in text
    assert squash("Indeks kepuasan masyarakat (indeks) 76 77,50 79 80,25") in text
    for index in pages:
        rows = column_number_rows(fragments(reader.pages[index]))
        assert list(range(1, 9)) in rows
    # T-C.26 is the table of BAB V under 86/2017, headed "Arah Kebijakan".
    pages = table_pages(reader, "tabel-tc26", STRATEGI[-1]["kebijakan"][-1])
    text = squash(table_text(reader, pages, "Tabel 5.1", None))
    assert squash("Tujuan Sasaran Strategi Arah Kebijakan (1) (2) (3) (4)") in text
    assert squash(STRATEGI_TEKS) in squash(body_text(reader))


def _long_sasaran() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Three tujuan of four sasaran of five indicators each: sixty rows, several pages."""
    tujuan = [
        {"kode": f"T{t}", "uraian": f"Tujuan uji nomor {t} untuk tabel panjang kecamatan"}
        for t in range(1, 4)
    ]
    sasaran = [
        {
            "kode": f"S{t}.{s}",
            "tujuan": f"T{t}",
            "uraian": f"Sasaran uji {t}.{s} yang rumusannya cukup panjang untuk dua baris",
            "indikator": [
                {
                    "uraian": f"Indikator uji {t}-{s}-{i} dengan rumusan yang juga agak panjang",
                    "satuan": "%",
                    "target": [70 + i, 72 + i, 74 + i, 76 + i, 78 + i],
                }
                for i in range(1, 6)
            ],
        }
        for t in range(1, 4)
        for s in range(1, 5)
    ]
    return tujuan, sasaran


def test_long_tc25_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    tujuan, sasaran = _long_sasaran()
    strategi = [{"sasaran": "S1.1", "strategi": ["Strategi uji"], "kebijakan": ["Kebijakan uji"]}]
    reader = build(tmp_path / "ws", {"tujuan": tujuan, "sasaran": sasaran, "strategi": strategi})
    last = sasaran[-1]["indikator"][-1]["uraian"]
    pages = table_pages(reader, "tabel-tc25", last)
    assert len(pages) >= 3, pages  # the table really spans three pages or more
    for index in pages:
        rows = column_number_rows(fragments(reader.pages[index]))
        assert list(range(1, 10)) in rows, index
        text = reader.pages[index].extract_text()
        assert squash("Target Kinerja Sasaran pada Tahun ke-") in squash(text), index
    # Pages break between sasaran groups: each later page starts with a sasaran's first
    # indicator, and names its sasaran and its tujuan (repeated, marked "(lanjutan)").
    for index in pages[1:]:
        page = squash(reader.pages[index].extract_text())
        first = re.search(r"Indikatoruji(\d)-(\d)-(\d)", page)
        assert first is not None, index
        t, s, i = first.groups()
        assert i == "1", (index, first.group())
        assert squash(f"{t}.{s} Sasaran uji {t}.{s}") in page, index
        assert squash(tujuan[int(t) - 1]["uraian"]) in page, index
    text = squash(table_text(reader, pages, "Tabel 4.1", "4.3 Strategi"))
    for s in sasaran:
        # Every sasaran once, numbered; every indicator once, with its targets.
        nomor = s["kode"][1:]
        assert text.count(squash(f"{nomor} {s['uraian']}")) == 1, nomor
        for ind in s["indikator"]:
            row = f"{ind['uraian']} (%) " + " ".join(str(v) for v in ind["target"])
            assert text.count(squash(row)) == 1, row
