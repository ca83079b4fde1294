"""Text that breaks layouts: long unbroken words and URLs in narrow cells, emoji, zero-width
characters, right-to-left words, thousands of list items — every character on its page's text
area (tests/tata_letak.py) and every string of the data readable in the PDF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml

from renstra_docs import assets, render
from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.errors import DataError
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import REPO, copy_mini
from .tata_letak import layout_problems, missing_strings

UNIT = "bekasi-utara"


def render_html(html: str, folder: Path, name: str = "uji") -> Path:
    """HTML laid out by the real engine with the document's stylesheet, as a PDF file."""
    settings = render.RenderSettings(
        kertas="a4",
        base_dir=folder,
        allowed_roots=(folder, assets.defaults_root()),
        stylesheets=(assets.styles_dir() / "renstra.css",),
    )
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(render.write_pdf(render.render_document(html, settings)))
    return pdf


def page(body: str, header: str = "Renstra Uji") -> str:
    return (
        f'<html lang="id"><body data-judul-berjalan="{header}">'
        f'<main class="isi">{body}</main></body></html>'
    )


# --- the checker itself -------------------------------------------------------------------


@pytest.fixture(scope="module")
def checker_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pemeriksa")
    wide = "W" * 400
    words = " ".join(["kata"] * 30)
    return {
        "bersih": render_html(
            page(
                "<p>Teks biasa yang muat di bidang teks halaman.</p>"
                '<div class="lanskap"><p>Halaman lanskap yang muat.</p></div>'
            ),
            folder,
            "bersih",
        ),
        # A 3000-px unbreakable word, and a table wider than a landscape page.
        "meluap": render_html(
            page(
                '<p style="white-space: nowrap; overflow: visible">Awal'
                f' <span style="display: inline-block; width: 3000px">{wide}</span></p>'
                '<div class="lanskap"><table style="width: 1400px"><tr>'
                f"<td>{words}</td><td>{words}</td></tr></table></div>"
            ),
            folder,
            "meluap",
        ),
        # A word wider than its cell, in a table inside the text area.
        "sel": render_html(
            page(
                '<table class="standar" style="table-layout: fixed; width: 8cm">'
                '<tr><td style="width: 2cm; overflow-wrap: normal">KATAYANGTERLALUPANJANG</td>'
                "<td>isi</td></tr></table>"
            ),
            folder,
            "sel",
        ),
        # Text pushed down out of the text area into the page-number band.
        "kaki": render_html(
            page('<p style="position: relative; top: 25.5cm">Teks di kaki halaman</p>'),
            folder,
            "kaki",
        ),
        "teks": render_html(
            page(
                "<p>Ada di halaman.<span style='display: none'>Disembunyikan</span></p>"
                '<p style="width: 2.2cm; text-align: left">Kantor Keca\u00admatan'
                " Bekasi\u00ad\u00adUtara</p>"
                "<p>Semboyan بسم الله dan שָׁלוֹם di tengah kalimat.</p>"
            ),
            folder,
            "teks",
        ),
    }


def test_checker_passes_text_inside_the_text_area(checker_pdfs: dict[str, Path]) -> None:
    assert layout_problems(checker_pdfs["bersih"]) == []


def test_checker_reports_an_overflowing_word_and_table(checker_pdfs: dict[str, Path]) -> None:
    problems = layout_problems(checker_pdfs["meluap"])
    assert any(p.startswith("page 1: beyond the right edge") and "WWW" in p for p in problems)
    assert any(p.startswith("page 2: beyond the right edge") and "kata" in p for p in problems)
    # The unbreakable word also leaves the paper: far beyond the text area.
    excess = [float(p.split(" by ")[1].split(" pt")[0]) for p in problems if "WWW" in p]
    assert max(excess) > 1000


def test_checker_reports_text_out_of_its_cell(checker_pdfs: dict[str, Path]) -> None:
    problems = layout_problems(checker_pdfs["sel"])
    assert len(problems) == 1, problems
    assert problems[0].startswith("page 1: across the table rule at x ")
    assert "'KATAYANG" in problems[0]


def test_checker_reports_body_text_in_the_footer_band(checker_pdfs: dict[str, Path]) -> None:
    problems = layout_problems(checker_pdfs["kaki"])
    assert any("the foot band holds" in p and "Teks" in p for p in problems), problems


def test_missing_strings_reads_text_as_laid_out(checker_pdfs: dict[str, Path]) -> None:
    pdf = checker_pdfs["teks"]
    assert layout_problems(pdf) == []
    wanted = ["Ada di halaman.", "Kantor Kecamatan Bekasi Utara", "Semboyan بسم الله dan שָׁלוֹם"]
    assert missing_strings(pdf, [*wanted, "Disembunyikan", "tidak ada"]) == [
        "Disembunyikan",
        "tidak ada",
    ]
    # The narrow paragraph did break at a soft hyphen (whose hyphen is tolerated).
    with pdfplumber.open(pdf) as document:
        assert "Keca\u2010" in document.pages[0].extract_text()


# --- the samples --------------------------------------------------------------------------


