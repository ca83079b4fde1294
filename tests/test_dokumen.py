"""Both complete samples, read back: outline, lists of tables and figures, landscape pages,
repeated headers, and every text of the data present in the PDF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup
from pydantic import BaseModel
from pypdf import PdfReader

from renstra_docs import prosa, teks
from renstra_docs.kerangka import load_kerangka
from renstra_docs.model import Renstra
from renstra_docs.model_tabel import Bagian
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import REPO
from .pdfread import MM, destination_page, fragments, outline_titles, read, toc_entries

SAMPLES = {"bekasi-utara": "54/2010", "contoh-86-2017": "86/2017"}


@pytest.fixture(params=sorted(SAMPLES))
def sample(request: pytest.FixtureRequest) -> tuple[str, PdfReader, Renstra]:
    unit: str = request.param
    pdf = request.getfixturevalue("sample_pdf" if unit == "bekasi-utara" else "sample_86_pdf")
    model = load_renstra(Workspace(REPO), REPO / "data" / f"{unit}.yaml").model
    assert model.regulasi == SAMPLES[unit]
    return unit, read(pdf), model


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00ad", "")).lower()


def test_chapters_and_sections_follow_the_regulation(
    sample: tuple[str, PdfReader, Renstra],
) -> None:
    _, reader, model = sample
    kerangka = load_kerangka(model.regulasi)
    expected = ["KATA PENGANTAR", "DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GAMBAR"]
    for bab in kerangka.bab:
        expected.append(f"BAB {teks.roman(bab.nomor)} {bab.judul.upper()}")
        expected += [f"{b.nomor} {b.judul}" for b in bab.bagian]
    if model.lampiran:
        expected.append("LAMPIRAN")
    outline = outline_titles(reader)
    titles = [t for d, t, _ in outline if d <= 2 and not t.startswith("Lampiran ")]
    assert titles == expected
    assert len(kerangka.bab) == (7 if model.regulasi == "54/2010" else 8)
    for _, title, page in outline:
        bare = re.sub(r"^(BAB [IVXLC]+|Lampiran \d+|[\d.]+) ", "", title)
        assert squash(bare)[:40] in squash(reader.pages[page].extract_text()), title


def _front_section(reader: PdfReader, name: str) -> list[int]:
    start = destination_page(reader, name)
    after = [
        destination_page(reader, other)
        for other in ("daftar-isi", "daftar-tabel", "daftar-gambar", "awal-isi", "kata-pengantar")
        if other in reader.named_destinations and destination_page(reader, other) > start
    ]
    return list(range(start, min(after)))


@pytest.mark.parametrize("kind", ["tabel", "gambar"])
def test_lists_of_tables_and_figures_give_true_pages(
    sample: tuple[str, PdfReader, Renstra], kind: str
) -> None:
    _, reader, _ = sample
    labels = reader.page_labels
    entries = toc_entries(reader, _front_section(reader, f"daftar-{kind}"))
    captions = sorted(
        (n for n in reader.named_destinations if n.startswith(f"{kind}-")),
        key=lambda n: destination_page(reader, n),
    )
    assert [e.destination for e in entries] == captions
    assert len(captions) >= (7 if kind == "tabel" else 1)
    for entry in entries:
        page = destination_page(reader, entry.destination)
        assert entry.printed == labels[page], entry
        assert kind.capitalize() in reader.pages[page].extract_text(), entry


def test_landscape_pages_are_exactly_the_wide_tables(
    sample: tuple[str, PdfReader, Renstra],
) -> None:
    _, reader, model = sample
    landscape = [
        i for i, p in enumerate(reader.pages) if float(p.mediabox.width) > float(p.mediabox.height)
    ]
    wide_starts = {destination_page(reader, f"tabel-{k}") for k in ("tc23", "tc24", "tc27")}
    runs: list[list[int]] = []
    for page in landscape:
        if runs and runs[-1][-1] == page - 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    # Every run of landscape pages begins with a wide table's caption, and every wide table
    # starts on a landscape page; nothing else is landscape.
    for run in runs:
        assert run[0] in wide_starts, run
    assert wide_starts <= set(landscape)
    tc27 = next(run for run in runs if destination_page(reader, "tabel-tc27") in run)
    last_column = "(21)" if model.regulasi == "54/2010" else "(20)"
    if model.regulasi == "54/2010":
        assert len(tc27) >= 3, "the sample's T-C.27 must span at least three pages"
    for page in tc27:
        texts = " ".join(f.text for f in fragments(reader.pages[page])).split()
        # The header, with its column-number row, is repeated on every page of the table.
        assert "(1)" in texts and last_column in texts, page
        assert "Program dan Kegiatan" in reader.pages[page].extract_text(), page


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text of the data that the document prints, with its field path."""
    # Not printed as text: file names, keys, settings, the direction of an indicator (it
    # decides how the ratio is computed), and the codes of tujuan/sasaran (numbered instead).
    # The covering letter's data (surat, unit.kontak) goes into the letter, not the Renstra:
    # tests/test_surat.py reads that one.
    skip = {"logo", "berkas", "kunci", "bagian", "regulasi", "pengaturan", "arah"}
    skip |= {"surat", "kontak"}
    if isinstance(value, Bagian):
        if value.teks:
            yield path, value.teks
        if value.dihilangkan:
            yield path + ".dihilangkan", value.dihilangkan
    elif isinstance(value, BaseModel):
        for key in type(value).model_fields:
            if key in skip:
                continue
            # References by code are printed through what they point at, not as codes.
            if key in {"sasaran", "tujuan"} and isinstance(getattr(value, key), str):
                continue
            if key == "kode" and path.startswith(("tujuan", "sasaran")):
                continue
            yield from _strings(getattr(value, key), f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index + 1}]")
    elif isinstance(value, str) and not re.fullmatch(r"[-+\d.,%Rp ]+", value):
        yield path, value


