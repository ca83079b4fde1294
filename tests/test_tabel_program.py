"""T-C.27 (Rencana Program, Kegiatan, … dan Pendanaan Indikatif) rendered for real.

Each test writes its own tujuan, sasaran and twelve programmes into a copy of the sample
workspace, builds the PDF with WeasyPrint and reads it back with pypdf: the table sits on
landscape pages only, its header with the column-number row repeats on every page, and every
Rp figure equals a value computed by hand and written here literally.

The 54/2010 builds are final builds of the (complete) sample; the 86/2017 form is the same
sample with ``regulasi: 86/2017`` built as a draft, since its sections follow the 54/2010
outline (missing sections become placeholders; every page carries a DRAF watermark). An
HTML-stage test checks the grid of rows and columns of both forms without any layout.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PageObject, PdfReader

from renstra_docs import templating
from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.kerangka import Kerangka, load_kerangka
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import SAMPLE_UNIT, copy_sample
from .pdfread import MM, destination_page, fragments, read

JUTA = 1_000_000

#: Programme 1 has two activities and two indicators; its figures are the hand-computed ones.
#: K2 has no funding in year 4 ("–") and a figure with sen in year 5 (Indonesian-style text).
P1_KEGIATAN_PAGU: list[list[int | str]] = [
    [100 * JUTA, 110 * JUTA, 120 * JUTA, 130 * JUTA, 140 * JUTA],
    [250_500_000, 200 * JUTA, 200 * JUTA, "–", "1.250.000,50"],
]
#: Programmes 2–12: six activities, activity j (1…6) gets j × Rp10.000.000 every year.
#: Per year 10 + 20 + … + 60 = 210 juta; over five years 1.050 juta.

# Hand-computed (calculator, not hitung.py):
#   P1 year 1: 100.000.000 + 250.500.000           = 350.500.000
#   P1 year 2: 110.000.000 + 200.000.000           = 310.000.000
#   P1 year 3: 120.000.000 + 200.000.000           = 320.000.000
#   P1 year 4: 130.000.000 + (none)                = 130.000.000
#   P1 year 5: 140.000.000 + 1.250.000,50          = 141.250.000,50
#   P1 period: 350,5 + 310 + 320 + 130 + 141,25 juta = 1.251.750.000,50
#   grand total year y = P1 year y + 11 × 210.000.000 (= 2.310.000.000)
#   grand total period = 1.251.750.000,50 + 11 × 1.050.000.000 = 12.801.750.000,50
P1_RP = [
    "Rp350.500.000",
    "Rp310.000.000",
    "Rp320.000.000",
    "Rp130.000.000",
    "Rp141.250.000,50",
]
P1_RP_AKHIR = "Rp1.251.750.000,50"
K2_RP = ["Rp250.500.000", "Rp200.000.000", "Rp200.000.000", "–", "Rp1.250.000,50"]
K2_RP_AKHIR = "Rp651.750.000,50"  # 250,5 + 200 + 200 + 1,25 juta (+ sen)
P2_RP = ["Rp210.000.000"] * 5
P2_RP_AKHIR = "Rp1.050.000.000"
JUMLAH_RP = [
    "Rp2.660.500.000",
    "Rp2.620.000.000",
    "Rp2.630.000.000",
    "Rp2.440.000.000",
    "Rp2.451.250.000,50",
]
JUMLAH_RP_AKHIR = "Rp12.801.750.000,50"

P1_TARGET = ["70", "75", "80", "85", "90"]
P1_TARGET_2 = ["B", "B", "BB", "BB", "A"]

PROGRAM = [
    "Program Pelayanan Administrasi Perkantoran",
    "Program Peningkatan Sarana dan Prasarana Aparatur",
    "Program Peningkatan Disiplin Aparatur",
    "Program Peningkatan Kapasitas Sumber Daya Aparatur",
    "Program Peningkatan Pengembangan Sistem Pelaporan Capaian Kinerja dan Keuangan",
    "Program Peningkatan Kualitas Pelayanan Publik Kecamatan",
    "Program Penataan Administrasi Kependudukan",
    "Program Peningkatan Partisipasi Masyarakat dalam Membangun Kelurahan",
    "Program Pemberdayaan Masyarakat untuk Menjaga Ketertiban dan Keamanan",
    "Program Peningkatan Keamanan dan Kenyamanan Lingkungan",
    "Program Pengembangan Wawasan Kebangsaan",
    "Program Peningkatan Peran Serta Kepemudaan",
]
KEGIATAN = [
    "Penyediaan jasa surat menyurat",
    "Penyediaan jasa komunikasi, sumber daya air dan listrik",
    "Penyediaan alat tulis kantor",
    "Rapat-rapat koordinasi dan konsultasi ke dalam dan ke luar daerah",
    "Penyusunan laporan capaian kinerja dan ikhtisar realisasi kinerja SKPD",
    "Fasilitasi kegiatan musyawarah perencanaan pembangunan kelurahan",
]
#: Programmes 1–5 serve sasaran S1.1, 6–8 S1.2, 9–12 S2.1.
SASARAN_PROGRAM = ["S1.1"] * 5 + ["S1.2"] * 3 + ["S2.1"] * 4


def kode_program(i: int) -> str:
    return f"1.20.1.20.03.{i:02d}"


def tc27_data(years: int) -> dict[str, Any]:
    """Tujuan, sasaran and twelve programmes with ``years`` target years."""

    def targets(start: int, step: int) -> list[int]:
        return [start + step * y for y in range(years)]

    def sasaran_ind(uraian: str, awal: int) -> dict[str, Any]:
        return {"uraian": uraian, "satuan": "%", "awal": awal, "target": targets(awal + 2, 2)}

    program: list[dict[str, Any]] = []
    for i, nama in enumerate(PROGRAM, start=1):
        kode = kode_program(i)
        if i == 1:
            pagu_kegiatan: list[list[int | str]] = [p[:years] for p in P1_KEGIATAN_PAGU]
            indikator = [
                {
                    "uraian": "Persentase layanan administrasi perkantoran yang terpenuhi",
                    "satuan": "%",
                    "awal": 65,
                    "target": [int(t) for t in P1_TARGET[:years]],
                },
                {
                    "uraian": "Nilai evaluasi akuntabilitas kinerja kecamatan",
                    "awal": "CC",
                    "target": P1_TARGET_2[:years],
                },
            ]
        else:
            pagu_kegiatan = [[j * 10 * JUTA] * years for j in range(1, 7)]
            indikator = [
                {
                    "uraian": f"Persentase capaian sasaran {nama[8:].lower()}",
                    "satuan": "%",
                    "awal": 60,
                    "target": targets(64, 4),
                }
            ]
        kegiatan = []
        for j, pagu in enumerate(pagu_kegiatan, start=1):
            keg: dict[str, Any] = {
                "kode": f"{kode}.{j:02d}",
                "nama": KEGIATAN[j - 1],
                "indikator": [
                    {
                        "uraian": f"Jumlah dokumen keluaran kegiatan {j}",
                        "satuan": "dokumen",
                        "awal": 10,
                        "target": [12] * years,
                    }
                ],
                "pagu": pagu,
            }
            if j == 2:
                keg["penanggung_jawab"] = "Seksi Pemerintahan"
                keg["lokasi"] = "Kelurahan Harapan Jaya"
            kegiatan.append(keg)
        program.append(
            {
                "kode": kode,
                "nama": nama,
                "sasaran": SASARAN_PROGRAM[i - 1],
                "indikator": indikator,
                "penanggung_jawab": "Sekretariat Kecamatan",
                "lokasi": "Kecamatan Bekasi Utara",
                "kegiatan": kegiatan,
            }
        )
    return {
        "tujuan": [
            {"kode": "T1", "uraian": "Meningkatkan kualitas tata kelola pemerintahan kecamatan"},
            {"kode": "T2", "uraian": "Meningkatkan ketenteraman dan ketertiban wilayah"},
        ],
        "sasaran": [
            {
                "kode": "S1.1",
                "tujuan": "T1",
                "uraian": "Meningkatnya akuntabilitas kinerja aparatur kecamatan",
                "indikator": [
                    sasaran_ind("Persentase dokumen perencanaan tepat waktu", 70),
                    sasaran_ind("Persentase aparatur yang disiplin", 80),
                ],
            },
            {
                "kode": "S1.2",
                "tujuan": "T1",
                "uraian": "Meningkatnya kualitas pelayanan publik kecamatan",
                "indikator": [sasaran_ind("Indeks kepuasan masyarakat", 75)],
            },
            {
                "kode": "S2.1",
                "tujuan": "T2",
                "uraian": "Meningkatnya partisipasi masyarakat dalam ketertiban lingkungan",
                "indikator": [sasaran_ind("Persentase RW dengan siskamling aktif", 50)],
            },
        ],
        "program": program,
    }


YEARLY = {"target", "realisasi", "anggaran", "pagu"}


def trim_years(value: Any, years: int) -> None:
    """Cut every yearly list of the sample (other tables) to ``years`` values, in place."""
    if isinstance(value, dict):
        for key, item in value.items():
            if (
                key in YEARLY
                and isinstance(item, list)
                and not any(isinstance(x, dict | list) for x in item)
            ):
                del item[years:]
            else:
                trim_years(item, years)
    elif isinstance(value, list):
        for item in value:
            trim_years(item, years)


def keep_sections_of(data: dict[str, Any], kerangka: Kerangka) -> None:
    """Drop the sample's sections that the other regulation's outline does not have."""
    for bab in kerangka.bab:
        sections = data.get(bab.kunci)
        if isinstance(sections, dict):
            allowed = {b.kunci for b in bab.bagian} | {"pengantar"}
            for key in [k for k in sections if k not in allowed]:
                del sections[key]


def write_unit(
    tmp_path: Path,
    *,
    regulasi: str | None = None,
    empat_tahun: bool = False,
    ubah: Callable[[dict[str, Any]], None] | None = None,
) -> tuple[Workspace, Path]:
    """A copy of the sample whose unit file holds this module's T-C.27 data."""
    root = copy_sample(tmp_path / "ws")
    unit = root / "data" / f"{SAMPLE_UNIT}.yaml"
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    years = 4 if empat_tahun else 5
    data.update(tc27_data(years))
    if ubah is not None:
        ubah(data)
    # T-C.26 refers to sasaran codes: give it one row per sasaran of this module.
    data["strategi"] = [
        {"sasaran": s["kode"], "strategi": ["Strategi contoh"], "kebijakan": ["Kebijakan contoh"]}
        for s in data["sasaran"]
    ]
    if empat_tahun:
        trim_years(data, years)
        data["periode"] = {"awal": 2023, "akhir": 2026, "tahun_dasar": 2022}
    if regulasi is not None:
        data["regulasi"] = regulasi
        keep_sections_of(data, load_kerangka(regulasi))
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Workspace(root), unit


