"""Identical data → identical PDF bytes, whatever the clock, folder, TMPDIR or hash seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import copy_sample

RENSTRA = [sys.executable, "-c", "from renstra_docs.cli import main; main()"]


def _cetak(cwd: Path, env_extra: dict[str, str], prefix: list[str] | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONHASHSEED", "TMPDIR"}}
    env.update(env_extra)
    # The full sample (tables, figures, landscape pages); the data path is relative to cwd.
    unit = "bekasi-utara.yaml" if cwd.name == "data" else "data/bekasi-utara.yaml"
    subprocess.run(
        [*(prefix or []), *RENSTRA, "cetak", unit],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )


def test_same_bytes_at_another_time_folder_tmpdir_and_hash_seed(tmp_path: Path) -> None:
    faketime = shutil.which("faketime")
    assert faketime, "faketime is missing: run ./setup.sh (it installs Debian's faketime)"
    first = copy_sample(tmp_path / "a")
    second = copy_sample(tmp_path / "elsewhere" / "b")
    (tmp_path / "tmp1").mkdir()
    (tmp_path / "tmp2").mkdir()
    _cetak(first, {"PYTHONHASHSEED": "1", "TMPDIR": str(tmp_path / "tmp1")})
    # Another day and year, started from a sub-folder of the workspace (found upward).
    _cetak(
        second / "data",
        {"PYTHONHASHSEED": "4242", "TMPDIR": str(tmp_path / "tmp2")},
        prefix=[faketime, "2031-02-03 04:05:06"],
    )
    a = (first / "output" / "bekasi-utara.pdf").read_bytes()
    b = (second / "output" / "bekasi-utara.pdf").read_bytes()
    assert a[:5] == b"%PDF-"
    assert a == b


def test_faketime_really_changes_the_clock() -> None:
    """Control case: the fake clock is in effect for the child process."""
    faketime = shutil.which("faketime")
    assert faketime
    out = subprocess.run(
        [
            faketime,
            "2031-02-03 04:05:06",
            sys.executable,
            "-c",
            "import datetime; print(datetime.date.today().year)",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "2031"
