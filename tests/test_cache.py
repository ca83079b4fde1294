"""Chapter-level rendering and its cache: every kind of edit gives the PDF a build with an
empty cache gives, byte for byte, and re-renders exactly the units it should."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from renstra_docs import assets, cache, potong, templating
from renstra_docs.build import BuildOptions, render_renstra
from renstra_docs.cache import FOLDER, RenderCache
from renstra_docs.units import Renderer
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import copy_mini, copy_sample

UNIT = "data/bekasi-utara.yaml"
CHAPTERS = [f"bab-{n}" for n in range(1, 8)]
OVERLAYS = [f"nomor-{c}" for c in CHAPTERS]
EVERYTHING = sorted([*CHAPTERS, "depan", *OVERLAYS])


def build(root: Path, **options: object) -> tuple[bytes, list[str]]:
    """The PDF bytes and the units the engine laid out (the rest came from the cache)."""
    workspace = Workspace(root)
    loaded = load_renstra(workspace, root / UNIT)
    with Renderer(RenderCache(root), 2) as renderer:
        rendered = render_renstra(loaded, BuildOptions(**options), renderer)  # type: ignore[arg-type]
    return rendered.pdf, sorted(renderer.rendered)


def clean_build(root: Path, tmp_path: Path, **options: object) -> bytes:
    """The same workspace copied without its cache, built from nothing."""
    copy = tmp_path / f"bersih-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(FOLDER, "output"))
    pdf, rendered = build(copy, **options)
    assert set(EVERYTHING) <= set(rendered) or "lampiran" in rendered
    return pdf


def edit_unit(root: Path, change: Callable[[dict[str, object]], None]) -> None:
    path = root / UNIT
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """The small workspace, built once so the cache holds every unit."""
    root = copy_mini(tmp_path / "ws")
    _, rendered = build(root)
    assert rendered == EVERYTHING
    return root


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_nothing_changed_nothing_rendered(mini: Path, tmp_path: Path) -> None:
    pdf, rendered = build(mini)
    assert rendered == []
    assert pdf == clean_build(mini, tmp_path)


def test_paragraph_edit_renders_its_chapter_only(mini: Path, tmp_path: Path) -> None:
    before, _ = build(mini)

    def change(data: dict[str, object]) -> None:
        data["bab_1"]["latar_belakang"] = "Latar belakang yang sudah diperbaiki."  # type: ignore[index]

    edit_unit(mini, change)
    pdf, rendered = build(mini)
    assert rendered == ["bab-1"]
    assert pdf != before and pdf == clean_build(mini, tmp_path)
    assert "sudah diperbaiki" in PdfReader(io.BytesIO(pdf)).pages[4].extract_text()


def test_longer_chapter_moves_the_numbers_not_the_chapters_after_it(
    mini: Path, tmp_path: Path
) -> None:
    before, _ = build(mini)
    long_text = "\n\n".join(["Kalimat uraian tugas dan fungsi kecamatan. " * 12] * 12)

    def change(data: dict[str, object]) -> None:
        data["bab_2"]["tugas_fungsi_struktur"] = long_text  # type: ignore[index]

    edit_unit(mini, change)
    pdf, rendered = build(mini)
    assert _pages(pdf) > _pages(before)
    # BAB II itself and the contents; no other chapter. The page-number overlays are
    # content-addressed: the moved numbers reuse any overlay with the same labels.
    assert [r for r in rendered if not r.startswith("nomor-")] == ["bab-2", "depan"]
    assert "nomor-bab-7" in rendered  # the last chapter's numbers are new ones
    assert pdf == clean_build(mini, tmp_path)
    reader = PdfReader(io.BytesIO(pdf))
    last = reader.pages[-1].extract_text().split()[-1]
    assert last == reader.page_labels[-1] == str(len(reader.pages) - 4)


def test_template_edit_renders_the_units_using_it(mini: Path, tmp_path: Path) -> None:
    templates = mini / "templates"
    templates.mkdir()
    (templates / "bab.html").write_text(
        (assets.templates_dir() / "bab.html").read_text(encoding="utf-8") + "\n<!-- diubah -->\n",
        encoding="utf-8",
    )
    pdf, rendered = build(mini)
    assert rendered == sorted(CHAPTERS)  # same pages: numbers and contents kept
    assert pdf == clean_build(mini, tmp_path)


def test_style_edit_renders_everything(mini: Path, tmp_path: Path) -> None:
    styles = mini / "styles"
    styles.mkdir()
    css = (assets.styles_dir() / "renstra.css").read_text(encoding="utf-8")
    (styles / "renstra.css").write_text(css.replace("font-size: 12pt", "font-size: 11pt"), "utf-8")
    pdf, rendered = build(mini)
    assert rendered == EVERYTHING
    assert pdf == clean_build(mini, tmp_path)


def test_setting_edit_renders_everything(mini: Path, tmp_path: Path) -> None:
    pdf, rendered = build(mini, kertas="f4")
    assert rendered == EVERYTHING
    assert pdf == clean_build(mini, tmp_path, kertas="f4")
    again, rendered = build(mini)  # back to A4: still in the cache
    assert rendered == []
    assert again == clean_build(mini, tmp_path)


def test_font_change_renders_everything(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts = tmp_path / "fonts"
    shutil.copytree(assets.fonts_dir(), fonts)
    with (fonts / "fonts.conf").open("a", encoding="utf-8") as handle:
        handle.write("<!-- diubah -->\n")
    monkeypatch.setattr(assets, "fonts_dir", lambda: fonts)
    cache.fonts_digest.cache_clear()
    try:
        _, rendered = build(mini)
    finally:
        cache.fonts_digest.cache_clear()
    assert rendered == EVERYTHING


def test_image_edit_renders_the_unit_showing_it(tmp_path: Path) -> None:
    """An image is known only once rendered: the entry records its digest."""
    root = copy_mini(tmp_path / "ws")
    build(root)
    logo = root / "gambar" / "lambang-contoh.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("</svg>", "<!-- x --></svg>"))
    pdf, rendered = build(root)
    assert rendered == ["depan"]  # the cover shows the logo
    assert pdf == clean_build(root, tmp_path)


@pytest.mark.parametrize("damage", ["potong-pdf", "json-rusak", "sidik-lain", "hapus-pdf"])
def test_damaged_entries_are_detected_and_rebuilt(mini: Path, tmp_path: Path, damage: str) -> None:
    entries = sorted((mini / FOLDER).glob("*.json"))
    entries = [e for e in entries if not e.name.endswith(".hint.json")]
    target = next(e for e in entries if json.loads(e.read_text())["sha256"])
    chosen = json.loads(target.read_text())
    pdf_file = target.with_suffix(".pdf")
    if damage == "potong-pdf":
        pdf_file.write_bytes(pdf_file.read_bytes()[:-100])
    elif damage == "json-rusak":
        target.write_text("{bukan json")
    elif damage == "sidik-lain":
        other = next(e for e in entries if e != target).with_suffix(".pdf")
        pdf_file.write_bytes(other.read_bytes())
    else:
        pdf_file.unlink()
    pdf, rendered = build(mini)
    assert len(rendered) == 1, (chosen, rendered)
    assert pdf == clean_build(mini, tmp_path)


def test_unwritable_cache_only_costs_speed(mini: Path, tmp_path: Path) -> None:
    shutil.rmtree(mini / FOLDER)
    (mini / FOLDER).write_text("bukan folder")
    pdf, rendered = build(mini)
    assert rendered == EVERYTHING
    assert pdf == clean_build(mini, tmp_path)


def _cite_and_grow(root: Path) -> tuple[Callable[[dict[str, object]], None], ...]:
    def cite(data: dict[str, object]) -> None:
        bab_1 = data["bab_1"]
        bab_1["latar_belakang"] += "\n\nRencana program disajikan pada [[tabel:tc27]]."  # type: ignore[index]

    def grow(data: dict[str, object]) -> None:
        data["bab_2"]["pengantar"] = "\n\n".join(["Uraian tambahan BAB II. " * 15] * 10)  # type: ignore[index]

    return cite, grow


def _cited_text(pdf: bytes) -> tuple[str, str]:
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.get_destination_page_number(reader.named_destinations["tabel-tc27"])
    assert page is not None
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages[:12])
    return f"Tabel 5.1, hlm. {reader.page_labels[page]}", text


def test_cross_chapter_page_reference_follows_its_target(tmp_path: Path) -> None:
    """BAB I citing a table of BAB V prints its page. With continuous numbering, BAB II
    growing moves every later page: BAB I and each later chapter citing its own tables
    are rendered again for their new numbers; output as a clean build's."""
    root = copy_sample(tmp_path / "ws")
    cite, grow = _cite_and_grow(root)
    edit_unit(root, cite)
    pdf, rendered = build(root)
    assert rendered.count("bab-1") == 2  # no labels known yet: a second round for BAB I
    cited, text = _cited_text(pdf)
    assert cited in text
    edit_unit(root, grow)
    pdf, rendered = build(root)
    assert "bab-1" in rendered and "bab-5" in rendered
    # T-C.27, a landscape block, is a unit of its own that cites nothing: kept.
    assert "bab-5.2" not in rendered
    cited, text = _cited_text(pdf)
    assert cited in text
    assert pdf == clean_build(root, tmp_path)


