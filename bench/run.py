"""The build benchmark: every case timed as the user runs it, side by side in one run.

``python bench/run.py [--size F] [--repeat R] [--batch-size N] [--batch-scale F] [--keep DIR]``

Generates a large workspace (``bench/generate.py``: ~160 pages, T-C.27 with 600 activities),
then runs each case as a fresh process (interpreter start and imports included) and measures
its wall time and the peak memory of every process in its tree:

(a)  baseline: the whole HTML laid out by WeasyPrint in one pass (``bench/baseline.py``);
(b)  cold build: ``renstra cetak data/X.yaml`` with the workspace's cache removed;
(c)  rebuild after one word of a paragraph of BAB I was changed (warm cache);
(d)  rebuild after about a page of text was added to BAB II (the page count changes);
(e)  a batch of N distinct units, ``renstra cetak data/*.yaml -j 1`` against ``-j 2`` (cold
     caches both times), with a one-pass baseline of one batch unit (e0) as its reference;
and the same (c)/(d) edits under ``renstra pantau``, timed from the write of the YAML to the
replacement of the PDF. The outputs of (b), (c), (d) and pantau are compared byte for byte with
cold builds of the same data.

Times are the median of R runs; a case whose first run takes half of (a) or more is run once.
Peak memory is the largest ``VmHWM`` of any process of the tree (sampled every 20 ms, and the
``ru_maxrss`` of the reaped tree for processes shorter than that), the maximum over runs.

Exit status 0 whatever the figures (this is a measurement); 1 only when the benchmark itself
cannot run (the generated data is rejected, the baseline fails).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import generate

#: The build's cache, a hidden folder of the workspace, removed before every cold run. Any
#: other hidden entry the build leaves in the (generated) workspace is removed too, and noted.
CACHE_DIR = ".renstra-cache"
BENCH_DIR = Path(__file__).resolve().parent
SAMPLE_SECONDS = 0.02
WORKER_MB = 50
#: Targets: seconds as a fraction of (a)'s; the batch's -j 2 throughput against -j 1; peak
#: memory of any process as a fraction of (a)'s.
TIME_TARGETS = {"b": 0.65, "c": 0.12, "d": 0.25}
BATCH_SPEEDUP = 1.7
MEMORY_TARGET = 0.6
#: A case whose first run takes this fraction of (a) or more is not repeated.
REPEAT_BELOW = 0.5
#: A status line of ``renstra cetak``/``pantau`` ("output/x.pdf: 159 halaman, 47,5 detik")
#: or of bench/baseline.py.
PAGES = re.compile(r"(\d+) (?:halaman|pages)")


# --- one process tree -----------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.scandir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError, ValueError):
                text = Path(f"/proc/{pid}/task/{task.name}/children").read_text()
                found.extend(int(child) for child in text.split())
    return found


def _children_by_scan(pid: int) -> list[int]:
    """For kernels without ``/proc/PID/task/TID/children``: every process's parent."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry.name}/stat").read_text()
                if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


_HAS_CHILDREN_FILE = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists()
children_of = _children if _HAS_CHILDREN_FILE else _children_by_scan


