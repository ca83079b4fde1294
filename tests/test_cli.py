"""The `renstra` command end to end: Indonesian words, exit codes, safe writes, overrides."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from renstra_docs import __version__

from .conftest import REPO, copy_mini, invoke
from .pdfread import body_text, read


def run(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the CLI in-process with the given working folder; return (exit code, stderr+stdout)."""
    result = invoke(args, cwd)
    return result.exit_code, result.output


def test_version_and_indonesian_help(tmp_path: Path) -> None:
    code, out = run(["--version"], tmp_path)
    assert code == 0
    assert out.strip() == f"renstra {__version__}"
    code, out = run(["--help"], tmp_path)
    assert code == 0
    assert out.startswith("Penggunaan: renstra [OPSI] PERINTAH [ARGUMEN]...")
    for word in ("Opsi:", "Perintah:", "cetak", "periksa", "skema", "baru"):
        assert word in out
    for english in ("Usage", "Options", "Commands", "Show this message"):
        assert english not in out


def test_usage_errors_are_indonesian_and_exit_2(tmp_path: Path) -> None:
    code, out = run(["cetak", "--kertas", "a5"], tmp_path)
    assert code == 2
    assert "Galat: Nilai tidak valid untuk '--kertas': 'a5' bukan salah satu dari" in out
    code, out = run(["cetak", "--tidak-ada"], tmp_path)
    assert code == 2
    assert "Opsi tidak dikenal: --tidak-ada" in out


def test_outside_a_workspace(tmp_path: Path) -> None:
    code, out = run(["cetak"], tmp_path)
    assert code == 2
    assert "bukan ruang kerja Renstra" in out
    assert "Traceback" not in out