def test_per_chapter_numbering_keeps_later_chapters(tmp_path: Path) -> None:
    """With per-chapter numbers ("V-3") a longer BAB II changes no other chapter's text:
    only BAB II and the contents are rendered again."""
    root = copy_sample(tmp_path / "ws")
    cite, grow = _cite_and_grow(root)
    edit_unit(root, cite)
    build(root, penomoran="bab")
    edit_unit(root, grow)
    pdf, rendered = build(root, penomoran="bab")
    # BAB II twice: its own tables moved within it, and it cites their pages.
    assert {r for r in rendered if not r.startswith("nomor-")} == {"bab-2", "depan"}
    cited, text = _cited_text(pdf)
    assert cited.startswith("Tabel 5.1, hlm. V-") and cited in text
    assert pdf == clean_build(root, tmp_path, penomoran="bab")


def test_chapters_are_cut_around_landscape_blocks() -> None:
    html = (
        '<section class="bab" id="b"><h1 id="h">BAB</h1><p>awal</p>'
        '<section class="bagian" id="s"><p>teks</p>'
        '<div class="lanskap"><table><tr><td>1</td></tr></table></div>\n'
        '<div class="lanskap tc27"><div>2</div></div>'
        "<p>sesudah</p></section></section>"
    )
    pieces = potong.cut_at_landscape(html)
    assert pieces == [
        '<section class="bab" id="b"><h1 id="h">BAB</h1><p>awal</p>'
        '<section class="bagian" id="s"><p>teks</p>',
        '<section class="bab"><section class="bagian">'
        '<div class="lanskap"><table><tr><td>1</td></tr></table></div>\n'
        '<div class="lanskap tc27"><div>2</div></div>',
        '<section class="bab"><section class="bagian"><p>sesudah</p></section></section>',
    ]
    assert potong.cut_at_landscape("<p>tanpa lanskap</p>") == ["<p>tanpa lanskap</p>"]
    ending = '<section class="bab"><p>a</p><div class="lanskap">t</div></section>'
    assert (
        potong.cut_at_landscape(ending)[-1] == '<section class="bab"><div class="lanskap">t</div>'
    )