def _pieces(path: str, text: str) -> Iterator[str]:
    """A prose text as the reader sees it, cut where a reference is filled in by the build."""
    if any(part in path for part in ("bab_", "kata_pengantar", "lampiran")):
        marker = Markup("\x00")
        plain = prosa.plain_text(text, lambda kind, key: marker)
        for line in plain.splitlines():
            yield from (piece for piece in line.split("\x00") if piece.strip())
    else:
        yield text


def _in_text_area(page: Any, f: Any) -> bool:
    height = float(page.mediabox.height)
    marker = re.fullmatch(r"(\d+[.)]|•|\(\d+\))", f.text)
    return 20 * MM < f.y < height - 30 * MM and not marker


def test_every_text_of_the_data_is_printed(sample: tuple[str, PdfReader, Renstra]) -> None:
    _, reader, model = sample
    # The text area of every page, in reading order: running header, page number and list
    # markers (drawn apart from their items) left out, so a paragraph that runs on to the
    # next page reads as one.
    pages = [[f for f in fragments(p) if _in_text_area(p, f)] for p in reader.pages]
    raw = "\n".join(f.text for page in pages for f in page)
    # Table cells: a cell's lines share their left edge, so reading each page column by
    # column keeps a cell's text together.
    columns = "\n".join(
        "\n".join(f.text for f in sorted(page, key=lambda f: (round(f.x), -f.y))) for page in pages
    )
    # A word hyphenated at a soft hyphen (T-C.27's narrow cells) ends its line with U+2010,
    # which the engine draws for the break: joined again, the word reads whole. A hyphen of
    # the data itself ("se-Kecamatan") is an ASCII "-" and stays.
    haystacks = [squash(re.sub("[\u00ad\u2010]\n", "", t)) for t in (raw, columns)]
    missing = [
        (path, piece)
        for path, text in _strings(model)
        for piece in _pieces(path, text)
        if not any(squash(piece) in hay for hay in haystacks)
    ]
    assert not missing, missing[:10]


