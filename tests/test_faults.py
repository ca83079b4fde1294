"""Faults, each made for real: a build killed (SIGKILL) at fixed points of writing, a full
disk (a file-size limit, a tiny file system), a read-only output folder, Ctrl+C and its kin,
a damaged cache. The previous PDF always survives whole, the user reads one Indonesian line,
and the next build is right, reuses what the cache holds and clears the debris."""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from renstra_docs.cache import FOLDER

from . import faults_driver
from .conftest import copy_mini, copy_sample

DRIVER = Path(faults_driver.__file__)
PDF = "output/bekasi-utara.pdf"
DONE = re.compile(r"output/bekasi-utara\.pdf: \d+ halaman, \d+,\d detik")
#: No single wait may hang the suite, whatever the bug.
TIMEOUT = 120


@dataclass(frozen=True)
class Run:
    pid: int
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


def renstra(
    cwd: Path,
    *args: str,
    point: str | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> Run:
    """``renstra ARGS`` as a process of its own in ``cwd``; through the driver that kills
    it at ``point`` when one is given."""
    start = [str(DRIVER), point] if point else ["-m", "renstra_docs"]
    with subprocess.Popen(
        [sys.executable, *start, *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        preexec_fn=preexec_fn,
    ) as process:
        out, err = process.communicate(timeout=TIMEOUT)
    return Run(process.pid, process.returncode, out, err)


@dataclass(frozen=True)
class MiniBuilds:
    """The small workspace built twice: its F4 PDF is the "previous" one every fault must
    leave alone; the A4 PDF from an empty cache is what every next build must give."""

    #: ``output/`` holds the F4 PDF; the cache only F4 entries (an A4 build renders all).
    cold: Path
    #: ``output/`` holds the F4 PDF; the cache holds every A4 entry (an A4 build renders none).
    warm: Path
    previous: bytes
    expected: bytes


_built: list[MiniBuilds] = []


@pytest.fixture(scope="session")
def mini_builds(tmp_path_factory: pytest.TempPathFactory) -> MiniBuilds:
    """Made once per session, though test_concurrency.py imports it too (pytest would
    otherwise build it once per module that names it)."""
    if not _built:
        _built.append(_mini_builds(tmp_path_factory))
    return _built[0]


def _mini_builds(tmp_path_factory: pytest.TempPathFactory) -> MiniBuilds:
    folder = tmp_path_factory.mktemp("gangguan")
    cold = copy_mini(folder / "dingin")
    assert renstra(cold, "cetak", "--kertas", "f4").code == 0
    warm = copy_mini(folder / "hangat")
    built = renstra(warm, "cetak")
    assert built.code == 0, built.err
    previous, expected = (cold / PDF).read_bytes(), (warm / PDF).read_bytes()
    assert previous != expected
    (warm / PDF).write_bytes(previous)
    return MiniBuilds(cold, warm, previous, expected)


def clone(workspace: Path, target: Path) -> Path:
    """A copy of a workspace with its output and cache."""
    shutil.copytree(workspace, target, symlinks=True)
    return target


def temporaries(folder: Path) -> list[Path]:
    """Temporary files of atomic writes left in ``folder``."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


def owner_pid(temporary: Path) -> int:
    """The process named in a temporary file's name: ``.<name>.<host>-<pid>.<random>.tmp``."""
    found = re.fullmatch(r"\..+\.[0-9a-f]{8}-(\d+)\.[a-z0-9_]+\.tmp", temporary.name)
    assert found, temporary.name
    return int(found.group(1))


def cache_files(root: Path) -> dict[str, tuple[int, int]]:
    """Every file of the cache (temporary ones aside) → (inode, modification time): a file
    rewritten by a build shows up as changed."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in (root / FOLDER).iterdir()
        if not p.name.endswith(".tmp")
    }


def entries(root: Path) -> tuple[set[str], set[str]]:
    """The keys of the cache's complete, valid entries, and the names of any other file
    besides the hints (a PDF without its record, a record without its PDF, a bad pair)."""
    complete, other = set(), set()
    folder = root / FOLDER
    names = (
        {p.name for p in folder.iterdir() if not p.name.endswith(".tmp")}
        if folder.is_dir()
        else set()
    )
    for name in names:
        if name.endswith(".hint.json"):
            continue
        key = name.rsplit(".", 1)[0]
        pdf, record = root / FOLDER / f"{key}.pdf", root / FOLDER / f"{key}.json"
        if pdf.is_file() and record.is_file():
            meta = json.loads(record.read_text(encoding="utf-8"))
            if meta["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest():
                complete.add(key)
                continue
        other.add(name)
    return complete, other


def processes_in(root: Path) -> list[int]:
    """Processes whose current folder is in the workspace (a build's workers would be)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cwd = (entry / "cwd").readlink()
            except OSError:
                continue
            if cwd == root or root in cwd.parents:
                found.append(int(entry.name))
    return found


# --- SIGKILL at fixed points ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("point", faults_driver.POINTS)
def test_killed_build_keeps_the_previous_pdf(
    point: str, mini_builds: MiniBuilds, tmp_path: Path
) -> None:
    """``kill -9`` at each point (tests/faults_driver.py): the previous PDF is whole, the
    debris is exactly what the point leaves (nothing; half the new PDF; all of it; half a
    cache entry; an entry's PDF without its record), each temporary file names the killed
    process, and the next build gives the clean build's bytes, reuses every entry that was
    complete and clears the rest."""
    writes_cache = "cache" in point
    # The output points are reached with nothing to render; the cache points need renders.
    root = clone(mini_builds.cold if writes_cache else mini_builds.warm, tmp_path / "ws")
    killed = renstra(root, "cetak", point=point)
    assert killed.code == -signal.SIGKILL, killed.err
    assert killed.err == ""
    assert (root / PDF).read_bytes() == mini_builds.previous
    assert processes_in(root) == []

    # What the kill left behind.
    output_debris, cache_debris = temporaries(root / "output"), temporaries(root / FOLDER)
    complete, other = entries(root)
    half = len(mini_builds.expected) // 2
    if point == "before-write":
        assert output_debris == cache_debris == []
    elif point == "mid-write":
        assert [p.read_bytes() for p in output_debris] == [mini_builds.expected[:half]]
        assert cache_debris == []
    elif point == "before-rename":
        assert [p.read_bytes() for p in output_debris] == [mini_builds.expected]
        assert cache_debris == []
    elif point == "mid-cache-write":
        assert output_debris == []
        assert len(cache_debris) == 1
        assert cache_debris[0].name.split(".")[2] == "pdf"  # .<key>.pdf.<owner>.<random>.tmp
    else:  # between-cache-files: a PDF whose record was never written
        assert output_debris == cache_debris == []
        assert len(other) == 1 and next(iter(other)).endswith(".pdf")
    if point != "between-cache-files":
        assert other == set()
    for temporary in output_debris + cache_debris:
        assert owner_pid(temporary) == killed.pid

    kept = cache_files(root)
    after = renstra(root, "cetak")
    assert after.code == 0, after.err
    assert len(after.lines) == 1 and DONE.fullmatch(after.lines[0]), after.err
    assert (root / PDF).read_bytes() == mini_builds.expected
    # The debris is gone; every entry complete at the kill was used as it was, not rendered
    # again; the cache holds nothing but complete entries.
    assert temporaries(root / "output") == temporaries(root / FOLDER) == []
    now = cache_files(root)
    for name in kept.keys() & {
        f"{key}{suffix}" for key in complete for suffix in (".pdf", ".json")
    }:
        assert now[name] == kept[name], name
    assert entries(root)[1] == set()
    if not writes_cache:
        assert {n for n in now if now[n] != kept.get(n)} <= {
            n for n in now if n.endswith(".hint.json")
        }


# --- a full disk, a read-only folder ----------------------------------------------------------


@contextmanager
def tmpfs(
    where: Path, size: int, files: dict[str, bytes], *, read_only: bool = False
) -> Iterator[None]:
    """A real, tiny file system mounted at ``where`` holding ``files`` (read-only when asked).
    The tests run as root (as CI does); mounting needs no more than that."""
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "renstra-uji", str(where)],
        check=True,
    )
    try:
        for name, data in files.items():
            (where / name).write_bytes(data)
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(where)], check=True)