def printed_strings(data: Any, figures: bool = False, parent: str = "") -> Iterator[str]:
    """Every text of the data that the document prints as written: table cells, list items,
    words among the figures, and prose by paragraph, without its markup (split where the
    markup stands)."""
    if isinstance(data, dict):
        for key, value in data.items():
            reference = key in REFERENCES and isinstance(value, str)
            code = key == "kode" and parent in REFERENCES
            if key not in NOT_PRINTED and not reference and not code:
                yield from printed_strings(value, figures or key in FIGURES, key)
    elif isinstance(data, list):
        for value in data:
            yield from printed_strings(value, figures, parent)
    elif isinstance(data, str):
        if figures:  # a number is printed formatted (75.5 → 75,50); words as written
            if not any(ch.isdigit() for ch in data):
                yield data
            return
        for piece in PROSE_MARKUP.split(data):
            if piece.strip():
                yield piece.strip()


#: Keys whose values are not printed as written: files, settings, the direction of an
#: indicator, the covering letter and the letterhead (other PDFs).
NOT_PRINTED = {
    "logo", "berkas", "gambar", "kunci", "bagian", "surat", "kontak", "pengaturan",
    "regulasi", "periode", "nip", "arah",
}  # fmt: skip
#: The codes of tujuan and sasaran, and references to them, only link the tables' rows.
REFERENCES = {"tujuan", "sasaran"}
#: Target, realised and budget values: figures, or words and grades.
FIGURES = {
    "pagu", "anggaran", "realisasi", "target", "awal", "akhir", "target_spm", "target_ikk",
    "target_lainnya",
}  # fmt: skip
PROSE_MARKUP = re.compile(r"\*\*|\*|\[\[[^\]]*\]\]|^\s*(?:[-•]|\d+[.)])\s+|\n\s*\n", re.M)


@pytest.mark.parametrize("unit", ["bekasi-utara", "contoh-86-2017"])
def test_samples_pass_the_layout_check(unit: str, request: pytest.FixtureRequest) -> None:
    pdf: Path = request.getfixturevalue("sample_pdf" if unit == UNIT else "sample_86_pdf")
    assert layout_problems(pdf) == []
    loaded = load_renstra(Workspace(REPO), REPO / "data" / f"{unit}.yaml")
    strings = list(printed_strings(loaded.data))
    assert len(strings) > 150
    assert missing_strings(pdf, strings) == []


# --- text that breaks layouts -------------------------------------------------------------

#: No break opportunity for the engine: capitals (the suku filter leaves them whole), a URL,
#: a code without dots, a figure-like value, an English word (no Indonesian syllables).
CAPITALS = "PEMBERDAYAANKESEJAHTERAANMASYARAKATKELURAHANHARAPANBARU"
URL = (
    "https://jdih.bekasikota.go.id/produk-hukum/peraturan-wali-kota/2013/nomor-45/"
    "rencana-strategis-kecamatan-bekasi-utara/lampiran-lengkap-dengan-tabel.pdf"
)
CODE = "1202012001020304050607080910111213141516"  # 40 characters, the longest code
VALUE = "TERVERIFIKASISEPENUHNYA"
ENGLISH = "Characterizationsoftheaccountabilityframeworkthroughout"
LONG_LOWER = "penyelenggaraanpemerintahanketenteramanketertibanumumkelurahan"
ZERO_WIDTH = "Kantor\u200bKecamatan Bekasi\u200dUtara \ufeffdan ker\u200cja\u2060sama"
RTL = "Semboyan بسم الله الرحمن الرحيم dan sapaan שָׁלוֹם עולם."
RTL_WORD = "שלום"
SYMBOLS = "Penilaian warga: \u263a puas \u2713 tuntas \u2605 unggul \u2764\ufe0f 😀 😂."
ITEMS = 3000
ROW_ITEMS = 150


