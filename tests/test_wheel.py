"""The wheel carries templates, styles and fonts; installed in a fresh venv outside the repo,
`renstra baru` + `renstra cetak` work and a workspace template overrides the default."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from .conftest import REPO
from .pdfread import body_text, read


def test_wheel_installs_and_builds_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("renstra_docs-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "renstra_docs/_defaults/templates/dokumen.html",
        "renstra_docs/_defaults/templates/bab.html",
        "renstra_docs/_defaults/styles/renstra.css",
        "renstra_docs/_defaults/styles/fonts/fonts.conf",
        "renstra_docs/_defaults/styles/fonts/texgyrebonum-regular.otf",
        "renstra_docs/_defaults/styles/fonts/LiberationSans-Regular.ttf",
        "renstra_docs/_defaults/styles/fonts/DejaVuSans.ttf",
        "renstra_docs/_defaults/styles/fonts/LICENSE-TeXGyre-GUST.txt",
        "renstra_docs/_defaults/sample/renstra.yaml",
        "renstra_docs/_defaults/sample/data/bekasi-utara.yaml",
        "renstra_docs/_defaults/sample/data/contoh-86-2017.yaml",
        "renstra_docs/_defaults/templates/kerangka/54-2010.yaml",
        "renstra_docs/_defaults/templates/kerangka/86-2017.yaml",
        "renstra_docs/_defaults/templates/tabel/tc27.html",
        "renstra_docs/_defaults/sample/gambar/lambang-contoh.svg",
        "renstra_docs/stack.json",
    ):
        assert required in names, required

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "-c",
            str(REPO / "constraints.txt"),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    renstra = env_dir / "bin" / "renstra"
    work = tmp_path / "kantor"
    work.mkdir()
    subprocess.run([str(renstra), "baru", "ws"], cwd=work, check=True, capture_output=True)
    ws = work / "ws"
    (ws / "templates" / "isi.html").write_text(
        '{% for bab in kerangka.bab %}{% include "bab.html" %}{% endfor %}'
        "<p>Templat milik ruang kerja.</p>",
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(renstra), "cetak"], cwd=ws, check=True, capture_output=True, text=True
    )
    # Two documents: the batch's summary table, one row per document.
    rows = [line.split() for line in done.stderr.splitlines()]
    assert [rows[1][0], rows[1][-1]] == ["data/bekasi-utara.yaml", "baik"], done.stderr
    assert [rows[2][0], rows[2][-1]] == ["data/contoh-86-2017.yaml", "baik"], done.stderr
    text = body_text(read(ws / "output" / "bekasi-utara.pdf"))
    assert "Templat milik ruang kerja." in text
    assert "Faktor pendorong" in text
    # The installed package uses its bundled defaults, not this repository's folders.
    where = subprocess.run(
        [str(python), "-c", "from renstra_docs import assets; print(assets.templates_dir())"],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
    )
    assert str(env_dir) in where.stdout