def limit_file_size(limit: int) -> Callable[[], None]:
    """In the child before exec: files may grow to ``limit`` bytes; a write past it fails
    with EFBIG (SIGXFSZ ignored, as a shell's ``ulimit -f`` with a trapped signal gives)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.slow
def test_full_disk_one_message_previous_pdf_kept(mini_builds: MiniBuilds, tmp_path: Path) -> None:
    previous, expected = mini_builds.previous, mini_builds.expected
    page = 4096
    messages = []

    # EFBIG: the process may not make a file half the PDF's size.
    root = clone(mini_builds.warm, tmp_path / "efbig")
    failed = renstra(root, "cetak", preexec_fn=limit_file_size(len(expected) // 2))
    assert failed.code == 1, failed.err
    messages.append(failed.err.replace(str(root), "RUANG"))
    assert (root / PDF).read_bytes() == previous
    assert temporaries(root / "output") == temporaries(root / FOLDER) == []

    # ENOSPC: output/ is a file system with room for the old PDF and one more page.
    root = clone(mini_builds.warm, tmp_path / "enospc")
    (root / PDF).unlink()
    room = -(-len(previous) // page) * page + page
    assert len(expected) > 2 * page
    with tmpfs(root / "output", room, {"bekasi-utara.pdf": previous}):
        failed = renstra(root, "cetak")
        assert failed.code == 1, failed.err
        messages.append(failed.err.replace(str(root), "RUANG"))
        assert sorted(p.name for p in (root / "output").iterdir()) == ["bekasi-utara.pdf"]
        assert (root / PDF).read_bytes() == previous
    assert temporaries(root / FOLDER) == []

    assert messages[0] == messages[1] == f"RUANG/{PDF}: gagal menulis berkas: ruang disk penuh\n"


@pytest.mark.slow
def test_read_only_output_folder(mini_builds: MiniBuilds, tmp_path: Path) -> None:
    root = clone(mini_builds.warm, tmp_path / "ws")
    (root / PDF).unlink()
    with tmpfs(
        root / "output", 1 << 20, {"bekasi-utara.pdf": mini_builds.previous}, read_only=True
    ):
        failed = renstra(root, "cetak")
        assert (root / PDF).read_bytes() == mini_builds.previous
    assert failed.code == 1
    assert failed.err == f"{root / PDF}: gagal menulis berkas: tidak ada izin menulis\n"
    assert failed.out == ""


# --- interrupted: Ctrl+C, kill, the terminal closed ----------------------------------------


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample workspace (a build long enough to interrupt), never built."""
    return copy_sample(tmp_path_factory.mktemp("contoh") / "ws")