def build(
    tmp_path: Path,
    *,
    regulasi: str | None = None,
    empat_tahun: bool = False,
    kertas: str | None = None,
    penomoran: str | None = None,
) -> PdfReader:
    """Build the sample with this module's T-C.27 data; return the PDF reader."""
    workspace, unit = write_unit(tmp_path, regulasi=regulasi, empat_tahun=empat_tahun)
    # The sample is complete for 54/2010; its sections do not make a full 86/2017 outline, so
    # that form is built as a draft (missing sections become placeholders).
    options = BuildOptions(draf=regulasi is not None, kertas=kertas, penomoran=penomoran)
    return read(build_renstra(workspace, unit, options).output)


def table_html(
    tmp_path: Path,
    *,
    regulasi: str | None = None,
    empat_tahun: bool = False,
    ubah: Callable[[dict[str, Any]], None] | None = None,
) -> str:
    """Only the HTML stage (no layout): the document's HTML with this module's data."""
    workspace, unit = write_unit(tmp_path, regulasi=regulasi, empat_tahun=empat_tahun, ubah=ubah)
    draf = regulasi is not None
    loaded = load_renstra(workspace, unit, draf=draf)
    env = templating.make_environment(workspace.templates_dir)
    context = {"versi": "uji", "penomoran": "lanjut", "draf": draf}
    html, _ = templating.render_html(loaded, env, context)
    return html


