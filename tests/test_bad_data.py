"""Malformed data: every file in tests/bad/ fails with exactly the lines of expected.yaml.

Each case runs in its own temporary workspace (the repository's renstra.yaml, or the case's
own from tests/bad/ruang-kerja/, plus gambar/ and the bad file in data/), never in the
repository. The output folder already holds a PDF from an earlier build: a failed build must
leave it byte for byte as it was. Cases named ``draf-*`` run with ``--draf``, so that a short
file reaches the checks across the document (references, codes, yearly counts).

Faults that cannot be committed are made here: files and texts over the size limits (and the
``RENSTRA_BATAS_*`` variables that move the limits), data paths that are a folder, missing,
unreadable (root's file capabilities dropped with setpriv, so the read really fails), a pipe
or a device.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from renstra_docs.cli import cli
from renstra_docs.errors import DataError, UsageError
from renstra_docs.sources import (
    DEFAULT_LIMITS,
    LIMIT_VARIABLES,
    MIB,
    Limits,
    limits_from_environment,
    parse_source,
    read_source,
)

from .conftest import REPO

BAD = Path(__file__).resolve().parent / "bad"
OWN_SETTINGS = BAD / "ruang-kerja"
EXPECTED: dict[str, list[str]] = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))
CASES = sorted(EXPECTED)
PREVIOUS_PDF = b"%PDF-1.7\n% PDF lama dari cetakan sebelumnya; tidak boleh berubah\n%%EOF\n"

#: A few cases also go through a real subprocess (``python -m renstra_docs``), end to end.
END_TO_END = [
    "tag-python",
    "bom-alias",
    "kutip-tidak-ditutup",
    "bukan-utf8",
    "misi-tidak-ada",
    "utf16",
    "bersarang-dalam",
    "draf-rujukan-tabel",
]


@pytest.fixture(autouse=True)
def default_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The expectations are worded for the default limits, whatever the caller's environment."""
    for name in LIMIT_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def cetak_args(name: str, output: Path) -> list[str]:
    """``cetak`` of one case as expected.yaml describes it (``draf-*`` with ``--draf``)."""
    draf = ["--draf"] if name.startswith("draf-") else []
    return ["cetak", f"data/{name}.yaml", "-o", str(output), *draf]


def make_workspace(root: Path, name: str, source: Path | None = None) -> Path:
    """A workspace in ``root`` holding the bad file ``name`` as ``data/<name>.yaml``."""
    root.mkdir(parents=True)
    own = OWN_SETTINGS / f"{name}.yaml"
    shutil.copy2(own if own.is_file() else REPO / "renstra.yaml", root / "renstra.yaml")
    shutil.copytree(REPO / "gambar", root / "gambar")
    (root / "data").mkdir()
    shutil.copy2(source or BAD / f"{name}.yaml", root / "data" / f"{name}.yaml")
    return root


