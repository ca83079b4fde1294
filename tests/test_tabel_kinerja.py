"""T-C.23 Pencapaian Kinerja Pelayanan and T-C.24 Anggaran dan Realisasi Pendanaan Pelayanan,
rendered for real from our own rows in a copy of the sample and read back with pypdf.

Every expected ratio, growth and total below was worked out by hand (docs/aturan-perhitungan.md)
and is written literally: the tests never call renstra_docs.hitung.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PageObject

from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.workspace import Workspace

from .conftest import SAMPLE_UNIT, copy_sample
from .pdfread import MM, fragments, read

Data = dict[str, Any]

RINGKAS = 4  # the hand-checked indicators at the top of T-C.23; the rest only fill pages
INDIKATOR: list[Data] = [
    {
        "indikator": "Cakupan KTP-el",
        "satuan": "%",
        "arah": "naik",
        "target_spm": 100,
        "target_ikk": 95,
        "target_lainnya": 90,
        "target": [90, 80, 80, 100, 50],
        "realisasi": [85, "75,5", 0, None, "BB"],
    },
    {
        "indikator": "Waktu layanan",
        "satuan": "hari",
        "arah": "turun",
        "target": [10, 10, 10, 4, 0],
        "realisasi": [8, 12, 10, 5, 3],
    },
    {
        "indikator": "Dokumen renja",
        "satuan": "dokumen",
        "target": ["Tersedia"] * 5,
        "realisasi": ["Tersedia"] * 5,
    },
    {
        "indikator": "Jumlah keluhan",
        "satuan": "kasus",
        "arah": "turun",
        "target": [5, 5, 5, 5, 5],
        "realisasi": [0, 4, 6, 5, 2],
    },
    {
        "indikator": "Penduduk terlayani",
        "satuan": "jiwa",
        "target": [1250000] * 5,
        "realisasi": [1000000] * 5,
    },
    *(
        {
            "indikator": f"Persentase layanan pengisi nomor {i} yang diselesaikan sesuai"
            " standar pelayanan kecamatan",
            "satuan": "%",
            "target": [80] * 5,
            "realisasi": [72] * 5,
        }
        for i in range(6, 60)
    ),
    {"indikator": "Indikator terakhir", "satuan": "unit", "target": [3] * 5, "realisasi": [2] * 5},
]

JUTA = 1_000_000
ANGGARAN: list[Data] = [
    {
        "uraian": "Belanja Pegawai",
        "anggaran": [100 * JUTA, 110 * JUTA, 121 * JUTA, 133_100_000, 146_410_000],
        "realisasi": [90 * JUTA, 99 * JUTA, 108_900_000, 119_790_000, 131_769_000],
    },
    {
        "uraian": "Belanja Modal",
        "anggaran": [200 * JUTA, 300 * JUTA, 240 * JUTA, 240 * JUTA, 288 * JUTA],
        "realisasi": [150 * JUTA, 285 * JUTA, 240 * JUTA, 216 * JUTA, 198 * JUTA],
    },
    {
        "uraian": "Belanja Hibah",
        "anggaran": [0, 0, 50 * JUTA, 50 * JUTA, 50 * JUTA],
        "realisasi": [0, 0, 50 * JUTA, 45 * JUTA, 40 * JUTA],
    },
]

NOMOR_TC23 = [f"({i})" for i in range(1, 21)]
NOMOR_TC24 = [f"({i})" for i in range(1, 19)]
JUDUL_TC23 = "Pencapaian Kinerja Pelayanan Kecamatan Bekasi Utara Kota Bekasi"
JUDUL_TC24 = "Anggaran dan Realisasi Pendanaan Pelayanan Kecamatan Bekasi Utara Kota Bekasi"


# --- building -----------------------------------------------------------------------------------


class Pdf:
    """A built PDF with each page's text and lines extracted once."""

    def __init__(self, path: Path) -> None:
        self.pages: list[PageObject] = list(read(path).pages)
        self.texts = [squash(page.extract_text()) for page in self.pages]
        self.lines = [lines(page) for page in self.pages]