# --- reading the table back -----------------------------------------------------------------


def is_landscape(page: PageObject) -> bool:
    return float(page.mediabox.width) > float(page.mediabox.height)


def column_numbers(page: PageObject) -> list[str]:
    """The (1)(2)(3)… of the row under a table header on this page ([] if there is none)."""
    numbers = [f for f in fragments(page) if re.fullmatch(r"(\(\d+\)\s*)+", f.text)]
    first = [f for f in numbers if re.match(r"\(1\)\s*\(2\)", f.text)]
    if not first:
        return []
    row = sorted((f for f in numbers if abs(f.y - first[0].y) < 1), key=lambda f: f.x)
    return re.findall(r"\(\d+\)", " ".join(f.text for f in row))


#: The spanning header only T-C.27 has.
HEADER = "TargetKinerjaProgramdanKerangkaPendanaan"


def table_pages(reader: PdfReader) -> list[int]:
    """The pages of T-C.27: from its caption on, each page with its header and column numbers."""
    return list(_table_pages(reader))


@functools.cache
def _table_pages(reader: PdfReader) -> tuple[int, ...]:
    pages: list[int] = []
    index = destination_page(reader, "tabel-tc27")
    while index < len(reader.pages):
        if HEADER not in texts(reader)[index] or not column_numbers(reader.pages[index]):
            break
        pages.append(index)
        index += 1
    return tuple(pages)


