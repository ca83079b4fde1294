"""The sample Renstra rendered for real (WeasyPrint + shipped fonts) and read back with pypdf."""

from __future__ import annotations

import itertools
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from renstra_docs import teks
from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.workspace import Workspace

from .conftest import copy_sample
from .pdfread import (
    MM,
    body_text,
    destination_page,
    embedded_fonts,
    fragments,
    outline_titles,
    printed_page_number,
    read,
    toc_entries,
)

MISI = [
    "Menyelenggarakan Tata Kelola Kepemerintahan yang Baik",
    "Membangun Prasarana dan Sarana yang Serasi dengan Dinamika dan Pertumbuhan Kota",
    "Meningkatkan Kehidupan Sosial Masyarakat melalui Layanan Pendidikan, Kesehatan, dan"
    " Layanan Sosial Lainnya",
    "Meningkatkan Perekonomian melalui Pengembangan Usaha Mikro, Kecil, dan Menengah,"
    " Peningkatan Investasi, dan Penciptaan Iklim Usaha yang Kondusif",
    "Mewujudkan Kehidupan Masyarakat yang Aman, Tertib, Tenteram, dan Damai",
]
PRINSIP = (
    "(1) Partisipasi Masyarakat; (2) Tegaknya supremasi hukum; (3) Transparansi; (4) Kesetaraan;"
    " (5) Daya Tanggap kepada Stakeholders; (6) Berorientasi pada Visi; (7) Akuntabilitas;"
    " (8) Pengawasan; (9) Efektivitas dan efisiensi; (10) Profesionalisme."
)
PENGHAMBAT = [
    "Kualitas Sumber Daya Manusia Aparatur belum optimal",
    "Ketersediaan sarana dan prasarana yang kurang memadai",
    "Plafon Anggaran SKPD Kecamatan yang terbatas",
]
PENDORONG = [
    "Tuntutan Sumber Daya Manusia Aparatur yang berintegritas dan Profesional",
    "Adanya penentuan target kinerja",
    "Tingkat Partisipasi Masyarakat",
    "Inovasi Manajemen Pelayanan di Kecamatan",
]


def squash(text: str) -> str:
    """Justified lines put extra spaces between words; compare words only."""
    return re.sub(r"\s+", "", text)


def positions_in_order(haystack: str, needles: list[str]) -> list[int]:
    found = [squash(haystack).find(squash(n)) for n in needles]
    assert all(i >= 0 for i in found), [n for n, i in zip(needles, found, strict=True) if i < 0]
    return found


def test_seed_content_present_in_order(sample_pdf: Path) -> None:
    text = body_text(read(sample_pdf))
    order = positions_in_order(
        text,
        [
            "Bekasi Maju, Sejahtera dan Ihsan",
            *MISI,
            "Faktor penghambat:",
            *PENGHAMBAT,
            "Faktor pendorong:",
            *PENDORONG,
        ],
    )
    assert order == sorted(order)
    assert squash(PRINSIP) in squash(text)


def test_relevance_sentence_is_generated_from_mission_numbers(sample_pdf: Path) -> None:
    text = body_text(read(sample_pdf))
    sentence = (
        "tugas pokok dan fungsi kecamatan adalah misi pertama yaitu "
        + MISI[0]
        + " dan misi kelima yaitu "
        + MISI[4]
        + "."
    )
    assert squash(sentence) in squash(text)


