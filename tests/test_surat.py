"""`renstra surat`: the covering letter in both forms, read back from the real PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import copy_mini
from .pdfread import MM, body_text, embedded_fonts, fragments, read
from .test_cli import run

SURAT = {
    "nomor": "050/123/Kec.BU/XII/2013",
    "hal": "Penyampaian Rencana Strategis Kecamatan Bekasi Utara Tahun 2013–2018",
    "tanggal": "2013-12-02",
    "kepada": ["Kepala Badan Perencanaan Pembangunan Daerah Kota Bekasi"],
    "isi": "Bersama ini kami sampaikan Renstra untuk diverifikasi.\n\nDemikian kami sampaikan.",
    "tembusan": ["Wali Kota Bekasi", "Sekretaris Daerah Kota Bekasi"],
}
KONTAK = {"alamat": "Jalan Contoh Raya No. 1", "telepon": "(021) 0000-0000"}


def _workspace(tmp_path: Path, surat: dict[str, object] | None, kontak: bool = True) -> Path:
    root = copy_mini(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    if surat is not None:
        data["surat"] = surat
    if kontak:
        data["unit"]["kontak"] = KONTAK
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_nota_dinas(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {**SURAT, "bentuk": "nota_dinas"})
    code, out = run(["surat", "data/bekasi-utara.yaml"], root)
    assert code == 0, out
    assert out.strip().startswith("output/bekasi-utara-surat.pdf: 1 halaman, ")
    reader = read(root / "output" / "bekasi-utara-surat.pdf")
    text = body_text(reader)
    for expected in (
        "PEMERINTAH KOTA BEKASI KECAMATAN BEKASI UTARA Jalan Contoh Raya No. 1",
        "NOTA DINAS",
        "Kepada Yth. : Kepala Badan Perencanaan Pembangunan Daerah Kota Bekasi",
        "Dari : Camat Bekasi Utara",
        "Tembusan : Wali Kota Bekasi Sekretaris Daerah Kota Bekasi",
        "Tanggal : 2 Desember 2013",
        "Nomor : 050/123/Kec.BU/XII/2013",
        "Sifat : Biasa",
        "Lampiran : 1 (satu) berkas",
        "Bersama ini kami sampaikan Renstra untuk diverifikasi.",
        "CAMAT BEKASI UTARA, Drs. Fulan bin Fulan, M.Si. Pembina Tingkat I (IV/b)"
        " NIP. 197507302001121001",
    ):
        assert expected in text, expected
    fonts = embedded_fonts(reader)
    assert all(fonts.values())
    assert {"Liberation-Sans", "Liberation-Sans-Bold"} <= set(fonts), fonts
    assert not [f for f in fonts if f.startswith("TeX")], fonts
    assert reader.metadata is not None and reader.metadata.author == "Kecamatan Bekasi Utara"


def test_surat_dinas_with_date_on_the_nomor_line(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {**SURAT, "bentuk": "surat_dinas", "di": "Bandung"})
    code, out = run(["surat", "data/bekasi-utara.yaml", "--kertas", "f4"], root)
    assert code == 0, out
    reader = read(root / "output" / "bekasi-utara-surat.pdf")
    page = reader.pages[0]
    assert float(page.mediabox.height) == pytest.approx(330 * MM, abs=0.01)
    text = body_text(reader)
    for expected in (
        "Yth. Kepala Badan Perencanaan Pembangunan Daerah Kota Bekasi di- Bandung",
        "Lampiran : 1 (satu) berkas",
        "Tembusan: Wali Kota Bekasi Sekretaris Daerah Kota Bekasi",
    ):
        assert expected in text, expected
    assert text.endswith("1. 2.")  # the list numbers of the Tembusan (drawn after the items)
    assert "NOTA DINAS" not in text
    # Place and date stand on the Nomor line, at its right end.
    nomor = next(f for f in fragments(page) if f.text.startswith("Nomor"))
    assert nomor.text.endswith("Bekasi, 2 Desember 2013")
    lines = page.extract_text(extraction_mode="layout").splitlines()
    line = next(x for x in lines if "Nomor" in x).rstrip()
    widest = max(len(x.rstrip()) for x in lines if "Bersama ini" not in x)
    assert line.endswith("Bekasi, 2 Desember 2013")
    assert len(line) >= widest - 3, (line, widest)  # ends at the right margin


def test_missing_letter_data_is_a_data_error(tmp_path: Path) -> None:
    root = _workspace(tmp_path, None, kontak=False)
    code, out = run(["surat", "data/bekasi-utara.yaml"], root)
    assert code == 2
    assert out.strip().splitlines() == [
        "data/bekasi-utara.yaml:1:1: surat: wajib diisi untuk membuat surat pengantar",
        "data/bekasi-utara.yaml:1:1: unit.kontak: wajib diisi untuk kop surat (alamat, telepon, …)",
    ]
    assert not (root / "output" / "bekasi-utara-surat.pdf").exists()


def _letter_file(root: Path, name: str, content: dict[str, object]) -> Path:
    path = root / "surat" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_letter_from_a_file_of_its_own(tmp_path: Path) -> None:
    """Letters change more often than the plan: --naskah takes them from their own file,
    in place of the unit file's `surat`."""
    root = _workspace(tmp_path, {**SURAT, "nomor": "050/1/2013"})
    _letter_file(root, "bappeda.yaml", {"surat": {**SURAT, "nomor": "050/999/Kec.BU/2026"}})
    code, out = run(["surat", "data/bekasi-utara.yaml", "--naskah", "surat/bappeda.yaml"], root)
    assert code == 0, out
    text = body_text(read(root / "output" / "bekasi-utara-surat.pdf"))
    assert "Nomor : 050/999/Kec.BU/2026" in text and "050/1/2013" not in text


def test_letter_file_problems_point_into_that_file(tmp_path: Path) -> None:
    root = _workspace(tmp_path, None)
    broken = {k: v for k, v in SURAT.items() if k != "nomor"}
    _letter_file(root, "a.yaml", {"surat": broken})
    _letter_file(root, "b.yaml", {"surat": SURAT, "unit": {"nama": "Lain"}})
    code, out = run(["surat", "data/bekasi-utara.yaml", "--naskah", "surat/a.yaml"], root)
    assert (code, out.strip()) == (2, "surat/a.yaml:1:1: surat.nomor: wajib diisi")
    code, out = run(["surat", "data/bekasi-utara.yaml", "--naskah", "surat/b.yaml"], root)
    assert (code, out.strip()) == (
        2,
        "surat/b.yaml:14:1: unit: berkas surat hanya boleh berisi 'surat:', bukan 'unit'",
    )
    outside = tmp_path / "luar.yaml"
    outside.write_text("surat: {}\n", encoding="utf-8")
    code, out = run(["surat", "data/bekasi-utara.yaml", "--naskah", str(outside)], root)
    assert (code, out.strip()) == (2, f"{outside}: berkas surat harus berada di dalam ruang kerja")
    assert not (root / "output").exists()