def _memory(pid: int) -> tuple[str, int, int] | None:
    """(start time, VmHWM kB, VmRSS kB) of a live process; None for zombies and the gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    values = {}
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0])
    if "VmHWM" not in values:
        return None
    return stat[stat.rindex(")") + 2 :].split()[19], values["VmHWM"], values.get("VmRSS", 0)


class TreeMonitor(threading.Thread):
    """Samples the memory of a process and all its descendants until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peaks: dict[tuple[int, str], int] = {}  # (pid, start time) → VmHWM kB
        self.tree_rss = 0  # the largest sum of VmRSS over the tree at one moment
        self._stop_event = threading.Event()
        self._own_cmdline = Path("/proc/self/cmdline").read_bytes()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(SAMPLE_SECONDS)

    def sample(self) -> None:
        pending, seen, total = [self.root], set(), 0
        while pending:
            pid = pending.pop()
            if pid in seen:
                continue
            seen.add(pid)
            pending.extend(children_of(pid))
            memory = _memory(pid)
            # Between fork and exec a child still shows this process's memory: skip it.
            if memory is None or self._is_self(pid):
                continue
            start, hwm, rss = memory
            self.peaks[pid, start] = max(self.peaks.get((pid, start), 0), hwm)
            total += rss
        self.tree_rss = max(self.tree_rss, total)

    def _is_self(self, pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes() == self._own_cmdline
        except OSError:
            return True

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def workers(self) -> int:
        return sum(kb > WORKER_MB * 1024 for kb in self.peaks.values())


@dataclass(frozen=True)
class Run:
    """One process tree, from start to end."""

    seconds: float
    peak_kb: int  # the largest VmHWM of any process of the tree
    tree_kb: int  # the largest simultaneous sum of VmRSS over the tree
    #: Processes of the tree that grew over WORKER_MB (not the compilers and linkers that
    #: ctypes.util.find_library runs while WeasyPrint is imported).
    workers: int
    returncode: int
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


#: Process groups started and not yet reaped: ended if the benchmark is interrupted (they
#: run in sessions of their own, so the terminal's Ctrl+C does not reach them).
_RUNNING: set[int] = set()


def _kill_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def end_running() -> None:
    for pid in list(_RUNNING):
        _kill_group(pid, signal.SIGKILL)


def run_process(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
    """Run ``command`` to its end: wall time, peak memory of its tree, stderr."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
        _RUNNING.add(process.pid)
        monitor = TreeMonitor(process.pid)
        monitor.start()
        killer = threading.Timer(timeout, _kill_group, (process.pid, signal.SIGKILL))
        killer.start()
        try:
            # wait4, not Popen.wait: its ru_maxrss covers the reaped descendants too.
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        _RUNNING.discard(process.pid)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        monitor.stop()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    peak = max([usage.ru_maxrss, *monitor.peaks.values()])
    return Run(seconds, peak, monitor.tree_rss, monitor.workers(), process.returncode, stderr)


class Watcher:
    """``renstra pantau`` in the background; its stderr lines collected as they come."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        _RUNNING.add(self.process.pid)
        self.monitor = TreeMonitor(self.process.pid)
        self.monitor.start()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for raw in self.process.stderr:
            self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def text(self) -> str:
        return "\n".join(self.lines)

    def statuses(self) -> int:
        return len(PAGES.findall(self.text()))

    def wait_for(self, condition: Callable[[], bool], timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if condition():
                return True
            if self.process.poll() is not None:
                return condition()
            time.sleep(0.005)
        return False

    def save(self, unit: Path, text: str, output: Path, timeout: float) -> float | None:
        """Write the unit file; seconds until the PDF is replaced (None: it was not)."""
        before = stat_key(output)
        statuses = self.statuses()
        started = time.perf_counter()
        write_like_an_editor(unit, text)
        if not self.wait_for(lambda: stat_key(output) != before, timeout):
            return None
        seconds = time.perf_counter() - started
        self.wait_for(lambda: self.statuses() > statuses, 10)
        return seconds

    def stop(self) -> Run:
        """Interrupt it (Ctrl+C) and collect its memory over its whole life."""
        seconds = time.perf_counter() - self.started
        if self.process.poll() is None:
            _kill_group(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                _kill_group(self.process.pid, signal.SIGKILL)
                self.process.wait()
        _RUNNING.discard(self.process.pid)
        self.monitor.stop()
        self.reader.join(5)
        peak = max(self.monitor.peaks.values(), default=0)
        code = self.process.returncode
        return Run(seconds, peak, self.monitor.tree_rss, self.monitor.workers(), code, self.text())


# --- files and edits ------------------------------------------------------------------------


def renstra_command(option: str | None) -> list[str]:
    """How users start the tool: the ``renstra`` script beside this Python, else ``-m``."""
    if option:
        return option.split()
    script = Path(sys.executable).parent / "renstra"
    return [str(script)] if script.exists() else [sys.executable, "-m", "renstra_docs"]


def stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_like_an_editor(path: Path, text: str) -> None:
    """Save as most editors do: a new file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.bench-tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def edit_bab1(text: str, step: int) -> str:
    """Case (c): one word of a line of a paragraph of 1.1 changed (the ``step``-th edit)."""
    old, new = generate.bab1_line(step - 1), generate.bab1_line(step)
    if text.count(old) != 1:
        raise RuntimeError(f"edit (c): the line to change is not in the data: {old!r}")
    return text.replace(old, new)


def edit_bab2(text: str, step: int, unit: str) -> str:
    """Case (d): about a page of new text (the ``step``-th) after a paragraph of 2.1."""
    lines = text.split("\n")
    found = [i for i, line in enumerate(lines) if line.strip() == generate.BAB2_ANCHOR]
    if len(found) != 1:
        raise RuntimeError("edit (d): the anchor paragraph of 2.1 is not in the data")
    at = found[0]
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    prose = generate.Prose(random.Random(f"page:{step}"), unit, [2014, 2015, 2016, 2017, 2018])
    page = [indent + line if line else "" for line in prose.page().split("\n")]
    return "\n".join([*lines[: at + 1], "", *page, *lines[at + 1 :]])


def pages_of(stderr: str) -> str:
    found = PAGES.findall(stderr)
    return found[-1] if found else "?"


def tail(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:120] if lines else "(no output)"


# --- results --------------------------------------------------------------------------------


@dataclass
class Case:
    label: str
    short: str  # for the summary line
    times: list[float] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)  # for memory (pantau: its one process)
    missing: str = ""  # why it was not measured: "belum tersedia", "GAGAL: …"
    pages: str = ""

    @property
    def seconds(self) -> float | None:
        return statistics.median(self.times) if self.times and not self.missing else None

    @property
    def peak_kb(self) -> int | None:
        return max((r.peak_kb for r in self.runs), default=None)

    def add(self, run: Run) -> bool:
        self.runs.append(run)
        if run.ok:
            self.times.append(run.seconds)
            self.pages = pages_of(run.stderr)
        else:
            self.missing = f"GAGAL (exit {run.returncode}): {tail(run.stderr)}"
        return run.ok


@dataclass
class Report:
    cases: dict[str, Case] = field(default_factory=dict)
    identity: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def case(self, key: str, label: str, short: str = "") -> Case:
        self.cases[key] = Case(label, short or label.split(" ")[0])
        return self.cases[key]

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# --- the benchmark ----------------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace, root: Path) -> None:
        self.args = args
        self.root = root
        self.renstra = renstra_command(args.renstra)
        #: Subprocesses get a cache home of their own, emptied with the workspace cache.
        self.env = dict(os.environ, XDG_CACHE_HOME=str(root / "xdg-cache"))
        self.report = Report()
        self.workspace = root / "ws"
        self.unit = self.workspace / "data" / "x.yaml"  # set by run()
        self.output = self.workspace / "output" / "x.pdf"
        self.cold: dict[str, bytes] = {}  # sha-256 of the unit file → PDF of a cold build
        self.steps: dict[str, int] = {"c": 0, "d": 0}
        self.timeout = 3600.0

    def cetak(self, workspace: Path, files: list[str], *flags: str) -> Run:
        command = [*self.renstra, "cetak", *files, *flags]
        return run_process(command, workspace, self.env, self.timeout)

    def baseline(self, workspace: Path, unit: Path, out: Path) -> Run:
        command = [sys.executable, str(BENCH_DIR / "baseline.py"), str(workspace), str(unit)]
        return run_process([*command, str(out)], workspace, self.env, self.timeout)

    def offers(self, *command: str, needle: str = "") -> bool:
        """Whether this renstra has a command or flag (``--help`` answers and mentions it)."""
        done = subprocess.run(
            [*self.renstra, *command, "--help"],
            cwd=self.workspace,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.returncode == 0 and needle in done.stdout

    def clear_cache(self, workspace: Path) -> None:
        """Make the next build cold: remove the build's cache (and any other hidden entry)
        and the earlier PDFs from a generated workspace."""
        shutil.rmtree(workspace / "output", ignore_errors=True)
        for entry in workspace.iterdir():
            if not entry.name.startswith("."):
                continue
            if entry.name != CACHE_DIR:
                self.report.note(f"cold runs also removed {entry.name} (expected {CACHE_DIR}/)")
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        shutil.rmtree(self.env["XDG_CACHE_HOME"], ignore_errors=True)

    def state(self) -> str:
        return digest(self.unit.read_bytes())

    def identical(self, label: str, build: bool = True) -> None:
        """Compare the output with a cold build of the same data (made now if there is
        none and ``build``; the cache is then warm for exactly this data, as it was)."""
        built = self.output.read_bytes()
        if self.state() not in self.cold and not build:
            self.report.identity.append(f"{label}: no cold build of this data")
            return
        if self.state() not in self.cold:
            self.clear_cache(self.workspace)
            run = self.cetak(self.workspace, [f"data/{self.unit.name}"])
            if not run.ok:
                self.report.identity.append(f"{label}: cold build failed: {tail(run.stderr)}")
                return
            log(f"{label}: cold build of the same data for comparison, {run.seconds:.1f} s")
            self.cold[self.state()] = self.output.read_bytes()
        self.compare(label, built, self.cold[self.state()])

    def compare(self, label: str, built: bytes, cold: bytes) -> None:
        """Record identik/BERBEDA; differing PDFs are kept in the work folder to look at."""
        if built == cold:
            self.report.identity.append(f"{label} identik")
            return
        stem = re.sub(r"\W+", "-", label).strip("-")
        (self.root / f"berbeda-{stem}.pdf").write_bytes(built)
        (self.root / f"berbeda-{stem}-dingin.pdf").write_bytes(cold)
        self.report.identity.append(f"{label} BERBEDA (berbeda-{stem}*.pdf, see --keep)")

    def run(self) -> int:
        args, report = self.args, self.report
        log(f"generating a unit of size {args.size:g} in {self.workspace}")
        self.unit = generate.generate_workspace(self.workspace, 1, args.seed, args.size)[0]
        self.output = self.workspace / "output" / f"{self.unit.stem}.pdf"
        original = self.unit.read_text(encoding="utf-8")
        check = run_process([*self.renstra, "periksa"], self.workspace, self.env, self.timeout)
        if not check.ok:
            print(f"the generated data is rejected:\n{check.stderr}", file=sys.stderr)
            return 1
        has_pantau = self.offers("pantau")
        has_jobs = self.offers("cetak", needle="--paralel")
        data = [f"data/{self.unit.name}"]

        a = report.case("a", "(a) baseline, one WeasyPrint pass")
        b = report.case("b", "(b) cold build")
        for number in range(1, args.repeat + 1):  # side by side: a, b, a, b, …
            log(f"(a) run {number}")
            if not a.add(self.baseline(self.workspace, self.unit, self.root / "baseline.pdf")):
                print(f"the baseline failed:\n{a.runs[-1].stderr}", file=sys.stderr)
                return 1
            self.timeout = max(600.0, 10 * a.times[0])
            log(f"(b) run {number}")
            self.clear_cache(self.workspace)
            if b.add(self.cetak(self.workspace, data)):
                built = self.output.read_bytes()
                first_pdf = self.cold.setdefault(self.state(), built)
                if number > 1:
                    self.compare(f"(b) run {number} vs run 1", built, first_pdf)
        found = re.search(r"pages; (.*)$", a.runs[-1].stderr, re.MULTILINE)
        report.note(f"(a) stages of the last run: {found.group(1) if found else '?'}")

        for key, label in (
            ("c", "(c) rebuild, 1 word of BAB I"),
            ("d", "(d) rebuild, +1 page in BAB II"),
        ):
            case = report.case(key, label)
            if b.missing:
                case.missing = "no cold build"
            else:
                self.edit_case(key, case)
        final = self.unit.read_text(encoding="utf-8")

        first = report.case("p0", "pantau: first build", "pantau")
        edit_c = report.case("pc", "pantau: (c) save → PDF", "pantau (c)")
        edit_d = report.case("pd", "pantau: (d) save → PDF", "pantau (d)")
        if has_pantau and not b.missing:
            self.pantau(first, edit_c, edit_d, original, final)
        else:
            for case in (first, edit_c, edit_d):
                case.missing = "belum tersedia" if not has_pantau else "no cold build"
        self.batch(has_jobs)
        return 0

    def edit_case(self, key: str, case: Case) -> None:
        name = generate.unit_name(0)
        while True:
            step = len(case.runs) + 1
            text = self.unit.read_text(encoding="utf-8")
            text = edit_bab1(text, step) if key == "c" else edit_bab2(text, step, name)
            write_like_an_editor(self.unit, text)
            log(f"{case.label}: run {step}")
            if not case.add(self.cetak(self.workspace, [f"data/{self.unit.name}"])):
                return
            base = self.report.cases["a"].seconds or 0
            if step >= (self.args.repeat if case.times[0] < REPEAT_BELOW * base else 1):
                break
        self.steps[key] = len(case.runs)
        self.identical(f"({key})")

    def pantau(self, first: Case, edit_c: Case, edit_d: Case, original: str, final: str) -> None:
        """The same edits under ``renstra pantau``: from the generated data, cache cleared,
        so it sees the states (c) and (d) saw, and its outputs have cold builds to match."""
        report = self.report
        write_like_an_editor(self.unit, original)
        self.clear_cache(self.workspace)
        timeout = max(120.0, 3 * (report.cases["a"].seconds or 60))
        before = stat_key(self.output)
        command = [*self.renstra, "pantau", f"data/{self.unit.name}"]
        watcher = Watcher(command, self.workspace, self.env)
        try:
            log("pantau: first build")
            if not watcher.wait_for(lambda: stat_key(self.output) != before, timeout):
                first.missing = f"no first build within {timeout:.0f} s: {tail(watcher.text())}"
                edit_c.missing = edit_d.missing = "no first build"
                return
            first.times.append(time.perf_counter() - watcher.started)
            watcher.wait_for(lambda: watcher.statuses() > 0, 10)
            first.pages = pages_of(watcher.text())
            self.identical("pantau first build", build=False)
            name = generate.unit_name(0)
            for case, key in ((edit_c, "c"), (edit_d, "d")):
                for step in range(1, self.steps[key] + 1):
                    text = self.unit.read_text(encoding="utf-8")
                    text = edit_bab1(text, step) if key == "c" else edit_bab2(text, step, name)
                    time.sleep(0.5)  # let the watcher settle after the last build; not timed
                    seconds = watcher.save(self.unit, text, self.output, timeout)
                    if seconds is None:
                        case.missing = f"no new PDF within {timeout:.0f} s: {tail(watcher.text())}"
                        break
                    log(f"{case.label}: {seconds:.2f} s")
                    case.times.append(seconds)
                    case.pages = pages_of(watcher.text())
                if case.times and not case.missing:
                    self.identical(f"pantau ({key})", build=False)
            if self.unit.read_text(encoding="utf-8") != final:
                report.note("pantau ended on other data than (d) did")
        finally:
            run = watcher.stop()
            for case in (first, edit_c, edit_d):
                case.runs = [run]

    def batch(self, has_jobs: bool) -> None:
        args, report = self.args, self.report
        folder = self.root / "batch"
        log(f"generating {args.batch_size} units of size {args.batch_scale:g} in {folder}")
        units = generate.generate_workspace(
            folder, args.batch_size, args.seed + 1, args.batch_scale
        )
        files = [f"data/{unit.name}" for unit in sorted(units)]
        e0 = report.case("e0", f"(e0) baseline, 1 batch unit ({args.batch_scale:g})")
        log("(e0) baseline of one batch unit")
        e0.add(self.baseline(folder, units[0], self.root / "baseline-batch.pdf"))
        for jobs in ("1", "2") if has_jobs else ("",):
            flags = ["-j", jobs] if jobs else []
            label = f"(e) {len(files)} units, " + (f"-j {jobs}" if jobs else "no -j")
            case = report.case(f"e{jobs or 1}", label, f"(e) -j {jobs or 1}")
            self.clear_cache(folder)
            log(label)
            case.add(self.cetak(folder, files, *flags))
            distinct = {digest(pdf.read_bytes()) for pdf in (folder / "output").glob("*.pdf")}
            case.pages = f"{len(distinct)} PDFs"
            if len(distinct) != len(files) and not case.missing:
                case.missing = f"GAGAL: {len(distinct)} distinct PDFs of {len(files)}"
        if not has_jobs:
            label = f"(e) {len(files)} units, -j 2"
            report.case("e2", label, "(e) -j 2").missing = "belum tersedia"


# --- the table --------------------------------------------------------------------------------


def fraction(value: float | None, base: float | None) -> str:
    return "–" if value is None or not base else f"{value / base:.2f}"


def megabytes(kb: int | None) -> str:
    return "–" if kb is None else f"{kb / 1024:.0f}"


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "FAIL")


def print_table(report: Report, args: argparse.Namespace, total: float) -> None:
    cases = report.cases
    rows = [("case", "s", "×(a)", "peak MB", "×(a)", "pages", "n", "target", "time", "mem")]
    met = {"time": [0, 0], "mem": [0, 0]}
    for key, case in cases.items():
        batch = key in ("e1", "e2")
        reference = cases["e0" if batch else "a"]
        seconds, peak = case.seconds, case.peak_kb
        per_document = seconds / args.batch_size if batch and seconds is not None else seconds
        target, time_ok, memory_ok = "", None, None
        if key in TIME_TARGETS:
            target = f"≤{TIME_TARGETS[key]:.2f}"
            if seconds is not None and reference.seconds:
                time_ok = seconds <= TIME_TARGETS[key] * reference.seconds
        if key == "e2":
            target = f"≥{BATCH_SPEEDUP}× -j 1"
            slower = cases["e1"].seconds if "e1" in cases else None
            if seconds is not None and slower:
                target += f" (×{slower / seconds:.2f})"
                time_ok = slower / seconds >= BATCH_SPEEDUP
        # pantau is one process: its memory is judged once, on its first row.
        judged = key not in ("a", "e0", "pc", "pd")
        if judged and peak and reference.peak_kb and not case.missing:
            memory_ok = peak <= MEMORY_TARGET * reference.peak_kb
        for name, ok in (("time", time_ok), ("mem", memory_ok)):
            if ok is not None:
                met[name][0] += ok
                met[name][1] += 1
        rows.append(
            (
                case.label,
                case.missing or ("–" if seconds is None else f"{seconds:.2f}"),
                "" if case.missing else fraction(per_document, reference.seconds),
                megabytes(peak),
                fraction(peak, reference.peak_kb),
                case.pages,
                str(len(case.times)),
                target,
                verdict(time_ok),
                verdict(memory_ok),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    widths[1] = min(widths[1], 12)
    print()
    for row in rows:
        cells = zip(row, widths, strict=True)
        line = (c.ljust(w) if i in (0, 7) else c.rjust(w) for i, (c, w) in enumerate(cells))
        print("  ".join(line).rstrip())
    print(
        f"s: median of n runs, wall time of a fresh process (pantau: save → new PDF); ×(a):"
        f" against (a), batch rows per document against (e0); peak MB: largest process of the"
        f" tree, max over runs (pantau: over its life); memory target ≤{MEMORY_TARGET}×."
    )
    for case in cases.values():
        if len(case.times) > 1:
            print(f"  {case.label}: " + " ".join(f"{s:.2f}" for s in case.times) + " s")
        widest = max(case.runs, key=lambda run: run.tree_kb, default=None)
        if widest is not None and widest.workers > 1:
            print(
                f"  {case.label}: {widest.workers} processes over {WORKER_MB} MB,"
                f" {megabytes(widest.tree_kb)} MB together at most"
            )
    for note in report.notes:
        print(f"  {note}")
    print("identical output: " + ("; ".join(report.identity) or "–"))
    differing = sum("BERBEDA" in line for line in report.identity)
    missing = [case.short for case in cases.values() if case.missing]
    print(
        f"SUMMARY: time targets {met['time'][0]}/{met['time'][1]} met, memory targets"
        f" {met['mem'][0]}/{met['mem'][1]} met, outputs"
        f" {f'{differing} BERBEDA' if differing else 'identik'}, not measured:"
        f" {', '.join(missing) or 'none'}; total {total / 60:.1f} min"
    )


@contextlib.contextmanager
def work_dir(keep: Path | None) -> Iterator[Path]:
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="renstra-bench-") as folder:
            yield Path(folder)
        return
    keep.mkdir(parents=True, exist_ok=True)
    if any(keep.iterdir()):
        raise SystemExit(f"{keep}: not empty")
    yield keep.resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark renstra cetak/pantau against one WeasyPrint pass (see README)."
    )
    parser.add_argument("--size", type=float, default=1.0, help="unit size; 1 ≈ 160 pages")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case, median (3)")
    parser.add_argument("--batch-size", type=int, default=12, help="documents in (e) (12)")
    parser.add_argument(
        "--batch-scale", type=float, default=0.25, help="size of (e)'s units (0.25 ≈ 65 pages)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: --size 0.3 --repeat 1 --batch-size 4",
    )
    parser.add_argument("--renstra", metavar="CMD", help="command that runs renstra")
    args = parser.parse_args(argv)
    if args.quick:
        args.size, args.repeat, args.batch_size = 0.3, 1, 4
    if args.repeat < 1 or args.batch_size < 1:
        parser.error("--repeat and --batch-size must be at least 1")
    started = time.perf_counter()
    load = os.getloadavg()[0]
    signal.signal(signal.SIGTERM, _interrupted)  # ended like Ctrl+C: its processes too
    with work_dir(args.keep) as root:
        bench = Bench(args, root)
        try:
            status = bench.run()
        except KeyboardInterrupt:
            end_running()
            print("interrupted", file=sys.stderr)
            return 130
        if status == 0:
            bench.report.note(
                f"load average (1 min) at start {load:.2f}, at end {os.getloadavg()[0]:.2f}"
                f" on {os.cpu_count()} CPUs (the benchmark itself adds about 1)"
            )
            print_table(bench.report, args, time.perf_counter() - started)
    return status


if __name__ == "__main__":
    sys.exit(main())
