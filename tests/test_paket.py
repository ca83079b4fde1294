"""`renstra paket` and `renstra ekstrak`: the letter with the Renstra as its lampiran, read
back from the real PDF, and the embedded sources taken out again."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject

from renstra_docs.postprocess import SIGNATURE_FIELD

from .conftest import SAMPLE_UNIT, copy_mini, copy_sample
from .pdfread import destination_page, outline_titles
from .test_cli import run
from .test_surat import KONTAK, SURAT

JUDUL = "Rencana Strategis Kecamatan Bekasi Utara Tahun 2013–2018"


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample workspace's bundle, made once by the command itself."""
    root = copy_sample(tmp_path_factory.mktemp("paket"))
    code, out = run(["paket", f"data/{SAMPLE_UNIT}.yaml"], root)
    assert code == 0, out
    assert out.strip().startswith(f"output/{SAMPLE_UNIT}-paket.pdf: 47 halaman, "), out
    return root / "output" / f"{SAMPLE_UNIT}-paket.pdf"


def _links(reader: PdfReader, first: int = 0) -> list[tuple[int, str]]:
    """(page index, destination name) of every internal link from page ``first`` on."""
    found = []
    for index, page in enumerate(reader.pages[first:], start=first):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                found.append((index, str(annot["/Dest"])))
    return found


def test_outline_letter_then_the_renstra_with_its_chapters(bundle: Path, sample_pdf: Path) -> None:
    merged, alone = PdfReader(bundle), PdfReader(sample_pdf)
    offset = len(merged.pages) - len(alone.pages)
    assert offset == 1
    entries = outline_titles(merged)
    assert entries[:2] == [(1, "Surat Pengantar", 0), (1, f"Lampiran: {JUDUL}", offset)]
    assert [e for e in entries if e[0] == 1] == entries[:2]
    own = outline_titles(alone)
    assert len(own) > 30
    assert entries[2:] == [(depth + 1, title, page + offset) for depth, title, page in own]


def test_page_labels_name_the_letter_then_follow_the_renstra(
    bundle: Path, sample_pdf: Path
) -> None:
    merged, alone = PdfReader(bundle), PdfReader(sample_pdf)
    assert merged.page_labels[0] == "Surat-1"
    assert merged.page_labels[1:] == alone.page_labels
    assert alone.page_labels[:3] == ["Sampul", "i", "ii"]


def test_every_internal_link_lands_where_it_did_in_the_renstra(
    bundle: Path, sample_pdf: Path
) -> None:
    merged, alone = PdfReader(bundle), PdfReader(sample_pdf)
    before = _links(alone)
    after = _links(merged, first=1)
    assert len(before) > 40
    assert after == [(page + 1, name) for page, name in before]
    for (page, name), (_, same) in zip(before, after, strict=True):
        assert destination_page(merged, same) == destination_page(alone, name) + 1, (page, name)


def test_lampiran_count_agrees_with_what_is_attached(bundle: Path) -> None:
    reader = PdfReader(bundle)
    letter = reader.pages[0].extract_text()
    lampiran = [e for e in outline_titles(reader) if e[0] == 1 and e[1].startswith("Lampiran")]
    assert len(lampiran) == 1
    assert "Lampiran : 1 (satu) berkas" in " ".join(letter.split())
    # The letter is the nota dinas of the sample, with its signature field kept.
    assert "NOTA DINAS" in letter
    fields = reader.get_fields() or {}
    assert list(fields) == [SIGNATURE_FIELD]


