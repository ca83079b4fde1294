"""Malformed data: every file in tests/bad/ fails with exactly the lines of expected.yaml.

Each case runs in its own temporary workspace (the repository's renstra.yaml, or the case's
own from tests/bad/ruang-kerja/, plus gambar/ and the bad file in data/), never in the
repository. The output folder already holds a PDF from an earlier build: a failed build must
leave it byte for byte as it was.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from renstra_docs.cli import cli
from renstra_docs.errors import DataError
from renstra_docs.sources import parse_source

from .conftest import REPO

BAD = Path(__file__).resolve().parent / "bad"
OWN_SETTINGS = BAD / "ruang-kerja"
EXPECTED: dict[str, list[str]] = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))
CASES = sorted(EXPECTED)
PREVIOUS_PDF = b"%PDF-1.7\n% PDF lama dari cetakan sebelumnya; tidak boleh berubah\n%%EOF\n"

#: A few cases also go through a real subprocess (``python -m renstra_docs``), end to end.
END_TO_END = ["tag-python", "bom-alias", "kutip-tidak-ditutup", "bukan-utf8", "misi-tidak-ada"]


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
    assert len(CASES) >= 20
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
    code, out, err = invoke(
        ["cetak", f"data/{name}.yaml", "-o", str(pdf.parent)], root, monkeypatch
    )
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
        [sys.executable, "-m", "renstra_docs", "cetak", f"data/{name}.yaml", "-o", str(pdf.parent)],
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
    shared = [name for name in CASES if not (OWN_SETTINGS / f"{name}.yaml").exists()]
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


@pytest.mark.parametrize("name", ["misi-tidak-ada", "tab-indentasi", "kutip-tidak-ditutup"])
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