@functools.cache
def texts(reader: PdfReader) -> tuple[str, ...]:
    """:func:`squashed` of every page (text extraction is slow: once per document)."""
    return tuple(squashed(page) for page in reader.pages)


def squashed(page: PageObject) -> str:
    """The page's text without whitespace or the hyphens of automatic hyphenation (U+2010):
    a wrapped figure or a hyphenated word reads as one again."""
    return re.sub(r"[\s\u2010]+", "", page.extract_text())


def row_sequence(cells: list[str]) -> str:
    """A regex matching the cells in this order with nothing but whitespace-free text between."""
    return ".*?".join(re.escape(c) for c in cells)


def cells_in_order(text: str, cells: list[str]) -> bool:
    return re.search(row_sequence(cells), text) is not None


def interleave(targets: list[str], rp: list[str]) -> list[str]:
    return [cell for pair in zip(targets, rp, strict=True) for cell in pair]


@dataclass(frozen=True)
class Sel:
    text: str
    colspan: int
    rowspan: int


class _TableParser(HTMLParser):
    """The rows of the T-C.27 table: each a list of cells with their spans and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[Sel]] = []
        self._inside = False
        self._cell: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and "tc27" in (attributes.get("class") or "").split():
            self._inside = True
        elif self._inside and tag == "tr":
            self.rows.append([])
        elif self._inside and tag in {"td", "th"}:
            self._cell = {
                "text": "",
                "colspan": int(attributes.get("colspan") or 1),
                "rowspan": int(attributes.get("rowspan") or 1),
            }

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._inside = False
        elif self._cell is not None and tag in {"td", "th"}:
            cell = self._cell
            # The soft hyphens of the suku filter (U+00AD) are break points, not text.
            text = " ".join(cell["text"].replace("\u00ad", "").split())
            self.rows[-1].append(Sel(text, cell["colspan"], cell["rowspan"]))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data


def table_grid(html: str) -> list[list[Sel]]:
    """The table as a grid: grid[row][column] is the cell covering that slot.

    Fails when a row is too short or too long, or a cell spans past the end of the table."""
    parser = _TableParser()
    parser.feed(html)
    rows = parser.rows
    assert rows, "no T-C.27 table in the HTML"
    width = sum(c.colspan for c in rows[0])
    grid: list[list[Sel | None]] = [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while column < width and grid[r][column] is not None:
                column += 1
            assert column + cell.colspan <= width, (r, cell)
            assert r + cell.rowspan <= len(rows), (r, cell)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    assert grid[r + dr][column + dc] is None, (r, cell)
                    grid[r + dr][column + dc] = cell
            column += cell.colspan
    for r, slots in enumerate(grid):
        assert all(slot is not None for slot in slots), (r, rows[r])
    return [[slot for slot in slots if slot is not None] for slots in grid]


# --- tests ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_54(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    return build(tmp_path_factory.mktemp("tc27-54"))


@pytest.fixture(scope="module")
def pdf_86(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    return build(tmp_path_factory.mktemp("tc27-86"), regulasi="86/2017")


def reader_for(variant: str, pdf_54: PdfReader, pdf_86: PdfReader) -> PdfReader:
    return pdf_54 if variant == "54/2010" else pdf_86


def table_text(reader: PdfReader) -> str:
    return "".join(texts(reader)[i] for i in table_pages(reader))


VARIANTS = pytest.mark.parametrize("variant", ["54/2010", "86/2017"])


@VARIANTS
def test_table_spans_at_least_three_pages(
    variant: str, pdf_54: PdfReader, pdf_86: PdfReader
) -> None:
    """The precondition of the page tests below: the data fills several pages."""
    reader = reader_for(variant, pdf_54, pdf_86)
    pages = table_pages(reader)
    assert len(pages) >= 3
    # the table ends where it ends: its last page holds the grand total, and no row of it
    # (every activity code starts 1.20.1.20.03.) is found on any other page
    assert "Jumlah" in texts(reader)[pages[-1]]
    outside = [
        i for i, text in enumerate(texts(reader)) if i not in pages and "1.20.1.20.03." in text
    ]
    assert outside == []


@VARIANTS
def test_landscape_pages_are_exactly_the_table_pages(
    variant: str, pdf_54: PdfReader, pdf_86: PdfReader
) -> None:
    reader = reader_for(variant, pdf_54, pdf_86)
    pages = table_pages(reader)
    chapter = destination_page(reader, "bab-5" if variant == "54/2010" else "bab-6")
    landscape = [i for i, page in enumerate(reader.pages) if is_landscape(page)]
    # from the chapter of T-C.27 to the end of the document (T-C.23/T-C.24 of BAB II are
    # landscape tables of their own)
    assert [i for i in landscape if i >= chapter] == pages
    assert pages[0] > chapter  # the chapter's heading and text stay on a portrait page
    assert not is_landscape(reader.pages[pages[0] - 1])
    assert not is_landscape(reader.pages[pages[-1] + 1])


@pytest.mark.parametrize(("variant", "last"), [("54/2010", 21), ("86/2017", 20)])
def test_header_and_column_numbers_on_every_page(
    variant: str, last: int, pdf_54: PdfReader, pdf_86: PdfReader
) -> None:
    reader = reader_for(variant, pdf_54, pdf_86)
    for index in table_pages(reader):
        page = reader.pages[index]
        assert column_numbers(page) == [f"({i})" for i in range(1, last + 1)], index
        text = texts(reader)[index]
        header = text[: text.index("(1)(2)(3)")]
        for words in [
            "Tujuan",
            "Sasaran",
            "Kode",
            "ProgramdanKegiatan",
            "DataCapaianpadaTahunAwalPerencanaan(2013)",
            "KondisiKinerjapadaAkhirPeriodeRenstra",
            "PenanggungJawab",
            "Lokasi",
        ]:
            assert words in header, (index, words)
        years = [f"Tahun-{i}({2013 + i})" for i in range(1, 6)]
        assert cells_in_order(header, years), index
        assert header.count("TargetRp") == 6, index  # under each year and the end
        assert ("IndikatorSasaran" in header) == (variant == "54/2010"), index
        if variant == "86/2017":
            assert "IndikatorKinerjaTujuan,Sasaran,Program(outcome)" in header
            # the end-of-period condition sits inside the funding block
            order = [HEADER, "UnitKerja", "Lokasi", "Tahun-1", "Tahun-5", "KondisiKinerja"]
        else:
            order = [HEADER, "KondisiKinerja", "UnitKerja", "Lokasi", "Tahun-1", "Tahun-5"]
        assert cells_in_order(header, [*order, "TargetRp"]), index


def test_text_inside_the_printable_area(pdf_54: PdfReader) -> None:
    """Nothing starts in the side margins (2 cm) of the landscape pages: 21 columns fit."""
    for index in table_pages(pdf_54):
        page = pdf_54.pages[index]
        width = float(page.mediabox.width)
        for fragment in fragments(page):
            assert 20 * MM - 1 <= fragment.x < width - 20 * MM, (index, fragment)


def test_programme_figures_54(pdf_54: PdfReader) -> None:
    text = table_text(pdf_54)
    # P1, first indicator line: awal 65, targets and the programme Rp year by year, then the
    # end-of-period target (= the last target) and Rp, its unit and location
    p1 = [
        kode_program(1),
        "ProgramPelayananAdministrasiPerkantoran",
        "Persentaselayananadministrasiperkantoranyangterpenuhi(%)",
        "65",
        *interleave(P1_TARGET, P1_RP),
        "90",
        P1_RP_AKHIR,
        "SekretariatKecamatan",
        "KecamatanBekasiUtara",
    ]
    assert cells_in_order(text, p1), text[:3000]
    # P1, second indicator line (the Rp cells span both lines): grades, akhir = last target
    assert f"{P1_RP_AKHIR}SekretariatKecamatanKecamatanBekasiUtaraNilai" in text
    assert cells_in_order(text, ["kecamatan", "CC", *P1_TARGET_2, "A", f"{kode_program(1)}.01"])
    # activity K2: its own Rp, the year without funding as "–", the sum of its years; its own
    # unit and location
    k2 = [
        f"{kode_program(1)}.02",
        "10",
        *interleave(["12"] * 5, K2_RP),
        "12",
        K2_RP_AKHIR,
        "SeksiPemerintahan",
        "KelurahanHarapanJaya",
        kode_program(2),
    ]
    assert cells_in_order(text, k2)
    # a programme of six activities, then its first activity (Rp10.000.000 a year)
    p2 = [
        kode_program(2),
        "60",
        *interleave(["64", "68", "72", "76", "80"], P2_RP),
        "80",
        P2_RP_AKHIR,
        f"{kode_program(2)}.01",
        "10",
        *interleave(["12"] * 5, ["Rp10.000.000"] * 5),
        "12",
        "Rp50.000.000",
        "SekretariatKecamatan",
    ]
    assert cells_in_order(text, p2)
    # every programme and activity is there, in order
    codes = [kode_program(1), f"{kode_program(1)}.01", f"{kode_program(1)}.02"]
    for i in range(2, 13):
        codes += [kode_program(i)] + [f"{kode_program(i)}.{j:02d}" for j in range(1, 7)]
    assert cells_in_order(text, codes)


@VARIANTS
def test_grand_total(variant: str, pdf_54: PdfReader, pdf_86: PdfReader) -> None:
    reader = reader_for(variant, pdf_54, pdf_86)
    last = texts(reader)[table_pages(reader)[-1]]
    assert f"Jumlah{''.join(JUMLAH_RP)}{JUMLAH_RP_AKHIR}" in last, last[-600:]


def test_grouping_54(pdf_54: PdfReader) -> None:
    """Tujuan → sasaran (its indicators in Indikator Sasaran) → its programmes, in order."""
    order = [
        "Meningkatkankualitastatakelolapemerintahankecamatan",
        "Meningkatnyaakuntabilitaskinerjaaparaturkecamatan",
        "Persentasedokumenperencanaantepatwaktu(%)",
        "Persentaseaparaturyangdisiplin(%)",
        kode_program(1),
        kode_program(5),
        "Meningkatnyakualitaspelayananpublikkecamatan",
        "Indekskepuasanmasyarakat(%)",
        kode_program(6),
        kode_program(8),
        "Meningkatkanketenteramandanketertibanwilayah",
        "Meningkatnyapartisipasimasyarakatdalamketertibanlingkungan",
        "PersentaseRWdengansiskamlingaktif(%)",
        kode_program(9),
        kode_program(12),
        "Jumlah",
    ]
    assert cells_in_order(table_text(pdf_54), order)


@VARIANTS
def test_each_tujuan_starts_a_new_page(variant: str, pdf_54: PdfReader, pdf_86: PdfReader) -> None:
    """A table per tujuan, each from the top of a page under the repeated header: the
    second tujuan is the first cell of its page, the page before ends with the first
    tujuan's last programme; one caption, one grand total."""
    reader = reader_for(variant, pdf_54, pdf_86)
    pages = table_pages(reader)
    text = [texts(reader)[i] for i in pages]
    second = "Meningkatkanketenteramandanketertibanwilayah"
    starts = [i for i, page in enumerate(text) if second in page]
    assert len(starts) == 1 and starts[0] > 0
    header_end = re.search(r"\(1\)\(2\)\(3\).*?\(2[01]\)(?!\()", text[starts[0]])
    assert header_end is not None
    assert text[starts[0]][header_end.end() :].startswith(second)
    assert kode_program(8) in text[starts[0] - 1] and kode_program(9) not in text[starts[0] - 1]
    assert "".join(text).count(JUMLAH_RP_AKHIR) == 1 and JUMLAH_RP_AKHIR in text[-1]
    assert len(re.findall(r"Tabel\d+\.\d+", "".join(text))) == 1