def test_embedded_sources_are_the_files_the_renstra_was_made_from(bundle: Path) -> None:
    reader = PdfReader(bundle)
    files = {name: data[-1] for name, data in reader.attachments.items()}
    root = bundle.parent.parent
    sources = {
        "renstra.yaml",
        f"data/{SAMPLE_UNIT}.yaml",
        "gambar/lambang-contoh.svg",
        "gambar/struktur-organisasi-contoh.svg",
    }
    assert set(files) == sources | {"renstra-docs/data-gabungan.yaml", "renstra-docs/manifes.json"}
    for name in sources:
        assert files[name] == (root / name).read_bytes(), name
    manifest = json.loads(files["renstra-docs/manifes.json"])
    assert manifest["versi"] and manifest["tumpukan"]["weasyprint"]
    assert manifest["ruang_kerja"]["unit"] == f"data/{SAMPLE_UNIT}.yaml"
    digests = {f["nama"]: f["sha256"] for f in manifest["berkas"]}
    del files["renstra-docs/manifes.json"]
    assert digests == {n: hashlib.sha256(d).hexdigest() for n, d in files.items()}
    merged = yaml.safe_load(files["renstra-docs/data-gabungan.yaml"])
    shared = yaml.safe_load(files["renstra.yaml"])
    unit = yaml.safe_load(files[f"data/{SAMPLE_UNIT}.yaml"])
    assert merged["pemerintah_daerah"] == shared["pemerintah_daerah"]
    assert merged["unit"] == unit["unit"] and merged["surat"] == unit["surat"]
    # Declared as associated files, with relationship, MIME type and date.
    listed = reader.root_object["/AF"]
    assert isinstance(listed, ArrayObject)
    specs = [ref.get_object() for ref in listed]
    assert sorted(str(s["/UF"]) for s in specs) == sorted([*files, "renstra-docs/manifes.json"])
    kinds = {str(s["/UF"]): str(s["/AFRelationship"]) for s in specs}
    assert kinds["renstra.yaml"] == "/Source"
    assert kinds["renstra-docs/data-gabungan.yaml"] == "/Data"
    for spec in specs:
        stream = spec["/EF"]["/F"].get_object()
        assert stream["/Subtype"] and stream["/Params"]["/ModDate"] == "D:20131202000000+07'00'"