def test_cetak_prints_one_line_per_document(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    code, out = run(["cetak"], root)
    assert code == 0, out
    line = out.strip().splitlines()[-1]
    assert re.fullmatch(r"output/bekasi-utara\.pdf: \d+ halaman, \d+,\d detik", line), line
    assert line.endswith(" detik")
    assert (root / "output" / "bekasi-utara.pdf").read_bytes()[:5] == b"%PDF-"


def test_periksa_good_data(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    code, out = run(["periksa"], root)
    assert code == 0
    assert out.strip() == "data/bekasi-utara.yaml: baik"


def test_skema_is_json(tmp_path: Path) -> None:
    code, out = run(["skema"], tmp_path)
    assert code == 0
    schema = json.loads(out)
    assert schema["properties"]["unit"]["$ref"] == "#/$defs/Unit"


def test_plan_data_is_text_never_markup(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    text = unit.read_text(encoding="utf-8").replace(
        "- Adanya penentuan target kinerja",
        "- '<b>Adanya</b> <script>x()</script> & <img src=\"file:///etc/passwd\">'",
    )
    unit.write_text(text, encoding="utf-8")
    code, out = run(["cetak"], root)
    assert code == 0, out
    printed = body_text(read(root / "output" / "bekasi-utara.pdf"))
    assert '<b>Adanya</b> <script>x()</script> & <img src="file:///etc/passwd">' in printed


def test_template_error_keeps_previous_pdf(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    assert run(["cetak"], root)[0] == 0
    previous = (root / "output" / "bekasi-utara.pdf").read_bytes()
    (root / "templates").mkdir()
    (root / "templates" / "isi.html").write_text("{{ renstra.tidak_ada }}", encoding="utf-8")
    code, out = run(["cetak"], root)
    assert code == 1
    assert "templat isi.html: variabel tidak dikenal" in out
    assert "Traceback" not in out
    assert (root / "output" / "bekasi-utara.pdf").read_bytes() == previous
    assert sorted(p.name for p in (root / "output").iterdir()) == ["bekasi-utara.pdf"]


def test_workspace_template_overrides_default_file_by_file(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    (root / "templates").mkdir()
    (root / "templates" / "isi.html").write_text(
        '{% for bab in kerangka.bab %}{% include "bab.html" %}{% endfor %}'
        "<p>Catatan khusus wilayah ini.</p>",
        encoding="utf-8",
    )
    code, out = run(["cetak"], root)
    assert code == 0, out
    printed = body_text(read(root / "output" / "bekasi-utara.pdf"))
    assert "Catatan khusus wilayah ini." in printed
    assert "Faktor pendorong" in printed  # the default bab-3.html is still used


def test_unwritable_output_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root ignores permission bits: use a path under a regular file instead.
        target = tmp_path / "berkas"
        target.write_text("x", encoding="utf-8")
        keluaran = target / "keluaran"
    else:  # pragma: no cover - CI runs as root
        keluaran = tmp_path / "ro"
        keluaran.mkdir(mode=0o500)
    root = copy_mini(tmp_path / "ws")
    code, out = run(["cetak", "-o", str(keluaran)], root)
    assert code == 1
    assert "gagal menulis berkas" in out
    assert "Traceback" not in out


def test_baru_creates_a_workspace_that_builds(tmp_path: Path) -> None:
    code, out = run(["baru", "ruang"], tmp_path)
    assert code == 0, out
    ws = tmp_path / "ruang"
    assert (ws / "renstra.yaml").is_file()
    assert (ws / "data" / "bekasi-utara.yaml").is_file()
    assert (ws / "templates" / "README.md").is_file()
    assert (ws / "styles" / "README.md").is_file()
    assert [p.name for p in (ws / "templates").iterdir()] == ["README.md"]
    code, out = run(["cetak", "data/contoh-86-2017.yaml"], ws)
    assert code == 0, out
    code, out = run(["baru", "ruang"], tmp_path)
    assert code == 2
    assert "sudah ada dan tidak kosong" in out


@pytest.mark.parametrize("flag", [[], ["--debug"]])
def test_debug_shows_traceback_only_when_asked(tmp_path: Path, flag: list[str]) -> None:
    root = copy_mini(tmp_path / "ws")
    (root / "data" / "bekasi-utara.yaml").write_text("unit: [\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", "from renstra_docs.cli import main; main()", "cetak", *flag],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert ("Traceback" in proc.stderr) == bool(flag)
    assert proc.stderr.strip().splitlines()[-1].startswith("data/bekasi-utara.yaml:1:7: ")


def test_ketat_turns_engine_warnings_into_failure(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    (root / "styles").mkdir()
    css = (REPO / "styles" / "renstra.css").read_text(encoding="utf-8")
    (root / "styles" / "renstra.css").write_text(css + "\np { warna-huruf: merah; }\n", "utf-8")
    code, out = run(["cetak"], root)
    assert code == 0, out
    assert "peringatan mesin PDF" in out and "warna-huruf" in out
    previous = (root / "output" / "bekasi-utara.pdf").read_bytes()
    code, out = run(["cetak", "--ketat"], root)
    assert code == 1
    assert "mode ketat: mesin PDF memberi peringatan" in out
    assert (root / "output" / "bekasi-utara.pdf").read_bytes() == previous


def test_stack_mismatch_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from renstra_docs import stack

    record = json.loads(stack.RECORD.read_text(encoding="utf-8"))
    assert stack.mismatches() == ()  # this machine is the recorded one (setup.sh installs it)
    record["pango"] = "0.0.1"
    fake = tmp_path / "stack.json"
    fake.write_text(json.dumps(record), encoding="utf-8")
    monkeypatch.setattr(stack, "RECORD", fake)
    stack.mismatches.cache_clear()
    try:
        lines = stack.mismatches()
    finally:
        stack.mismatches.cache_clear()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"pango {stack.machine_stack()['pango']} berbeda dari versi tercatat 0.0.1"
    )


def test_draf_marks_missing_sections_and_every_page(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    text = unit.read_text(encoding="utf-8").replace("bab_7: {pengantar: Penutup singkat.}\n", "")
    unit.write_text(text, encoding="utf-8")
    code, out = run(["cetak"], root)
    assert code == 2
    assert "bab_7.pengantar: wajib diisi" in out
    code, out = run(["cetak", "--draf"], root)
    assert code == 0, out
    reader = read(root / "output" / "bekasi-utara.pdf")
    assert "[BELUM DIISI: BAB VII]" in body_text(reader)
    for index, page in enumerate(reader.pages):
        assert "DRAF" in page.extract_text().replace("\n", ""), index