def previous_output(folder: Path, name: str) -> Path:
    """An output folder already holding ``<name>.pdf`` with known bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(PREVIOUS_PDF)
    return pdf


def invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """Run the CLI in-process in ``cwd``; return (exit code, stdout, stderr)."""
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def to_bom_crlf(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def test_corpus_and_expectations_match() -> None:
    files = sorted(p.stem for p in BAD.glob("*.yaml") if p.name != "expected.yaml")
    assert files == CASES
    assert len(CASES) >= 60
    for name in sorted(p.stem for p in OWN_SETTINGS.glob("*.yaml")):
        assert name in CASES, f"ruang-kerja/{name}.yaml tanpa berkas data"
    for name, lines in EXPECTED.items():
        assert lines, name
        assert all(isinstance(line, str) and "\n" not in line for line in lines), name


@pytest.mark.parametrize("name", CASES)
def test_bad_file_fails_with_exact_lines(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace(tmp_path / "ws", name)
    pdf = previous_output(tmp_path / "keluaran", name)
    code, out, err = invoke(cetak_args(name, pdf.parent), root, monkeypatch)
    assert err.splitlines() == EXPECTED[name]
    assert code == 2
    assert out == ""
    assert "Traceback" not in out + err
    assert pdf.read_bytes() == PREVIOUS_PDF
    assert [p.name for p in pdf.parent.iterdir()] == [pdf.name]


@pytest.mark.parametrize("name", END_TO_END)
def test_bad_file_end_to_end(name: str, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", name)
    pdf = previous_output(tmp_path / "keluaran", name)
    proc = subprocess.run(
        [sys.executable, "-m", "renstra_docs", *cetak_args(name, pdf.parent)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stderr.splitlines() == EXPECTED[name]
    assert proc.returncode == 2
    assert proc.stdout == ""  # in particular no "hi" from the !!python/object/apply tag
    assert "Traceback" not in proc.stderr
    assert pdf.read_bytes() == PREVIOUS_PDF


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    name = "misi-tidak-ada"
    root = make_workspace(tmp_path / "ws", name)
    pdf = previous_output(tmp_path / "keluaran", name)
    args = ["cetak", f"data/{name}.yaml", "-o", str(pdf.parent), "--debug"]
    proc = subprocess.run(
        [sys.executable, "-m", "renstra_docs", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback (most recent call last)" in proc.stderr
    assert "DataError" in proc.stderr
    assert proc.stderr.splitlines()[-1] == EXPECTED[name][-1]
    assert pdf.read_bytes() == PREVIOUS_PDF


def test_periksa_lists_every_problem_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "banyak-masalah"
    assert len(EXPECTED[name]) >= 3
    root = make_workspace(tmp_path / "ws", name)
    code, out, err = invoke(["periksa", f"data/{name}.yaml"], root, monkeypatch)
    assert code == 2
    assert out == ""
    expected = [*EXPECTED[name], f"{len(EXPECTED[name])} masalah ditemukan."]
    assert err.splitlines() == expected


def test_periksa_whole_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without arguments every unit file is checked, in name order, and all are reported."""
    shared = [
        name
        for name in CASES
        if not (OWN_SETTINGS / f"{name}.yaml").exists() and not name.startswith("draf-")
    ]
    root = make_workspace(tmp_path / "ws", shared[0])
    for name in shared[1:]:
        shutil.copy2(BAD / f"{name}.yaml", root / "data" / f"{name}.yaml")
    shutil.copy2(REPO / "data" / "bekasi-utara.yaml", root / "data" / "bekasi-utara.yaml")
    code, _, err = invoke(["periksa"], root, monkeypatch)
    assert code == 2
    expected: list[str] = []
    for name in sorted([*shared, "bekasi-utara"], key=lambda stem: f"{stem}.yaml"):
        expected += EXPECTED.get(name, ["data/bekasi-utara.yaml: baik"])
    total = sum(len(EXPECTED[name]) for name in shared)
    assert err.splitlines() == [*expected, f"{total} masalah ditemukan."]