def test_relevance_sentence_follows_the_data(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    unit.write_text(
        unit.read_text(encoding="utf-8").replace("misi_terkait: [1, 5]", "misi_terkait: [2, 3, 5]"),
        encoding="utf-8",
    )
    result = build_renstra(Workspace(root), unit, BuildOptions())
    text = body_text(read(result.output))
    sentence = (
        f"adalah misi kedua yaitu {MISI[1]}; misi ketiga yaitu {MISI[2]}; dan misi kelima yaitu"
        f" {MISI[4]}."
    )
    assert squash(sentence) in squash(text)


def toc_pages(reader: PdfReader) -> list[int]:
    """The pages of DAFTAR ISI: from its heading to the page before the next front section."""
    start = destination_page(reader, "daftar-isi")
    following = [
        destination_page(reader, name)
        for name in ("daftar-tabel", "daftar-gambar", "awal-isi")
        if name in reader.named_destinations
    ]
    return list(range(start, min(p for p in following if p > start)))


def test_page_labels_and_printed_numbers_match(sample_pdf: Path) -> None:
    reader = read(sample_pdf)
    labels = reader.page_labels
    body = destination_page(reader, "awal-isi")
    assert labels[0] == "Sampul"
    assert labels[1:body] == [teks.roman(n, upper=False) for n in range(1, body)]
    assert labels[body:] == [str(n) for n in range(1, len(labels) - body + 1)]
    for index, page in enumerate(reader.pages):
        printed = printed_page_number(page)
        assert printed == ("" if index == 0 else labels[index]), index


def test_per_chapter_numbering_labels_match_printed(build_sample: Callable[..., Path]) -> None:
    reader = read(build_sample(penomoran="bab"))
    labels = reader.page_labels
    body = destination_page(reader, "awal-isi")
    assert labels[body] == "I-1"
    assert destination_page(reader, "bab-2") > body
    assert labels[destination_page(reader, "bab-2")] == "II-1"
    assert labels[destination_page(reader, "bab-lampiran")] == "L-1"
    for index, page in enumerate(reader.pages[1:], start=1):
        assert printed_page_number(page) == labels[index], index
    entries = toc_entries(reader, toc_pages(reader))
    assert len(entries) == len(outline_titles(reader))
    for entry in entries:
        assert entry.printed == labels[destination_page(reader, entry.destination)]


def _check_toc(reader_path: Path) -> list[str]:
    reader = read(reader_path)
    labels = reader.page_labels
    pages = toc_pages(reader)
    entries = toc_entries(reader, pages)
    outline = outline_titles(reader)
    assert len(entries) == len(outline)
    toc_text = squash(" ".join(reader.pages[i].extract_text() for i in pages))
    for entry, (_, title, page) in zip(entries, outline, strict=True):
        target = destination_page(reader, entry.destination)
        assert target == page
        # The number printed in DAFTAR ISI is the label of the page the heading is really on,
        assert entry.printed == labels[target], entry
        # and that page really shows the heading, which DAFTAR ISI names.
        bare = re.sub(r"^(BAB [IVXLC]+|Lampiran \d+|[\d.]+) ", "", title)
        assert squash(bare) in toc_text, bare
        words = squash(bare)[:30]
        assert words in squash(reader.pages[target].extract_text()), (title, target)
    return [e.printed for e in entries]


def test_toc_numbers_are_the_real_pages(sample_pdf: Path) -> None:
    printed = _check_toc(sample_pdf)
    assert printed[0] == "i"
    assert len(set(printed)) >= 10, "headings must spread over many pages"


def _word_boxes(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(x1, y1, x2, y2, word) of every word poppler finds on the page (1-based)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, html)
    ]


def test_front_matter_words_never_overlap(sample_pdf: Path) -> None:
    """No two words of the front matter (DAFTAR ISI/TABEL/GAMBAR, KATA PENGANTAR) are drawn
    over each other: e.g. a "Lampiran 1" number wider than its column."""
    labels = PdfReader(sample_pdf).page_labels
    front = [i + 1 for i, label in enumerate(labels) if re.fullmatch(r"[ivx]+", label)]
    assert len(front) >= 4
    for page in front:
        words = _word_boxes(sample_pdf, page)
        assert words, page
        for a, b in itertools.combinations(words, 2):
            same_line = min(a[3], b[3]) - max(a[1], b[1]) > 2
            across = min(a[2], b[2]) - max(a[0], b[0]) > 0.5
            assert not (same_line and across), (labels[page - 1], a, b)