def forked_workers(pid: int) -> list[int]:
    """The processes ``pid`` forked (same command line), read from /proc while they come and
    go: a thread or child that ends meanwhile is simply not counted."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return []
    found = []
    for task in tasks:
        try:
            children = (task / "children").read_text(encoding="ascii").split()
        except OSError:
            continue
        for child in children:
            try:
                if Path(f"/proc/{child}/cmdline").read_bytes() == command:
                    found.append(int(child))
            except OSError:
                continue
    return found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "group", "data"),
    [
        (signal.SIGINT, True, ["data/bekasi-utara.yaml"]),
        (signal.SIGTERM, False, ["data/bekasi-utara.yaml"]),
        (signal.SIGHUP, True, ["data/bekasi-utara.yaml"]),
        (signal.SIGINT, True, []),
    ],
    ids=["ctrl-c", "kill", "terminal-ditutup", "ctrl-c-dua-dokumen"],
)
def test_interrupted_mid_render(
    signum: int,
    group: bool,
    data: list[str],
    sample_root: Path,
    mini_builds: MiniBuilds,
    tmp_path: Path,
) -> None:
    """Ctrl+C reaches the terminal's whole process group, ``kill`` the one process, a closed
    terminal (SIGHUP) the group again: each stops the build — one document with its chapters
    in two workers, or the sample's two documents side by side — with exit 130, one line,
    every worker gone, the old PDF as it was and nothing half-written anywhere. The signal is
    sent as soon as the second worker is forked: right where a fork's hooks may be running."""
    root = clone(sample_root, tmp_path / "ws")
    (root / "output").mkdir()
    (root / PDF).write_bytes(mini_builds.previous)
    process = subprocess.Popen(
        [sys.executable, "-m", "renstra_docs", "cetak", *data, "-j", "2"],
        cwd=root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(forked := forked_workers(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(forked) == 2, process.poll()
        if group:
            os.killpg(process.pid, signum)
        else:
            os.kill(process.pid, signum)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, err
    assert (out, err) == ("", "Dihentikan.\n")
    for worker in forked:
        assert not Path(f"/proc/{worker}").exists()
    assert processes_in(root) == []
    assert sorted(p.name for p in (root / "output").iterdir()) == ["bekasi-utara.pdf"]
    assert (root / PDF).read_bytes() == mini_builds.previous
    assert temporaries(root / FOLDER) == []
    assert entries(root)[1] == set()


# --- a damaged cache through the command line ------------------------------------------------


@pytest.mark.slow
def test_damaged_cache_and_hint_are_rebuilt(mini_builds: MiniBuilds, tmp_path: Path) -> None:
    """What tests/test_cache.py does in-process, here through ``renstra cetak`` and with the
    page-number hint damaged too: one good line, the right PDF, the cache whole again."""
    root = clone(mini_builds.warm, tmp_path / "ws")
    complete, _ = entries(root)
    damaged = root / FOLDER / f"{sorted(complete)[0]}.pdf"
    damaged.write_bytes(damaged.read_bytes()[: len(damaged.read_bytes()) // 2])
    for hint in (root / FOLDER).glob("*.hint.json"):
        hint.write_text("{rusak", encoding="utf-8")
    built = renstra(root, "cetak")
    assert built.code == 0, built.err
    assert len(built.lines) == 1 and DONE.fullmatch(built.lines[0]), built.err
    assert (root / PDF).read_bytes() == mini_builds.expected
    assert entries(root) == (complete, set())