def breaking_unit() -> dict[str, Any]:
    """The mini unit with every standard table, each cell holding text that has no room."""
    unit: dict[str, Any] = yaml.safe_load((REPO / "tests" / "contoh" / "mini.yaml").read_text())
    prose = f"Teks panjang {CAPITALS} lalu alamat {URL} dan {ENGLISH} serta {LONG_LOWER}."
    unit["bab_1"]["latar_belakang"] = "\n\n".join([prose, ZERO_WIDTH, RTL, SYMBOLS])
    unit["bab_2"]["kinerja_pelayanan"] = f"Kinerja {CAPITALS}."
    target = [VALUE, 80, "92,5", CAPITALS, 95]
    unit["indikator_kinerja"] = [
        {
            "indikator": f"{CAPITALS} {URL}",
            "satuan": ENGLISH,
            "target_lainnya": VALUE,
            "target": target,
            "realisasi": [VALUE, 81, 90, None, ENGLISH],
        }
    ]
    unit["anggaran"] = [
        {
            "uraian": f"{ENGLISH} {CAPITALS}",
            "anggaran": [12801750000, 1, 2, 3, 4],
            "realisasi": [12801750000, 1, 2, 3, 4],
        }
    ]
    unit["bab_3"]["permasalahan"] = f"Permasalahan {URL}."
    unit["masalah"] = [
        {
            "masalah_pokok": f"{CAPITALS} {ENGLISH}",
            "masalah": [URL, LONG_LOWER, *(f"Masalah rinci nomor {i}" for i in range(ROW_ITEMS))],
            "akar_masalah": [CODE, ZERO_WIDTH],
        }
    ]
    telaahan = unit["bab_3"]["telaahan_visi_misi"]
    telaahan["faktor_penghambat"] = [
        URL,
        *(f"Faktor penghambat ke-{i} belum tertangani" for i in range(1, ITEMS + 1)),
    ]
    telaahan["faktor_pendorong"] = [CAPITALS, RTL]
    telaahan["matriks"] = [
        {
            "misi": 1,
            "program": [CAPITALS],
            "permasalahan": [URL],
            "penghambat": [ENGLISH],
            "pendorong": [LONG_LOWER],
        }
    ]
    indikator = {"uraian": f"{CAPITALS} {URL}", "satuan": ENGLISH, "awal": VALUE,
                 "target": target}  # fmt: skip
    unit["bab_4"]["tujuan_sasaran"] = "Tujuan dan sasaran."
    unit["bab_4"]["strategi_kebijakan"] = "Strategi dan kebijakan."
    unit["tujuan"] = [{"kode": "T1", "uraian": f"{CAPITALS} {URL}"}]
    unit["sasaran"] = [
        {"kode": CODE, "tujuan": "T1", "uraian": f"{ENGLISH} {LONG_LOWER}",
         "indikator": [indikator]}
    ]  # fmt: skip
    unit["strategi"] = [{"sasaran": CODE, "strategi": [URL], "kebijakan": [CAPITALS]}]
    unit["bab_5"] = {"pengantar": f"Program {URL}."}
    kegiatan = {
        "kode": CODE[::-1],
        "nama": f"{ENGLISH} {CAPITALS}",
        "indikator": [indikator, {"uraian": f"Sapaan {RTL_WORD}", "target": [1, 2, 3, 4, 5]}],
        "pagu": [12801750000, 2, 3, 4, 5],
        "penanggung_jawab": CAPITALS,
        "lokasi": URL,
    }
    unit["program"] = [
        {
            "kode": CODE,
            "nama": f"{CAPITALS} {LONG_LOWER}",
            "sasaran": CODE,
            "indikator": [indikator],
            "penanggung_jawab": f"{ENGLISH} {URL}",
            "lokasi": f"{LONG_LOWER} {CAPITALS}",
            "kegiatan": [kegiatan],
        }
    ]
    unit["bab_6"] = {"pengantar": f"Indikator {CAPITALS}."}
    unit["indikator_rpjmd"] = [
        {"indikator": f"{URL} {ENGLISH}", "satuan": CAPITALS, "awal": VALUE, "target": target}
    ]
    return unit


def write_unit(root: Path, unit: dict[str, Any]) -> Path:
    path = root / "data" / f"{UNIT}.yaml"
    path.write_text(
        yaml.safe_dump(unit, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def breaking(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = copy_mini(tmp_path_factory.mktemp("pecah"))
    unit = breaking_unit()
    result = build_renstra(Workspace(root), write_unit(root, unit), BuildOptions(paralel=0))
    return result.output, unit


def test_text_that_breaks_layouts_stays_on_the_page(
    breaking: tuple[Path, dict[str, Any]],
) -> None:
    pdf, _ = breaking
    assert layout_problems(pdf) == []


def test_text_that_breaks_layouts_is_all_printed(breaking: tuple[Path, dict[str, Any]]) -> None:
    pdf, unit = breaking
    strings = list(printed_strings(unit))
    assert len(strings) > ITEMS + ROW_ITEMS
    for special in (URL, CODE, RTL, SYMBOLS, ZERO_WIDTH, CAPITALS, VALUE):
        assert special in strings
    assert missing_strings(pdf, strings) == []


@pytest.mark.parametrize(
    ("emoji", "code"),
    [("🚀", "U+1F680"), ("👍🏽", "U+1F44D"), ("🇮🇩", "U+1F1EE"), ("✅", "U+2705")],
)
def test_emoji_without_a_glyph_is_a_data_error(emoji: str, code: str, tmp_path: Path) -> None:
    """No shipped font draws these: the data error names the field (never a blank box or a
    silently missing character); emoji the fallback font has print (test above)."""
    root = copy_mini(tmp_path / "ws")
    unit: dict[str, Any] = yaml.safe_load((REPO / "tests" / "contoh" / "mini.yaml").read_text())
    unit["bab_3"]["telaahan_visi_misi"]["faktor_pendorong"] = ["Adanya", f"Dukungan {emoji} warga"]
    path = write_unit(root, unit)
    with pytest.raises(DataError) as caught:
        load_renstra(Workspace(root), path)
    (problem,) = caught.value.problems
    assert problem.path == "bab_3.telaahan_visi_misi.faktor_pendorong[2]"
    assert problem.line > 1
    assert code in problem.message and "tidak dapat dicetak" in problem.message
