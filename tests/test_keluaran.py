"""Every kind of output, made by its one command in one workspace, passes the same checks:
qpdf --check, pypdf and poppler read it; archival copies pass the PDF/A checks, also once
signed; the archival and signed bundles keep everything the plain bundle has."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from .pdfa import pdfa_problems
from .pdfread import outline_titles
from .test_paket import _mini_with_letter
from .test_tandatangan import SANDI, Certs, certs  # noqa: F401  (the session fixture)
from .test_tandatangan import run as run_signing

COMMANDS = {
    "bekasi-utara.pdf": ["cetak"],
    "bekasi-utara-arsip.pdf": ["cetak", "--arsip"],
    "bekasi-utara-surat.pdf": ["surat"],
    "bekasi-utara-surat-arsip.pdf": ["surat", "--arsip"],
    "bekasi-utara-paket.pdf": ["paket"],
    "bekasi-utara-paket-arsip.pdf": ["paket", "--arsip"],
}
SIGNED = "bekasi-utara-paket-arsip-ttd.pdf"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, certs: Certs) -> Path:  # noqa: F811
    root = _mini_with_letter(tmp_path_factory.mktemp("keluaran"))
    for name, command in COMMANDS.items():
        code, out = run_signing([*command, "data/bekasi-utara.yaml"], root)
        assert code == 0, out
        assert out.strip().startswith(f"output/{name}: "), out
    (root / "x.p12").write_bytes(certs.p12("budi").read_bytes())
    code, out = run_signing(
        ["tandatangani", "output/bekasi-utara-paket-arsip.pdf", "--sertifikat", "x.p12"], root
    )
    assert code == 0, out
    return root / "output"


@pytest.mark.parametrize("name", [*COMMANDS, SIGNED])
def test_qpdf_pypdf_and_poppler_read_every_output(outputs: Path, name: str) -> None:
    pdf = outputs / name
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout
    reader = PdfReader(pdf)
    assert not reader.is_encrypted and len(reader.pages) >= 1
    words = "KECAMATAN BEKASI UTARA"
    first_pages = " ".join(page.extract_text() for page in reader.pages[:2])
    assert words in first_pages.upper()
    poppler = subprocess.run(
        ["pdftotext", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    assert words in poppler.stdout.upper()
    assert "Syntax Error" not in poppler.stderr


@pytest.mark.parametrize("name", [n for n in [*COMMANDS, SIGNED] if "arsip" in n])
def test_archival_outputs_pass_the_pdfa_checks(outputs: Path, name: str) -> None:
    assert pdfa_problems((outputs / name).read_bytes()) == []


@pytest.mark.parametrize("name", [n for n in COMMANDS if "arsip" not in n])
def test_plain_outputs_are_not_declared_archival(outputs: Path, name: str) -> None:
    """Only -arsip files claim PDF/A (a claim the plain ones would not live up to)."""
    problems = pdfa_problems((outputs / name).read_bytes())
    assert "XMP: the catalog has no /Metadata stream" in problems


def test_archival_and_signed_bundles_keep_the_bundle(outputs: Path) -> None:
    plain = PdfReader(outputs / "bekasi-utara-paket.pdf")
    for name in ("bekasi-utara-paket-arsip.pdf", SIGNED):
        other = PdfReader(outputs / name)
        assert outline_titles(other) == outline_titles(plain), name
        assert other.page_labels == plain.page_labels, name
        assert other.attachments == plain.attachments, name
    assert outline_titles(plain)[0] == (1, "Surat Pengantar", 0)


def test_signed_archival_bundle_verifies_and_extracts(outputs: Path, certs: Certs) -> None:  # noqa: F811
    root = outputs.parent
    code, out = run_signing(["verifikasi", f"output/{SIGNED}", "--akar", str(certs.root)], root)
    assert code == 0, out
    assert "  Keutuhan: utuh dan sah" in out.splitlines()
    assert "  Penanda tangan: Budi Santoso" in out.splitlines()
    code, out = run_signing(["ekstrak", f"output/{SIGNED}", "-o", "kembali"], root)
    assert code == 0, out
    for name in ("renstra.yaml", "data/bekasi-utara.yaml"):
        assert (root / "kembali" / name).read_bytes() == (root / name).read_bytes()
    assert SANDI not in out