def build(root: Path, change: Callable[[Data], None], *, draf: bool) -> Pdf:
    """Build the sample unit after ``change`` has edited its YAML data."""
    workspace = copy_sample(root)
    unit = workspace / "data" / f"{SAMPLE_UNIT}.yaml"
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    change(data)
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build_renstra(Workspace(workspace), unit, BuildOptions(draf=draf))
    return Pdf(result.output)


def own_rows(data: Data, tahun: int = 5) -> None:
    """Our rows, cut to ``tahun`` target years; the section 2.3 they follow must be written."""
    data["indikator_kinerja"] = [
        {**r, "target": r["target"][:tahun], "realisasi": r["realisasi"][:tahun]} for r in INDIKATOR
    ]
    data["anggaran"] = [
        {**r, "anggaran": r["anggaran"][:tahun], "realisasi": r["realisasi"][:tahun]}
        for r in ANGGARAN
    ]
    data.setdefault("bab_2", {})["kinerja_pelayanan"] = "Kinerja pelayanan disajikan berikut."


def draft_only_tables(data: Data, tahun: int = 5) -> None:
    """For a draft: our rows and section 2.3, none of the sample's other text or tables."""
    for key in [k for k in data if k not in ("unit", "penetapan", "pengaturan")]:
        del data[key]
    own_rows(data, tahun)
    data["indikator_kinerja"] = data["indikator_kinerja"][:RINGKAS]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    """The complete sample (not a draft) with our 60 indicators and 3 budget rows."""
    return build(tmp_path_factory.mktemp("kinerja"), own_rows, draf=False)


# --- reading ------------------------------------------------------------------------------------


def lines(page: PageObject) -> list[list[str]]:
    """The words of each printed line of a page, top to bottom (cells on one line together)."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for f in fragments(page):
        rows.setdefault(round(f.y, 1), []).append((f.x, f.text))
    return [
        [word for _, text in sorted(rows[y]) for word in text.split()]
        for y in sorted(rows, reverse=True)
    ]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_with(reader: Pdf, text: str) -> list[int]:
    return [i for i, page in enumerate(reader.texts) if text in page]


def only_page_with(reader: Pdf, text: str) -> int:
    found = pages_with(reader, text)
    assert len(found) == 1, (text, found)
    return found[0]


def row(reader: Pdf, *start: str) -> list[str]:
    """The words on the first line of the table row whose first words begin with ``start``."""
    found = [
        words
        for page in reader.lines
        for words in page
        if len(words) >= len(start) and all(map(str.startswith, words, start))
    ]
    assert len(found) == 1, (start, found)
    return found[0]


def landscape(page: PageObject) -> bool:
    return float(page.mediabox.width) > float(page.mediabox.height)


def table_pages(reader: Pdf, first_row: str, last_row: str) -> range:
    return range(only_page_with(reader, first_row), only_page_with(reader, last_row) + 1)


def number_rows(page: list[list[str]]) -> list[list[str]]:
    """The column-number rows of a page's tables, "(1)" first."""
    return [words for words in page if words and words[0] == "(1)"]


# --- T-C.23 -------------------------------------------------------------------------------------


def test_tc23_caption_and_header(pdf: Pdf) -> None:
    first = only_page_with(pdf, squash("1 Cakupan KTP-el (%)"))
    page, text = pdf.lines[first], pdf.texts[first]
    assert ["Tabel", "2.1"] in page
    assert JUDUL_TC23.split() in page
    assert squash(f"Tabel 2.1 {JUDUL_TC23}") in text
    for header in (
        "Indikator Kinerja sesuai Tugas dan Fungsi SKPD",
        "Target SPM",
        "Target IKK",
        "Target Renstra SKPD Tahun",
        "Realisasi Capaian Tahun",
        "Rasio Capaian pada Tahun",
    ):
        assert squash(header) in text, header
    assert "NSPK" not in text
    # Three year blocks, each "ke-1 … ke-5" over its actual year. T-C.23 and T-C.24 evaluate
    # the previous period: for 2013–2018 (base year 2013) the five years 2009 … 2013.
    assert ["ke-1", "ke-2", "ke-3", "ke-4", "ke-5"] * 3 in page
    assert ["(2009)", "(2010)", "(2011)", "(2012)", "(2013)"] * 3 in page


