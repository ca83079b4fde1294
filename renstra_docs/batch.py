"""Several Renstra documents at once (``renstra cetak data/*.yaml -j N``).

Documents are built in parallel, one worker process per document and at most N at a time;
each lays its chapters out in its own process (no workers of its own), so N is the total.
Every document gets a freshly forked process (``maxtasksperchild=1``): the engine never gives
memory back, so a process peaks at one document's largest chapter and then exits.

A failing document does not stop the others. Its error comes back as text and an exit code:
exceptions such as :class:`~renstra_docs.errors.DataError` do not survive pickling intact.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType

from . import assets, build, render, units
from .build import BuildOptions, BuildResult
from .errors import RenstraError
from .interrupts import deferred_interrupts
from .workspace import Workspace

#: Exit code of a build that failed in an unexpected way (a bug, not the data).
EXIT_UNEXPECTED = 1
BAR_WIDTH = 30


@dataclass(frozen=True)
class Outcome:
    """What became of one document: its result, or its error's text and exit code."""

    unit_file: Path
    seconds: float
    result: BuildResult | None = None
    message: str = ""
    exit_code: int = 0
    #: The formatted traceback, only when asked for (``--debug``).
    trace: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None


def describe_error(err: Exception) -> tuple[int, str]:
    """The exit code and the Indonesian text users see for an error."""
    if isinstance(err, RenstraError):
        return err.exit_code, str(err)
    return (
        EXIT_UNEXPECTED,
        f"galat tak terduga: {type(err).__name__}: {err} (jalankan dengan --debug)",
    )


def build_in_process(workspace: Workspace, unit_file: Path, options: BuildOptions) -> BuildResult:
    """:func:`build.build_renstra` with every chapter laid out in this process."""
    return build.build_renstra(workspace, unit_file, replace(options, paralel=0))


def warm_up(workspace: Workspace, kertas: str | None) -> None:
    """Load the engine, the fonts and the shipped stylesheets here, once, so that every
    document's process is forked with them ready (about 1.5 s each otherwise)."""
    root = workspace.root
    settings = render.RenderSettings(
        kertas=kertas or "a4",
        base_dir=root,
        allowed_roots=(root, assets.defaults_root()),
        stylesheets=tuple(assets.styles_dir() / name for name in build.STYLESHEETS),
    )
    with render.collect_engine_warnings(), contextlib.suppress(RenstraError):
        render.write_pdf(render.render_document(units.WARM_UP_HTML, settings))


Task = tuple[int, Workspace, Path, BuildOptions, bool]


def _attempt(task: Task) -> tuple[int, Outcome]:
    """In a worker: build one document; never raises for the document's own errors."""
    index, workspace, unit_file, options, debug = task
    # From here SIGTERM unwinds, so that a half-written temporary file is removed. Not
    # before: see _worker_signals. (Never reset to the default afterwards: a signal whose
    # Python handler has not run yet would be dropped; with maxtasksperchild=1 the worker
    # ends after this task anyway.)
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    started = time.perf_counter()
    try:
        result = build_in_process(workspace, unit_file, options)
    except Exception as err:
        code, message = describe_error(err)
        trace = "".join(traceback.format_exception(err)) if debug else ""
        return index, Outcome(unit_file, time.perf_counter() - started, None, message, code, trace)
    return index, Outcome(unit_file, result.seconds, result)


def _stop_on_terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _worker_signals() -> None:
    """Ctrl+C reaches the whole terminal's process group: only the parent acts on it (and
    terminates the workers). SIGTERM keeps its default (the kernel ends the process) while
    the worker waits for its task: a Python handler could not be relied on there. A worker
    blocked on the task queue's lock (which Pool.terminate takes and keeps) that gets
    SIGTERM just before it enters the wait runs the handler only when the wait ends, that is
    never, and the parent then waits for it for ever (seen under load in
    tests/test_faults.py::test_interrupted_mid_render). The task itself unwinds: _attempt."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def build_documents(
    workspace: Workspace,
    unit_files: Sequence[Path],
    options: BuildOptions,
    processes: int,
    on_done: Callable[[Outcome], None],
    *,
    debug: bool = False,
) -> list[Outcome]:
    """Build every document in at most ``processes`` worker processes; ``on_done`` hears of
    each as it finishes. The outcomes, in the order of ``unit_files``."""
    tasks: list[Task] = [
        (index, workspace, unit, options, debug) for index, unit in enumerate(unit_files)
    ]
    found: dict[int, Outcome] = {}
    warm_up(workspace, options.kertas)
    context = multiprocessing.get_context("fork")
    pool: multiprocessing.pool.Pool | None = None
    try:
        with deferred_interrupts():  # the pool's workers are forked and known, or none is
            pool = context.Pool(
                min(processes, len(tasks)), initializer=_worker_signals, maxtasksperchild=1
            )
        for index, outcome in pool.imap_unordered(_attempt, tasks):
            found[index] = outcome
            on_done(outcome)
    except BaseException:
        if pool is not None:
            pool.terminate()
            pool.join()
        raise
    pool.close()
    pool.join()
    return [found[index] for index in range(len(tasks))]


# --- what the command line shows -----------------------------------------------------------


def decimal(seconds: float) -> str:
    """Seconds with one decimal, Indonesian style (7,7)."""
    return f"{seconds:.1f}".replace(".", ",")


def progress_bar(done: int, total: int) -> str:
    """``[######------] 6/12 dokumen``."""
    filled = BAR_WIDTH * done // max(total, 1)
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total} dokumen"


def summary_table(rows: Sequence[tuple[str, Outcome]]) -> list[str]:
    """One line per document (its name as shown, and its outcome) under a header, aligned:
    Dokumen | Halaman | Detik | Status."""
    header = ("Dokumen", "Halaman", "Detik", "Status")
    cells = [header] + [
        (
            name,
            str(outcome.result.pages) if outcome.result else "–",
            decimal(outcome.seconds),
            "baik" if outcome.ok else (outcome.message.splitlines() or ["gagal"])[0],
        )
        for name, outcome in rows
    ]
    widths = [max(len(row[column]) for row in cells) for column in range(3)]
    return [
        f"{name:<{widths[0]}}  {pages:>{widths[1]}}  {seconds:>{widths[2]}}  {status}"
        for name, pages, seconds, status in cells
    ]


def totals_line(outcomes: Sequence[Outcome], seconds: float) -> str:
    """``3 dokumen: 2 baik, 1 gagal; 12,4 detik``."""
    good = sum(1 for outcome in outcomes if outcome.ok)
    failed = len(outcomes) - good
    return f"{len(outcomes)} dokumen: {good} baik, {failed} gagal; {decimal(seconds)} detik"