def test_toc_numbers_move_when_text_grows(tmp_path: Path, sample_pdf: Path) -> None:
    root = copy_sample(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    data["bab_3"]["pengantar"] = data["bab_3"]["pengantar"] * 6
    unit.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build_renstra(Workspace(root), unit, BuildOptions())
    before = dict(zip(_outline_names(sample_pdf), _check_toc(sample_pdf), strict=True))
    after = dict(zip(_outline_names(result.output), _check_toc(result.output), strict=True))
    bab3 = "BAB III ISU-ISU STRATEGIS BERDASARKAN TUGAS POKOK DAN FUNGSI"
    assert after[bab3] == before[bab3]  # the chapter itself starts where it did
    later = [name for name in before if name.startswith(("3.", "BAB IV", "BAB V"))]
    assert later
    for name in later:
        assert int(after[name]) > int(before[name]), name


def _outline_names(path: Path) -> list[str]:
    return [title for _, title, _ in outline_titles(read(path))]


@pytest.mark.parametrize(("kertas", "width_mm", "height_mm"), [("a4", 210, 297), ("f4", 215, 330)])
def test_paper_sizes(
    build_sample: Callable[..., Path], kertas: str, width_mm: int, height_mm: int
) -> None:
    reader = read(build_sample(kertas=kertas))
    landscape = 0
    for page in reader.pages:
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert size == [
            pytest.approx(width_mm * MM, abs=0.01),
            pytest.approx(height_mm * MM, abs=0.01),
        ]
        landscape += float(page.mediabox.width) > float(page.mediabox.height)
    assert 0 < landscape < len(reader.pages)


def test_only_shipped_fonts_embedded(sample_pdf: Path) -> None:
    fonts = embedded_fonts(read(sample_pdf))
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    shipped = ("TeXGyreBonum", "LiberationSans", "DejaVuSans")
    assert all(name.replace("-", "").startswith(shipped) for name in fonts), fonts
    assert any(name.startswith("TeX-Gyre-Bonum") for name in fonts)


def test_outline_follows_headings(sample_pdf: Path) -> None:
    outline = outline_titles(read(sample_pdf))
    assert [title for depth, title, _ in outline if depth == 1] == [
        "KATA PENGANTAR",
        "DAFTAR ISI",
        "DAFTAR TABEL",
        "DAFTAR GAMBAR",
        "BAB I PENDAHULUAN",
        "BAB II GAMBARAN PELAYANAN SKPD",
        "BAB III ISU-ISU STRATEGIS BERDASARKAN TUGAS POKOK DAN FUNGSI",
        "BAB IV VISI, MISI, TUJUAN DAN SASARAN, STRATEGI DAN KEBIJAKAN",
        "BAB V RENCANA PROGRAM DAN KEGIATAN, INDIKATOR KINERJA, KELOMPOK SASARAN, DAN"
        " PENDANAAN INDIKATIF",
        "BAB VI INDIKATOR KINERJA SKPD YANG MENGACU PADA TUJUAN DAN SASARAN RPJMD",
        "BAB VII PENUTUP",
        "LAMPIRAN",
    ]
    bab3 = [(d, t) for d, t, _ in outline if t.startswith("3.")]
    assert bab3 == [
        (2, "3.1 Identifikasi Permasalahan Berdasarkan Tugas dan Fungsi Pelayanan SKPD"),
        (2, "3.2 Telaahan Visi, Misi, dan Program Kepala Daerah dan Wakil Kepala Daerah Terpilih"),
        (3, "3.2.1 Visi Kepala Daerah dan Wakil Kepala Daerah Terpilih"),
        (3, "3.2.2 Misi Kepala Daerah dan Wakil Kepala Daerah Terpilih"),
        (3, "3.2.3 Keterkaitan Misi dengan Tugas Pokok dan Fungsi Kecamatan"),
        (3, "3.2.4 Faktor Penghambat dan Pendorong"),
        (2, "3.3 Telaahan Renstra K/L dan Renstra Provinsi"),
        (2, "3.4 Telaahan Rencana Tata Ruang Wilayah dan Kajian Lingkungan Hidup Strategis"),
        (2, "3.5 Penentuan Isu-Isu Strategis"),
    ]


def test_metadata(sample_pdf: Path) -> None:
    reader = read(sample_pdf)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Rencana Strategis Kecamatan Bekasi Utara Tahun 2013–2018"
    assert meta.author == "Kecamatan Bekasi Utara"
    assert meta.subject == (
        "Rencana Strategis Kecamatan Bekasi Utara, Pemerintah Kota Bekasi, periode 2013–2018"
    )
    assert "Renstra" in (meta.get("/Keywords") or "")
    assert str(meta["/CreationDate"]) == "D:20131128000000+07'00'"
    assert str(reader.root_object["/Lang"]) == "id"


def test_cover_has_no_number_and_running_header_elsewhere(sample_pdf: Path) -> None:
    reader = read(sample_pdf)
    header = "Renstra Kecamatan Bekasi Utara Tahun 2013–2018"
    for index, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        top = [f.text for f in fragments(page) if f.y > height - 30 * MM]
        if index == 0:
            assert top == []
        else:
            # The running header sits in the top margin of every other page, portrait or
            # landscape (text drawn inside an SVG figure may report odd positions: ignored).
            assert top.count(header) == 1, index


def test_body_line_spacing_is_word_one_and_a_half(sample_pdf: Path) -> None:
    """Body lines are 1.5 × (usWinAscent + usWinDescent)/unitsPerEm × 12 pt apart.

    TeX Gyre Bonum: (1069 + 268) / 1000 = 1.337; × 1.5 × 12 pt = 24.066 pt.
    """
    reader = read(sample_pdf)
    # 1.1 Latar Belakang: a page of justified body prose.
    page = reader.pages[destination_page(reader, "subbab-1-1")]
    ys = sorted({round(f.y, 2) for f in fragments(page) if 25 * MM < f.y < 250 * MM}, reverse=True)
    gaps = [round(a - b, 2) for a, b in itertools.pairwise(ys)]
    assert gaps.count(24.07) >= 10, gaps


def test_chapter_heading_starts_a_page_centred(sample_pdf: Path) -> None:
    reader = read(sample_pdf)
    page = reader.pages[destination_page(reader, "bab-3")]
    frags = fragments(page)
    width = float(page.mediabox.width)
    bab = next(f for f in frags if f.text == "BAB III")
    # Centred in the text area (left margin 3 cm, right margin 2 cm).
    text_centre = (30 * MM + (width - 20 * MM)) / 2
    height = float(page.mediabox.height)
    assert bab.y == max(f.y for f in frags if f.y < height - 30 * MM)
    assert abs(bab.x + 22 - text_centre) < 15  # "BAB III" is ~44 pt wide at 14 pt