def test_bundle_passes_qpdf_and_poppler(bundle: Path) -> None:
    check = subprocess.run(["qpdf", "--check", str(bundle)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "2", str(bundle), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "NOTA DINAS" in text and "RENCANA STRATEGIS" in text


def _mini_with_letter(root: Path) -> Path:
    copy_mini(root)
    unit = root / "data" / "bekasi-utara.yaml"
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    data["surat"] = {**SURAT, "bentuk": "surat_dinas", "di": "Tempat"}
    data["unit"]["kontak"] = KONTAK
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def mini_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _mini_with_letter(tmp_path_factory.mktemp("mini"))
    code, out = run(["paket", "data/bekasi-utara.yaml"], root)
    assert code == 0, out
    return root / "output" / "bekasi-utara-paket.pdf"


def test_extracted_sources_rebuild_the_same_renstra(mini_bundle: Path, tmp_path: Path) -> None:
    """The bundle carries enough to regenerate: a workspace made only of the extracted files
    gives the Renstra byte for byte."""
    folder = tmp_path / "sumber"
    code, out = run(["ekstrak", str(mini_bundle), "-o", str(folder)], tmp_path)
    assert code == 0, out
    assert out.strip().endswith(f"{folder}: 5 berkas ditulis")
    root = mini_bundle.parent.parent
    for name in ("renstra.yaml", "data/bekasi-utara.yaml", "gambar/lambang-contoh.svg"):
        assert (folder / name).read_bytes() == (root / name).read_bytes()
    code, out = run(["cetak", "data/bekasi-utara.yaml"], folder)
    assert code == 0, out
    code, out = run(["cetak", "data/bekasi-utara.yaml"], root)
    assert code == 0, out
    rebuilt = (folder / "output" / "bekasi-utara.pdf").read_bytes()
    assert rebuilt == (root / "output" / "bekasi-utara.pdf").read_bytes()
    # Again: everything already there and identical, nothing rewritten.
    code, out = run(["ekstrak", str(mini_bundle), "-o", str(folder)], tmp_path)
    assert code == 0 and out.strip().endswith("0 berkas ditulis, 5 sudah sama"), out


def test_bundle_is_byte_identical_when_made_twice(mini_bundle: Path) -> None:
    root = mini_bundle.parent.parent
    first = mini_bundle.read_bytes()
    code, out = run(["paket", "data/bekasi-utara.yaml", "-o", "lagi"], root)
    assert code == 0, out
    assert (root / "lagi" / "bekasi-utara-paket.pdf").read_bytes() == first
    assert PdfReader(io.BytesIO(first)).page_labels[0] == "Surat-1"


def test_ekstrak_keeps_different_files_unless_told(mini_bundle: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sumber"
    (folder / "data").mkdir(parents=True)
    mine = folder / "data" / "bekasi-utara.yaml"
    mine.write_text("milik saya\n", encoding="utf-8")
    code, out = run(["ekstrak", str(mini_bundle), "-o", str(folder)], tmp_path)
    assert code == 2
    assert out.strip() == f"{mine}: sudah ada dan berbeda; pakai --timpa untuk menimpanya"
    assert mine.read_text(encoding="utf-8") == "milik saya\n"
    assert not (folder / "renstra.yaml").exists()
    code, out = run(["ekstrak", str(mini_bundle), "-o", str(folder), "--timpa"], tmp_path)
    assert code == 0, out
    assert mine.read_bytes() == (mini_bundle.parent.parent / "data/bekasi-utara.yaml").read_bytes()


def _with_attachment(source: Path, target: Path, name: str, data: bytes) -> Path:
    writer = PdfWriter(clone_from=source)
    writer.add_attachment(name, data)
    writer.write(target)
    return target


@pytest.mark.parametrize("name", ["../lolos.txt", "/etc/lolos.txt", "a/../../lolos.txt", "C:x"])
def test_ekstrak_refuses_names_that_escape_the_folder(
    mini_bundle: Path, tmp_path: Path, name: str
) -> None:
    hostile = _with_attachment(mini_bundle, tmp_path / "jahat.pdf", name, b"x")
    folder = tmp_path / "a" / "b"
    code, out = run(["ekstrak", str(hostile), "-o", str(folder)], tmp_path)
    assert code == 1
    assert out.strip() == f"{hostile}: {name!r}: nama berkas tersemat tidak aman, dilewati"
    assert not folder.exists()
    assert not (tmp_path / "a" / "lolos.txt").exists()


def test_ekstrak_checks_contents_against_the_manifest(mini_bundle: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=mini_bundle)
    for item in writer.attachment_list:
        if item.name == "renstra.yaml":
            item.content = b"diubah: ya\n"
    forged = tmp_path / "palsu.pdf"
    writer.write(forged)
    code, out = run(["ekstrak", str(forged), "-o", str(tmp_path / "x")], tmp_path)
    assert code == 1
    assert out.strip() == (
        f"{forged}: renstra.yaml: isi tidak cocok dengan sidik di renstra-docs/manifes.json"
    )
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"bukan pdf"), "bukan PDF yang dapat dibaca"),
        (lambda p: None, "berkas tidak ditemukan"),
    ],
)
def test_ekstrak_on_what_is_not_a_bundle(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    target = tmp_path / "x.pdf"
    make(target)
    code, out = run(["ekstrak", str(target)], tmp_path)
    assert code == 2
    assert out.startswith(f"{target}: {message}"), out
    assert len(out.strip().splitlines()) == 1


def test_ekstrak_on_a_pdf_without_attachments(tmp_path: Path) -> None:
    # Not a Renstra PDF: those carry their merged data (renstra beda reads it).
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    plain = tmp_path / "renstra.pdf"
    with plain.open("wb") as stream:
        writer.write(stream)
    code, out = run(["ekstrak", str(plain)], tmp_path)
    assert code == 2
    assert out.strip() == f"{plain}: tidak ada berkas tersemat (bukan hasil 'renstra paket'?)"


def test_letter_file_of_its_own_travels_in_the_bundle(tmp_path: Path) -> None:
    root = _mini_with_letter(tmp_path / "ws")
    letter = root / "surat" / "bappeda.yaml"
    letter.parent.mkdir()
    letter.write_text(
        yaml.safe_dump({"surat": {**SURAT, "nomor": "050/7/2026"}}, allow_unicode=True),
        encoding="utf-8",
    )
    code, out = run(["paket", "data/bekasi-utara.yaml", "--naskah", "surat/bappeda.yaml"], root)
    assert code == 0, out
    reader = PdfReader(root / "output" / "bekasi-utara-paket.pdf")
    assert reader.attachments["surat/bappeda.yaml"] == [letter.read_bytes()]
    merged = yaml.safe_load(reader.attachments["renstra-docs/data-gabungan.yaml"][0])
    assert merged["surat"]["nomor"] == "050/7/2026"
    assert "050/7/2026" in reader.pages[0].extract_text()
