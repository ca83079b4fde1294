"""`renstra beda LAMA BARU`: a test edit of the real sample is reported exactly, change by
change, and nothing else; from data files, from Renstra PDFs (their embedded data), mixed;
the DAFTAR PERUBAHAN PDF read back."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader, PdfWriter

from renstra_docs import beda
from renstra_docs.embedded import MERGED_DATA
from renstra_docs.model import Renstra
from renstra_docs.model_tabel import Bagian
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import SAMPLE_UNIT, copy_sample, invoke
from .pdfread import embedded_fonts

UNIT = f"data/{SAMPLE_UNIT}.yaml"

#: The test edit: (old text, new text) in the sample unit file, each found exactly once.
EDIT = [
    # One word of BAB II 2.1.
    (
        "perangkat daerah Kota Bekasi yang dipimpin oleh",
        "perangkat daerah Kota Bekasi yang diketuai oleh",
    ),
    # One activity's pagu in its second year (2015).
    ("pagu: [245000000, 182500000,", "pagu: [245000000, 190000000,"),
    # One T-C.23 realisation (2013, the last evaluated year).
    ("realisasi: [6, 5, 4, 3, 3]", "realisasi: [6, 5, 4, 3, 2]"),
    # One strategy item of S1.1 removed.
    ("      - Menetapkan dan menerapkan standar pelayanan untuk setiap jenis layanan\n", ""),
    # One T-C.28 row added at the end.
    (
        "    awal: 35\n    target: [38, 40, 42, 45, 50]\n\n# --- BAB VII",
        "    awal: 35\n    target: [38, 40, 42, 45, 50]\n\n"
        "  - indikator: Persentase lembaga kemasyarakatan yang aktif\n"
        '    satuan: "%"\n    awal: 70\n    target: [75, 80, 85, 90, "92,5"]\n\n# --- BAB VII',
    ),
]

PROGRAM = "1.20.1.20.01.02 Program Peningkatan Sarana dan Prasarana Aparatur"
KEGIATAN = "1.20.1.20.01.02.01 Pengadaan kendaraan dinas/operasional"
T23_ROW = "Rata-rata waktu penyelesaian pelayanan non-perizinan"

#: Exactly what the edit changed, in document order: the text, the tables, then the
#: figures the document computes from them.
EXPECTED = [
    "TEKS PER BAGIAN",
    "BAB II › 2.1 Tugas, Fungsi, dan Struktur Organisasi SKPD:"
    " “…Kota Bekasi yang dipimpin oleh seorang camat,…”"
    " → “…Kota Bekasi yang diketuai oleh seorang camat,…”",
    "",
    "ANGKA PER TABEL",
    f"T-C.23 · {T23_ROW} · Realisasi 2013: 3 → 2",
    "T-C.26 · S1.1 Meningkatnya kualitas pelayanan publik di kecamatan · Strategi: butir dihapus"
    " “Menetapkan dan menerapkan standar pelayanan untuk setiap jenis layanan”",
    f"T-C.27 · {KEGIATAN} · Rp Tahun-2 (2015): Rp182.500.000 → Rp190.000.000",
    "T-C.28 · Persentase lembaga kemasyarakatan yang aktif: baris ditambahkan",
    "",
    "JUMLAH BERGESER",
    f"T-C.23 · {T23_ROW} · Rasio Capaian 2013: 100,00% → 150,00%",
    f"T-C.27 · {PROGRAM} · Rp Tahun-2 (2015): Rp1.115.500.000 → Rp1.123.000.000",
    f"T-C.27 · {PROGRAM} · Rp Akhir Periode: Rp6.278.000.000 → Rp6.285.500.000",
    f"T-C.27 · {KEGIATAN} · Rp Akhir Periode: Rp1.177.000.000 → Rp1.184.500.000",
    "T-C.27 · Jumlah · Rp Tahun-2 (2015): Rp5.018.500.000 → Rp5.026.000.000",
    "T-C.27 · Jumlah · Rp Akhir Periode: Rp27.071.100.000 → Rp27.078.600.000",
]
SUMMARY = "5 perubahan: 2 teks, 2 angka, 1 baris, 6 jumlah bergeser"


def run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """The CLI in-process in ``cwd``: (exit code, stdout, stderr)."""
    result = invoke(args, cwd)
    return result.exit_code, result.stdout, result.stderr


def edit(root: Path, changes: list[tuple[str, str]]) -> Path:
    unit = root / UNIT
    text = unit.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    unit.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def versions(tmp_path: Path) -> Path:
    """``lama/`` (the sample) and ``baru/`` (the sample with the test edit), side by side."""
    copy_sample(tmp_path / "lama")
    edit(copy_sample(tmp_path / "baru"), EDIT)
    return tmp_path


def with_data(pdf: Path, target: Path, data: bytes | None) -> Path:
    """A copy of ``pdf`` whose embedded files are replaced by ``data`` as the merged data."""
    writer = PdfWriter()
    for page in PdfReader(pdf).pages:
        writer.add_page(page)
    if data is not None:
        writer.add_attachment(MERGED_DATA, data)
    with target.open("wb") as stream:
        writer.write(stream)
    return target


def test_the_test_edit_and_nothing_else(versions: Path) -> None:
    code, out, err = run(["beda", f"lama/{UNIT}", f"baru/{UNIT}"], versions)
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0] == f"Perubahan dari lama/{UNIT} ke baru/{UNIT}"
    assert lines[1] == ""
    assert lines[2:] == EXPECTED
    assert err.strip() == SUMMARY


def test_identical_versions_print_nothing(tmp_path: Path) -> None:
    copy_sample(tmp_path / "lama")
    copy_sample(tmp_path / "baru")
    code, out, err = run(["beda", f"lama/{UNIT}", f"baru/{UNIT}", "--pdf"], tmp_path)
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        "Tidak ada perubahan.",
        "PDF daftar perubahan tidak dibuat: tidak ada perubahan.",
    ]
    assert not (tmp_path / "baru" / "output").exists()


def test_reordered_rows_are_one_line_each(tmp_path: Path) -> None:
    """Rows are matched by identity: rows in another order are not rows that changed."""
    copy_sample(tmp_path / "lama")
    root = copy_sample(tmp_path / "baru")
    unit = root / UNIT
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    rows = data["indikator_rpjmd"]
    rows[0], rows[1] = rows[1], rows[0]
    activities = data["program"][0]["kegiatan"]
    activities[0], activities[1] = activities[1], activities[0]
    strategi = data["strategi"][0]["strategi"]
    strategi.reverse()
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, _ = run(["beda", f"lama/{UNIT}", f"baru/{UNIT}"], tmp_path)
    assert code == 1
    assert out.splitlines()[2:] == [
        "ANGKA PER TABEL",
        "T-C.26 · S1.1 Meningkatnya kualitas pelayanan publik di kecamatan · Strategi:"
        " urutan butir berubah",
        f"T-C.27 · {PROGRAM}: urutan kegiatan berubah",
        "T-C.28: urutan baris berubah",
    ]


def test_revisions_name_the_versions(tmp_path: Path) -> None:
    revisi = "penetapan:\n  tempat: Bekasi\n  tanggal: 2013-11-28\n"
    first = revisi + "revisi:\n  nomor: 1\n  tanggal: 2014-01-06\n"
    second = revisi + "revisi:\n  nomor: 2\n  tanggal: 2014-03-17\n  keterangan: hasil evaluasi\n"
    edit(copy_sample(tmp_path / "lama"), [(revisi, first)])
    edit(copy_sample(tmp_path / "baru"), [(revisi, second)])
    code, out, err = run(["beda", f"lama/{UNIT}", f"baru/{UNIT}"], tmp_path)
    assert code == 1, err
    assert out.splitlines() == [
        "Perubahan dari Revisi 1 (6 Januari 2014) ke Revisi 2 (17 Maret 2014)",
        "",
        "PENGATURAN",
        "Revisi › Nomor: 1 → 2",
        "Revisi › Tanggal: 6 Januari 2014 → 17 Maret 2014",
        "Revisi › Keterangan: ditambahkan hasil evaluasi",
    ]
    assert err.strip() == "3 perubahan: 3 pengaturan"


def test_a_first_revision_is_shown_with_what_it_says(tmp_path: Path) -> None:
    penetapan = "penetapan:\n  tempat: Bekasi\n  tanggal: 2013-11-28\n"
    copy_sample(tmp_path / "lama")
    revised = penetapan + "revisi:\n  nomor: 1\n  tanggal: 2014-01-06\n"
    edit(copy_sample(tmp_path / "baru"), [(penetapan, revised)])
    code, out, err = run(["beda", f"lama/{UNIT}", f"baru/{UNIT}"], tmp_path)
    assert code == 1, err
    assert out.splitlines()[2:] == ["PENGATURAN", "Revisi: – → Nomor 1, Tanggal 6 Januari 2014"]


def test_renstra_pdf_carries_its_merged_data(sample_pdf: Path, tmp_path: Path) -> None:
    files = PdfReader(sample_pdf).attachments
    assert list(files) == [MERGED_DATA]
    root = copy_sample(tmp_path / "ws")
    loaded = load_renstra(Workspace(root), root / UNIT)
    assert yaml.safe_load(files[MERGED_DATA][0]) == loaded.data
    assert Renstra.model_validate(yaml.safe_load(files[MERGED_DATA][0])) == loaded.model


def test_pdf_against_data_file(sample_pdf: Path, versions: Path) -> None:
    """The Renstra PDF made by `renstra cetak` stands for the data it was made from."""
    pdf = shutil.copy(sample_pdf, versions / "lama.pdf")
    code, out, err = run(["beda", "lama.pdf", f"baru/{UNIT}"], versions)
    assert code == 1, err
    assert out.splitlines()[0] == f"Perubahan dari lama.pdf ke baru/{UNIT}"
    assert out.splitlines()[2:] == EXPECTED
    assert err.strip() == SUMMARY
    # Mixed the other way round: every change reversed.
    code, out, _ = run(["beda", f"baru/{UNIT}", str(pdf)], versions)
    assert code == 1
    assert "T-C.28 · Persentase lembaga kemasyarakatan yang aktif: baris dihapus" in out
    assert f"T-C.27 · {KEGIATAN} · Rp Tahun-2 (2015): Rp190.000.000 → Rp182.500.000" in out


def test_pdf_against_pdf(sample_pdf: Path, versions: Path) -> None:
    lama = shutil.copy(sample_pdf, versions / "lama.pdf")
    code, out, err = run(["beda", str(sample_pdf), "lama.pdf"], versions)
    assert (code, out, err.strip()) == (0, "", "Tidak ada perubahan.")
    # A second PDF carrying the edited data (its pages are the sample's: only the data counts).
    edited = load_renstra(Workspace(versions / "baru"), versions / "baru" / UNIT).data
    merged = yaml.safe_dump(edited, allow_unicode=True, sort_keys=False).encode("utf-8")
    with_data(Path(lama), versions / "baru.pdf", merged)
    code, out, err = run(["beda", "lama.pdf", "baru.pdf"], versions)
    assert code == 1, err
    assert out.splitlines()[2:] == EXPECTED


def test_pdf_without_data_is_one_line(sample_pdf: Path, tmp_path: Path) -> None:
    bare = with_data(sample_pdf, tmp_path / "lama.pdf", None)
    code, out, err = run(["beda", "lama.pdf", str(sample_pdf)], tmp_path)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "lama.pdf: tidak ada data Renstra tersemat (bukan PDF hasil 'renstra cetak' atau"
        " 'renstra paket' versi ini)"
    ]
    assert bare.exists()
    (tmp_path / "rusak.pdf").write_bytes(b"%PDF-1.7\nbukan pdf\n")
    code, _, err = run(["beda", "rusak.pdf", "tidak-ada.yaml"], tmp_path)
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith("rusak.pdf: bukan PDF yang dapat dibaca")
    assert lines[1:] == ["tidak-ada.yaml: berkas tidak ditemukan"]
    assert "Traceback" not in err


def test_pdf_with_invalid_data_names_the_pdf(sample_pdf: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(PdfReader(sample_pdf).attachments[MERGED_DATA][0])
    del data["unit"]["nama"]
    data["periode"]["akhir"] = "dua ribu"
    broken = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    with_data(sample_pdf, tmp_path / "lama.pdf", broken)
    code, out, err = run(["beda", "lama.pdf", str(sample_pdf)], tmp_path)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert all(line.startswith(f"lama.pdf: {MERGED_DATA}:") for line in lines)
    assert any(line.endswith("unit.nama: wajib diisi") for line in lines)
    assert any("periode.akhir: " in line for line in lines)


def test_daftar_perubahan_pdf(versions: Path) -> None:
    code, _, err = run(["beda", f"lama/{UNIT}", f"baru/{UNIT}", "--pdf"], versions)
    assert code == 1, err
    target = versions / "baru" / "output" / f"{SAMPLE_UNIT}-perubahan.pdf"
    assert err.splitlines() == [SUMMARY, f"baru/output/{SAMPLE_UNIT}-perubahan.pdf: 2 halaman"]
    pdf = target.read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "DAFTAR PERUBAHAN",
        "RENCANA STRATEGIS KECAMATAN BEKASI UTARA TAHUN 2013–2018",
        f"berkas lama/{UNIT}",
        SUMMARY,
        "A. Teks per bagian",
        "BAB II Gambaran Pelayanan SKPD",
        "diketuai",
        "T-C.27 Rencana Program, Kegiatan, Indikator Kinerja",
        "Rp182.500.000 Rp190.000.000",
        "C. Jumlah bergeser",
        "Rp27.071.100.000 Rp27.078.600.000",
        "baris ditambahkan",
        "Halaman 1 dari 2",
    ):
        assert expected in text, expected
    fonts = embedded_fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert all(name.startswith("TeX-Gyre-Bonum") for name in fonts), fonts  # the shipped one
    metadata = reader.metadata
    assert metadata is not None and str(metadata["/CreationDate"]) == "D:20131128000000+07'00'"
    subprocess.run(["qpdf", "--check", str(target)], check=True, capture_output=True)
    root = versions / "halaman"
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-singlefile", str(target), str(root)],
        check=True,
        capture_output=True,
    )
    assert root.with_suffix(".png").read_bytes().startswith(b"\x89PNG")
    # Identical input, identical bytes; a failed run leaves the list as it was.
    code, _, _ = run(["beda", f"lama/{UNIT}", f"baru/{UNIT}", "--pdf"], versions)
    assert code == 1 and target.read_bytes() == pdf
    edit(versions / "baru", [("tempat: Bekasi\n  tanggal: 2013-11-28", "tempat: Bekasi")])
    code, _, err = run(["beda", f"lama/{UNIT}", f"baru/{UNIT}", "--pdf"], versions)
    assert code == 2 and "penetapan.tanggal: wajib diisi" in err
    assert target.read_bytes() == pdf


def test_output_folder_and_paper(versions: Path) -> None:
    code, _, err = run(
        ["beda", f"lama/{UNIT}", f"baru/{UNIT}", "--pdf", "-o", "kirim", "--kertas", "f4"],
        versions,
    )
    assert code == 1, err
    reader = PdfReader(versions / "kirim" / f"{SAMPLE_UNIT}-perubahan.pdf")
    width, height = (float(v) * 25.4 / 72 for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (215, 330)


def test_unit_name_of_a_pdf() -> None:
    assert beda._pdf_slug(Path("x/bekasi-utara-paket-arsip-ttd.pdf"), {}) == "bekasi-utara"
    manifest = b'{"ruang_kerja": {"unit": "data/kec-a.yaml"}}'
    files = {"renstra-docs/manifes.json": manifest}
    assert beda._pdf_slug(Path("kiriman.pdf"), files) == "kec-a"


def test_the_fields_compared_in_their_place_exist() -> None:
    """A field renamed in the model must not silently move to the settings part (where every
    field without a place of its own is compared)."""
    assert set(Renstra.model_fields) >= beda._HANDLED


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> beda.Version:
    root = copy_sample(tmp_path_factory.mktemp("beda"))
    loaded = load_renstra(Workspace(root), root / UNIT)
    return beda.Version(loaded.model, root / UNIT, SAMPLE_UNIT, loaded.kerangka, None)


def changed(version: beda.Version, **fields: object) -> beda.Version:
    return dataclasses.replace(version, model=version.model.model_copy(update=fields))


def test_section_left_out_then_written_again(sample: beda.Version) -> None:
    model = sample.model
    left_out = model.bab_1.model_copy(update={"landasan_hukum": Bagian(dihilangkan="diatur")})
    edited = changed(sample, bab_1=left_out)
    assert [c.line() for c in beda.compare(sample, edited).changes] == [
        "BAB I › 1.2 Landasan Hukum: tidak disajikan (alasan: diatur)"
    ]
    assert [c.line() for c in beda.compare(edited, sample).changes] == [
        "BAB I › 1.2 Landasan Hukum: kini diisi (sebelumnya tidak disajikan)"
    ]


def test_a_budget_moves_its_ratios_growth_and_the_jumlah_row(sample: beda.Version) -> None:
    rows = list(sample.model.anggaran)
    figures = [*rows[1].anggaran[:-1], 6500000000]
    rows[1] = rows[1].model_copy(update={"anggaran": figures})
    changes = beda.compare(sample, changed(sample, anggaran=rows)).changes
    assert [(c.part, c.line()) for c in changes if c.part == "tabel"] == [
        ("tabel", "T-C.24 · Belanja Langsung · Anggaran 2013: Rp6.480.000.000 → Rp6.500.000.000")
    ]
    assert [c.line().split(":")[0] for c in changes if c.part == "jumlah"] == [
        "T-C.24 · Belanja Langsung · Rasio 2013",
        "T-C.24 · Belanja Langsung · Rata-rata Pertumbuhan Anggaran",
        "T-C.24 · Jumlah · Anggaran 2013",
        "T-C.24 · Jumlah · Rasio 2013",
        "T-C.24 · Jumlah · Rata-rata Pertumbuhan Anggaran",
    ]
    assert "T-C.24 · Jumlah · Anggaran 2013: Rp15.530.000.000 → Rp15.550.000.000" in [
        c.line() for c in changes
    ]


def test_a_last_target_moves_the_end_condition(sample: beda.Version) -> None:
    rows = list(sample.model.indikator_rpjmd)
    rows[0] = rows[0].model_copy(update={"target": [*rows[0].target[:-1], 85]})
    changes = beda.compare(sample, changed(sample, indikator_rpjmd=rows)).changes
    row = "T-C.28 · Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan"
    assert [c.line() for c in changes] == [
        f"{row} · Target 2018: 82,50 → 85",
        f"{row} · Kondisi Akhir (target tahun terakhir): 82,50 → 85",
    ]
    assert [c.kind for c in changes] == ["angka", "jumlah"]
