"""`renstra cetak` with several documents: built in parallel worker processes (-j N), every
document reported in one table, a failing one stopping nothing else."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from renstra_docs import batch
from renstra_docs.build import BuildOptions, BuildResult

from .conftest import copy_mini
from .pdfread import body_text, read
from .test_cli import run

GOOD = ("bekasi-utara", "kedua", "ketiga")
OLD_PDF = b"%PDF-1.7 PDF lama yang tidak boleh berubah"


def batch_workspace(root: Path) -> Path:
    """A mini workspace holding three good units (each with its own foreword) and a broken
    one whose old PDF is already in output/."""
    copy_mini(root)
    data = root / "data"
    mini = (data / "bekasi-utara.yaml").read_text(encoding="utf-8")
    for name in GOOD[1:]:
        text = mini.replace("Puji syukur kami panjatkan", f"Puji syukur ({name}) kami panjatkan")
        (data / f"{name}.yaml").write_text(text, encoding="utf-8")
    broken = mini.replace("tanggal: 2013-11-28", "tanggal: bukan-tanggal")
    broken = broken.replace('nip: "197507302001121001"', 'nip: "123"')
    (data / "rusak.yaml").write_text(broken, encoding="utf-8")
    (root / "output").mkdir()
    (root / "output" / "rusak.pdf").write_bytes(OLD_PDF)
    return root


def pdfs(root: Path) -> dict[str, bytes]:
    return {name: (root / "output" / f"{name}.pdf").read_bytes() for name in GOOD}


def table_rows(out: str) -> dict[str, list[str]]:
    """The summary table's rows by document, each split into its columns."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Dokumen "))
    assert re.fullmatch(r"Dokumen +Halaman +Detik +Status", lines[start]), lines[start]
    rows = {}
    for line in lines[start + 1 : start + 5]:
        name, pages, seconds, status = re.split(r" {2,}", line, maxsplit=3)
        rows[name] = [pages, seconds, status]
    return rows


@pytest.mark.slow
def test_batch_builds_every_good_document_and_reports_each(tmp_path: Path) -> None:
    root = batch_workspace(tmp_path / "paralel")
    code, out = run(["cetak", "-j", "2"], root)
    assert code == 2, out
    assert "Traceback" not in out
    # Every problem of the broken unit, one line each, as a single build prints them.
    assert "data/rusak.yaml:10:10: unit.kepala.nip: NIP harus 18 angka (tertulis 3)" in out
    assert "data/rusak.yaml:13:12: penetapan.tanggal: harus berupa tanggal" in out
    rows = table_rows(out)
    assert sorted(rows) == sorted([f"data/{name}.yaml" for name in (*GOOD, "rusak")])
    for name in GOOD:
        pages, seconds, status = rows[f"data/{name}.yaml"]
        assert status == "baik"
        assert int(pages) > 0
        assert re.fullmatch(r"\d+,\d", seconds)
    assert rows["data/rusak.yaml"][0] == "–"
    assert rows["data/rusak.yaml"][2] == (
        "data/rusak.yaml:10:10: unit.kepala.nip: NIP harus 18 angka (tertulis 3)"
    )
    assert re.search(r"^4 dokumen: 3 baik, 1 gagal; \d+,\d detik$", out, re.MULTILINE)
    # The broken unit's old PDF is untouched, nothing half-written is left behind.
    assert (root / "output" / "rusak.pdf").read_bytes() == OLD_PDF
    names = sorted(p.name for p in (root / "output").iterdir())
    assert names == sorted(f"{name}.pdf" for name in (*GOOD, "rusak"))
    built = pdfs(root)
    assert "Puji syukur (kedua) kami panjatkan" in body_text(read(root / "output" / "kedua.pdf"))

    # The same bytes as one document at a time, and as -j 1 (fresh workspaces, cold caches).
    alone = batch_workspace(tmp_path / "satu-satu")
    for name in GOOD:
        code, out = run(["cetak", f"data/{name}.yaml"], alone)
        assert code == 0, out
        assert re.fullmatch(rf"output/{name}\.pdf: \d+ halaman, \d+,\d detik", out.strip())
    assert pdfs(alone) == built
    serial = batch_workspace(tmp_path / "berurutan")
    code, out = run(["cetak", "-j", "1"], serial)
    assert code == 2, out
    assert pdfs(serial) == built


