"""`renstra pantau`: a real watcher process rebuilding on every save, and the rules it
follows (what is watched, what is rebuilt, when a change is acted on)."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from renstra_docs import pantau, units
from renstra_docs.build import BuildOptions
from renstra_docs.cache import RenderCache
from renstra_docs.workspace import Workspace

from .conftest import copy_mini
from .pdfread import body_text, read
from .test_batch import workers

#: No single wait may hang the suite, whatever the bug.
TIMEOUT = 60
CLOCK = r"\[\d\d\.\d\d\.\d\d\]"
BUILT = re.compile(rf"{CLOCK} output/bekasi-utara\.pdf: \d+ halaman, \d+,\d detik \(.+\)")


class Watcher:
    """``renstra pantau`` as a real process in its own session; stderr read line by line
    by a thread, so every wait can have a timeout."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "renstra_docs", "pantau", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            start_new_session=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def expect(self, pattern: str | re.Pattern[str]) -> str:
        """The next line matching ``pattern`` (lines before it are kept in ``seen``)."""
        deadline = time.monotonic() + TIMEOUT
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                pytest.fail(f"pantau ended before {pattern!r}:\n" + "\n".join(self.seen))
            self.seen.append(line)
            if re.fullmatch(pattern, line):
                return line
        pytest.fail(f"no {pattern!r} in {TIMEOUT} s:\n" + "\n".join(self.seen))

    def interrupt(self) -> tuple[int, list[str]]:
        """Ctrl+C as a terminal sends it (to the whole process group); the exit code and
        the remaining lines."""
        os.killpg(self.process.pid, signal.SIGINT)
        code = self.process.wait(TIMEOUT)
        rest = []
        while (line := self.lines.get(timeout=TIMEOUT)) is not None:
            rest.append(line)
        return code, rest

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def redrawn(line: str) -> int:
    """How many parts a status line says were rendered again."""
    found = re.search(r"\((\d+) bagian dirender ulang\)$", line)
    return int(found.group(1)) if found else 0