def test_rows_of_86(pdf_86: PdfReader) -> None:
    """86/2017: each sasaran's indicators are rows with their targets, then its programmes."""
    text = table_text(pdf_86)
    first = [
        "Meningkatkankualitastatakelolapemerintahankecamatan",
        "Meningkatnyaakuntabilitaskinerjaaparaturkecamatan",
        "Persentasedokumenperencanaantepatwaktu(%)",
        *["70", "72", "74", "76", "78", "80", "80"],  # awal, 2014…2018, akhir
        "Persentaseaparaturyangdisiplin(%)",
        *["80", "82", "84", "86", "88", "90", "90"],
        kode_program(1),
        "65",
        *interleave(P1_TARGET, P1_RP),
        "90",
        P1_RP_AKHIR,
    ]
    assert cells_in_order(text, first)
    assert cells_in_order(
        text,
        [
            kode_program(8),
            "Meningkatkanketenteramandanketertibanwilayah",
            "PersentaseRWdengansiskamlingaktif(%)",
            *["50", "52", "54", "56", "58", "60", "60"],
            kode_program(9),
            *interleave(["64", "68", "72", "76", "80"], P2_RP),
            "80",
            P2_RP_AKHIR,
        ],
    )


def test_four_target_years(tmp_path: Path) -> None:
    """RPD 2023–2026 (base year 2022): four year columns, 19 columns in the 54/2010 form."""
    reader = build(tmp_path, empat_tahun=True)
    pages = table_pages(reader)
    assert pages
    for index in pages:
        page = reader.pages[index]
        assert is_landscape(page)
        assert column_numbers(page) == [f"({i})" for i in range(1, 20)], index
        header = texts(reader)[index]
        header = header[: header.index("(1)(2)(3)")]
        assert "DataCapaianpadaTahunAwalPerencanaan(2022)" in header
        assert cells_in_order(header, [f"Tahun-{i}({2022 + i})" for i in range(1, 5)])
        assert "Tahun-5" not in header
        assert header.count("TargetRp") == 5, index
    text = table_text(reader)
    # four years: P1 = 350,5 + 310 + 320 + 130 juta = 1.110.500.000; akhir = target 2026
    p1 = [kode_program(1), "65", *interleave(P1_TARGET[:4], P1_RP[:4]), "85", "Rp1.110.500.000"]
    assert cells_in_order(text, p1)
    # grand total per year as for five years; period 1.110.500.000 + 11 × 840.000.000
    # (210 juta × 4) = 10.350.500.000
    assert f"Jumlah{''.join(JUMLAH_RP[:4])}Rp10.350.500.000" in text