def test_references_in_prose_name_the_true_number_and_page(
    sample: tuple[str, PdfReader, Renstra],
) -> None:
    _, reader, _ = sample
    labels = reader.page_labels
    where = {
        name: labels[destination_page(reader, name)]
        for name in reader.named_destinations
        if name.startswith(("tabel-", "gambar-"))
    }
    captions: dict[str, set[str]] = {}
    for name in where:
        page_text = squash(reader.pages[destination_page(reader, name)].extract_text())
        for label in re.findall(r"(?:tabel|gambar)\d+\.\d+", page_text):
            captions.setdefault(label, set()).add(where[name])
    text = "\n".join(page.extract_text() for page in reader.pages)
    cited = re.findall(r"(Tabel|Gambar)\s+(\d+\.\d+),\s+hlm\.\s+([0-9IVXL-]+)", text)
    assert len(cited) >= 4
    for kind, number, page in cited:
        assert page in captions[f"{kind.lower()}{number}"], (kind, number, page)


def test_front_matter_of_the_86_2017_sample(sample_86_pdf: Path) -> None:
    reader = read(sample_86_pdf)
    assert reader.page_labels[:3] == ["Sampul", "Lampiran Perwal", "i"]
    perwal = reader.pages[1].extract_text()
    assert "LAMPIRAN PERATURAN WALI KOTA BEKASI" in perwal
    assert "TAHUN 2019–2023" in perwal
    kata = _front_section(reader, "kata-pengantar")
    signed = " ".join(reader.pages[i].extract_text() for i in kata)
    assert "CAMAT BEKASI UTARA," in signed
    assert re.search(r"NIP\. \d{18}", signed)
    assert "Bagian ini tidak disajikan:" in " ".join(p.extract_text() for p in reader.pages)


def test_hundreds_of_rows(tmp_path: Path) -> None:
    """200 activities in T-C.27: every row printed once, totals computed, header on each page."""
    import yaml

    from renstra_docs.build import BuildOptions, build_renstra

    from .conftest import copy_mini

    root = copy_mini(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    data["bab_5"] = {"pengantar": "Rencana program dan kegiatan disajikan pada [[tabel:tc27]]."}
    data["tujuan"] = [{"kode": "T1", "uraian": "Meningkatkan kualitas pelayanan publik"}]
    target = [1, 2, 3, 4, 5]
    data["sasaran"] = [
        {"kode": "S1", "tujuan": "T1", "uraian": "Meningkatnya kepuasan masyarakat",
         "indikator": [{"uraian": "Indeks kepuasan", "target": target}]}
    ]  # fmt: skip
    data["program"] = [
        {
            "kode": f"P{p:02d}",
            "nama": f"Program ke-{p}",
            "sasaran": "S1",
            "indikator": [{"uraian": "Capaian program", "target": target}],
            "penanggung_jawab": "Sekretariat",
            "lokasi": "Kecamatan",
            "kegiatan": [
                {
                    "kode": f"P{p:02d}K{k}",
                    "nama": f"Kegiatan {p}-{k}",
                    "indikator": [{"uraian": "Keluaran", "target": target}],
                    "pagu": [1_000_000] * 5,
                }
                for k in range(1, 9)
            ],
        }
        for p in range(1, 26)
    ]
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build_renstra(Workspace(root), unit, BuildOptions())
    reader = read(result.output)
    first = destination_page(reader, "tabel-tc27")
    pages = [
        i
        for i in range(first, len(reader.pages))
        if float(reader.pages[i].mediabox.width) > float(reader.pages[i].mediabox.height)
    ]
    assert len(pages) >= 5
    text = squash(" ".join(reader.pages[i].extract_text() for i in pages))
    for p in range(1, 26):
        for k in range(1, 9):
            assert text.count(squash(f"P{p:02d}K{k}")) == 1, (p, k)
    for i in pages:
        assert "(21)" in " ".join(f.text for f in fragments(reader.pages[i])).split(), i
    # Each programme: 8 × Rp1.000.000 a year; all 25: Rp200.000.000 a year, Rp1.000.000.000
    # over the five years.
    assert text.count(squash("Rp8.000.000")) == 25 * 5
    assert text.count(squash("Rp200.000.000")) == 5
    assert squash("Rp1.000.000.000") in text