def test_landscape_block_is_cut_before_each_new_page() -> None:
    """Inside a landscape block, an element of class halaman-baru (a tujuan of T-C.27)
    starts a piece that re-opens the block; a commented-out one does not."""
    html = (
        '<section class="bab" id="b"><p>awal</p>'
        '<div class="lanskap tc27"><p id="t">Tabel</p><table class="a"><tr><td>1</td></tr></table>'
        '<table class="a halaman-baru"><tr><td title="x > y">2</td></tr></table>'
        '<!-- <table class="halaman-baru"> -->'
        "<table class='b halaman-baru'><tr><td>3<br></td></tr></table></div>"
        "<p>akhir</p></section>"
    )
    block = '<section class="bab"><div class="lanskap tc27">'
    assert potong.cut_at_landscape(html) == [
        '<section class="bab" id="b"><p>awal</p>',
        '<section class="bab"><div class="lanskap tc27"><p id="t">Tabel</p>'
        '<table class="a"><tr><td>1</td></tr></table>',
        block + '<table class="a halaman-baru"><tr><td title="x > y">2</td></tr></table>'
        '<!-- <table class="halaman-baru"> -->',
        block + "<table class='b halaman-baru'><tr><td>3<br></td></tr></table></div>",
        '<section class="bab"><p>akhir</p></section>',
    ]


def _body_units(root: Path) -> list[templating.UnitHtml]:
    loaded = load_renstra(Workspace(root), root / UNIT)
    context = {"versi": "uji", "penomoran": "kontinu", "draf": False}
    return templating.body_units(loaded, templating.make_environment(None), context)[0]


def test_each_tujuan_of_tc27_is_a_unit_of_its_own(tmp_path: Path) -> None:
    """T-C.27 is laid out a tujuan at a time: an activity of the second tujuan changed
    re-renders that piece only (its page count stays: numbers and contents are kept)."""
    root = copy_sample(tmp_path / "ws")
    build(root)
    second = [u.name for u in _body_units(root) if "halaman-baru" in u.html]
    assert len(second) == 1

    def change(data: dict[str, object]) -> None:
        program = [p for p in data["program"] if p["sasaran"].startswith("S2")]  # type: ignore[attr-defined]
        program[0]["kegiatan"][0]["nama"] += " terpadu"

    edit_unit(root, change)
    pdf, rendered = build(root)
    assert rendered == second
    assert pdf == clean_build(root, tmp_path)


def test_cited_pages_filled_in_as_the_templates_print_them(tmp_path: Path) -> None:
    """The body is rendered once; its cited page numbers are filled in per round, giving
    exactly what the templates give when they know the pages."""
    root = copy_sample(tmp_path / "ws")
    cite, _ = _cite_and_grow(root)
    edit_unit(root, cite)
    loaded = load_renstra(Workspace(root), root / UNIT)
    env = templating.make_environment(None)
    context = {"versi": "uji", "penomoran": "kontinu", "draf": False}
    pages = {"tabel-tc27": "34", "tabel-tc23": "1&2"}

    def page(anchor: str) -> str:
        return pages.get(anchor, "")

    isi_open = templating.render_template(
        env, "isi.html", templating._base_context(loaded, context, None)
    )
    isi_known = templating.render_template(
        env, "isi.html", templating._base_context(loaded, context, page)
    )
    filled = templating.UnitHtml("isi", "", isi_open, (), ()).with_pages(page).html
    assert filled == isi_known and filled != isi_open
    assert 'data-bab="V">34</a>' in filled