def test_tc23_spans_landscape_pages_with_the_number_row_on_each(pdf: Pdf) -> None:
    span = table_pages(pdf, squash("1 Cakupan KTP-el (%)"), squash("60 Indikator terakhir (unit)"))
    assert len(span) >= 3, "the test data must make T-C.23 run over at least three pages"
    for index in span:
        assert landscape(pdf.pages[index]), index
        # The header, with its column-number row, repeats at the top of every page.
        assert number_rows(pdf.lines[index])[0] == NOMOR_TC23, index
    before = span[0] - 1
    assert not landscape(pdf.pages[before])
    assert squash("2.3 Kinerja Pelayanan SKPD") in pdf.texts[before]
    # Rows are numbered 1 … 60 across the pages.
    numbers = [
        words[0]
        for i in span
        for words in pdf.lines[i]
        if len(words) > 1 and words[0].isdigit() and words[1][0].isalpha()
    ]
    assert numbers == [str(n) for n in range(1, 61)]


def test_tc23_landscape_page_geometry(pdf: Pdf) -> None:
    """A4 turned: 297 × 210 mm, the caption below the 3 cm binding margin at the top."""
    page = pdf.pages[only_page_with(pdf, squash("1 Cakupan KTP-el (%)"))]
    assert float(page.mediabox.width) == pytest.approx(297 * MM, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(210 * MM, abs=0.5)
    caption = next(f for f in fragments(page) if f.text == "Tabel 2.1")
    assert caption.y < (210 - 30) * MM
    # Everything but the page number stays inside the 2 cm side and bottom margins.
    table = [f for f in fragments(page) if f.y < caption.y and not f.text.isdigit()]
    assert min(f.x for f in table) >= 20 * MM - 1
    assert max(f.x for f in table) <= (297 - 20) * MM
    assert min(f.y for f in table) >= 20 * MM - 1


def test_tc23_values_and_ratios(pdf: Pdf) -> None:
    # naik: 85 / 90 = 94,444… → 94,44%; 75,5 / 80 = 94,375 → 94,38% (half-up);
    # realisasi 0, missing, or a grade (BB) → "–". The unit follows the indicator.
    assert row(pdf, "1", "Cakupan") == [
        "1", "Cakupan", "KTP-el", "(%)",
        "100", "95", "90",
        "90", "80", "80", "100", "50",
        "85", "75,50", "0", "–", "BB",
        "94,44%", "94,38%", "–", "–", "–",
    ]  # fmt: skip
    # turun: target ÷ realisasi. 10 / 8 → 125,00%; 10 / 12 → 83,33%; 10 / 10 → 100,00%;
    # 4 / 5 → 80,00%; a target of 0 → "–". Missing SPM/IKK/lainnya targets print "–".
    assert row(pdf, "2", "Waktu") == [
        "2", "Waktu", "layanan", "(hari)",
        "–", "–", "–",
        "10", "10", "10", "4", "0",
        "8", "12", "10", "5", "3",
        "125,00%", "83,33%", "100,00%", "80,00%", "–",
    ]  # fmt: skip
    # Words cannot be divided: every ratio "–".
    assert row(pdf, "3", "Dokumen")[-5:] == ["–"] * 5
    # turun with a realisation of 0 (division by zero) → "–"; 5 / 4 → 125,00%; 5 / 6 → 83,33%;
    # 5 / 5 → 100,00%; 5 / 2 → 250,00%.
    assert row(pdf, "4", "Jumlah", "keluhan")[-5:] == [
        "–", "125,00%", "83,33%", "100,00%", "250,00%",
    ]  # fmt: skip
    # 1.000.000 / 1.250.000 → 80,00%; the figures are complete, wrapped or not.
    assert row(pdf, "5", "Penduduk")[-5:] == ["80,00%"] * 5
    page = only_page_with(pdf, squash("5 Penduduk terlayani (jiwa)"))
    assert "1.250.000" * 5 + "1.000.000" * 5 + "80,00%" * 5 in pdf.texts[page]
    assert row(pdf, "6", "Persentase")[-5:] == ["90,00%"] * 5  # 72 / 80
    assert row(pdf, "60", "Indikator")[-5:] == ["66,67%"] * 5  # 2 / 3 = 0,6666…


# --- T-C.24 -------------------------------------------------------------------------------------


def test_tc24_caption_header_and_landscape(pdf: Pdf) -> None:
    index = only_page_with(pdf, squash("Belanja Pegawai"))
    text = pdf.texts[index]
    assert landscape(pdf.pages[index])
    assert squash(f"Tabel 2.2 {JUDUL_TC24}") in text
    for header in (
        "Uraian",
        "Anggaran pada Tahun",
        "Realisasi Anggaran pada Tahun",
        "Rasio antara Realisasi dan Anggaran Tahun",
        "Rata-rata Pertumbuhan",
    ):
        assert squash(header) in text, header
    assert number_rows(pdf.lines[index])[-1] == NOMOR_TC24
    # The page after the table returns to portrait, with section 2.4.
    assert not landscape(pdf.pages[index + 1])
    assert squash("2.4 Tantangan dan Peluang") in pdf.texts[index + 1]


def test_tc24_rupiah_ratios_and_growth(pdf: Pdf) -> None:
    text = pdf.texts[only_page_with(pdf, squash("Belanja Pegawai"))]
    # Rupiah in full, in column order (a figure may wrap after a separator, nothing is lost).
    assert (
        "BelanjaPegawai"
        "Rp100.000.000Rp110.000.000Rp121.000.000Rp133.100.000Rp146.410.000"
        "Rp90.000.000Rp99.000.000Rp108.900.000Rp119.790.000Rp131.769.000"
    ) in text
    assert "BelanjaHibahRp0Rp0Rp50.000.000" in text
    # Each year 90 % realised; growth 10 % a year for both series → 10,00%.
    assert row(pdf, "Belanja", "Pegawai")[-7:] == ["90,00%"] * 5 + ["10,00%", "10,00%"]
    # 150/200, 285/300, 240/240, 216/240, 198/288 = 75 %, 95 %, 100 %, 90 %, 68,75 %.
    # Anggaran growth +50, −20, 0, +20 → 50 / 4 = 12,50%. Realisasi growth +90, −15,789…,
    # −10, −8,333… → 55,877… / 4 = 13,969… → 13,97%.
    assert row(pdf, "Belanja", "Modal")[-7:] == [
        "75,00%", "95,00%", "100,00%", "90,00%", "68,75%", "12,50%", "13,97%",
    ]  # fmt: skip
    # A budget of 0 gives no ratio, and a series with a 0 no average growth.
    assert row(pdf, "Belanja", "Hibah")[-7:] == [
        "–", "–", "100,00%", "90,00%", "80,00%", "–", "–",
    ]  # fmt: skip


def test_tc24_jumlah_row(pdf: Pdf) -> None:
    text = pdf.texts[only_page_with(pdf, squash("Belanja Pegawai"))]
    # Sums per year: 100 + 200 + 0 = 300 juta, 110 + 300 + 0 = 410, 121 + 240 + 50 = 411,
    # 133,1 + 240 + 50 = 423,1, 146,41 + 288 + 50 = 484,41; realisasi 240, 384, 398,9, 380,79,
    # 369,769 juta.
    assert (
        "Jumlah"
        "Rp300.000.000Rp410.000.000Rp411.000.000Rp423.100.000Rp484.410.000"
        "Rp240.000.000Rp384.000.000Rp398.900.000Rp380.790.000Rp369.769.000"
    ) in text
    # Ratios of the sums: 240/300 = 80 %; 384/410 = 93,658…; 398,9/411 = 97,055…;
    # 380,79/423,1 = 90 %; 369,769/484,41 = 76,334…
    # Growth of the sums: anggaran 36,666… + 0,243… + 2,944… + 14,490… = 54,345… / 4 = 13,59;
    # realisasi 60 + 3,880… − 4,539… − 2,894… = 56,445… / 4 = 14,11.
    assert row(pdf, "Jumlah", "Rp300")[-7:] == [
        "80,00%", "93,66%", "97,06%", "90,00%", "76,33%", "13,59%", "14,11%",
    ]  # fmt: skip
    # The Jumlah row is the table's last row: nothing of T-C.24 follows it.
    assert text.rindex("Jumlah") > text.rindex("BelanjaHibah")


def test_figures_are_never_split_inside_a_digit_group(pdf: Pdf) -> None:
    """A cell may wrap a figure only after a thousands separator; no figure is cut."""
    whole = re.compile(r"-?(Rp)?\d{1,3}(\.\d{3})*(,\d+)?%?")
    head = re.compile(r"-?(Rp)?\d{1,3}(\.\d{3})*\.")  # "Rp1.250." with the rest below
    tail = re.compile(r"\d{3}(\.\d{3})*(,\d+)?%?")  # "000.000"
    start = only_page_with(pdf, squash("1 Cakupan KTP-el (%)"))
    end = only_page_with(pdf, squash("Belanja Pegawai"))
    checked = 0
    for index in range(start, end + 1):
        body = False
        for words in pdf.lines[index]:
            if words and words[0] == "(1)":
                body = True  # below the column numbers: table rows only
                continue
            if not body or words[:1] == ["Tabel"]:
                body = False
                continue
            for word in words:
                if re.search(r"[\d%]", word) and not word.startswith("("):
                    assert any(p.fullmatch(word) for p in (whole, head, tail)), (index, word)
                    checked += 1
    assert checked > 1000


# --- variants -----------------------------------------------------------------------------------


def test_86_2017_prints_nspk(tmp_path: Path) -> None:
    def change(data: Data) -> None:
        draft_only_tables(data)
        data["regulasi"] = "86/2017"

    reader = build(tmp_path / "ws", change, draf=True)
    index = only_page_with(reader, squash("1 Cakupan KTP-el (%)"))
    text = reader.texts[index]
    assert landscape(reader.pages[index])
    assert "TargetNSPK" in text
    assert "TargetSPM" not in text
    assert squash("Indikator Kinerja sesuai Tugas dan Fungsi Perangkat Daerah") in text
    assert number_rows(reader.lines[index])[0] == NOMOR_TC23
    assert row(reader, "2", "Waktu")[-5:] == ["125,00%", "83,33%", "100,00%", "80,00%", "–"]


def test_four_target_years_give_17_and_15_columns(tmp_path: Path) -> None:
    def change(data: Data) -> None:
        draft_only_tables(data, tahun=4)
        data["periode"] = {"awal": 2023, "akhir": 2026, "tahun_dasar": 2022}

    reader = build(tmp_path / "ws", change, draf=True)
    index = only_page_with(reader, squash("1 Cakupan KTP-el (%)"))
    page = reader.lines[index]
    assert landscape(reader.pages[index])
    assert number_rows(page)[0] == [f"({i})" for i in range(1, 18)]
    assert ["ke-1", "ke-2", "ke-3", "ke-4"] * 3 in page
    # Targets 2023 … 2026 (base year 2022): the evaluated years are 2019 … 2022.
    assert ["(2019)", "(2020)", "(2021)", "(2022)"] * 3 in page
    assert "ke-5" not in reader.texts[index]
    assert row(reader, "2", "Waktu") == [
        "2", "Waktu", "layanan", "(hari)",
        "–", "–", "–",
        "10", "10", "10", "4",
        "8", "12", "10", "5",
        "125,00%", "83,33%", "100,00%", "80,00%",
    ]  # fmt: skip
    tc24 = reader.lines[only_page_with(reader, squash("Belanja Pegawai"))]
    assert number_rows(tc24)[-1] == [f"({i})" for i in range(1, 16)]
    # Four years: growth over three steps, still 10 % a year; the sums' growth:
    # 300 → 410 → 411 → 423,1: (36,666… + 0,243… + 2,944…) / 3 = 13,28;
    # realisasi 240 → 384 → 398,9 → 380,79: (60 + 3,880… − 4,539…) / 3 = 19,78.
    assert row(reader, "Belanja", "Pegawai")[-6:] == ["90,00%"] * 4 + ["10,00%", "10,00%"]
    assert row(reader, "Jumlah", "Rp300")[-6:] == [
        "80,00%", "93,66%", "97,06%", "90,00%", "13,28%", "19,78%",
    ]  # fmt: skip