@pytest.mark.parametrize(
    "name",
    ["misi-tidak-ada", "tab-indentasi", "kutip-tidak-ditutup", "anggaran-negatif", "bom-alias"],
)
def test_bom_and_crlf_keep_positions(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted = tmp_path / f"{name}.yaml"
    converted.write_bytes(to_bom_crlf((BAD / f"{name}.yaml").read_bytes()))
    root = make_workspace(tmp_path / "ws", name, source=converted)
    code, _, err = invoke(["periksa", f"data/{name}.yaml"], root, monkeypatch)
    assert code == 2
    assert err.splitlines()[:-1] == EXPECTED[name]


@pytest.mark.slow
def test_bom_and_crlf_are_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "bekasi-utara"
    converted = tmp_path / f"{name}.yaml"
    converted.write_bytes(to_bom_crlf((REPO / "data" / f"{name}.yaml").read_bytes()))
    assert converted.read_bytes().startswith(b"\xef\xbb\xbf# ")
    assert b"\r\n" in converted.read_bytes()
    root = make_workspace(tmp_path / "ws", name, source=converted)
    code, _, err = invoke(["periksa"], root, monkeypatch)
    assert (code, err.strip()) == (0, "data/bekasi-utara.yaml: baik")
    pdf = previous_output(tmp_path / "keluaran", name)
    code, _, err = invoke(["cetak", "-o", str(pdf.parent)], root, monkeypatch)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.read_bytes() != PREVIOUS_PDF


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "dijalankan"
    raw = (
        f'unit: !!python/object/apply:os.system ["touch {marker}"]\n'
        f"lain: !!python/object/apply:pathlib.Path.touch [{str(marker)!r}]\n"
        f"modul: !!python/module:os\n"
    ).encode()
    with pytest.raises(DataError) as caught:
        parse_source(raw, "x.yaml")
    assert not marker.exists()
    assert [str(p) for p in caught.value.problems] == [
        "x.yaml:1:7: unit: tag YAML '!!python/object/apply:os.system' tidak didukung",
        "x.yaml:2:7: lain: tag YAML '!!python/object/apply:pathlib.Path.touch' tidak didukung",
        "x.yaml:3:8: modul: tag YAML '!!python/module:os' tidak didukung",
    ]


@pytest.mark.parametrize(
    "name", ["renstra.yaml", "data/bekasi-utara.yaml", "data/contoh-86-2017.yaml"]
)
def test_libyaml_and_pure_python_loaders_agree(name: str) -> None:
    """The fast loader (libyaml events, our composer) gives the same values and the same
    positions as the pure-Python one whose marks the messages are worded from."""
    import yaml

    from renstra_docs import sources

    assert sources._FAST_LOADER is not None  # the pinned PyYAML wheel bundles libyaml
    text = (REPO / name).read_text(encoding="utf-8")
    built = []
    for loader in (sources._FAST_LOADER, sources._Loader):
        builder = sources._Builder(name)
        node = yaml.compose(text, Loader=loader)
        assert node is not None
        data = builder.build(node, (), 0)
        built.append((data, builder.values, builder.keys))
    assert built[0] == built[1]
    assert len(built[0][1]) > 50


# --- the corpus, by the categories of the issue ------------------------------------------------

#: Every case in tests/bad/ under the kind of fault it represents (each case exactly once).
#: Faults that cannot be committed (oversized files and texts, unreadable and special paths,
#: BOM/CRLF conversions of any case) are generated by the tests further below.
CATEGORIES: dict[str, list[str]] = {
    "sintaks YAML (TAB, tanda kutip, indentasi, kurung, ':')": [
        "tab-indentasi", "kutip-tidak-ditutup", "kutip-ditutup-di-baris-lain",
        "indentasi-terlalu-dalam", "indentasi-tidak-sejajar", "kurung-tidak-ditutup",
        "kurawal-tidak-ditutup", "titik-dua-dalam-teks", "titik-dua-tanpa-spasi",
        "garis-miring-terbalik", "dua-dokumen", "karakter-awal-tidak-sah", "alias-tidak-dikenal",
        "anchor-ganda", "blok-teks-rusak", "butir-daftar-salah-tempat", "bukan-kunci-nilai",
        "renstra-rusak",
    ],
    "kunci ganda": [
        "kunci-ganda", "kunci-ganda-atas", "kunci-ganda-di-tabel", "bom-crlf-kunci-ganda",
    ],
    "berkas kosong atau bukan pemetaan": [
        "kosong", "hanya-komentar", "hanya-spasi", "dokumen-kosong", "isi-daftar", "isi-teks",
    ],
    "bukan teks UTF-8": [
        "bukan-utf8", "utf16", "bukan-teks-pdf", "bukan-teks-xlsx", "karakter-kendali",
        "karakter-nul",
    ],
    "tipe salah": [
        "angka-untuk-teks", "angka-untuk-pemetaan", "daftar-untuk-teks", "teks-untuk-daftar",
        "misi-bukan-angka", "misi-bukan-daftar", "tabel-bukan-daftar", "target-bukan-daftar",
        "anggaran-daftar-bersarang", "nilai-pemetaan", "tahun-teks", "bagian-bukan-teks",
        "pejabat-bukan-pemetaan", "kode-tidak-sah", "regulasi-angka", "kertas-a5",
        "tanggal-bukan-tanggal", "tanggal-dengan-jam", "surat-tanggal-terbalik",
    ],
    "yes/no/on/off untuk teks atau angka": ["ya-tidak-untuk-teks", "ya-tidak-untuk-angka"],
    "null dan nilai kosong": [
        "nilai-kosong", "judul-kosong", "wajib-hilang", "pemetaan-null", "null-dalam-daftar",
        "null-dalam-target",
    ],
    "nilai mustahil (tahun, tanggal, NIP, anggaran, persen)": [
        "tahun-20013", "tahun-akhir-sebelum-awal", "tahun-target-di-luar", "tanggal-tidak-ada",
        "tanggal-tahun-1813", "perwal-tahun-20013", "nip-17-angka", "nip-huruf",
        "nip-jenis-kelamin", "nip-tanggal-lahir", "anggaran-negatif", "pagu-negatif",
        "persen-mustahil", "nilai-tak-hingga", "misi-nol-negatif",
    ],
    "kunci tidak dikenal": [
        "kunci-tidak-dikenal", "unti", "pangakt", "kunci-tidak-dikenal-di-tabel",
        "kunci-bukan-teks",
    ],
    "rujukan ke misi, tabel, gambar, kode yang tidak ada": [
        "misi-tidak-ada", "misi-ganda", "draf-rujukan-tabel", "draf-rujukan-gambar",
        "draf-rujukan-salah-tulis", "draf-kode-tidak-ada", "draf-matriks-misi-tidak-ada",
        "draf-gambar-tidak-ada", "logo-di-luar", "logo-di-luar-renstra",
    ],
    "konsistensi tabel": [
        "draf-kode-ganda", "draf-jumlah-tahun", "draf-pagu-tidak-cocok",
        "draf-angka-gaya-inggris", "banyak-masalah",
    ],
    "bom alias dan struktur terlalu dalam": [
        "bom-alias", "bom-alias-teks", "alias-melingkar", "bersarang-dalam",
        "bersarang-dalam-pemetaan",
    ],
    "tag YAML dan penggabungan '<<'": [
        "tag-python", "tag-python-name", "tag-lokal", "tag-binary", "penggabungan",
    ],
    "karakter yang tidak dapat dicetak": ["karakter-cjk", "karakter-emoji"],
}  # fmt: skip


def test_every_case_has_one_category() -> None:
    listed = [name for names in CATEGORIES.values() for name in names]
    assert sorted(listed) == CASES
    assert len(listed) == len(set(listed))
    assert all(CATEGORIES.values())


# --- limits: generated at test time, moved with RENSTRA_BATAS_* --------------------------------


def padded_sample(target: Path, size: int) -> Path:
    """The sample unit file grown to exactly ``size`` bytes with comment lines (still valid)."""
    text = (REPO / "data" / "bekasi-utara.yaml").read_bytes()
    line = b"# " + b"isian " * 16 + b"\n"
    body = text + line * ((size - len(text) - 1) // len(line))
    body += b"#" * (size - len(body) - 1) + b"\n"  # at least the newline is missing here
    target.write_bytes(body)
    assert len(body) == size
    return target


def check_failed(
    name: str, root: Path, pdf: Path, monkeypatch: pytest.MonkeyPatch, *extra: str
) -> list[str]:
    """``cetak`` of data/<name>.yaml fails with exit code 2, one line per problem, and the
    previous PDF untouched; the lines it printed."""
    code, out, err = invoke(
        ["cetak", f"data/{name}.yaml", "-o", str(pdf.parent), *extra], root, monkeypatch
    )
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    assert pdf.read_bytes() == PREVIOUS_PDF
    assert [p.name for p in pdf.parent.iterdir()] == [pdf.name]
    return err.splitlines()


def test_oversized_file_and_its_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = padded_sample(tmp_path / "besar.yaml", DEFAULT_LIMITS.file_bytes + 1)
    root = make_workspace(tmp_path / "ws", "besar", source=big)
    pdf = previous_output(tmp_path / "keluaran", "besar")
    assert check_failed("besar", root, pdf, monkeypatch) == [
        "data/besar.yaml: berkas terlalu besar (5.242.881 bita; batas 5 MB,"
        " dapat diubah dengan RENSTRA_BATAS_BERKAS_MB)"
    ]
    # One byte less is within the limit; a larger limit accepts the larger file.
    padded_sample(root / "data" / "besar.yaml", DEFAULT_LIMITS.file_bytes)
    code, _, err = invoke(["periksa", "data/besar.yaml"], root, monkeypatch)
    assert (code, err) == (0, "data/besar.yaml: baik\n")
    padded_sample(root / "data" / "besar.yaml", 6 * MIB + 1)
    monkeypatch.setenv("RENSTRA_BATAS_BERKAS_MB", "6")
    assert check_failed("besar", root, pdf, monkeypatch) == [
        "data/besar.yaml: berkas terlalu besar (6.291.457 bita; batas 6 MB,"
        " dapat diubah dengan RENSTRA_BATAS_BERKAS_MB)"
    ]
    monkeypatch.setenv("RENSTRA_BATAS_BERKAS_MB", "7")
    code, _, err = invoke(["periksa", "data/besar.yaml"], root, monkeypatch)
    assert (code, err) == (0, "data/besar.yaml: baik\n")


def long_place(target: Path, length: int) -> Path:
    """misi-tidak-ada.yaml with a ``penetapan.tempat`` of exactly ``length`` characters."""
    text = (BAD / "misi-tidak-ada.yaml").read_text("utf-8")
    long = ("Bekasi Utara " * (length // 13 + 1))[:length]
    target.write_text(text.replace("  tempat: Bekasi\n", f'  tempat: "{long}"\n'), "utf-8")
    return target


def test_oversized_text_and_its_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "misi-tidak-ada"
    limit = DEFAULT_LIMITS.text_chars
    root = make_workspace(tmp_path / "ws", name, source=long_place(tmp_path / "a.yaml", limit + 1))
    pdf = previous_output(tmp_path / "keluaran", name)
    assert check_failed(name, root, pdf, monkeypatch) == [
        f"data/{name}.yaml:17:11: penetapan.tempat: teks terlalu panjang (100.001 karakter;"
        " batas 100.000, dapat diubah dengan RENSTRA_BATAS_TEKS)"
    ]
    # At the limit, or above it with the limit raised, only the case's own fault remains.
    long_place(root / "data" / f"{name}.yaml", limit)
    assert check_failed(name, root, pdf, monkeypatch) == EXPECTED[name]
    long_place(root / "data" / f"{name}.yaml", limit + 1)
    monkeypatch.setenv("RENSTRA_BATAS_TEKS", "200.000")
    assert check_failed(name, root, pdf, monkeypatch) == EXPECTED[name]


def test_depth_limit_moves_with_its_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """60 levels pass a limit of 70, and the model then says what is wrong with the value."""
    name = "bersarang-dalam"
    root = make_workspace(tmp_path / "ws", name)
    pdf = previous_output(tmp_path / "keluaran", name)
    monkeypatch.setenv("RENSTRA_BATAS_KEDALAMAN", "70")
    assert check_failed(name, root, pdf, monkeypatch) == [
        f"data/{name}.yaml:17:17: kata_pengantar: harus berupa teks"
    ]
    monkeypatch.setenv("RENSTRA_BATAS_KEDALAMAN", "5")
    lines = check_failed(name, root, pdf, monkeypatch)
    assert lines == [
        f"data/{name}.yaml:17:21: kata_pengantar[1][1][1][1]: struktur bersarang terlalu dalam"
        " (batas 5 tingkat, dapat diubah dengan RENSTRA_BATAS_KEDALAMAN)",
        "renstra.yaml:28:9: rpjmd.visi.unsur[1]: struktur bersarang terlalu dalam (batas 5"
        " tingkat, dapat diubah dengan RENSTRA_BATAS_KEDALAMAN)",
    ]


def test_value_count_limit_moves_with_its_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "misi-tidak-ada"
    root = make_workspace(tmp_path / "ws", name)
    pdf = previous_output(tmp_path / "keluaran", name)
    monkeypatch.setenv("RENSTRA_BATAS_NILAI", "20")
    lines = check_failed(name, root, pdf, monkeypatch)
    # Reported where the count first exceeds the limit, in each file.
    assert lines == [
        "data/misi-tidak-ada.yaml:21:3: bab_3: data terlalu besar (lebih dari 20 nilai, dapat"
        " diubah dengan RENSTRA_BATAS_NILAI)",
        "renstra.yaml:47:7: rpjmd.misi[1]: data terlalu besar (lebih dari 20 nilai, dapat"
        " diubah dengan RENSTRA_BATAS_NILAI)",
    ]


def test_long_keys_count_as_texts() -> None:
    limits = Limits(text_chars=10)
    with pytest.raises(DataError) as caught:
        parse_source(
            b"unit:\n  nama_yang_sangat_panjang: x\n  nama: Bekasi Utara Raya\n", "x.yaml", limits
        )
    assert [str(p) for p in caught.value.problems] == [
        "x.yaml:2:3: unit: kunci terlalu panjang (24 karakter; batas 10, dapat diubah dengan"
        " RENSTRA_BATAS_TEKS)",
        "x.yaml:3:9: unit.nama: teks terlalu panjang (17 karakter; batas 10, dapat diubah"
        " dengan RENSTRA_BATAS_TEKS)",
    ]


def test_limits_from_environment_reads_every_variable() -> None:
    assert limits_from_environment({}) == DEFAULT_LIMITS
    assert limits_from_environment(
        {
            "RENSTRA_BATAS_BERKAS_MB": "12",
            "RENSTRA_BATAS_TEKS": " 250.000 ",
            "RENSTRA_BATAS_NILAI": "1000000",
            "RENSTRA_BATAS_KEDALAMAN": "200",
            "RENSTRA_BATAS_LAIN": "x",
        }
    ) == Limits(file_bytes=12 * MIB, text_chars=250_000, nodes=1_000_000, depth=200)
    assert limits_from_environment({"RENSTRA_BATAS_TEKS": "  "}) == DEFAULT_LIMITS


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("RENSTRA_BATAS_TEKS", "abc", "tulis bilangan bulat positif (bawaan 100.000)"),
        ("RENSTRA_BATAS_BERKAS_MB", "0", "tulis bilangan bulat positif (bawaan 5)"),
        ("RENSTRA_BATAS_BERKAS_MB", "1,5", "tulis bilangan bulat positif (bawaan 5)"),
        ("RENSTRA_BATAS_BERKAS_MB", "1.5", "tulis bilangan bulat positif (bawaan 5)"),
        ("RENSTRA_BATAS_NILAI", "-5", "tulis bilangan bulat positif (bawaan 200.000)"),
        ("RENSTRA_BATAS_KEDALAMAN", "500", "tulis 1–200 (bawaan 50)"),
    ],
)
def test_bad_limit_variable_is_one_line(
    variable: str, value: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(UsageError):
        limits_from_environment({variable: value})
    name = "misi-tidak-ada"
    root = make_workspace(tmp_path / "ws", name)
    pdf = previous_output(tmp_path / "keluaran", name)
    monkeypatch.setenv(variable, value)
    expected = [f"{variable}: nilai '{value}' tidak sah; {message}"]
    assert check_failed(name, root, pdf, monkeypatch) == expected
    code, out, err = invoke(["periksa", f"data/{name}.yaml"], root, monkeypatch)
    assert (code, out, err.splitlines()) == (2, "", expected)


# --- data paths that are no data file -----------------------------------------------------------


def without_file_capabilities() -> list[str]:
    """A command prefix under which a mode-000 file really cannot be read.

    As an ordinary user, ``chmod 000`` is enough. Root ignores file modes through two
    capabilities; setpriv (util-linux) drops them from the child before it starts, so the
    ``open()`` fails with EACCES exactly as it does for staff without permission.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test unreadable files as root"
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}"]


@pytest.mark.parametrize(
    "args",
    [["cetak", "data/misi-tidak-ada.yaml"], ["periksa", "data/misi-tidak-ada.yaml"], ["periksa"]],
)
def test_unreadable_data_file(args: list[str], tmp_path: Path) -> None:
    """Named on the command line or found in data/: one line, whoever runs it."""
    name = "misi-tidak-ada"
    root = make_workspace(tmp_path / "ws", name)
    data = root / "data" / f"{name}.yaml"
    data.chmod(0o000)
    pdf = previous_output(tmp_path / "keluaran", name)
    output = ["-o", str(pdf.parent)] if args[0] == "cetak" else []
    proc = subprocess.run(
        [*without_file_capabilities(), sys.executable, "-m", "renstra_docs", *args, *output],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = f"data/{name}.yaml: berkas tidak dapat dibaca (izin ditolak)"
    summary = ["1 masalah ditemukan."] if args[0] == "periksa" else []
    assert proc.stderr.splitlines() == [line, *summary]
    assert (proc.returncode, proc.stdout) == (2, "")
    assert pdf.read_bytes() == PREVIOUS_PDF
    assert [p.name for p in pdf.parent.iterdir()] == [pdf.name]


def special_path(root: Path, kind: str) -> str:
    """A data path of ``kind`` in the workspace ``root``, as it is typed."""
    if kind == "folder":
        (root / "data" / "bab").mkdir()
        return "data/bab"
    if kind == "pipa":
        os.mkfifo(root / "data" / "pipa.yaml")  # opening it would wait for a writer forever
        return "data/pipa.yaml"
    if kind == "jalur-berkas":
        return "data/misi-tidak-ada.yaml/bab.yaml"
    return "data/tidak-ada.yaml"


SPECIAL_PATHS = {
    "folder": "data/bab: berupa folder, bukan berkas data (sebut berkas .yaml di dalamnya)",
    "tidak-ada": "data/tidak-ada.yaml: berkas tidak ditemukan",
    "pipa": "data/pipa.yaml: bukan berkas biasa (mis. pipa atau perangkat); tidak dapat dibaca",
    "jalur-berkas": "data/misi-tidak-ada.yaml/bab.yaml: berkas tidak dapat dibaca (salah satu"
    " bagian jalurnya bukan folder)",
}


@pytest.mark.parametrize("command", ["cetak", "periksa"])
@pytest.mark.parametrize("kind", sorted(SPECIAL_PATHS))
def test_data_path_that_is_no_data_file(
    kind: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace(tmp_path / "ws", "misi-tidak-ada")
    path = special_path(root, kind)
    pdf = previous_output(tmp_path / "keluaran", Path(path).stem)
    args = [command, path, *(["-o", str(pdf.parent)] if command == "cetak" else [])]
    code, out, err = invoke(args, root, monkeypatch)
    summary = ["1 masalah ditemukan."] if command == "periksa" else []
    assert err.splitlines() == [SPECIAL_PATHS[kind], *summary]
    assert (code, out) == (2, "")
    assert pdf.read_bytes() == PREVIOUS_PDF
    assert [p.name for p in pdf.parent.iterdir()] == [pdf.name]


def test_missing_data_path_end_to_end(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", "misi-tidak-ada")
    proc = subprocess.run(
        [sys.executable, "-m", "renstra_docs", "cetak", "data/tidak-ada.yaml"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stderr.splitlines() == [SPECIAL_PATHS["tidak-ada"]]
    assert (proc.returncode, proc.stdout) == (2, "")
    assert not (root / "output").exists()


def test_device_is_never_read() -> None:
    """/dev/zero never ends: it is refused before a byte is read (a symlink in data/ to it
    names /dev as the workspace on the command line, so this is checked on the library)."""
    with pytest.raises(DataError) as caught:
        read_source(Path("/dev/zero"), "data/nol.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "data/nol.yaml: bukan berkas biasa (mis. pipa atau perangkat); tidak dapat dibaca"
    ]
