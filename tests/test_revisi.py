"""The revision of a document (``revisi``): its number and date on the cover and in the PDF's
subject; checked like every other field; an unrevised cover is exactly as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.errors import DataError
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import copy_mini
from .pdfread import fragments

REVISI = """
revisi:
  nomor: 2
  tanggal: 2026-11-28
  keterangan: perbaikan hasil verifikasi Bappeda
"""
LINE = "Revisi ke-2 · 28 November 2026"


def _workspace(root: Path, extra: str) -> Path:
    """The mini workspace with ``extra`` appended to its unit file; returns the unit file."""
    copy_mini(root)
    unit_file = root / "data" / "bekasi-utara.yaml"
    unit_file.write_text(unit_file.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return unit_file


@pytest.fixture(scope="module")
def revised_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("revisi")
    unit_file = _workspace(root, REVISI)
    return build_renstra(Workspace(root), unit_file, BuildOptions()).output


def _cover_lines(pdf: Path) -> dict[str, float]:
    """Each text line of the cover with its height on the page (points from the bottom)."""
    return {f.text: f.y for f in fragments(PdfReader(pdf).pages[0])}


def test_cover_prints_the_revision_under_the_title(revised_pdf: Path) -> None:
    text = PdfReader(revised_pdf).pages[0].extract_text()
    assert LINE in text.splitlines()
    assert "(perbaikan hasil verifikasi Bappeda)" in text.splitlines()
    lines = _cover_lines(revised_pdf)
    # Below the title block, above the government's name and the year.
    assert lines["TAHUN 2013–2018"] > lines[LINE] > lines["PEMERINTAH KOTA BEKASI"]


def test_revision_leaves_the_rest_of_the_cover_in_place(
    revised_pdf: Path, sample_pdf: Path
) -> None:
    revised, plain = _cover_lines(revised_pdf), _cover_lines(sample_pdf)
    for line in ("RENCANA STRATEGIS", "TAHUN 2013–2018", "PEMERINTAH KOTA BEKASI", "2013"):
        assert revised[line] == pytest.approx(plain[line], abs=0.01), line


def test_unrevised_cover_has_no_revision_line(sample_pdf: Path) -> None:
    reader = PdfReader(sample_pdf)
    assert "revisi" not in reader.pages[0].extract_text().lower()
    assert reader.metadata is not None
    assert "revisi" not in str(reader.metadata["/Subject"]).lower()


def test_subject_names_the_revision(revised_pdf: Path) -> None:
    metadata = PdfReader(revised_pdf).metadata
    assert metadata is not None
    assert str(metadata["/Subject"]).endswith(", revisi ke-2 (28 November 2026)")
    # The document's dates stay those of penetapan.
    dates = {str(metadata["/CreationDate"]), str(metadata["/ModDate"])}
    assert dates == {"D:20131128000000+07'00'"}


def test_revision_without_remark(tmp_path: Path) -> None:
    unit_file = _workspace(tmp_path, "revisi: {nomor: 1, tanggal: '2014-01-06'}\n")
    revisi = load_renstra(Workspace(tmp_path), unit_file).model.revisi
    assert revisi is not None
    assert (revisi.nomor, revisi.tanggal.isoformat(), revisi.keterangan) == (1, "2014-01-06", None)


@pytest.mark.parametrize(
    ("value", "expected"),  # expected: column, path and message
    [
        ("{nomor: 0, tanggal: 2026-11-28}", "17: revisi.nomor: tidak boleh kurang dari 1"),
        ("{nomor: '2', tanggal: 2026-11-28}", "17: revisi.nomor: harus berupa bilangan bulat"),
        ("{nomor: 2.0, tanggal: 2026-11-28}", "17: revisi.nomor: harus berupa bilangan bulat"),
        (
            "{nomor: 2, tanggal: 2026-02-30}",
            "29: revisi.tanggal: tanggal '2026-02-30' tidak ada di kalender",
        ),
        (
            "{nomor: 2, tanggal: 28-11-2026}",
            "29: revisi.tanggal: harus berupa tanggal TTTT-BB-HH, mis. 2013-11-28",
        ),
        ("{nomor: 2}", "1: revisi.tanggal: wajib diisi"),
        (
            "{nomor: 2, tanggal: 2026-11-28, keterangan: " + "x" * 61 + "}",
            "53: revisi.keterangan: paling banyak 60 karakter",
        ),
    ],
)
def test_bad_revision_is_one_positioned_line(tmp_path: Path, value: str, expected: str) -> None:
    unit_file = _workspace(tmp_path, f"revisi: {value}\n")
    line = len(unit_file.read_text(encoding="utf-8").splitlines())  # the last line
    with pytest.raises(DataError) as caught:
        load_renstra(Workspace(tmp_path), unit_file)
    assert [str(problem) for problem in caught.value.problems] == [
        f"data/bekasi-utara.yaml:{line}:{expected}"
    ]