def save(path: Path, text: str) -> None:
    """Write as an editor does, making sure the modification time moves on."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    while path.stat().st_mtime_ns == before:  # coarse file-system clocks
        time.sleep(0.01)
        path.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_pantau_rebuilds_on_every_save(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    pdf = root / "output" / "bekasi-utara.pdf"
    good = unit.read_text(encoding="utf-8")
    watcher = Watcher(root)
    try:
        watcher.expect(r"Memantau \d+ berkas; tekan Ctrl\+C untuk berhenti\.")
        first_line = watcher.expect(BUILT)
        first = pdf.read_bytes()
        # Workers are forked per chapter and gone once it is rendered: none between builds.
        assert workers(watcher.process.pid) == []

        edited = good.replace("Penutup singkat.", "Penutup yang diubah selagi dipantau.")
        save(unit, edited)
        line = watcher.expect(BUILT)
        assert redrawn(line) < redrawn(first_line), (first_line, line)  # only what changed
        assert pdf.read_bytes() != first
        assert "Penutup yang diubah selagi dipantau." in body_text(read(pdf))
        second = pdf.read_bytes()

        save(unit, edited[: len(edited) // 2] + "\n  - [belum selesai\n")  # a half save
        watcher.expect(r"data/bekasi-utara\.yaml:\d+:\d+: .+")
        watcher.expect(
            rf"{CLOCK} data/bekasi-utara\.yaml: gagal \(1 masalah\); PDF lama dipertahankan"
        )
        assert pdf.read_bytes() == second

        save(unit, edited.replace("selagi dipantau", "setelah diperbaiki"))
        watcher.expect(BUILT)
        assert "Penutup yang diubah setelah diperbaiki." in body_text(read(pdf))

        code, rest = watcher.interrupt()
    finally:
        watcher.kill()
    assert code == 130, watcher.seen + rest
    assert rest[-1:] == ["Pemantauan dihentikan."], rest
    assert not any("Traceback" in line for line in watcher.seen + rest)
    leftovers = [p.name for p in (root / "output").iterdir() if p.name != "bekasi-utara.pdf"]
    assert leftovers == []


def stamps(*paths: Path) -> pantau.Snapshot:
    return dict.fromkeys(paths, (1, 1, 1))


def test_what_is_rebuilt() -> None:
    a, b, gone = Path("/ws/data/a.yaml"), Path("/ws/data/b.yaml"), Path("/ws/data/lama.yaml")
    style = Path("/ws/styles/renstra.css")
    assert pantau.units_to_rebuild({b}, [a, b], [a, b]) == [b]
    assert pantau.units_to_rebuild({style, b}, [a, b], [a, b]) == [a, b]
    assert pantau.units_to_rebuild({Path("/ws/renstra.yaml")}, [a, b], [a, b]) == [a, b]
    assert pantau.units_to_rebuild({gone}, [a, b], [a, b, gone]) == []
    assert pantau.changed_paths(stamps(a, b), {a: (1, 1, 1), style: (1, 1, 1)}) == {b, style}
    assert pantau.changed_paths(stamps(a), {a: (2, 1, 1)}) == {a}


def test_watched_files(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws").resolve()
    for folder in ("templates", "styles", "output", ".git", "catatan"):
        (root / folder).mkdir()
    watched = [
        "templates/isi.html",
        "styles/renstra.css",
        "catatan/foto.png",
        "data/lain.yml",
        "data/tabel.xlsx",  # dari_excel
    ]
    ignored = [
        "data/~$tabel.xlsx",  # Excel's lock file
        "output/bekasi-utara.xlsx",
        "output/bekasi-utara.pdf",
        "output/grafik.png",
        ".git/gambar.svg",
        "data/.bekasi-utara.yaml.swp",
        "data/bekasi-utara.yaml~",
        "catatan/rapat.txt",
        "README.md",
    ]
    for name in watched + ignored:
        (root / name).write_text("x", encoding="utf-8")
    files = pantau.WatchedFiles(Workspace(root), None, ((root / "output"),))
    found = files.snapshot()
    expected = {
        root / name
        for name in [
            *watched,
            "renstra.yaml",
            "data/bekasi-utara.yaml",
            "gambar/lambang-contoh.svg",
        ]
    }
    assert expected <= set(found)
    assert not {root / name for name in ignored} & set(found)
    assert files.units(found) == [root / "data/bekasi-utara.yaml", root / "data/lain.yml"]
    named = pantau.WatchedFiles(Workspace(root), (root / "data/lain.yml",), ())
    assert root / "data/bekasi-utara.yaml" not in named.snapshot()
    assert named.units(found) == [root / "data/lain.yml"]


class ScriptedFiles(pantau.WatchedFiles):
    """Snapshots from a script, one per poll; the end of the script stops the session."""

    def __init__(self, script: list[pantau.Snapshot]) -> None:
        super().__init__(Workspace(Path("/ws")), None, ())
        object.__setattr__(self, "script", iter(script))

    def snapshot(self) -> pantau.Snapshot:
        try:
            return dict(next(self.script))  # type: ignore[attr-defined]
        except StopIteration:
            raise KeyboardInterrupt from None

    def units(self, snapshot: pantau.Snapshot) -> list[Path]:
        return sorted(p for p in snapshot if p.suffix == ".yaml")


class RecordingSession(pantau.Session):
    def __init__(self) -> None:
        self.built: list[str] = []
        self.report = lambda line: None

    def build(self, unit: Path) -> bool:
        self.built.append(unit.stem)
        return True


def test_a_change_is_acted_on_once_the_files_are_stable() -> None:
    a, b, css = Path("/ws/data/a.yaml"), Path("/ws/data/b.yaml"), Path("/ws/styles/x.css")
    start = {a: (1, 1, 1), b: (1, 1, 1), css: (1, 1, 1)}
    saving = {**start, b: (2, 10, 1)}  # b is being written ...
    saved = {**start, b: (3, 20, 1)}  # ... and grows again before it is stable
    styled = {**saved, css: (4, 1, 1)}
    script = [start, start, saving, saved, saved, saved, styled, styled]
    session = RecordingSession()
    with pytest.raises(KeyboardInterrupt):
        pantau.watch(ScriptedFiles(script), session, poll=0)
    assert session.built == ["a", "b", "b", "a", "b"]


def test_nothing_is_kept_from_one_build_to_the_next(tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    lines: list[str] = []
    with units.Renderer(RenderCache(root), 0) as renderer:
        session = pantau.Session(Workspace(root), BuildOptions(), renderer, lines.append)
        assert session.build(root / "data" / "bekasi-utara.yaml")
        assert renderer.rendered == []
        assert renderer.cache.hits == renderer.cache.misses == []
    assert BUILT.fullmatch(lines[-1]), lines