# --- the HTML stage: the grid of rows and columns ---------------------------------------------

S22 = "Meningkatnya kesejahteraan sosial masyarakat"


def with_edge_cases(data: dict[str, Any]) -> None:
    """A sasaran without programmes, and an activity with two indicators."""
    years = len(data["program"][0]["kegiatan"][0]["pagu"])
    data["sasaran"].append(
        {
            "kode": "S2.2",
            "tujuan": "T2",
            "uraian": S22,
            "indikator": [{"uraian": "Angka PMKS tertangani", "target": [1] * years}],
        }
    )
    data["program"][1]["kegiatan"][0]["indikator"].append(
        {"uraian": "Jumlah peserta rapat", "satuan": "orang", "awal": 20, "target": [25] * years}
    )


@pytest.mark.parametrize(
    ("regulasi", "empat_tahun", "width"),
    [("54/2010", False, 21), ("86/2017", False, 20), ("54/2010", True, 19), ("86/2017", True, 18)],
)
def test_grid(regulasi: str, empat_tahun: bool, width: int, tmp_path: Path) -> None:
    """Every row fills exactly the columns of the form; the spans cover what they should."""
    html = table_html(tmp_path, regulasi=regulasi, empat_tahun=empat_tahun, ubah=with_edge_cases)
    grid = table_grid(html)
    assert len(grid[0]) == width
    # figures and codes may wrap after a dot only (the layout has no other break there)
    assert "Rp350.<wbr>500.<wbr>000" in html
    assert "1.<wbr>20.<wbr>1.<wbr>20.<wbr>03.<wbr>01" in html
    # words of the text cells break at their syllables only (soft hyphens of the suku
    # filter); codes and Rupiah carry none
    assert "Pening\u00adkatan" in html
    figures = re.findall(r'<td class="(?:kode|rp)"[^>]*>(.*?)</td>', html, flags=re.S)
    assert figures and not any("\u00ad" in f for f in figures)
    assert [c.text for c in grid[3]] == [f"({i})" for i in range(1, width + 1)]
    header = [grid[0][c].text for c in range(width)]
    kode, lokasi = header.index("Kode"), header.index("Lokasi")
    tujuan, sasaran = header.index("Tujuan"), header.index("Sasaran")
    indikator = next(c for c, text in enumerate(header) if text.startswith("Indikator Kinerja"))
    rp = [c for c in range(width) if grid[2][c].text == "Rp"]
    assert len(rp) == (5 if empat_tahun else 6)
    body = grid[4:]

    def rows_of(code: str) -> list[int]:
        return [r for r, row in enumerate(body) if row[kode].text == code]

    # P1: two indicators, one line each; kode, Rp, unit and location span both lines
    p1 = rows_of(kode_program(1))
    assert len(p1) == 2
    assert body[p1[0]][indikator] is not body[p1[1]][indikator]
    for c in [kode, *rp, lokasi]:
        assert body[p1[0]][c] is body[p1[1]][c]
    assert body[p1[0]][rp[0]].text == "Rp350.500.000"
    # the activity with two indicators, likewise
    k1 = rows_of(f"{kode_program(2)}.01")
    assert len(k1) == 2 and k1[1] == k1[0] + 1
    assert body[k1[1]][indikator].text == "Jumlah peserta rapat (orang)"
    assert body[k1[0]][rp[0]] is body[k1[1]][rp[0]]
    assert body[k1[0]][rp[0]].text == "Rp10.000.000"
    # the sasaran without programmes keeps its own line(s) under tujuan T2, before Jumlah
    s22 = [r for r, row in enumerate(body) if row[sasaran].text == S22]
    assert s22 and s22[-1] == len(body) - 2
    assert all(body[r][kode].text == "" for r in s22)
    s21 = [r for r, row in enumerate(body) if row[sasaran].text.startswith("Meningkatnya parti")]
    assert rows_of(kode_program(9))[0] in s21 and rows_of(kode_program(12))[-1] in s21
    t2 = [r for r, row in enumerate(body) if row[tujuan].text.startswith("Meningkatkan ketente")]
    assert t2 == list(range(s21[0], s22[-1] + 1))
    # Jumlah: one label cell over the columns before the funding block
    jumlah = body[-1]
    assert jumlah[0].text == "Jumlah" and jumlah[0].colspan == (7 if regulasi == "54/2010" else 6)
