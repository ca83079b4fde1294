"""Typography that survives a long document: no stranded headings or captions, no hyphens."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.workspace import Workspace

from .conftest import copy_mini
from .pdfread import MM, fragments, read


def _destination_top(reader: PdfReader, name: str) -> tuple[int, float]:
    dest = reader.named_destinations[name]
    page = reader.get_destination_page_number(dest)
    assert page is not None
    return page, float(str(dest["/Top"]))


def _body_lines_below(reader: PdfReader, page: int, top: float, gap: float) -> list[str]:
    """Body text at least ``gap`` points below ``top`` on the page, above the footer band."""
    return [f.text for f in fragments(reader.pages[page]) if 25 * MM < f.y < top - gap]


def test_no_heading_alone_at_the_foot_of_a_page(sample_pdf: Path) -> None:
    reader = read(sample_pdf)
    names = [n for n in reader.named_destinations if n.startswith(("subbab-", "bab-"))]
    names = [n for n in names if not n.endswith("-isi")]
    assert len(names) > 20
    for name in names:
        page, top = _destination_top(reader, name)
        # The heading's own lines take at most ~50 pt; something must follow on its page.
        assert _body_lines_below(reader, page, top, 55), name


def test_table_captions_stay_with_their_tables(sample_pdf: Path) -> None:
    reader = read(sample_pdf)
    captions = [n for n in reader.named_destinations if n.startswith("tabel-")]
    assert len(captions) >= 8
    for name in captions:
        page, top = _destination_top(reader, name)
        below = _body_lines_below(reader, page, top, 30)
        # The column-number row of the table's header ("(1)", or "(1) (2) …" in one piece).
        assert any(text.startswith("(1)") for text in below), name


def test_hyphenation_is_off(tmp_path: Path) -> None:
    """Indonesian words are never broken with a hyphen (stock patterns break them wrongly)."""
    words = [
        "pembangunan", "masyarakat", "kepemerintahan", "pertanggungjawaban",
        "kesejahteraan", "penyelenggaraan", "pemberdayaan", "ketenteraman",
        "keterkaitan", "perencanaan", "pengendalian", "infrastruktur",
    ]  # fmt: skip
    text = " ".join(words * 40)
    root = copy_mini(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    unit.write_text(
        unit.read_text(encoding="utf-8").replace("Latar belakang singkat untuk pengujian.", text),
        encoding="utf-8",
    )
    result = build_renstra(Workspace(root), unit, BuildOptions())
    reader = read(result.output)
    first, _ = _destination_top(reader, "subbab-1-1")
    last, _ = _destination_top(reader, "subbab-1-2")
    assert last - first >= 2  # the test text runs over several full pages
    lines = "\n".join(reader.pages[i].extract_text() for i in range(first, last + 1))
    tokens = {t.lower() for t in re.findall(r"[A-Za-z]+-?", lines)}
    broken = {t for t in tokens if t.endswith("-") or (len(t) > 3 and t not in words)}
    # Words of the running header and of the headings around the test text.
    around = {"latar", "belakang", "renstra", "kecamatan", "bekasi", "utara", "tahun"}
    around |= {"pendahuluan", "landasan", "hukum", "bagian", "ini", "tidak", "disajikan", "uji"}
    assert not broken - around, broken - around
    assert sum(lines.count(w) for w in words) == len(words) * 40