def fake_build(workspace: object, unit_file: Path, options: BuildOptions) -> BuildResult:
    """Stands in for a real build (inherited by the forked workers): 'rusak' fails with a
    bug, the others 'write' a PDF of 3 pages."""
    if unit_file.stem == "rusak":
        raise ZeroDivisionError("pembagian dengan nol")
    return BuildResult(unit_file, Path("output") / f"{unit_file.stem}.pdf", 3, 0.3, ("awas",))


def test_unexpected_error_in_one_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = batch_workspace(tmp_path / "ws")
    monkeypatch.setattr(batch, "build_in_process", fake_build)
    monkeypatch.setattr(batch, "warm_up", lambda workspace, kertas: None)
    code, out = run(["cetak", "--paralel", "3"], root)
    assert code == 1, out
    rusak = "galat tak terduga: ZeroDivisionError: pembagian dengan nol (jalankan dengan --debug)"
    assert out.count(rusak) == 2  # its message, then its row
    for name in GOOD:
        assert f"data/{name}.yaml: peringatan mesin PDF: awas" in out
    rows = table_rows(out)
    assert rows["data/kedua.yaml"] == ["3", "0,3", "baik"]
    assert rows["data/rusak.yaml"][2] == rusak
    code, out = run(["cetak", "-j", "2", "--debug"], root)
    assert code == 1
    assert "Traceback" in out and "ZeroDivisionError" in out


def test_one_document_keeps_its_chapters_in_parallel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from renstra_docs import cli

    root = copy_mini(tmp_path / "ws")
    seen: list[BuildOptions] = []

    def fake(workspace: object, unit_file: Path, options: BuildOptions) -> BuildResult:
        seen.append(options)
        return BuildResult(unit_file, root / "output" / "bekasi-utara.pdf", 14, 1.25, ())

    monkeypatch.setattr(cli, "build_renstra", fake)
    code, out = run(["cetak", "-j", "3"], root)
    assert code == 0, out
    assert seen[0].paralel == 3
    assert out == "output/bekasi-utara.pdf: 14 halaman, 1,2 detik\n"


def test_paralel_must_be_positive(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    code, out = run(["cetak", "-j", "0"], root)
    assert code == 2
    assert "Nilai tidak valid untuk '-j' / '--paralel': 0 tidak dalam rentang x>=1." in out


def test_table_progress_and_totals() -> None:
    good = batch.Outcome(
        Path("a.yaml"), 7.66, BuildResult(Path("a.yaml"), Path("a.pdf"), 146, 7.66, ())
    )
    bad = batch.Outcome(Path("b.yaml"), 0.04, None, "b.yaml:1:1: x: salah\nb.yaml:2:1: y: salah", 2)
    assert batch.summary_table([("data/panjang-sekali.yaml", good), ("data/b.yaml", bad)]) == [
        "Dokumen                   Halaman  Detik  Status",
        "data/panjang-sekali.yaml      146    7,7  baik",
        "data/b.yaml                     –    0,0  b.yaml:1:1: x: salah",
    ]
    assert batch.progress_bar(6, 12) == f"[{'#' * 15}{'-' * 15}] 6/12 dokumen"
    assert batch.progress_bar(0, 3) == f"[{'-' * 30}] 0/3 dokumen"
    assert batch.totals_line([good, bad], 8.04) == "2 dokumen: 1 baik, 1 gagal; 8,0 detik"


def workers(pid: int) -> list[int]:
    """The worker processes of ``pid``: its children forked from it (Linux), not the helper
    programs the engine's import may run."""
    found: list[int] = []
    command = Path(f"/proc/{pid}/cmdline").read_bytes()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text(encoding="ascii")
        found += [int(child) for child in text.split()]
    return [child for child in found if _command(child) == command]


def _command(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


SLOW_BUILD = """
import sys, time
from renstra_docs import batch
batch.build_in_process = lambda *args: time.sleep(120)
from renstra_docs.cli import main
sys.argv[0] = "renstra"
main()
"""


def test_ctrl_c_stops_every_worker(tmp_path: Path) -> None:
    root = batch_workspace(tmp_path / "ws")
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, "cetak", "-j", "2"],
        cwd=root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(workers(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        forked = workers(proc.pid)
        assert len(forked) == 2
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl+C in a terminal does
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "Dihentikan."
    assert "Traceback" not in err
    for worker in forked:
        assert not Path(f"/proc/{worker}").exists()
